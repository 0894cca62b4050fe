/**
 * Per-customer aggregates of clean purchases and cancellations: everything RFM, the LTV summary and the churn
 * features (at any cutoff, computed afterwards) need, without keeping a row. Strings arrive as interned ids
 * (customer, invoice, product); times are split on whole UTC days, which is exact because every cutoff and
 * label-window end is a UTC midnight. Memory: O(customers + distinct (customer, invoice), (customer, product)
 * and (customer, day) pairs).
 */
import { DataError } from '../errors';
import { NumMap, PAIR_SHIFT, SumMap } from './num-map';
import { StringIds } from './string-ids';
import { DAY_MS, type RetailTable } from './types';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { floor } = Math;

/** Day keys are floor(t / 1 day) + DAY_OFFSET, so every date of years 0000..9999 is a key in [0, 2^26). */
export const DAY_OFFSET = 2 ** 24;

/** The day key of time `t` (epoch ms). */
export function dayKey(t: number): number {
  return floor(t / DAY_MS) + DAY_OFFSET;
}

/** Growable Float64Array indexed by customer. */
class CustomerColumn {
  data = new Float64Array(1024);
  constructor(private readonly fillValue: number) {
    this.data.fill(fillValue);
  }
  ensure(index: number): void {
    if (index < this.data.length) return;
    let size = this.data.length;
    while (size <= index) size *= 2;
    const bigger = new Float64Array(size).fill(this.fillValue);
    bigger.set(this.data);
    this.data = bigger;
  }
}

/**
 * The ledger. Customers are indices 0, 1, … given by the caller's interner, named with {@link setName}.
 *
 * Complexity: O(1) expected per line.
 * @example
 * const ledger = new CustomerLedger();
 * ledger.setName(0, '17850');
 * ledger.addPurchase(0, 0, 0, Date.UTC(2010, 11, 1, 8, 26), 15.3);
 * ledger.invoices(0); // => 1
 */
export class CustomerLedger {
  /** Customer id text by index. */
  readonly names: string[] = [];
  private readonly firstTime = new CustomerColumn(NaN);
  private readonly lastTime = new CustomerColumn(NaN);
  private readonly spent = new CustomerColumn(0);
  private readonly invoiceCount = new CustomerColumn(0);
  /** (customer, invoice) → first purchase day key of the invoice. */
  customerInvoice = new NumMap();
  /** (customer, product) → first purchase day key. */
  customerProduct: NumMap;
  /** (customer, day key) → Σ lineTotal of the day's purchases, summed in line order. */
  readonly customerDay = new SumMap();
  /** Day key → purchase lines (all customers). */
  readonly dayLines = new NumMap(64);
  /** (customer, cancellation invoice) → first day key. */
  cancelInvoice = new NumMap(64);
  /** (customer, day key) → cancellation lines. */
  cancelDayLines = new NumMap(64);
  /** Purchase lines and cancellation lines added. */
  purchaseLines = 0;
  cancellationLines = 0;
  /** Customers with at least one purchase. */
  purchasers = 0;
  /** First and last purchase time (±Infinity when none). */
  firstPurchase = Infinity;
  lastPurchase = -Infinity;
  private sortedDays: { keys: Float64Array; values: Float64Array } | null = null;

  /** @param expectedPairs Expected distinct (customer, product) pairs (sizes that table once). Default small. */
  constructor(expectedPairs = 1024) {
    this.customerProduct = new NumMap(expectedPairs);
  }

  /** Names customer `c` (once, when the interner first sees it). */
  setName(c: number, name: string): void {
    if (c >= PAIR_SHIFT)
      throw new DataError(`invalid data: more than ${PAIR_SHIFT} distinct customers`, { value: c });
    this.names[c] = name;
  }

  /** Adds one clean purchase line of customer `c`. */
  addPurchase(c: number, invoice: number, product: number, t: number, lineTotal: number): void {
    const base = c * PAIR_SHIFT;
    const day = dayKey(t);
    this.firstTime.ensure(c);
    this.lastTime.ensure(c);
    this.spent.ensure(c);
    this.invoiceCount.ensure(c);
    const first = this.firstTime.data;
    if (first[c] !== first[c]) {
      this.purchasers++;
      first[c] = t;
      this.lastTime.data[c] = t;
    } else {
      if (t < first[c]!) first[c] = t;
      if (t > this.lastTime.data[c]!) this.lastTime.data[c] = t;
    }
    this.spent.data[c] = this.spent.data[c]! + lineTotal;
    if (this.customerInvoice.min(base + invoice, day))
      this.invoiceCount.data[c] = this.invoiceCount.data[c]! + 1;
    this.customerProduct.min(base + product, day);
    this.customerDay.add(base + day, lineTotal);
    this.dayLines.add(day, 1);
    this.purchaseLines++;
    if (t < this.firstPurchase) this.firstPurchase = t;
    if (t > this.lastPurchase) this.lastPurchase = t;
    this.sortedDays = null;
  }

