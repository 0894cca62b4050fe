export {
  BEHAVIORS,
  emptyRejectCounts,
  REJECT_REASONS,
  type Behavior,
  type BehaviorOverview,
  type BehaviorReport,
  type BehaviorSummary,
  type BehaviorWindow,
  type DailyRow,
  type ProgressCallback,
  type RejectReason,
  type RejectSample,
} from './types';
export {
  DAY_SECONDS,
  dayHourOf,
  HOUR_SECONDS,
  MAX_WINDOW_DAYS,
  parseUtcOffset,
  resolveBehaviorWindow,
  type BehaviorWindowOptions,
} from './window';
export { assembleBehaviorReport, type AssembleBehaviorOptions } from './assemble';
export { behaviorAccumulator, type BehaviorState, type BehaviorStateValue } from './accumulator';
export {
  analyzeBehavior,
  summarizeBehavior,
  type AnalyzeBehaviorOptions,
  type QueryReport,
  type QuerySummary,
} from './analyze';
export {
  weekdayOfDate,
  type BehaviorEngagement,
  type EngagementDay,
  type ReturningDay,
  type Weekday,
} from './engagement';
export type { BehaviorFunnel, FunnelUsers } from './funnel';
export type { HourlyRow } from './hourly';
export { paretoFromCategoryBuys, type BehaviorPareto, type CategoryBuys, type ParetoRow } from './pareto';
export type { BehaviorRetention, RetentionCell, RetentionCohort } from './retention';
export {
  REPORT_RFM_THRESHOLDS,
  RFM_SEGMENT_LABELS,
  RFM_SEGMENTS,
  type BehaviorRfm,
  type RfmCell,
  type RfmSegmentKey,
  type RfmSegmentRow,
} from './rfm-segments';
