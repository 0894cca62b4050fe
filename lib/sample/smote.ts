/**
 * SMOTE over-sampling (Chawla et al. 2002) with imbalanced-learn's semantics for binary labels.
 * https://imbalanced-learn.org/stable/references/generated/imblearn.over_sampling.SMOTE.html
 */
import { check, DataError } from '../errors';
import { checkLabels, checkMatrix, type FeatureMatrix, type Labels } from '../model/shape';
import { toRng, type Rng } from './rng';

/** Options of {@link smote}. */
export interface SmoteOptions {
  /** Number of nearest minority neighbours to interpolate towards. Default `5`. */
  k?: number;
  /**
   * How many minority rows to reach. `'auto'` (default, like imbalanced-learn's `'auto'`/`'not majority'`):
   * as many as the majority class. A number `ratio` in (0, 1]: minority target = ratio · majority count,
   * i.e. `trunc(ratio · nMajority − nMinority)` rows are generated, as imbalanced-learn does for a float
   * (which must make that count positive, as imbalanced-learn 0.10 requires).
   */
  samplingStrategy?: 'auto' | number;
  /** Seed for the draws. Default `42`. Ignored when `rng` is given. */
  seed?: number;
  /** Generator to draw from instead of a fresh one seeded with `seed`. */
  rng?: Rng;
}

/** Result of {@link smote}: the original rows first (copied), then the synthetic ones. */
export interface SmoteResult {
  X: Float64Array[];
  y: number[];
  /** The minority class label (0 or 1). */
  minorityClass: number;
  /** Number of synthetic rows appended (`X.length − input rows`). */
  nGenerated: number;
  /**
   * Provenance of each synthetic row s (row `inputRows + s` of `X`): index of the base minority row in the
   * input, index of the neighbour it moved towards, and the step u in [0, 1): new = x + u·(nn − x).
   */
  synthetic: { base: Int32Array; neighbor: Int32Array; step: Float64Array };
}

/** The k-d tree nodes of {@link kNearestNeighbors}, in typed arrays (node 0 is the root). */
interface KdTree {
  /** Row indices, permuted so that node t covers order[lo[t]..hi[t]). */
  order: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  /** Split dimension (-1 for a leaf), split value and children of each internal node. */
  dim: Int32Array;
  cut: Float64Array;
  left: Int32Array;
  right: Int32Array;
}

/**
 * Builds the k-d tree: median splits on the widest dimension, leaves of up to 16 rows. Every row of a left
 * child has value <= cut[t]; every row of the right child >= cut[t].
 */
function buildKdTree(flat: Float64Array, n: number, d: number): KdTree {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const LEAF = 16;
  const maxNodes = 2 * Math.ceil(n / (LEAF / 2)) + 1;
  const lo = new Int32Array(maxNodes);
  const hi = new Int32Array(maxNodes);
  const dim = new Int32Array(maxNodes).fill(-1);
  const cut = new Float64Array(maxNodes);
  const left = new Int32Array(maxNodes);
  const right = new Int32Array(maxNodes);
  let nodes = 0;
  const keyOf = new Float64Array(n);
  const build = (a: number, b: number): number => {
    const t = nodes++;
    lo[t] = a;
    hi[t] = b;
    if (b - a <= LEAF) return t;
    let best = -1;
    let spread = 0;
    for (let c = 0; c < d; c++) {
      let min = Infinity;
      let max = -Infinity;
      for (let p = a; p < b; p++) {
        const v = flat[(order[p] as number) * d + c] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max - min > spread) {
        spread = max - min;
        best = c;
      }
    }
    if (best < 0) return t; // all rows equal: a leaf
    const sub = Array.from(order.subarray(a, b));
    for (const i of sub) keyOf[i] = flat[i * d + best] as number;
    sub.sort((x, y) => (keyOf[x] as number) - (keyOf[y] as number) || x - y);
    order.set(sub, a);
    const mid = (a + b) >> 1;
    dim[t] = best;
    cut[t] = keyOf[order[mid] as number] as number;
    left[t] = build(a, mid);
    right[t] = build(mid, b);
    return t;
  };
  build(0, n);
  return { order, lo, hi, dim, cut, left, right };
}

/**
 * For each row of `points`, the indices of its `k` nearest other rows (Euclidean; ties broken by lower
 * index), nearest first. Exact: a k-d tree (median splits on the widest dimension, leaves of up to 16 rows)
 * searched with Arya & Mount's incremental distance to each cell; a subtree is skipped only when its cell is
 * strictly farther than the current k-th best, so rows at an equal distance with a lower index are still
 * found. Distances are summed in the same order as {@link kNearestNeighborsBrute}, so the result
 * is identical to the brute force, ties included (`test/sample/knn.test.ts`).
 *
 * Complexity: O(n log n) to build; about O(log n) per query for low-dimensional, well-spread data, O(n) per
 * query at worst (all rows equidistant).
 * @param points Rows (all the same length).
 * @param k Neighbours per row (1..n−1).
 * @param stats When given, `stats.distances` is increased by the number of distances computed.
 * @example
 * kNearestNeighbors([[0], [1], [3]], 1); // => [Int32Array [1], Int32Array [0], Int32Array [1]]
 */
