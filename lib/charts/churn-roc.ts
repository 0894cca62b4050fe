import type { RetailReport } from '../lifecycle/types';
import type { RocCurveInput } from './roc-chart';

/**
 * ROC curves (held-out test part) of the churn models without and with SMOTE, for {@link rocChart}, read from
 * the retail report: `analyzeRetail` keeps every curve point, so nothing is re-run and the chart shows exactly
 * the models whose metrics the report states.
 *
 * Complexity: O(curve points).
 * @param report - The report of `analyzeRetail(file, options)`.
 * @returns `[without SMOTE, with SMOTE]` curves with their AUCs.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * const curves = churnRocCurves(report);
 * curves[1].auc === report.model.withSmote.metrics.rocAuc
 * // => true
 */
export function churnRocCurves(report: RetailReport): RocCurveInput[] {
  const models = [
    ['Before SMOTE', report.model.withoutSmote],
    ['After SMOTE', report.model.withSmote],
  ] as const;
  return models.map(([name, model]) => ({
    name,
    fpr: model.roc.fpr,
    tpr: model.roc.tpr,
    auc: model.metrics.rocAuc,
  }));
}
