/**
 * RFM per customer from clean purchases, and quintile scores with pandas' `qcut(rank(method='first'), 5)` rule.
 */
import { check, DataError } from '../errors';
import { selectRetailRows } from '../retail/clean-retail';
import { CustomerLedger, ledgerOfTables } from '../retail/customer-ledger';
import { DAY_MS, type RetailTable, type RfmTable } from '../retail/types';
import type { RfmState } from './rfm-accumulator';
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

/** Quintile bin edges fitted on one set of values and applied to others ({@link fitQuintileBins}). Plain JSON. */
export interface QuintileBins {
  kind: 'quintile-bins';
  /** numpy's linear quantiles of the fitting values at 0.2, 0.4, 0.6, 0.8 (non-decreasing). */
  edges: [number, number, number, number];
  /** Scores labelled 5..1 instead of 1..5 (recency: 5 = most recent). */
  reverse: boolean;
}

/** Options of {@link fitQuintileBins}. */
export interface QuintileBinsOptions {
  /** Label the bins 5..1 instead of 1..5 (used for recency: the smallest values score 5). Default false. */
  reverse?: boolean;
}

// numpy.quantile(sorted, q) with method 'linear', numpy's _lerp included (exact for t >= 0.5 from the top).
function linearQuantile(sorted: Float64Array, q: number): number {
  const virtual = (sorted.length - 1) * q;
  const below = Math.floor(virtual);
  const t = virtual - below;
  const a = sorted[below]!;
  const b = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Fits quintile bin edges on some values (e.g. the training rows only) so that other values (test rows, new
 * customers) can be scored with the same cut points by {@link applyQuintileBins}, without the scored values
 * shaping the bins. The edges are numpy's linear quantiles (`np.quantile(values, [0.2, 0.4, 0.6, 0.8])`) of the
 * fitting values. Unlike {@link quintileScores}, ties are not broken: equal values always get equal scores, so
 * tied edges can leave a score unused. See https://numpy.org/doc/stable/reference/generated/numpy.quantile.html.
 *
 * Complexity: O(n log n).
 * @param values Fitting values (at least one, no NaN). Not modified.
 * @param options See {@link QuintileBinsOptions}.
 * @throws DataError on an empty input, a NaN value (naming its position) or a non-boolean `reverse`.
 * @example
 * fitQuintileBins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
 * // => { kind: 'quintile-bins', edges: [2.8, 4.6, 6.3999999999999995, 8.2], reverse: false }
 */
export function fitQuintileBins(
  values: ArrayLike<number>,
  { reverse = false }: QuintileBinsOptions = {},
): QuintileBins {
  check(typeof reverse === 'boolean', 'reverse', reverse, 'expected a boolean');
  const n = values.length;
  if (n === 0)
    throw new DataError('invalid values: empty (need at least one value to fit quintile bins)', { value: n });
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new DataError(`invalid value: NaN at position ${i}`, { value: v });
    sorted[i] = v;
  }
  sorted.sort();
  const edges = [0.2, 0.4, 0.6, 0.8].map((q) => linearQuantile(sorted, q)) as QuintileBins['edges'];
  return { kind: 'quintile-bins', edges, reverse };
}

/**
 * Scores values 1..5 with bins fitted by {@link fitQuintileBins}: right-closed bins like pandas
 * `pd.cut(values, [-inf, *edges, inf], labels=[1, 2, 3, 4, 5])`, i.e. score = 1 + the number of edges strictly
 * below the value (`np.searchsorted(edges, values, side='left') + 1`, which also defines tied edges). Values
 * below the first edge score 1 and above the last 5; with `reverse` the score is 6 minus that (5 = smallest).
 *
 * Complexity: O(n).
 * @param bins Bins from {@link fitQuintileBins} (or their JSON).
 * @param values Values to score (no NaN). Not modified.
 * @throws DataError when `bins` is not `{kind: 'quintile-bins'}` with 4 finite non-decreasing edges, or on a
 *   NaN value (naming its position).
 * @example
 * const bins = fitQuintileBins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
 * applyQuintileBins(bins, [0, 2.8, 2.9, 8.2, 100]); // => Float64Array [1, 1, 2, 4, 5]
 */
