/** Standard scaling fitted on one matrix (the training part) and applied to any other. */
import * as stats from 'simple-statistics';
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
 * (a zero deviation becomes scale 1 so constant columns map to 0), with simple-statistics' compensated mean and
 * two-pass population standard deviation.
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
  const mean: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < d; j++) {
    const column = X.map((row) => row[j] as number);
    // simple-statistics: compensated (Kahan-Babuska) sum for the mean, two-pass population deviation.
    mean.push(stats.mean(column));
    const sd = stats.standardDeviation(column);
    scale.push(sd > 0 ? sd : 1);
  }
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
