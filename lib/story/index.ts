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
export {
  behaviorStory,
  type BehaviorStory,
  type BehaviorStoryOptions,
  type ClaimComparison,
} from './behavior-story';
export {
  atRiskCustomers,
  churnHorizonSensitivity,
  exploreRetail,
  lifecycleStory,
  modellingTableCsv,
  rfmTableCsv,
  shapOnChartRows,
  toCsv,
  type AtRiskCustomer,
  type CleanRetailLines,
  type HorizonOptions,
  type HorizonRow,
  type LifecycleStoryOptions,
  type Quantiles,
  type RetailExploration,
  type ShapOnRows,
} from './lifecycle-story';
export {
  countryRevenueChart,
  engagementChart,
  horizonChart,
  monthlyRevenueChart,
} from '../charts/story-charts';
