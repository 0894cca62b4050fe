/**
 * Shape checks shared by the modelling functions: feature matrices are arrays of rows (`number[]` or
 * `Float64Array`), labels are 0/1 numbers. Every failure names the argument, the row and the value.
 */
import { DataError } from '../errors';

/** Rows of numeric features; every row has the same length. */
export type FeatureMatrix = ReadonlyArray<ArrayLike<number>>;

/** Binary labels (0 or 1) as any array-like of numbers. */
export type Labels = ArrayLike<number>;

/**
 * Checks that `X` is a non-empty rectangular matrix of finite numbers and returns its column count.
 *
 * Complexity: O(n·d).
 * @param X Rows of features.
 * @param name Argument name used in messages (default `X`).
 * @param expectedColumns When given, every row must have exactly this many columns.
 * @throws DataError `invalid X: row 3 has 4 columns, expected 5`, or naming a non-finite value.
 * @example
 * checkMatrix([[1, 2], [3, 4]]); // => 2
 */
export function checkMatrix(X: FeatureMatrix, name = 'X', expectedColumns?: number): number {
  if (!Array.isArray(X) || X.length === 0)
    throw new DataError(`invalid ${name}: expected a non-empty array of rows`, { column: name, value: X });
  const first = X[0] as ArrayLike<number>;
  const d = expectedColumns ?? first.length;
  if (d === 0) throw new DataError(`invalid ${name}: rows have no columns`, { column: name });
  for (let i = 0; i < X.length; i++) {
    const row = X[i] as ArrayLike<number> | undefined;
    if (row === undefined || row === null || typeof row.length !== 'number')
      throw new DataError(`invalid ${name}: row ${i} is not an array`, { column: name, value: row });
    if (row.length !== d)
      throw new DataError(`invalid ${name}: row ${i} has ${row.length} columns, expected ${d}`, {
        column: name,
        value: row.length,
      });
    for (let j = 0; j < d; j++) {
      const v = row[j] as number;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new DataError(
          `invalid ${name}: row ${i} column ${j} is ${String(v)}, expected a finite number`,
          {
            column: name,
            value: v,
          },
        );
    }
  }
  return d;
}

/**
 * Checks that `y` holds only 0/1 and, when `n` is given, has `n` entries.
 *
 * Complexity: O(n).
 * @throws DataError `invalid y: row 2 is 3, expected 0 or 1` or a length mismatch.
 * @example
 * checkLabels([0, 1, 1], 3); // => undefined (valid)
 * checkLabels([0, 2], 2); // => throws DataError: invalid y: row 1 is 2, expected 0 or 1
 */
export function checkLabels(y: Labels, n?: number, name = 'y'): void {
  if (y === null || y === undefined || typeof y.length !== 'number')
    throw new DataError(`invalid ${name}: expected an array of 0/1 labels`, { column: name, value: y });
  if (n !== undefined && y.length !== n)
    throw new DataError(`invalid ${name}: has ${y.length} labels, expected ${n} (one per row of X)`, {
      column: name,
      value: y.length,
    });
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1)
      throw new DataError(`invalid ${name}: row ${i} is ${String(v)}, expected 0 or 1`, {
        column: name,
        value: v,
      });
  }
}
