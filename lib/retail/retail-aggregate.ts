/**
 * The one place the cleaning rules are applied, line by line: missing CustomerID, cancellations (kept aside),
 * Quantity <= 0 or UnitPrice <= 0, exact duplicates (first kept). Kept purchases and cancellations go into a
 * {@link CustomerLedger}; the step table, customers, invoices and revenue are counted on the way. Both the
 * streaming file path and the in-memory table path (`cleanRetail`, `.xlsx`) feed this aggregate, so they give
 * the same numbers by construction.
 */
import { CustomerLedger } from './customer-ledger';
import { LineDedupe, lineKey, type LineHash, type LineKey } from './line-dedupe';
import { StringIds, type TextKind } from './string-ids';
import type { CleaningStep, CleaningStepName, RetailCleaningSummary, RetailTable } from './types';

export type { RetailCleaningSummary } from './types';

/** What the cleaning did with a line. */
export const LINE_KEPT = 0;
export const LINE_MISSING_CUSTOMER = 1;
export const LINE_CANCELLED = 2;
export const LINE_NON_POSITIVE = 3;
export const LINE_DUPLICATE = 4;

const LABELS: Record<CleaningStepName, string> = {
  read: 'Data lines read',
  unparseable: 'Unparseable lines (rejected by the loader)',
  missingCustomerId: 'Missing CustomerID',
  cancellations: 'Cancellations (InvoiceNo starts with C), kept aside',
  nonPositiveQuantityOrPrice: 'Quantity <= 0 or UnitPrice <= 0',
  duplicates: 'Exact duplicate lines (all eight fields equal; first kept)',
  kept: 'Kept (clean purchases)',
};

/**
 * The cleaning aggregate. Feed every parsed line with {@link RetailAggregate.add}, in file order.
 *
 * Complexity: O(1) expected per line; memory O(customers + distinct purchase lines' hashes + the ledger's pairs).
 * @example
 * const lines = [{ invoice: 0, stock: 0, description: -1, customer: 0, country: 0, quantity: 6, date: 0, price: 2.55 }];
 * const agg = new RetailAggregate((ref) => lines[ref]!);
 * agg.add(lines[0]!, false, 15.3, 0); // => 0 (LINE_KEPT)
 * agg.add({ ...lines[0]! }, false, 15.3, 1); // => 4 (LINE_DUPLICATE)
 * agg.add({ ...lines[0]!, customer: -1 }, false, 15.3, 2); // => 1 (LINE_MISSING_CUSTOMER)
 */
export class RetailAggregate {
  readonly ledger: CustomerLedger;
  readonly dedupe: LineDedupe;
  missing = 0;
  cancelled = 0;
  nonPositive = 0;
  duplicates = 0;
  kept = 0;
  revenue = 0;
  /** Cancellation lines with a customer id. */
  cancellationLines = 0;
  private invoiceSeen = new Uint8Array(1024);
  private invoiceCount = 0;

  /**
   * @param fetch The fields of an earlier line by its reference (to confirm equal hashes).
   * @param hash Line hash (tests force collisions).
   * @param expectedLines Expected purchase lines (sizes the big tables once, avoiding copies while they grow).
   */
  constructor(fetch: (ref: number) => LineKey, hash?: LineHash, expectedLines = 1024) {
    this.dedupe = new LineDedupe(fetch, hash, expectedLines);
    this.ledger = new CustomerLedger(expectedLines);
  }