export function kNearestNeighbors(
  points: ReadonlyArray<ArrayLike<number>>,
  k: number,
  stats?: { distances: number },
): Int32Array[] {
  const n = points.length;
  check(Number.isInteger(k) && k >= 1 && k < n, 'k', k, `expected 1..${n - 1} for ${n} points`);
  const d = (points[0] as ArrayLike<number>).length;
  const flat = new Float64Array(n * d);
  for (let i = 0; i < n; i++) flat.set(points[i] as ArrayLike<number>, i * d);
  if (n <= 64) {
    if (stats) stats.distances += n * (n - 1);
    return bruteFlat(flat, n, d, k);
  }
  const { order, lo, hi, dim, cut, left, right } = buildKdTree(flat, n, d);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  let filled = 0;
  let pOff = 0;
  let self = 0;
  let distances = 0;
  const consider = (j: number): void => {
    if (j === self) return;
    distances++;
    const qOff = j * d;
    let dist = 0;
    for (let c = 0; c < d; c++) {
      const diff = (flat[pOff + c] as number) - (flat[qOff + c] as number);
      dist += diff * diff;
    }
    if (filled === k) {
      const wd = bestD[k - 1] as number;
      if (dist > wd || (dist === wd && j > (bestI[k - 1] as number))) return;
    }
    let pos = filled < k ? filled++ : k - 1;
    while (
      pos > 0 &&
      ((bestD[pos - 1] as number) > dist ||
        ((bestD[pos - 1] as number) === dist && (bestI[pos - 1] as number) > j))
    ) {
      bestD[pos] = bestD[pos - 1] as number;
      bestI[pos] = bestI[pos - 1] as number;
      pos--;
    }
    bestD[pos] = dist;
    bestI[pos] = j;
  };
  // Arya & Mount's incremental distance: `off[c]` is the query's offset to the current cell along c, and `rd`
  // the squared distance to the cell (Σ off²). A far child is visited only when its cell is not strictly
  // farther than the current k-th best.
  const off = new Float64Array(d);
  const search = (t: number, rd: number): void => {
    const c = dim[t] as number;
    if (c < 0) {
      for (let p = lo[t] as number; p < (hi[t] as number); p++) consider(order[p] as number);
      return;
    }
    const diff = (flat[pOff + c] as number) - (cut[t] as number);
    const near = diff <= 0 ? (left[t] as number) : (right[t] as number);
    const far = diff <= 0 ? (right[t] as number) : (left[t] as number);
    search(near, rd);
    const old = off[c] as number;
    const farRd = rd - old * old + diff * diff;
    if (filled < k || farRd <= (bestD[k - 1] as number)) {
      off[c] = diff;
      search(far, farRd);
      off[c] = old;
    }
  };
  const result: Int32Array[] = new Array<Int32Array>(n);
  for (let i = 0; i < n; i++) {
    self = i;
    pOff = i * d;
    filled = 0;
    off.fill(0);
    search(0, 0);
    result[i] = bestI.slice(0, k);
  }
  if (stats) stats.distances += distances;
  return result;
}

/**
 * The brute-force k nearest neighbours (every pair), the reference {@link kNearestNeighbors} is tested against.
 *
 * Complexity: O(n²·(d + k)).
 * @example
 * kNearestNeighborsBrute([[0], [1], [3]], 1); // => [Int32Array [1], Int32Array [0], Int32Array [1]]
 */
export function kNearestNeighborsBrute(points: ReadonlyArray<ArrayLike<number>>, k: number): Int32Array[] {
  const n = points.length;
  check(Number.isInteger(k) && k >= 1 && k < n, 'k', k, `expected 1..${n - 1} for ${n} points`);
  const d = (points[0] as ArrayLike<number>).length;
  const flat = new Float64Array(n * d);
  for (let i = 0; i < n; i++) flat.set(points[i] as ArrayLike<number>, i * d);
  return bruteFlat(flat, n, d, k);
}

function bruteFlat(flat: Float64Array, n: number, d: number, k: number): Int32Array[] {
  const result: Int32Array[] = [];
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const pOff = i * d;
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const qOff = j * d;
      let dist = 0;
      for (let c = 0; c < d; c++) {
        const diff = (flat[pOff + c] as number) - (flat[qOff + c] as number);
        dist += diff * diff;
      }
      if (filled === k && dist >= (bestD[k - 1] as number)) continue; // ties keep the lower index
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && (bestD[pos - 1] as number) > dist) {
        bestD[pos] = bestD[pos - 1] as number;
        bestI[pos] = bestI[pos - 1] as number;
        pos--;
      }
      bestD[pos] = dist;
      bestI[pos] = j;
    }
    result.push(bestI.slice(0, k));
  }
  return result;
}

