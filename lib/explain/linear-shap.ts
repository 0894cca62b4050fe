/**
 * Exact SHAP values of a linear (logistic) model in log-odds units, interventional (features independent of
 * one another under the background distribution), as `shap.LinearExplainer` with
 * `feature_perturbation='interventional'`: φᵢⱼ = wⱼ·(xᵢⱼ − mean of column j over the background).
 * See Lundberg & Lee (2017), https://shap.readthedocs.io/en/latest/generated/shap.LinearExplainer.html.
 */
import { DataError } from '../errors';
import { loadLogistic, type LogisticModel } from '../model/logistic';
import { checkMatrix, type FeatureMatrix } from '../model/shape';

/** SHAP values of many rows. */
export interface LinearShap {
  featureNames: string[];
  /** E f(background) in log-odds = intercept + w·mean(background). */
  baseValue: number;
  /** Background column means. */
  backgroundMean: number[];
  /** φ per row and feature (rows of `X`). Σⱼ φᵢⱼ = f(xᵢ) − baseValue. */
  values: Float64Array[];
}

/** One feature's global importance. */
export interface ShapImportance {
  feature: string;
  /** Mean |φ| over the explained rows (log-odds). */
  meanAbs: number;
  /** Mean φ (signed; 0 when X is the background itself). */
  mean: number;
  /** The model weight of the feature (direction: > 0 raises the log-odds). */
  coef: number;
}

/** One dot of a beeswarm plot. */
export interface BeeswarmPoint {
  feature: string;
  /** Row index in `X`. */
  row: number;
  /** The feature's value to colour the dot by (`displayX` if given, else `X`). */
  value: number;
  /** SHAP value (log-odds). */
  phi: number;
}

/**
 * Computes exact interventional linear SHAP values.
 *
 * Complexity: O((n + m)·d) for n explained and m background rows.
 * @param model A fitted {@link LogisticModel}.
 * @param X Rows to explain, in the model's feature space.
 * @param background Reference rows (typically the training rows), same width.
 * @throws DataError for a bad model or widths that differ from the model's.
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * const shap = linearShap({ ...model, coef: [2], intercept: 1 }, [[3]], [[1], [2]]);
 * shap.values[0]; // => Float64Array [3]   (2 · (3 − 1.5))
 * shap.baseValue; // => 4                  (1 + 2 · 1.5)
 */
export function linearShap(model: LogisticModel, X: FeatureMatrix, background: FeatureMatrix): LinearShap {
  const m = loadLogistic(model);
  const d = m.coef.length;
  checkMatrix(X, 'X', d);
  checkMatrix(background, 'background', d);
  const mean = new Array<number>(d).fill(0);
  for (const row of background)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / background.length;
  let baseValue = m.intercept;
  for (let j = 0; j < d; j++) baseValue += (m.coef[j] as number) * (mean[j] as number);
  const values = X.map((row) => {
    const phi = new Float64Array(d);
    for (let j = 0; j < d; j++) phi[j] = (m.coef[j] as number) * ((row[j] as number) - (mean[j] as number));
    return phi;
  });
  return { featureNames: m.featureNames.slice(), baseValue, backgroundMean: mean, values };
}

/**
 * Global importance: mean |φ| per feature, sorted descending (ties by name).
 *
 * Complexity: O(n·d + d log d).
 * @param shap Output of {@link linearShap}.
 * @param coef Optional model weights to carry along (by feature position).
 * @example
 * const model = fitLogistic([[0, 1], [1, 0], [2, 1], [3, 0]], [0, 0, 1, 1], { featureNames: ['days', 'orders'] });
 * const shap = linearShap(model, [[3, 0], [0, 1]], [[0, 1], [1, 0], [2, 1], [3, 0]]);
 * shapImportance(shap)[0].feature; // => 'days' (the largest mean |φ|)
 */
export function shapImportance(shap: LinearShap, coef?: readonly number[]): ShapImportance[] {
  const d = shap.featureNames.length;
  const n = shap.values.length;
  if (n === 0) throw new DataError('invalid shap: no rows', { column: 'shap' });
  const out: ShapImportance[] = [];
  for (let j = 0; j < d; j++) {
    let abs = 0;
    let sum = 0;
    for (const row of shap.values) {
      abs += Math.abs(row[j] as number);
      sum += row[j] as number;
    }
    out.push({
      feature: shap.featureNames[j] as string,
      meanAbs: abs / n,
      mean: sum / n,
      coef: coef?.[j] ?? NaN,
    });
  }
  return out.sort((a, b) => b.meanAbs - a.meanAbs || (a.feature < b.feature ? -1 : 1));
}

/**
 * Flattens SHAP values into beeswarm dots (feature, row, feature value, φ), features in importance order.
 *
 * Complexity: O(n·d).
 * @param shap Output of {@link linearShap}.
 * @param displayX Values to show for each dot (e.g. the unscaled features); default: none (NaN).
 * @param maxRows Use only the first `maxRows` rows. Default: all.
 * @throws DataError when `displayX` has a different shape.
 * @example
 * const model = fitLogistic([[0, 1], [1, 0], [2, 1], [3, 0]], [0, 0, 1, 1], { featureNames: ['days', 'orders'] });
 * const shap = linearShap(model, [[3, 0], [0, 1]], [[0, 1], [1, 0], [2, 1], [3, 0]]);
 * shapBeeswarm(shap).length; // => 4 (2 rows × 2 features)
 */
export function shapBeeswarm(
  shap: LinearShap,
  displayX?: FeatureMatrix,
  maxRows = Infinity,
): BeeswarmPoint[] {
  const d = shap.featureNames.length;
  if (displayX !== undefined) {
    checkMatrix(displayX, 'displayX', d);
    if (displayX.length !== shap.values.length)
      throw new DataError(`invalid displayX: ${displayX.length} rows, expected ${shap.values.length}`, {
        column: 'displayX',
      });
  }
  const order = shapImportance(shap).map((imp) => shap.featureNames.indexOf(imp.feature));
  const rows = Math.min(shap.values.length, maxRows);
  const out: BeeswarmPoint[] = [];
  for (const j of order)
    for (let i = 0; i < rows; i++)
      out.push({
        feature: shap.featureNames[j] as string,
        row: i,
        value: displayX ? ((displayX[i] as ArrayLike<number>)[j] as number) : NaN,
        phi: (shap.values[i] as Float64Array)[j] as number,
      });
  return out;
}
