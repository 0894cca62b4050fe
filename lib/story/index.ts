/** The reports' story: claims as data, computed side-by-side comparisons, the lifecycle hand-offs. */
export {
  claimNumber,
  claimOf,
  claimSource,
  parseReportClaims,
  type ClaimValue,
  type ReportClaim,
  type ReportClaims,
} from './claims';
export {
  loadFullLogAggregates,
  loadReportClaims,
  type FullLogAggregates,
  type FullLogDay,
} from './load-story-data';
export { behaviorStory, type BehaviorStory, type BehaviorStoryOptions } from './behavior-story';
export { claimTable, type ClaimComparison, type ClaimTableRow } from './comparisons';
export {
  churnHorizonSensitivity,
  type CleanRetailLines,
  type HorizonOptions,
  type HorizonRow,
} from './churn-horizons';
export { modellingTableCsv, rfmTableCsv, toCsv } from './csv';
export { exploreRetail, type Quantiles, type RetailExploration } from './explore-retail';
export {
  atRiskCustomers,
  lifecycleStory,
  shapOnChartRows,
  type AtRiskCustomer,
  type LifecycleStoryOptions,
  type ShapOnRows,
} from './lifecycle-story';
export {
  countryRevenueChart,
  engagementChart,
  horizonChart,
  monthlyRevenueChart,
} from '../charts/story-charts';
