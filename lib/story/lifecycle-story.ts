/**
 * The lifecycle report's story, computed: each lifecycle claim beside its computed counterpart, SHAP drivers on
 * the chart's own rows, and the at-risk customer list. The horizon table (churn-horizons.ts), the CSV
 * hand-offs (csv.ts) and the exploration of the raw lines (explore-retail.ts) sit beside it.
 */
import { check, DataError } from '../errors';
import type { RetailCustomerRow, RetailReport } from '../lifecycle/types';
import type { HorizonRow } from './churn-horizons';
import { claimNumber, type ReportClaims } from './claims';
import { claimRecorder, near, type ClaimComparison } from './comparisons';
import { formatCount, formatPoints, formatShare } from './format';

/** SHAP importance computed on the rows the SHAP chart draws (`report.shap.matrix`). */
export interface ShapOnRows {
  rows: number;
  importance: Array<{ feature: string; meanAbs: number; rank: number }>;
}

/**
 * Mean |SHAP| per feature over the chart's rows, ranked, so a sentence about the chart's customers uses their numbers.
 *
 * Complexity: O(rows · features).
 * @example
 * shapOnChartRows({ featureNames: ['a'], values: [[0.5], [-0.1]] }).importance[0]; // => { feature: 'a', meanAbs: 0.3, rank: 1 }
 */
export function shapOnChartRows(matrix: {
  featureNames: readonly string[];
  values: readonly (readonly number[])[];
}): ShapOnRows {
  const importance = matrix.featureNames
    .map((feature, j) => ({
      feature,
      meanAbs:
        matrix.values.length > 0
          ? matrix.values.reduce((sum, row) => sum + Math.abs(row[j] ?? 0), 0) / matrix.values.length
          : 0,
      rank: 0,
    }))
    .sort((x, y) => y.meanAbs - x.meanAbs || x.feature.localeCompare(y.feature));
  importance.forEach((row, i) => (row.rank = i + 1));
  return { rows: matrix.values.length, importance };
}

/** A customer a retention team would call: churn probability × expected value. */
export interface AtRiskCustomer extends RetailCustomerRow {
  /** churnProbability × clv: expected revenue lost if nothing is done. */
  valueAtRisk: number;
}

/**
 * Customers ranked by value at risk (churn probability × 12-month CLV), highest first; customers without a
 * CLV or probability are left out.
 *
 * Complexity: O(customers · log customers).
 * @param report The retail report.
 * @param options `top` (default 20), `minProbability` (default 0.5: likely churners only).
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * atRiskCustomers(report, { top: 3 }).map((c) => c.customerId); // => ['16446', '15749', '13868']
 */
export function atRiskCustomers(
  report: Pick<RetailReport, 'customers'>,
  { top = 20, minProbability = 0.5 }: { top?: number; minProbability?: number } = {},
): AtRiskCustomer[] {
  check(Number.isInteger(top) && top >= 1, 'top', top, 'a positive integer');
  check(minProbability >= 0 && minProbability <= 1, 'minProbability', minProbability, 'in [0, 1]');
  return report.customers
    .filter(
      (c) =>
        Number.isFinite(c.clv) && Number.isFinite(c.churnProbability) && c.churnProbability >= minProbability,
    )
    .map((c) => ({ ...c, valueAtRisk: c.churnProbability * c.clv }))
    .sort((a, b) => b.valueAtRisk - a.valueAtRisk || a.customerId.localeCompare(b.customerId))
    .slice(0, top);
}

/** Options of {@link lifecycleStory}. */
export interface LifecycleStoryOptions {
  /** The horizon table (for the recall claim's explanation). Default none. */
  horizons?: HorizonRow[];
}

/**
 * Sets each lifecycle report claim beside the number computed from `report`, with a sentence explaining any
 * difference (label horizon, sample, definitions).
 *
 * Complexity: O(customers + features).
 * @throws DataError when a needed claim is missing.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * const claims = loadReportClaims('data/reports/claims.json');
 * lifecycleStory(report, claims).map((c) => c.id);
 * // => ['lifecycle.rows', 'lifecycle.ltv', 'lifecycle.recall', 'lifecycle.shap', 'lifecycle.outputs']
 */