  /**
   * Applies the cleaning rules to one line and aggregates it.
   * @param key The line's fields (customer -1 when missing).
   * @param cancelled InvoiceNo starts with `C`/`c`.
   * @param lineTotal Quantity × UnitPrice.
   * @param ref The line's reference (row index or source line) for the duplicate check.
   * @returns LINE_KEPT, LINE_MISSING_CUSTOMER, LINE_CANCELLED, LINE_NON_POSITIVE or LINE_DUPLICATE.
   */
  add(key: LineKey, cancelled: boolean, lineTotal: number, ref: number): number {
    const c = key.customer;
    if (c < 0) {
      this.missing++;
      return LINE_MISSING_CUSTOMER;
    }
    if (cancelled) {
      this.cancelled++;
      this.cancellationLines++;
      this.ledger.addCancellation(c, key.invoice, key.date);
      return LINE_CANCELLED;
    }
    if (!(key.quantity > 0) || !(key.price > 0)) {
      this.nonPositive++;
      return LINE_NON_POSITIVE;
    }
    if (this.dedupe.seen(key, ref)) {
      this.duplicates++;
      return LINE_DUPLICATE;
    }
    this.kept++;
    this.revenue += lineTotal;
    const inv = key.invoice;
    if (inv >= this.invoiceSeen.length) {
      const bigger = new Uint8Array(Math.max(inv + 1, this.invoiceSeen.length * 2));
      bigger.set(this.invoiceSeen);
      this.invoiceSeen = bigger;
    }
    if (this.invoiceSeen[inv] === 0) {
      this.invoiceSeen[inv] = 1;
      this.invoiceCount++;
    }
    this.ledger.addPurchase(c, inv, key.stock, key.date, lineTotal);
    return LINE_KEPT;
  }

  /**
   * The cleaning's counts.
   * @param read Data lines read (the loader's, rejects included).
   * @param unparseable The loader's rejected lines.
   */
  summary(read: number, unparseable: number): RetailCleaningSummary {
    const removed: [CleaningStepName, number][] = [
      ['read', 0],
      ['unparseable', unparseable],
      ['missingCustomerId', this.missing],
      ['cancellations', this.cancelled],
      ['nonPositiveQuantityOrPrice', this.nonPositive],
      ['duplicates', this.duplicates],
    ];
    const steps: CleaningStep[] = [];
    let remaining = read;
    for (const [step, count] of removed) {
      remaining -= count;
      steps.push({ step, label: LABELS[step], removed: count, remaining });
    }
    steps.push({ step: 'kept', label: LABELS.kept, removed: 0, remaining: this.kept });
    const { ledger } = this;
    return {
      steps,
      customers: ledger.purchasers,
      invoices: this.invoiceCount,
      revenue: this.revenue,
      firstInvoiceDate: this.kept > 0 ? ledger.firstPurchase : NaN,
      lastInvoiceDate: this.kept > 0 ? ledger.lastPurchase : NaN,
      cancellationLines: this.cancellationLines,
    };
  }
}

/** Fills `key` with the fields of row `i` of `table` as ids of `ids` (interning new texts when `intern`). */
function tableKey(table: RetailTable, i: number, ids: StringIds, key: LineKey, intern: boolean): LineKey {
  const get = (kind: TextKind, text: string): number => (intern ? ids.id(kind, text) : ids.find(kind, text));
  const customer = table.customerId[i];
  const description = table.description[i];
  key.invoice = get('invoice', table.invoiceNo[i]!);
  key.stock = get('stock', table.stockCode[i]!);
  key.description = description === null || description === undefined ? -1 : get('description', description);
  key.customer = customer === null || customer === undefined ? -1 : get('customer', customer);
  key.country = get('country', table.country[i]!);
  key.quantity = table.quantity[i]!;
  key.date = table.invoiceDate[i]!;
  key.price = table.unitPrice[i]!;
  return key;
}

/**
 * Feeds every row of an in-memory table (row index = reference) to a new {@link RetailAggregate}.
 *
 * Complexity: O(rows).
 * @param table The loaded lines.
 * @param onLine Called with (row, status) for each row (e.g. to collect the kept rows).
 * @param hash Line hash (tests force collisions).
 * @example
 * aggregateTable((await loadRetail('data/online-retail/online_retail.csv.gz')).table).kept; // => 392692 (as cleanRetail)
 */
export function aggregateTable(
  table: RetailTable,
  onLine?: (row: number, status: number) => void,
  hash?: LineHash,
): RetailAggregate {
  const ids = new StringIds();
  const fetched = lineKey();
  const agg = new RetailAggregate((ref) => tableKey(table, ref, ids, fetched, false), hash);
  ids.onNewCustomer = (id, text) => agg.ledger.setName(id, text);
  const key = lineKey();
  for (let i = 0; i < table.length; i++) {
    const invoice = table.invoiceNo[i]!;
    const c0 = invoice.charCodeAt(0);
    tableKey(table, i, ids, key, true);
    const status = agg.add(key, c0 === 67 || c0 === 99, table.lineTotal[i]!, i);
    onLine?.(i, status);
  }
  return agg;
}
