/**
 * RFM per customer from clean purchases, and quintile scores with pandas' `qcut(rank(method='first'), 5)` rule.
 */
import { check, DataError } from '../errors';
import { DAY_MS, type RetailTable, type RfmTable } from '../retail/types';
import { rfmAccumulator, type RfmState } from './rfm-accumulator';
import { segmentOf } from './rfm-segment';

/** Options of {@link rfmTable}. */
export interface RfmOptions {
  /** Snapshot time (epoch ms). Default: the last invoice date in the table + 1 day. */
  snapshot?: number;
  /** A dimension counts as "high" when its score is at least this (1..5). Default 4. */
  highScore?: number;
}

/**
 * Quintile scores 1..5 exactly as pandas `pd.qcut(values.rank(method='first'), 5, labels=[1, 2, 3, 4, 5])`:
 * values are ranked 1..n with ties broken by position (earlier first), the rank range is cut at numpy's linear
 * quantiles of the ranks at 0, 0.2, 0.4, 0.6, 0.8, 1 (bins right-closed, lowest included), and bin k gets
 * score k. With `reverse` the labels are 5..1 (used for recency: the most recent customers get 5).
 *
 * Complexity: O(n log n).
 * @param values The values (no NaN).
 * @param reverse Label bins 5..1 instead of 1..5. Default false.
 * @throws DataError on a NaN value.
 * @example
 * quintileScores([10, 20, 20, 5, 7]); // => Float64Array [3, 4, 5, 1, 2]
 */
export function quintileScores(values: ArrayLike<number>, reverse = false): Float64Array {
  const n = values.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new DataError(`invalid value: NaN at position ${i}`, { value: v });
    order[i] = i;
  }
  order.sort((x, y) => values[x]! - values[y]! || x - y);
  // numpy quantile (linear) of the ranks 1..n at q = linspace(0, 1, 6), numpy's _lerp included.
  const edges: number[] = [];
  for (let k = 0; k <= 5; k++) {
    const q = k === 5 ? 1 : k * 0.2;
    const virtual = (n - 1) * q;
    const below = Math.floor(virtual);
    const t = virtual - below;
    const a = below + 1;
    const b = Math.min(below + 2, n);
    edges.push(t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t);
  }
  const scores = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const rank = r + 1;
    let bin = 1;
    while (bin < 5 && rank > edges[bin]!) bin++;
    scores[order[r]!] = reverse ? 6 - bin : bin;
  }
  return scores;
}

/**
 * RFM per customer of clean purchases: snapshot = last invoice date + 1 day (keeping the time of day);
 * R = whole days from the customer's last purchase to the snapshot, `floor((snapshot − last) / 1 day)`;
 * F = distinct invoices; M = Σ lineTotal. Customers are sorted by id (string order). Scores by
 * {@link quintileScores} in that customer order (R reversed: 5 = most recent), and the value tier by
 * {@link segmentOf}. Rows without a customer id are ignored (clean tables have none).
 *
 * Complexity: O(n + c log c) for n lines and c customers.
 * @param clean Clean purchases (see `cleanRetail`).
 * @param options See {@link RfmOptions}.
 * @throws DataError when the table has no customer, or the snapshot is before a purchase.
 * @example
 * const rfm = rfmTable(cleanRetail(loaded).clean);
 * rfm.customerId.length; // => 4338 (full UCI file)
 */
export function rfmTable(clean: RetailTable, options: RfmOptions = {}): RfmTable {
  return rfmTableFromState(rfmAccumulator.add(rfmAccumulator.init(), clean), options);
}

/**
 * {@link rfmTable} from an {@link rfmAccumulator} state (for logs aggregated chunk by chunk).
 *
 * Complexity: O(c log c).
 * @param state Accumulated state.
 * @param options See {@link RfmOptions}.
 * @throws DataError when the state has no customer, or the snapshot is before a purchase.
 * @example
 * rfmTableFromState(rfmAccumulator.add(rfmAccumulator.init(), clean)); // => same as rfmTable(clean)
 */
export function rfmTableFromState(state: RfmState, { snapshot, highScore = 4 }: RfmOptions = {}): RfmTable {
  check(Number.isInteger(highScore) && highScore >= 1 && highScore <= 5, 'highScore', highScore, '1..5');
  const byCustomer = state.customers;
  const lastAll = state.lastPurchase;
  if (byCustomer.size === 0)
    throw new DataError('invalid table: no purchase with a customer id', { value: 0 });
  const snap = snapshot ?? lastAll + DAY_MS;
  check(
    Number.isFinite(snap) && snap >= lastAll,
    'snapshot',
    snapshot,
    'must not be before the last purchase',
  );
  const ids = [...byCustomer.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const c = ids.length;
  const recency = new Float64Array(c);
  const frequency = new Float64Array(c);
  const monetary = new Float64Array(c);
  const firstPurchase = new Float64Array(c);
  const lastPurchase = new Float64Array(c);
  ids.forEach((id, k) => {
    const acc = byCustomer.get(id)!;
    recency[k] = Math.floor((snap - acc.last) / DAY_MS);
    frequency[k] = acc.invoices.size;
    monetary[k] = acc.monetary;
    firstPurchase[k] = acc.first;
    lastPurchase[k] = acc.last;
  });
  const rScore = quintileScores(recency, true);
  const fScore = quintileScores(frequency);
  const mScore = quintileScores(monetary);
  const segment = ids.map((_, k) => segmentOf(rScore[k]!, fScore[k]!, mScore[k]!, highScore));
  return {
    snapshot: snap,
    customerId: ids,
    recency,
    frequency,
    monetary,
    firstPurchase,
    lastPurchase,
    rScore,
    fScore,
    mScore,
    segment,
  };
}
