/**
 * lifetimes' `summary_data_from_transaction_data` with daily periods.
 */
import { check, DataError } from '../errors';
import { CustomerLedger, dayKey } from '../retail/customer-ledger';
import { PAIR_SHIFT, SumMap } from '../retail/num-map';
import { type RetailTable } from '../retail/types';
import { type CustomerSummary } from './types';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { floor } = Math;

/** Options of {@link summaryFromTransactions}. */
export interface SummaryOptions {
  /** Observation end (epoch ms, wall clock as UTC). Default: the last transaction time. Its day is the last day. */
  observationEnd?: number;
}

/** Transactions as parallel columns: who, when (epoch ms) and how much. */
export interface TransactionColumns {
  customerId: ArrayLike<string | null>;
  /** Epoch ms (wall clock as UTC). */
  date: ArrayLike<number>;
  /** Value of each transaction line (e.g. lineTotal). */
  value: ArrayLike<number>;
}

/**
 * Per-customer frequency / recency / T / monetary value from transaction lines, with lifetimes'
 * `summary_data_from_transaction_data(..., freq='D')` semantics: times are cut to their UTC day; lines of the
 * same customer and day are one purchase (values summed); frequency = purchase days − 1; recency = days from
 * the first to the last purchase day; T = days from the first purchase day to the observation end's day;
 * monetaryValue = mean value of the repeat purchase days (the first day excluded), 0 when frequency = 0.
 * Lines after the observation end and lines without a customer are ignored. Customers sorted by id.
 *
 * Complexity: O(n + c log c).
 * @param transactions A {@link RetailTable} (uses customerId, invoiceDate, lineTotal) or {@link TransactionColumns}.
 * @param options See {@link SummaryOptions}.
 * @throws DataError when columns differ in length, a date or value is not finite, or nothing is left.
 * @example
 * const s = summaryFromTransactions({ customerId: ['a', 'a', 'a'], date: [0, 0, 2 * 86400000], value: [1, 2, 5] },
 *   { observationEnd: 9 * 86400000 });
 * [s.frequency[0], s.recency[0], s.T[0], s.monetaryValue[0]]; // => [1, 2, 9, 5]
 */
export function summaryFromTransactions(
  transactions: RetailTable | TransactionColumns,
  { observationEnd }: SummaryOptions = {},
): CustomerSummary {
  const cols: TransactionColumns =
    'invoiceDate' in transactions
      ? { customerId: transactions.customerId, date: transactions.invoiceDate, value: transactions.lineTotal }
      : transactions;
  const n = cols.customerId.length;
  check(
    cols.date.length === n && cols.value.length === n,
    'transaction columns',
    [n, cols.date.length, cols.value.length],
    'lengths differ',
  );
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = cols.date[i]!;
    if (!Number.isFinite(t))
      throw new DataError(`invalid date: ${t} at row ${i}`, { column: 'date', value: t });
    if (!Number.isFinite(cols.value[i]!)) {
      throw new DataError(`invalid value: ${cols.value[i]} at row ${i}`, {
        column: 'value',
        value: cols.value[i],
      });
    }
    if (cols.customerId[i] != null && t > last) last = t;
  }
  const end = observationEnd ?? last;
  check(Number.isFinite(end), 'observationEnd', observationEnd, 'no transaction with a customer id');
  const endDay = dayKey(end);
  const customerIndex = new Map<string, number>();
  const names: string[] = [];
  const days = new SumMap();
  for (let i = 0; i < n; i++) {
    const id = cols.customerId[i];
    if (id == null) continue;
    const day = dayKey(cols.date[i]!);
    if (day > endDay) continue;
    let c = customerIndex.get(id);
    if (c === undefined) {
      c = names.length;
      customerIndex.set(id, c);
      names.push(id);
    }
    days.add(c * PAIR_SHIFT + day, cols.value[i]!);
  }
  return summaryFromDaySums(names, days.sorted(), endDay);
}

/**
 * {@link summaryFromTransactions} of a ledger's clean purchases (observation end: the last purchase time by
 * default).
 *
 * Complexity: O(pairs + c log c).
 * @throws DataError when nothing is left.
 * @example
 * summaryFromLedger(ledger).customerId.length; // => customers with a purchase
 */
export function summaryFromLedger(
  ledger: CustomerLedger,
  { observationEnd }: SummaryOptions = {},
): CustomerSummary {
  const end = observationEnd ?? ledger.lastPurchase;
  check(Number.isFinite(end), 'observationEnd', observationEnd, 'no transaction with a customer id');
  return summaryFromDaySums(ledger.names, ledger.daySums(), dayKey(end));
}

/** The summary from (customer, day) value sums (keys ascending), customers named by `names`, up to `endDay`. */
function summaryFromDaySums(
  names: readonly string[],
  { keys, values }: { keys: Float64Array; values: Float64Array },
  endDay: number,
): CustomerSummary {
  const n = names.length;
  const firstDay = new Float64Array(n).fill(NaN);
  const lastDay = new Float64Array(n);
  const dayCount = new Float64Array(n);
  const repeat = new Float64Array(n);
  for (let k = 0; k < keys.length; k++) {
    const c = floor(keys[k]! / PAIR_SHIFT);
    const day = keys[k]! - c * PAIR_SHIFT;
    if (day > endDay) continue;
    if (dayCount[c] === 0) firstDay[c] = day;
    else repeat[c] = repeat[c]! + values[k]!;
    lastDay[c] = day;
    dayCount[c] = dayCount[c]! + 1;
  }
  const customers: number[] = [];
  for (let c = 0; c < n; c++) if (dayCount[c]! > 0) customers.push(c);
  if (customers.length === 0)
    throw new DataError('invalid transactions: no customer purchase up to the observation end');
  customers.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const m = customers.length;
  const out: CustomerSummary = {
    customerId: customers.map((c) => names[c]!),
    frequency: new Float64Array(m),
    recency: new Float64Array(m),
    T: new Float64Array(m),
    monetaryValue: new Float64Array(m),
  };
  customers.forEach((c, k) => {
    const count = dayCount[c]!;
    out.frequency[k] = count - 1;
    out.recency[k] = lastDay[c]! - firstDay[c]!;
    out.T[k] = endDay - firstDay[c]!;
    out.monetaryValue[k] = count > 1 ? repeat[c]! / (count - 1) : 0;
  });
  return out;
}
