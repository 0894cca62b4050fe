/**
 * lifetimes' `summary_data_from_transaction_data` with daily periods.
 */
import { check, DataError } from '../errors';
import { DAY_MS, type RetailTable } from '../retail/types';
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
  const endDay = floor(end / DAY_MS);
  const days = new Map<string, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const id = cols.customerId[i];
    if (id == null) continue;
    const day = floor(cols.date[i]! / DAY_MS);
    if (day > endDay) continue;
    let m = days.get(id);
    if (m === undefined) days.set(id, (m = new Map()));
    m.set(day, (m.get(day) ?? 0) + cols.value[i]!);
  }
  if (days.size === 0)
    throw new DataError('invalid transactions: no customer purchase up to the observation end');
  const ids = [...days.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const c = ids.length;
  const out: CustomerSummary = {
    customerId: ids,
    frequency: new Float64Array(c),
    recency: new Float64Array(c),
    T: new Float64Array(c),
    monetaryValue: new Float64Array(c),
  };
  ids.forEach((id, k) => {
    const entries = [...days.get(id)!.entries()].sort((x, y) => x[0] - y[0]);
    const first = entries[0]![0];
    const lastDay = entries[entries.length - 1]![0];
    let repeat = 0;
    for (let j = 1; j < entries.length; j++) repeat += entries[j]![1];
    out.frequency[k] = entries.length - 1;
    out.recency[k] = lastDay - first;
    out.T[k] = endDay - first;
    out.monetaryValue[k] = entries.length > 1 ? repeat / (entries.length - 1) : 0;
  });
  return out;
}
