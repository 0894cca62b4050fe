/** The reports' story: claims as data, computed side-by-side comparisons, the lifecycle hand-offs. */
export * from './claims';
export * from './load-story-data';
export * from './behavior-story';
export * from './lifecycle-story';
export {
  engagementChart,
  horizonChart,
  monthlyRevenueChart,
  countryRevenueChart,
} from '../charts/story-charts';