export function applyQuintileBins(bins: QuintileBins, values: ArrayLike<number>): Float64Array {
  const kind = (bins as { kind?: unknown } | null)?.kind;
  check(kind === 'quintile-bins', 'bins kind', kind ?? null, "expected 'quintile-bins'");
  const { edges, reverse } = bins;
  check(
    Array.isArray(edges) &&
      edges.length === 4 &&
      edges.every((e, k) => Number.isFinite(e) && (k === 0 || e >= edges[k - 1]!)),
    'bins edges',
    edges,
    'expected 4 finite non-decreasing numbers',
  );
  check(typeof reverse === 'boolean', 'bins reverse', reverse, 'expected a boolean');
  const n = values.length;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new DataError(`invalid value: NaN at position ${i}`, { value: v });
    let score = 1;
    for (const edge of edges) if (v > edge) score++;
    scores[i] = reverse ? 6 - score : score;
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
 * const rfm = rfmTable(cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz')).clean);
 * rfm.customerId.length; // => 4338 (full UCI file)
 */
export function rfmTable(clean: RetailTable, options: RfmOptions = {}): RfmTable {
  const withCustomer: number[] = [];
  for (let i = 0; i < clean.length; i++) if (clean.customerId[i] != null) withCustomer.push(i);
  const rows = withCustomer.length === clean.length ? clean : selectRetailRows(clean, withCustomer);
  return rfmTableFromLedger(ledgerOfTables(rows, selectRetailRows(clean, [])), options);
}

/**
 * {@link rfmTable} from a customer ledger (the streaming path and the in-memory path share it).
 *
 * Complexity: O(c log c).
 * @param ledger Clean purchases.
 * @param options See {@link RfmOptions}.
 * @throws DataError when the ledger has no customer, or the snapshot is before a purchase.
 * @example
 * rfmTableFromLedger(ledgerOfTables(clean, cancellations)); // => same as rfmTable(clean)
 */
export function rfmTableFromLedger(ledger: CustomerLedger, options: RfmOptions = {}): RfmTable {
  const customers = ledger.purchasersById();
  return rfmFromColumns(
    {
      ids: customers.map((c) => ledger.names[c]!),
      frequency: customers.map((c) => ledger.invoices(c)),
      monetary: customers.map((c) => ledger.monetary(c)),
      first: customers.map((c) => ledger.first(c)),
      last: customers.map((c) => ledger.last(c)),
    },
    ledger.lastPurchase,
    options,
  );
}

/**
 * {@link rfmTable} from an {@link rfmAccumulator} state (for logs aggregated chunk by chunk).
 *
 * Complexity: O(c log c).
 * @param state Accumulated state.
 * @param options See {@link RfmOptions}.
 * @throws DataError when the state has no customer, or the snapshot is before a purchase.
 * @example
 * const { clean } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * const rfm = rfmTableFromState(rfmAccumulator.add(rfmAccumulator.init(), clean));
 * [rfm.customerId.length, rfm.monetary[0]]; // => [4338, 77183.6] (as rfmTable(clean))
 */
export function rfmTableFromState(state: RfmState, options: RfmOptions = {}): RfmTable {
  const ids = [...state.customers.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const of = (id: string) => state.customers.get(id)!;
  return rfmFromColumns(
    {
      ids,
      frequency: ids.map((id) => of(id).invoices.size),
      monetary: ids.map((id) => of(id).monetary),
      first: ids.map((id) => of(id).first),
      last: ids.map((id) => of(id).last),
    },
    state.lastPurchase,
    options,
  );
}

/** Per-customer partial RFM, customers sorted by id. */
interface RfmColumns {
  ids: string[];
  frequency: number[];
  monetary: number[];
  first: number[];
  last: number[];
}

/** The RFM table (recency, scores, tiers) from per-customer frequency, monetary and first/last purchase. */
function rfmFromColumns(
  cols: RfmColumns,
  lastAll: number,
  { snapshot, highScore = 4 }: RfmOptions,
): RfmTable {
  check(Number.isInteger(highScore) && highScore >= 1 && highScore <= 5, 'highScore', highScore, '1..5');
  const ids = cols.ids;
  if (ids.length === 0) throw new DataError('invalid table: no purchase with a customer id', { value: 0 });
  const snap = snapshot ?? lastAll + DAY_MS;
  check(
    Number.isFinite(snap) && snap >= lastAll,
    'snapshot',
    snapshot,
    'must not be before the last purchase',
  );
  const c = ids.length;
  const recency = new Float64Array(c);
  const lastPurchase = Float64Array.from(cols.last);
  for (let k = 0; k < c; k++) recency[k] = Math.floor((snap - lastPurchase[k]!) / DAY_MS);
  const frequency = Float64Array.from(cols.frequency);
  const monetary = Float64Array.from(cols.monetary);
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
    firstPurchase: Float64Array.from(cols.first),
    lastPurchase,
    rScore,
    fScore,
    mScore,
    segment,
  };
}
