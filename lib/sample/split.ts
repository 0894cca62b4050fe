/** Seeded, stratified train/test split of row indices. */
import { check } from '../errors';
import { checkLabels, type Labels } from '../model/shape';
import { shuffle, toRng, type Rng } from './rng';

/** Options of {@link stratifiedSplit}. */
export interface StratifiedSplitOptions {
  /** Share of each class that goes to the test part, in (0, 1). Default `0.3`. */
  testSize?: number;
  /** Seed of the shuffle. Default `42`. Ignored when `rng` is given. */
  seed?: number;
  /** Generator to draw from instead of a fresh one seeded with `seed`. */
  rng?: Rng;
}

/** Row indices of the two parts, each ascending. */
export interface SplitIndices {
  train: number[];
  test: number[];
}

/**
 * Splits row indices into train and test parts so that each class keeps its share: within each class
 * (in class order 0, 1) the indices are shuffled and the first `round(testSize · n_class)` go to test.
 * Every row lands in exactly one part.
 *
 * Complexity: O(n).
 * @param y 0/1 labels, one per row.
 * @param options See {@link StratifiedSplitOptions}.
 * @throws DataError `invalid testSize`, or bad labels.
 * @example
 * const { train, test } = stratifiedSplit([0, 0, 0, 1, 1, 1, 0, 1, 0, 1], { testSize: 0.4, seed: 1 });
 * test.length; // => 4 (two of each class)
 */
export function stratifiedSplit(
  y: Labels,
  { testSize = 0.3, seed = 42, rng }: StratifiedSplitOptions = {},
): SplitIndices {
  check(
    typeof testSize === 'number' && testSize > 0 && testSize < 1,
    'testSize',
    testSize,
    'expected 0 < testSize < 1',
  );
  checkLabels(y);
  const source = rng ?? toRng(seed);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < y.length; i++) (byClass[y[i] as number] as number[]).push(i);
  const train: number[] = [];
  const test: number[] = [];
  for (const members of byClass) {
    const order = shuffle(members, source);
    const nTest = Math.round(testSize * order.length);
    for (let k = 0; k < order.length; k++) (k < nTest ? test : train).push(order[k] as number);
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train, test };
}

/**
 * Picks rows (or labels) by index: `take(X, [2, 0])` is `[X[2], X[0]]`.
 *
 * Complexity: O(k).
 * @throws DataError `invalid index` for an index outside the array.
 * @example
 * take(['a', 'b', 'c'], [2, 0]); // => ['c', 'a']
 */
export function take<T>(values: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => {
    check(Number.isInteger(i) && i >= 0 && i < values.length, 'index', i, `expected 0..${values.length - 1}`);
    return values[i] as T;
  });
}
