import { churnRocCurves } from './churn-roc';
import type { BehaviorReport } from '../behavior/types';
import type { BeeswarmPoint } from '../explain/linear-shap';
import type { RetailReport } from '../lifecycle/types';
import { confusionChart } from './confusion-chart';
import type { Figure } from './figure';
import { funnelChart } from './funnel-chart';
import { hourlyChart } from './hourly-chart';
import { ltvChart } from './ltv-chart';
import { paretoChart } from './pareto-chart';
import { cohortHeatmapChart, retentionChart } from './retention-chart';
import { rfmCustomersChart, rfmOrdersChart } from './rfm-chart';
import { rocChart, type RocCurveInput } from './roc-chart';
import { type CustomerPoint } from './segment-charts';
import { shapSummaryChart, type ShapSummaryInput } from './shap-chart';

/**
 * Turns beeswarm dots (`{feature, row, value, phi}`, as from `shapBeeswarm`) into the rows × features
 * input of {@link shapSummaryChart}. Features keep their first-appearance order; rows are the distinct `row`s.
 *
 * Complexity: O(points).
 * @param points - Beeswarm dots.
 * @returns SHAP values and feature values, rows × features.
 * @example
 * shapInputFromBeeswarm([{ feature: 'recency', row: 0, value: 30, phi: 0.2 }]).values
 * // => [[0.2]]
 */
export function shapInputFromBeeswarm(points: readonly BeeswarmPoint[]): ShapSummaryInput {
  const features: string[] = [];
  const featureIndex = new Map<string, number>();
  const rowIndex = new Map<number, number>();
  for (const point of points) {
    if (!featureIndex.has(point.feature)) {
      featureIndex.set(point.feature, features.length);
      features.push(point.feature);
    }
    if (!rowIndex.has(point.row)) rowIndex.set(point.row, rowIndex.size);
  }
  const values = Array.from(rowIndex, () => new Array<number>(features.length).fill(Number.NaN));
  const featureValues = Array.from(rowIndex, () => new Array<number>(features.length).fill(Number.NaN));
  for (const point of points) {
    const r = rowIndex.get(point.row)!;
    const j = featureIndex.get(point.feature)!;
    values[r]![j] = point.phi;
    featureValues[r]![j] = point.value;
  }
  return { featureNames: features, values, featureValues };
}

/**
 * The SHAP summary of a retail report, ranked and labelled exactly as the report's `shap.importance` (mean |SHAP| over
 * every test customer, the list a notebook's text names drivers from), with the beeswarm dots of the report's sample
 * of test customers (`shap.matrix`, the first `beeswarmRows` test rows); both counts are stated on the axes, and
 * the rows carry reader-facing feature names ({@link featureLabel}).
 *
 * Complexity: O(matrix cells).
 * @param report - A retail report.
 * @returns The figure.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * retailShapChart(report).layout.yaxis.title.text
 * // => 'Feature (mean |SHAP| over 1,011 test customers)'
 */
export function retailShapChart(report: RetailReport): Figure {
  return shapSummaryChart(report.shap.matrix, {
    importance: report.shap.importance,
    importanceRows: report.model.split.test,
  });
}

/** The README figures of the behaviour report, by image name. */
export interface BehaviorFigures {
  pareto: Figure;
  funnel: Figure;
  rfm_customers: Figure;
  rfm_orders: Figure;
  retention: Figure;
  hourly: Figure;
}

/**
 * Every behaviour figure of the README, keyed by image name (`pareto`, `funnel`, `rfm_customers`, `rfm_orders`,
 * `retention`, `hourly`). The retention figure is the curve + heatmap pair, or the heatmap alone when no user was
 * active on the window's first day.
 *
 * Complexity: O(categories + cohorts × days).
 * @param report - A behaviour report.
 * @returns The figures.
 * @throws DataError as the single builders do (e.g. no purchases at all).
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * Object.keys(behaviorFigures(report))
 * // => ['pareto', 'funnel', 'rfm_customers', 'rfm_orders', 'retention', 'hourly']
 */
export function behaviorFigures(report: BehaviorReport): BehaviorFigures {
  return {
    pareto: paretoChart(report.pareto),
    funnel: funnelChart(report.funnel),
    rfm_customers: rfmCustomersChart(report.rfm),
    rfm_orders: rfmOrdersChart(report.rfm),
    retention:
      report.retention.headline.users > 0
        ? retentionChart(report.retention)
        : cohortHeatmapChart(report.retention),
    hourly: hourlyChart(report.hourly),
  };
}

/** The README figures of the retail report, by image name. */
export interface RetailFigures {
  ltv: Figure;
  confusion: Figure;
  roc: Figure;
  shap_summary: Figure;
}

/**
 * Every retail figure of the README, keyed by image name (`ltv`, `confusion`, `roc`, `shap_summary`).
 *
 * Complexity: O(segments + beeswarm points + ROC points).
 * @param report - A retail report.
 * @param rocCurves - The ROC curves; default: the report's own (see {@link churnRocCurves}).
 * @returns The figures.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * Object.keys(retailFigures(report))
 * // => ['ltv', 'confusion', 'roc', 'shap_summary']
 */
export function retailFigures(
  report: RetailReport,
  rocCurves: readonly RocCurveInput[] = churnRocCurves(report),
): RetailFigures {
  return {
    ltv: ltvChart(report.ltv.segments),
    confusion: confusionChart([
      { title: 'Before SMOTE', counts: report.model.withoutSmote.metrics.confusion },
      { title: 'After SMOTE', counts: report.model.withSmote.metrics.confusion },
    ]),
    roc: rocChart(rocCurves),
    shap_summary: retailShapChart(report),
  };
}

/**
 * The dashboard's per-customer points from a retail report (segment labels from its segment table).
 *
 * Complexity: O(customers).
 * @param report - A retail report.
 * @returns One point per customer, in the report's order.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * customerPoints(report)[0].segmentLabel
 * // => 'Important re-engagement'
 */
export function customerPoints(report: RetailReport): CustomerPoint[] {
  const labels = new Map(report.rfm.segments.map((row) => [row.segment as string, row.label]));
  return report.customers.map((row) => ({
    customerId: row.customerId,
    recency: row.recency,
    frequency: row.frequency,
    monetary: row.monetary,
    rScore: row.rScore,
    fScore: row.fScore,
    mScore: row.mScore,
    segment: row.segment,
    segmentLabel: labels.get(row.segment) ?? row.segment,
    ltv: row.ltv,
    churnProbability: row.churnProbability,
    clv: row.clv,
  }));
}
