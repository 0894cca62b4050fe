/**
 * The UserBehavior report: the single source of every number the notebooks, CLI, charts and the
 * MySQL path show. Both `analyzeBehavior` (streaming engine) and `analyzeBehaviorSql` (MySQL/MariaDB)
 * return exactly this shape, so the two can be compared field by field.
 *
 * Conventions: all counts are exact integers; ratios are plain numbers in [0, 1] computed from those
 * counts by {@link assembleBehaviorReport} (lib/behavior/assemble.ts), shared by both engines; dates are `YYYY-MM-DD` at the
 * configured UTC offset; arrays are sorted (dates ascending, hours 0..23, categories by rank).
 */

/** The four behaviour types, in the code order used by typed columns (0..3). */
export const BEHAVIORS = ['pv', 'fav', 'cart', 'buy'] as const;
export type Behavior = (typeof BEHAVIORS)[number];

/** Why a line was rejected. Every line read is either kept or rejected for exactly one reason. */
export const REJECT_REASONS = [
  'blank',
  'fieldCount',
  'badInteger',
  'unknownBehavior',
  'outOfWindow',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** One rejected line, as read (without its line terminator). */
export interface RejectSample {
  /** 1-based physical line number in the file (the header, if any, is line 1). */
  line: number;
  reason: RejectReason;
  /** The line's text, cut to at most 200 characters. */
  text: string;
}

/** The analysis window: whole days `from`..`to` inclusive at `utcOffset`. */
export interface BehaviorWindow {
  /** First day, `YYYY-MM-DD`. Default `2017-11-25`. */
  from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. Default `2017-12-03`. */
  to: string;
  /** UTC offset such as `+08:00`. Default `+08:00` (Beijing). */
  utcOffset: string;
  /** Every day of the window, ascending. */
  days: string[];
  /** First second inside the window (unix seconds, inclusive). */
  startSeconds: number;
  /** First second after the window (unix seconds, exclusive). */
  endSeconds: number;
}

export interface BehaviorOverview {
  /** Physical lines read, header included (a file ending without a newline still counts its last line). */
  linesRead: number;
  /** 1 when a header line was detected and skipped, else 0. Not counted as kept or rejected. */
  headerLines: number;
  /** Kept rows. `linesRead = headerLines + rows + rejected`. */
  rows: number;
  /** Rejected lines. */
  rejected: number;
  /** Rejected lines per reason (every reason present, zeros included). */
  rejectedByReason: Record<RejectReason, number>;
  /** The first `maxRejectSamples` (default 20) rejected lines in file order. */
  rejectSamples: RejectSample[];
  /** Distinct users, items and categories among kept rows. */
  users: number;
  items: number;
  categories: number;
  /** Kept events per behaviour. */
  events: Record<Behavior, number>;
  window: BehaviorWindow;
}

export interface DailyRow {
  date: string;
  pv: number;
  /** Distinct users with any event that day. */
  activeUsers: number;
  buys: number;
}

export interface HourlyRow {
  /** Hour of day 0..23 at the window's UTC offset, all days together. */
  hour: number;
  pv: number;
  /** Distinct users with any event in that hour (of any day). */
  activeUsers: number;
  /** Distinct users with a buy in that hour (of any day). */
  buyers: number;
  buys: number;
  /** buyers / activeUsers (0 when no active users). */
  conversion: number;
}

export interface ParetoRow {
  rank: number;
  categoryId: number;
  buys: number;
  /** buys / totalBuys. */
  share: number;
  /** Sum of `share` over ranks 1..rank; the last row is exactly 1. */
  cumulativeShare: number;
}

export interface BehaviorPareto {
  totalBuys: number;
  /** Categories with at least one buy. */
  categoriesWithBuys: number;
  /** Fewest top categories whose buys reach at least 80% of all buys (0 when there are no buys). */
  k80: number;
  /** k80 / categoriesWithBuys (0 when there are no buys). */
  share80: number;
  /** Every category with a buy, ranked by buys desc, ties by smaller category id first. */
  ranking: ParetoRow[];
}

export interface BehaviorFunnel {
  users: number;
  /** Users with at least one pv. */
  pvUsers: number;
  /** Users with at least one fav or cart. */
  interestUsers: number;
  /** Users with at least one buy. */
  buyers: number;
  /** Interest users who never bought. */
  interestNoBuy: number;
  /** interestNoBuy / interestUsers. */
  interestNoBuyShare: number;
  /** buyers / users (the report's "UV conversion"). */
  userConversion: number;
  /** Event counts per step: pv, fav + cart, buy. */
  events: { pv: number; interest: number; buy: number };
  /** Step rates between event counts: interest / pv, buy / interest, buy / pv. */
  eventRates: { pvToInterest: number; interestToBuy: number; pvToBuy: number };
  /** Step rates between user counts: interestUsers / pvUsers, buyers / interestUsers... */
  userRates: { pvToInterest: number; interestToBuy: number; pvToBuy: number };
}

export const RFM_SEGMENTS = [
  'recentFrequent',
  'recentInfrequent',
  'lapsedFrequent',
  'lapsedInfrequent',
] as const;
export type RfmSegmentKey = (typeof RFM_SEGMENTS)[number];

export interface RfmSegmentRow {
  segment: RfmSegmentKey;
  /** English label from the report: important value / development / retention / re-engagement customers. */
  label: string;
  /** Chinese label from the report (重要价值客户 ...). */
  labelZh: string;
  users: number;
  /** users / buyers. */
  userShare: number;
  buys: number;
  /** buys / totalBuys. */
  buyShare: number;
  /** buys / users (0 for an empty segment). */
  buysPerUser: number;
}

export interface BehaviorRfm {
  buyers: number;
  totalBuys: number;
  /** recent <=> R <= recency; frequent <=> F >= frequency. */
  thresholds: { recency: number; frequency: number; dynamic: boolean };
  /** Mean R and mean F over buyers (the dynamic defaults). */
  meanRecency: number;
  meanFrequency: number;
  /** Always the four segments, in RFM_SEGMENTS order. */
  segments: RfmSegmentRow[];
}

export interface RetentionCohort {
  /** First active date of the cohort's users. */
  date: string;
  users: number;
  /** active[k] = cohort users active on date + k days, for k = 0 .. last window day. active[0] = users. */
  active: number[];
  /** active[k] / users. rate[0] = 1. */
  rate: number[];
}

export interface BehaviorRetention {
  /** Every cohort with at least one user, by date. */
  cohorts: RetentionCohort[];
  /** The first window day's cohort (empty arrays when no user was active that day). */
  headline: RetentionCohort;
}

export interface BehaviorReport {
  overview: BehaviorOverview;
  daily: DailyRow[];
  hourly: HourlyRow[];
  pareto: BehaviorPareto;
  funnel: BehaviorFunnel;
  rfm: BehaviorRfm;
  retention: BehaviorRetention;
}

/**
 * Progress callback, called after each block read (4 MiB; with several workers, after any worker's block):
 * `bytesDone` of `bytesTotal` = the file's size on disk (for gzip both count compressed bytes), and the rows
 * kept so far. The last call has `bytesDone === bytesTotal` (an empty file gets no call).
 */
export type ProgressCallback = (progress: { bytesDone: number; bytesTotal: number; rows: number }) => void;

/**
 * The compact, exact aggregates from which a {@link BehaviorReport} is assembled. Both engines (the
 * streaming one and the SQL one) compute this independently; one shared, pure `assembleBehaviorReport`
 * turns it into the report (ranks, ratios, thresholds), so every ratio is computed by the same code.
 * Its size grows with days, hours and categories, never with rows or users.
 */
export interface BehaviorSummary {
  window: BehaviorWindow;
  linesRead: number;
  headerLines: number;
  rows: number;
  rejectedByReason: Record<RejectReason, number>;
  rejectSamples: RejectSample[];
  users: number;
  items: number;
  categories: number;
  events: Record<Behavior, number>;
  /** One row per window day (zeros included), ascending. */
  daily: DailyRow[];
  /** One row per hour 0..23; `conversion` may be left 0 here, the assembly computes it. */
  hourly: HourlyRow[];
  /** Buy events per category, for categories with at least one buy (any order). */
  categoryBuys: Array<{ categoryId: number; buys: number }>;
  funnelUsers: {
    users: number;
    pvUsers: number;
    interestUsers: number;
    buyers: number;
    interestNoBuy: number;
  };
  /** Buyers grouped by (R = days from last buy date to the window's last day, F = buy events). */
  rfmHistogram: Array<{ recency: number; frequency: number; users: number }>;
  /** Users by first active day index and day offset k: users of that cohort active on day first + k. */
  retentionMatrix: Array<{ cohortDay: number; offset: number; users: number }>;
}
