export { FONT_FAMILY, type ChartOptions, type Figure, type Layout, type Trace } from './figure';
export { paretoChart } from './pareto-chart';
export { funnelChart, type FunnelChartOptions } from './funnel-chart';
export { rfmCustomersChart, rfmOrdersChart } from './rfm-chart';
export { cohortHeatmapChart, retentionChart, retentionCurveChart } from './retention-chart';
export { hourlyChart } from './hourly-chart';
export { ltvChart } from './ltv-chart';
export { confusionChart, type ConfusionCounts, type ConfusionPanel } from './confusion-chart';
export { rocChart, type RocCurveInput } from './roc-chart';
export {
  FEATURE_LABELS,
  featureLabel,
  shapSummaryChart,
  type ShapSummaryInput,
  type ShapSummaryOptions,
} from './shap-chart';
export {
  rfmMatrixChart,
  segmentCustomersChart,
  segmentValueChart,
  type CustomerPoint,
  type SegmentChartOptions,
} from './segment-charts';
export {
  behaviorFigures,
  customerPoints,
  retailFigures,
  retailShapChart,
  shapInputFromBeeswarm,
  type BehaviorFigures,
  type RetailFigures,
} from './report-figures';
export { churnRocCurves } from './churn-roc';