  /** Adds one cancellation line (customer `c`, or -1 when it has none). */
  addCancellation(c: number, invoice: number, t: number): void {
    this.cancellationLines++;
    if (c < 0) return;
    const day = dayKey(t);
    this.cancelInvoice.min(c * PAIR_SHIFT + invoice, day);
    this.cancelDayLines.add(c * PAIR_SHIFT + day, 1);
  }

  /**
   * Frees the (customer, invoice), (customer, product) and cancellation tables once every churn table is built
   * (RFM and the LTV summary do not read them); churn tables cannot be built afterwards.
   */
  releasePairs(): void {
    this.customerInvoice = new NumMap(16);
    this.customerProduct = new NumMap(16);
    this.cancelInvoice = new NumMap(16);
    this.cancelDayLines = new NumMap(16);
    this.released = true;
  }

  /** Whether {@link releasePairs} was called. */
  released = false;

  /** Customer slots (purchasers and customers seen only in cancellations). */
  get size(): number {
    return this.names.length;
  }

  /** Distinct purchase invoices of customer `c`. */
  invoices(c: number): number {
    return c < this.invoiceCount.data.length ? this.invoiceCount.data[c]! : 0;
  }
  /** Σ lineTotal of customer `c`'s purchases, in line order. */
  monetary(c: number): number {
    return c < this.spent.data.length ? this.spent.data[c]! : 0;
  }
  /** First and last purchase time of customer `c` (NaN without purchases). */
  first(c: number): number {
    return c < this.firstTime.data.length ? this.firstTime.data[c]! : NaN;
  }
  last(c: number): number {
    return c < this.lastTime.data.length ? this.lastTime.data[c]! : NaN;
  }

  /** Customers with a purchase, sorted by id (string order). */
  purchasersById(): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.names.length; c++) if (this.first(c) === this.first(c)) out.push(c);
    return this.sortById(out);
  }

  /** Sorts customer indices by id (string order), in place. */
  sortById(customers: number[]): number[] {
    const names = this.names;
    return customers.sort((a, b) => {
      const x = names[a]!;
      const y = names[b]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  /** The (customer, day) keys ascending (grouped by customer, days ascending) and their sums. Cached. */
  daySums(): { keys: Float64Array; values: Float64Array } {
    this.sortedDays ??= this.customerDay.sorted();
    return this.sortedDays;
  }
}

/**
 * The ledger of clean purchases and cancellation lines held in tables (the in-memory path).
 *
 * Complexity: O(n).
 * @throws DataError for a purchase without a customer id (clean the table first).
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * ledgerOfTables(clean, cancellations).purchasers; // => 4338
 */
export function ledgerOfTables(purchases: RetailTable, cancellations: RetailTable): CustomerLedger {
  const ledger = new CustomerLedger();
  const ids = new StringIds();
  ids.onNewCustomer = (id, text) => ledger.setName(id, text);
  for (let i = 0; i < purchases.length; i++) {
    const id = purchases.customerId[i];
    if (id === null || id === undefined)
      throw new DataError(
        `invalid purchases: line ${purchases.sourceLine[i]} has no CustomerID (clean the table first)`,
        { line: purchases.sourceLine[i], column: 'CustomerID' },
      );
    ledger.addPurchase(
      ids.id('customer', id),
      ids.id('invoice', purchases.invoiceNo[i]!),
      ids.id('stock', purchases.stockCode[i]!),
      purchases.invoiceDate[i]!,
      purchases.lineTotal[i]!,
    );
  }
  for (let i = 0; i < cancellations.length; i++) {
    const id = cancellations.customerId[i];
    const c = id === null || id === undefined ? -1 : ids.find('customer', id);
    ledger.addCancellation(
      c,
      c < 0 ? 0 : ids.id('invoice', cancellations.invoiceNo[i]!),
      cancellations.invoiceDate[i]!,
    );
  }
  return ledger;
}
