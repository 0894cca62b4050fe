/**
 * The UserBehavior report: the single source of every number the notebooks, CLI, charts and the
 * MySQL path show. Both `analyzeBehavior` (streaming engine) and `analyzeBehaviorSql` (MySQL/MariaDB)
 * return exactly this shape, so the two can be compared field by field.
 *
 * Conventions: all counts are exact integers; ratios are plain numbers in [0, 1] computed from those
 * counts by {@link assembleBehaviorReport} (lib/behavior/assemble.ts), shared by both engines; dates are `YYYY-MM-DD` at the
 * configured UTC offset; arrays are sorted (dates ascending, hours 0..23, categories by rank).
 *
 * Each insight's own types live in its module (pareto.ts, funnel.ts, retention.ts, hourly.ts,
 * rfm-segments.ts) and are re-exported here.
 */
import type { BehaviorEngagement } from './engagement';
import type { BehaviorFunnel, FunnelUsers } from './funnel';
import type { HourlyRow } from './hourly';
import type { BehaviorPareto, CategoryBuys } from './pareto';
import type { BehaviorRetention, RetentionCell } from './retention';
import type { BehaviorRfm, RfmCell } from './rfm-segments';

export type { BehaviorEngagement, EngagementDay, ReturningDay, Weekday } from './engagement';
export type { BehaviorFunnel, FunnelUsers } from './funnel';
export type { HourlyRow } from './hourly';
export type { BehaviorPareto, CategoryBuys, ParetoRow } from './pareto';
export type { BehaviorRetention, RetentionCell, RetentionCohort } from './retention';
export type { BehaviorRfm, RfmCell, RfmSegmentKey, RfmSegmentRow } from './rfm-segments';
export { RFM_SEGMENTS, REPORT_RFM_THRESHOLDS } from './rfm-segments';

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

/**
 * A count per reject reason, every reason present and 0: the one empty reject record. O(reasons).
 * @example emptyRejectCounts().outOfWindow // => 0
 */
export function emptyRejectCounts(): Record<RejectReason, number> {
  return Object.fromEntries(REJECT_REASONS.map((reason) => [reason, 0])) as Record<RejectReason, number>;
}

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

/** The line accounting of a read: every physical line is a header line, a kept row or a rejected line. */
export interface BehaviorLineCounts {
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
}

/** What the kept rows hold: distinct users, items and categories, and events per behaviour. */
export interface BehaviorDistinctCounts {
  users: number;
  items: number;
  categories: number;
  /** Kept events per behaviour. */
  events: Record<Behavior, number>;
}

export interface BehaviorOverview extends BehaviorLineCounts, BehaviorDistinctCounts {
  window: BehaviorWindow;
}

export interface DailyRow {
  date: string;
  pv: number;
  /** Distinct users with any event that day. */
  activeUsers: number;
  buys: number;
}

export interface BehaviorReport {
  overview: BehaviorOverview;
  daily: DailyRow[];
  hourly: HourlyRow[];
  pareto: BehaviorPareto;
  funnel: BehaviorFunnel;
  rfm: BehaviorRfm;
  retention: BehaviorRetention;
  /** Pages per user (window, day, active user-day) and returning users by calendar day (with weekdays). */
  engagement: BehaviorEngagement;
  /**
   * The original report's RFM view: fixed thresholds R <= 4 days, F >= 4 purchases
   * ({@link REPORT_RFM_THRESHOLDS}), whatever `rfmThresholds` the `rfm` field uses.
   */
  rfmReportView: BehaviorRfm;
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
export interface BehaviorSummary extends Omit<BehaviorLineCounts, 'rejected'>, BehaviorDistinctCounts {
  window: BehaviorWindow;
  /** One row per window day (zeros included), ascending. */
  daily: DailyRow[];
  /** One row per hour 0..23; `conversion` may be left 0 here, the assembly computes it. */
  hourly: HourlyRow[];
  /** Buy events per category, for categories with at least one buy (any order). */
  categoryBuys: CategoryBuys[];
  funnelUsers: FunnelUsers;
  /** Buyers grouped by (R = days from last buy date to the window's last day, F = buy events). */
  rfmHistogram: RfmCell[];
  /** Users by first active day index and day offset k: users of that cohort active on day first + k. */
  retentionMatrix: RetentionCell[];
}