export function lifecycleStory(
  report: RetailReport,
  claims: ReportClaims,
  { horizons = [] }: LifecycleStoryOptions = {},
): ClaimComparison[] {
  const recorder = claimRecorder(claims);
  const { add } = recorder;
  const rowsClaim = recorder.claim('lifecycle.rows');
  const read = report.cleaning.steps[0]?.remaining ?? 0;
  const kept = report.cleaning.steps[report.cleaning.steps.length - 1]?.remaining ?? 0;
  add(
    'lifecycle.rows',
    `more than ${formatCount(claimNumber(rowsClaim, 'rowsAtLeast'))} lines`,
    `${formatCount(read)} lines read, ${formatCount(kept)} kept after cleaning`,
    read >= claimNumber(rowsClaim, 'rowsAtLeast'),
    read >= claimNumber(rowsClaim, 'rowsAtLeast')
      ? 'The same UCI file.'
      : `This file has fewer lines than the report's (${formatShare(read / claimNumber(rowsClaim, 'rowsAtLeast'))}): a sample or another file.`,
  );

  const ltvClaim = recorder.claim('lifecycle.ltv');
  const tiers = report.ltv.segments;
  const top = tiers.reduce((a, b) => (b.meanLtv > a.meanLtv ? b : a), tiers[0]!);
  const bottom = tiers.reduce((a, b) => (b.meanLtv < a.meanLtv ? b : a), tiers[0]!);
  add(
    'lifecycle.ltv',
    `top tiers > ${formatCount(claimNumber(ltvClaim, 'topAtLeast'))}, middle ~${claimNumber(ltvClaim, 'middle')}, potential ~${claimNumber(ltvClaim, 'potential')}`,
    `${top.label} £${formatCount(top.meanLtv)} … ${bottom.label} £${formatCount(bottom.meanLtv)}`,
    top.meanLtv > claimNumber(ltvClaim, 'topAtLeast'),
    `Historical LTV = AOV × purchases per year × margin ${formatShare(report.ltv.margin, 0)} × ${report.ltv.lifespanYears} years, in pounds ` +
      `(the report writes 元 for the same file's pounds). The report's tier names are its own; ecomlab's tiers follow the RFM scores, ` +
      `so compare the spread: ${(top.meanLtv / Math.max(1e-9, bottom.meanLtv)).toFixed(1)}× from top to bottom here, ` +
      `${(claimNumber(ltvClaim, 'topAtLeast') / claimNumber(ltvClaim, 'potential')).toFixed(1)}× or more in the report.`,
  );

  const recallClaim = recorder.claim('lifecycle.recall');
  const refBefore = claimNumber(recallClaim, 'recallBefore');
  const refAfter = claimNumber(recallClaim, 'recallAfter');
  const before = report.model.withoutSmote.metrics.recall;
  const after = report.model.withSmote.metrics.recall;
  const closest = horizons.length
    ? horizons.reduce((a, b) =>
        Math.abs(b.recallWithout - refBefore) < Math.abs(a.recallWithout - refBefore) ? b : a,
      )
    : undefined;
  const lowering = horizons.filter((h) => h.recallWith < h.recallWithout);
  add(
    'lifecycle.recall',
    `${formatShare(refBefore, 0)} → ${formatShare(refAfter, 0)}`,
    `${formatShare(before)} → ${formatShare(after)} (${report.churn.horizonDays}-day label, ${formatShare(report.churn.churnRate)} churners)`,
    near(before, refBefore, 0.05) && near(after, refAfter, 0.05),
    `Recall before SMOTE depends on how rare churners are, which the label horizon sets; the report does not state its horizon. ` +
      `With ${report.churn.horizonDays} days ${formatShare(report.churn.churnRate)} of customers churn and recall goes ${formatShare(before)} → ${formatShare(after)} (${formatPoints(after - before)}).` +
      (closest
        ? ` The horizon whose recall without SMOTE is closest to the report's ${formatShare(refBefore, 0)} is ${closest.horizonDays} days ` +
          `(${formatShare(closest.churnRate)} churners, ${formatShare(closest.recallWithout)} → ${formatShare(closest.recallWith)}).` +
          (lowering.length
            ? ` Where churners are the majority (${lowering.map((h) => `${h.horizonDays} days: ${formatShare(h.churnRate)}`).join(', ')}), SMOTE oversamples the retained customers instead and lowers churn recall.`
            : '')
        : ''),
  );

  const shapClaim = recorder.claim('lifecycle.shap');
  const onRows = shapOnChartRows(report.shap.matrix);
  const dangerous = String(shapClaim.values.mostDangerous);
  const rankAll = report.shap.importance.findIndex((d) => d.feature === dangerous) + 1;
  const rankChart = onRows.importance.find((d) => d.feature === dangerous)?.rank ?? 0;
  if (rankAll === 0)
    throw new DataError(
      `invalid lifecycle.shap.values.mostDangerous: ${JSON.stringify(dangerous)} (not a model feature)`,
      {
        column: 'mostDangerous',
        value: dangerous,
      },
    );
  add(
    'lifecycle.shap',
    `F and M scores, purchase-interval irregularity ("most dangerous"), product breadth`,
    `top: ${report.shap.importance
      .slice(0, 3)
      .map((d) => d.feature)
      .join(', ')}; ${dangerous} ranks ${rankAll} of ${report.shap.importance.length}`,
    rankAll > 0 && rankAll <= 3,
    `Mean |SHAP| over the ${formatCount(report.model.split.test)} test customers ranks ${dangerous} ${rankAll} of ${report.shap.importance.length}; ` +
      `the SHAP chart ranks by the same numbers (on its sample of ${formatCount(onRows.rows)} customers alone it would rank ${rankChart}). ` +
      (rankAll > 3
        ? "So in this model interval irregularity is a weak signal, not the most dangerous one: the report's ranking comes from its own features and sample, and a strategy built on intervals should be tested before it is trusted."
        : 'It is among the top drivers here too.'),
  );

  const outputsClaim = recorder.claim('lifecycle.outputs');
  const files = outputsClaim.values.files;
  add(
    'lifecycle.outputs',
    Array.isArray(files) ? files.join(', ') : String(files),
    'output/rfm_for_bi.csv, output/churn_modelling_table.csv',
    true,
    'Written below, atomically (a temporary file renamed when complete), from the same report and churn dataset as the model.',
  );
  return recorder.comparisons;
}