/**
 * Generates synthetic minority rows: each is a minority row x moved a uniform step u ∈ [0, 1) towards one
 * of its k nearest neighbours *among the minority rows only* (the row itself excluded). As in
 * imbalanced-learn, `n` (base, neighbour) pairs are drawn uniformly from the n_min·k pairs, then `n` steps.
 * Use it on training data only. Exact per-row equality with imbalanced-learn is not possible (different
 * random generators); counts and the geometry are the same.
 *
 * Complexity: O(m log m·(d + k)) typical (k-d tree neighbour search, exact) + O(n·d) for m minority rows and n
 * generated rows.
 * @param X Feature rows (not modified).
 * @param y 0/1 labels.
 * @param options See {@link SmoteOptions}.
 * @throws DataError `invalid k` when the minority class has ≤ k rows, `invalid samplingStrategy` for a ratio
 *   that would need fewer minority rows than exist, or bad shapes.
 * @example
 * const X = [[0, 0], [1, 0], [0, 1], [1, 1], [5, 5], [6, 5], [5, 6], [6, 6], [7, 7]];
 * const y = [1, 1, 1, 0, 0, 0, 0, 0, 0];
 * smote(X, y, { k: 2, seed: 1 }).nGenerated; // => 3
 */
export function smote(
  X: FeatureMatrix,
  y: Labels,
  { k = 5, samplingStrategy = 'auto', seed = 42, rng }: SmoteOptions = {},
): SmoteResult {
  const d = checkMatrix(X);
  checkLabels(y, X.length);
  check(Number.isInteger(k) && k >= 1, 'k', k, 'expected a positive integer');
  let ones = 0;
  for (let i = 0; i < y.length; i++) ones += y[i] as number;
  const zeros = y.length - ones;
  const minorityClass = ones < zeros ? 1 : 0;
  const nMinority = Math.min(ones, zeros);
  const nMajority = Math.max(ones, zeros);
  let nGenerate: number;
  if (samplingStrategy === 'auto') nGenerate = nMajority - nMinority;
  else {
    check(
      typeof samplingStrategy === 'number' && samplingStrategy > 0 && samplingStrategy <= 1,
      'samplingStrategy',
      samplingStrategy,
      "expected 'auto' or a ratio in (0, 1]",
    );
    nGenerate = Math.trunc(nMajority * samplingStrategy - nMinority);
    if (nGenerate <= 0)
      throw new DataError(
        `invalid samplingStrategy: ${samplingStrategy} (would generate ${nGenerate} rows: the minority class already has ${nMinority} rows, ${samplingStrategy} x ${nMajority} majority rows is not more)`,
        { column: 'samplingStrategy', value: samplingStrategy },
      );
  }
  const out: Float64Array[] = X.map((row) => Float64Array.from(row));
  const labels = Array.from(y);
  const synthetic = {
    base: new Int32Array(nGenerate),
    neighbor: new Int32Array(nGenerate),
    step: new Float64Array(nGenerate),
  };
  if (nGenerate === 0) return { X: out, y: labels, minorityClass, nGenerated: 0, synthetic };
  if (nMinority <= k)
    throw new DataError(`invalid k: ${k} (needs at least ${k + 1} minority rows, got ${nMinority})`, {
      column: 'k',
      value: k,
    });
  const minorityIndex: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === minorityClass) minorityIndex.push(i);
  const minorityRows = minorityIndex.map((i) => X[i] as ArrayLike<number>);
  const neighbors = kNearestNeighbors(minorityRows, k);
  const source = rng ?? toRng(seed);
  const pairs = new Int32Array(nGenerate);
  for (let s = 0; s < nGenerate; s++) pairs[s] = source.int(nMinority * k);
  for (let s = 0; s < nGenerate; s++) synthetic.step[s] = source.uniform();
  for (let s = 0; s < nGenerate; s++) {
    const pair = pairs[s] as number;
    const local = Math.floor(pair / k);
    const localNeighbor = (neighbors[local] as Int32Array)[pair % k] as number;
    const x = minorityRows[local] as ArrayLike<number>;
    const nn = minorityRows[localNeighbor] as ArrayLike<number>;
    const u = synthetic.step[s] as number;
    const row = new Float64Array(d);
    for (let c = 0; c < d; c++) row[c] = (x[c] as number) + u * ((nn[c] as number) - (x[c] as number));
    synthetic.base[s] = minorityIndex[local] as number;
    synthetic.neighbor[s] = minorityIndex[localNeighbor] as number;
    out.push(row);
    labels.push(minorityClass);
  }
  return { X: out, y: labels, minorityClass, nGenerated: nGenerate, synthetic };
}
