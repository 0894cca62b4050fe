import { churnDataset, featureRows } from '../churn/churn-features';
import { DataError } from '../errors';
import type { RetailReport } from '../lifecycle/types';
import { rocAuc, rocCurve } from '../model/classification-metrics';
import { fitLogistic, predictProba } from '../model/logistic';
import { fitStandardScaler, transform } from '../model/standardize';
import { cleanRetail, loadRetail } from '../retail';
import { smote } from '../sample/smote';
import { stratifiedSplit, take } from '../sample/split';
import type { RocCurveInput } from './roc-chart';

/**
 * ROC curves (test part) of the churn models without and with SMOTE, for {@link rocChart}. The retail report keeps
 * only the AUCs, so this re-runs the report's modelling steps on the same file with the report's own options
 * (cutoff, horizon, seed, test share, C, SMOTE k): same seed, same split, same models. It then checks that both
 * recomputed AUCs equal the report's (to 1e-12) and throws otherwise, so a drift between the two can never pass
 * silently.
 *
 * Complexity: one load + clean of the file plus two logistic fits; about the cost of `analyzeRetail` minus LTV.
 * @param file - The retail file the report was computed from.
 * @param report - The report of `analyzeRetail(file, options)`.
 * @returns `[without SMOTE, with SMOTE]` curves with their AUCs.
 * @throws DataError when a recomputed AUC differs from the report's.
 * @example
 * const curves = await churnRocCurves(file, report);
 * curves[1].auc === report.model.withSmote.metrics.rocAuc
 * // => true
 */
export async function churnRocCurves(file: string, report: RetailReport): Promise<RocCurveInput[]> {
  const options = report.options;
  const { clean, cancellations } = cleanRetail(await loadRetail(file));
  const dataset = churnDataset(clean, cancellations, {
    cutoff: options.cutoff,
    horizonDays: options.horizonDays,
  });
  const X = featureRows(dataset);
  const y = Array.from(dataset.label);
  const split = stratifiedSplit(y, { testSize: options.testSize, seed: options.seed });
  const ytrain = take(y, split.train);
  const ytest = take(y, split.test);
  const scaler = fitStandardScaler(take(X, split.train));
  const Xtrain = transform(scaler, take(X, split.train));
  const Xtest = transform(scaler, take(X, split.test));
  const base = fitLogistic(Xtrain, ytrain, { C: options.C, featureNames: dataset.featureNames });
  const resampled = smote(Xtrain, ytrain, { k: options.smoteK, seed: options.seed });
  const balanced = fitLogistic(resampled.X, resampled.y, {
    C: options.C,
    featureNames: dataset.featureNames,
  });
  const curves: RocCurveInput[] = [];
  for (const [name, model, expected] of [
    ['Before SMOTE', base, report.model.withoutSmote.metrics.rocAuc],
    ['After SMOTE', balanced, report.model.withSmote.metrics.rocAuc],
  ] as const) {
    const scores = predictProba(model, Xtest);
    const auc = rocAuc(ytest, scores);
    if (Math.abs(auc - expected) > 1e-12)
      throw new DataError(
        `invalid ${name} ROC: recomputed AUC ${auc} differs from the report's ${expected}`,
        { file, value: auc },
      );
    const roc = rocCurve(ytest, scores);
    curves.push({ name, fpr: roc.fpr, tpr: roc.tpr, auc });
  }
  return curves;
}
