/** Standard scaling fitted on one matrix (the training part) and applied to any other. */
import { DataError } from '../errors';
import { checkMatrix, type FeatureMatrix } from './shape';

/** A fitted scaler as plain JSON: x' = (x − mean) / scale. */
export interface StandardScalerModel {
  kind: 'standard-scaler';
  /** Column means of the fitting matrix. */
  mean: number[];
  /** Column standard deviations (population, ddof = 0, like scikit-learn); 1 for a constant column. */
  scale: number[];
  /** Rows the scaler was fitted on. */
  nSamples: number;
}

/**
 * Fits column means and population standard deviations, as scikit-learn's `StandardScaler` does
 * (a zero deviation becomes scale 1 so constant columns map to 0). Two-pass, numerically stable.
 *
 * Complexity: O(n·d).
 * @param X Rows to fit on: the training part only, never the test part.
 * @throws DataError for an empty or ragged matrix.
 * @example
 * fitStandardScaler([[1], [3]]); // => { kind: 'standard-scaler', mean: [2], scale: [1], nSamples: 2 }
 */
export function fitStandardScaler(X: FeatureMatrix): StandardScalerModel {
  const d = checkMatrix(X);
  const n = X.length;
  const mean = new Array<number>(d).fill(0);
  for (const row of X) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  const ss = new Array<number>(d).fill(0);
  for (const row of X)
    for (let j = 0; j < d; j++) {
      const diff = (row[j] as number) - (mean[j] as number);
      ss[j] = (ss[j] as number) + diff * diff;
    }
  const scale = ss.map((s) => {
    const sd = Math.sqrt(s / n);
    return sd > 0 ? sd : 1;
  });
  return { kind: 'standard-scaler', mean, scale, nSamples: n };
}

/**
 * Applies a fitted scaler to rows; returns new rows.
 *
 * Complexity: O(n·d).
 * @throws DataError when `model` is not a scaler or a row has the wrong width.
 * @example
 * transform(fitStandardScaler([[1], [3]]), [[5]]); // => [Float64Array [3]]
 */
export function transform(model: StandardScalerModel, X: FeatureMatrix): Float64Array[] {
  if (model?.kind !== 'standard-scaler')
    throw new DataError(`invalid model: kind ${JSON.stringify(model?.kind)}, expected "standard-scaler"`, {
      column: 'model',
    });
  const d = model.mean.length;
  checkMatrix(X, 'X', d);
  return X.map((row) => {
    const out = new Float64Array(d);
    for (let j = 0; j < d; j++)
      out[j] = ((row[j] as number) - (model.mean[j] as number)) / (model.scale[j] as number);
    return out;
  });
}
