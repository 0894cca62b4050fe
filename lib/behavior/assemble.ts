/**
 * Turns the compact exact aggregates of a UserBehavior log ({@link BehaviorSummary}) into the full
 * {@link BehaviorReport}: Pareto ranking, k80, funnel rates, RFM thresholds and segments, hourly
 * conversion and retention cohorts. Pure and engine-neutral: the streaming engine and the SQL engine
 * both call it, so every ratio in the report is computed by this one piece of code.
 */
import { check, DataError } from '../errors';
import { checkOption, type OptionRange } from '../options';
import {
  BEHAVIORS,
  REJECT_REASONS,
  RFM_SEGMENTS,
  type BehaviorFunnel,
  type BehaviorPareto,
  type BehaviorReport,
  type BehaviorRetention,
  type BehaviorRfm,
  type BehaviorSummary,
  type HourlyRow,
  type ParetoRow,
  type RetentionCohort,
  type RfmSegmentKey,
  type RfmSegmentRow,
} from './types';

/** RFM thresholds in days (recency) and buys (frequency). */
const RFM_THRESHOLD_RANGE: OptionRange = { min: 0, max: 1_000_000 };

/** Options of {@link assembleBehaviorReport}. */
export interface AssembleBehaviorOptions {
  /**
   * Explicit RFM thresholds: recent <=> R <= recency, frequent <=> F >= frequency.
   * Default: dynamic, i.e. mean R and mean F over buyers (`thresholds.dynamic = true`).
   */
  rfmThresholds?: { recency: number; frequency: number };
  /** Keep at most this many reject samples (default 20). */
  maxRejectSamples?: number;
}

/** English and Chinese labels of the four RFM segments, as in the original report. */
export const RFM_SEGMENT_LABELS: Record<RfmSegmentKey, { label: string; labelZh: string }> = {
  recentFrequent: { label: 'important value customers', labelZh: '重要价值客户' },
  recentInfrequent: { label: 'important development customers', labelZh: '重要发展客户' },
  lapsedFrequent: { label: 'important retention customers', labelZh: '重要保持客户' },
  lapsedInfrequent: { label: 'important re-engagement customers', labelZh: '重要挽留客户' },
};

/** `numerator / denominator`, or 0 when the denominator is 0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Ranks categories by buys (desc; ties: smaller category id first), with shares, the cumulative share
 * curve (its last value is exactly 1: it is computed from cumulative integer counts) and k80 = the fewest
 * top categories whose buys reach at least 80% of all buys (tested exactly in integers: 5·cum >= 4·total).
 * Complexity O(c log c) for c categories.
 *
 * @example
 * paretoFromCategoryBuys([{categoryId: 7, buys: 1}, {categoryId: 3, buys: 8}, {categoryId: 5, buys: 1}]).k80
 * // => 2 (8 + 1 of 10 buys; category 5 ranks before 7)
 */
export function paretoFromCategoryBuys(
  categoryBuys: ReadonlyArray<{ categoryId: number; buys: number }>,
): BehaviorPareto {
  const sorted = categoryBuys
    .filter((row) => row.buys > 0)
    .map((row) => ({ categoryId: row.categoryId, buys: row.buys }))
    .sort((a, b) => b.buys - a.buys || a.categoryId - b.categoryId);
  let totalBuys = 0;
  for (const row of sorted) totalBuys += row.buys;
  const ranking: ParetoRow[] = [];
  let cumulative = 0;
  let k80 = 0;
  sorted.forEach((row, index) => {
    cumulative += row.buys;
    if (k80 === 0 && cumulative * 5 >= totalBuys * 4) k80 = index + 1;
    ranking.push({
      rank: index + 1,
      categoryId: row.categoryId,
      buys: row.buys,
      share: row.buys / totalBuys,
      cumulativeShare: cumulative / totalBuys,
    });
  });
  return {
    totalBuys,
    categoriesWithBuys: sorted.length,
    k80,
    share80: ratio(k80, sorted.length),
    ranking,
  };
}

function funnelFromSummary(summary: BehaviorSummary): BehaviorFunnel {
  const f = summary.funnelUsers;
  const pv = summary.events.pv;
  const interest = summary.events.fav + summary.events.cart;
  const buy = summary.events.buy;
  return {
    users: f.users,
    pvUsers: f.pvUsers,
    interestUsers: f.interestUsers,
    buyers: f.buyers,
    interestNoBuy: f.interestNoBuy,
    interestNoBuyShare: ratio(f.interestNoBuy, f.interestUsers),
    userConversion: ratio(f.buyers, f.users),
    events: { pv, interest, buy },
    eventRates: {
      pvToInterest: ratio(interest, pv),
      interestToBuy: ratio(buy, interest),
      pvToBuy: ratio(buy, pv),
    },
    userRates: {
      pvToInterest: ratio(f.interestUsers, f.pvUsers),
      interestToBuy: ratio(f.buyers, f.interestUsers),
      pvToBuy: ratio(f.buyers, f.pvUsers),
    },
  };
}

/**
 * RFM over buyers from the (R, F) histogram. Dynamic thresholds are the mean R and mean F over buyers.
 * Complexity O(h) for h histogram cells.
 */
function rfmFromHistogram(
  histogram: BehaviorSummary['rfmHistogram'],
  thresholds: AssembleBehaviorOptions['rfmThresholds'],
): BehaviorRfm {
  let buyers = 0;
  let totalBuys = 0;
  let recencySum = 0;
  for (const cell of histogram) {
    buyers += cell.users;
    totalBuys += cell.users * cell.frequency;
    recencySum += cell.users * cell.recency;
  }
  const meanRecency = ratio(recencySum, buyers);
  const meanFrequency = ratio(totalBuys, buyers);
  const recency = thresholds ? thresholds.recency : meanRecency;
  const frequency = thresholds ? thresholds.frequency : meanFrequency;
  const acc: Record<RfmSegmentKey, { users: number; buys: number }> = {
    recentFrequent: { users: 0, buys: 0 },
    recentInfrequent: { users: 0, buys: 0 },
    lapsedFrequent: { users: 0, buys: 0 },
    lapsedInfrequent: { users: 0, buys: 0 },
  };
  for (const cell of histogram) {
    const recent = cell.recency <= recency;
    const frequent = cell.frequency >= frequency;
    const key: RfmSegmentKey = recent
      ? frequent
        ? 'recentFrequent'
        : 'recentInfrequent'
      : frequent
        ? 'lapsedFrequent'
        : 'lapsedInfrequent';
    acc[key].users += cell.users;
    acc[key].buys += cell.users * cell.frequency;
  }
  const segments: RfmSegmentRow[] = RFM_SEGMENTS.map((segment) => ({
    segment,
    label: RFM_SEGMENT_LABELS[segment].label,
    labelZh: RFM_SEGMENT_LABELS[segment].labelZh,
    users: acc[segment].users,
    userShare: ratio(acc[segment].users, buyers),
    buys: acc[segment].buys,
    buyShare: ratio(acc[segment].buys, totalBuys),
    buysPerUser: ratio(acc[segment].buys, acc[segment].users),
  }));
  return {
    buyers,
    totalBuys,
    thresholds: { recency, frequency, dynamic: thresholds === undefined },
    meanRecency,
    meanFrequency,
    segments,
  };
}

/** Cohorts by first active day; `active[k]` for k = 0 .. (last window day − cohort day). */
function retentionFromMatrix(
  days: readonly string[],
  matrix: BehaviorSummary['retentionMatrix'],
): BehaviorRetention {
  const byCohort = new Map<number, number[]>();
  for (const cell of matrix) {
    check(
      Number.isInteger(cell.cohortDay) && cell.cohortDay >= 0 && cell.cohortDay < days.length,
      'retentionMatrix.cohortDay',
      cell.cohortDay,
    );
    check(
      Number.isInteger(cell.offset) && cell.offset >= 0 && cell.cohortDay + cell.offset < days.length,
      'retentionMatrix.offset',
      cell.offset,
    );
    let active = byCohort.get(cell.cohortDay);
    if (active === undefined) {
      active = new Array<number>(days.length - cell.cohortDay).fill(0);
      byCohort.set(cell.cohortDay, active);
    }
    active[cell.offset] = (active[cell.offset] ?? 0) + cell.users;
  }
  const cohorts: RetentionCohort[] = [...byCohort.entries()]
    .filter(([, active]) => (active[0] ?? 0) > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([cohortDay, active]) => {
      const users = active[0] ?? 0;
      return {
        date: days[cohortDay] ?? '',
        users,
        active,
        rate: active.map((count) => count / users),
      };
    });
  const first = days[0] ?? '';
  const headline = cohorts.find((cohort) => cohort.date === first) ?? {
    date: first,
    users: 0,
    active: [],
    rate: [],
  };
  return { cohorts, headline };
}

/**
 * Checks the assembly options (`rfmThresholds`, `maxRejectSamples`) without any data, so that callers can
 * refuse bad options before a long pass or any query.
 *
 * @throws {DataError} `invalid rfmThresholds.recency: NaN (expected a number from 0 to 1,000,000)`
 * @example
 * checkAssembleOptions({ rfmThresholds: { recency: 4, frequency: 4 } }) // => undefined
 */
export function checkAssembleOptions(options: AssembleBehaviorOptions = {}): void {
  if (typeof options !== 'object' || options === null)
    throw new DataError(`invalid options: ${JSON.stringify(options)} (expected an object)`);
  const { rfmThresholds, maxRejectSamples = 20 } = options;
  checkOption('maxRejectSamples', maxRejectSamples);
  if (rfmThresholds !== undefined) {
    if (typeof rfmThresholds !== 'object' || rfmThresholds === null)
      throw new DataError(
        `invalid rfmThresholds: ${JSON.stringify(rfmThresholds)} (expected { recency, frequency })`,
      );
    checkOption('rfmThresholds.recency', rfmThresholds.recency, RFM_THRESHOLD_RANGE);
    checkOption('rfmThresholds.frequency', rfmThresholds.frequency, RFM_THRESHOLD_RANGE);
  }
}

/**
 * Assembles the full UserBehavior report from its exact aggregates. Pure: the summary is not mutated.
 * The method: Pareto ranking (buys desc, ties by smaller category id), k80 and share80; funnel user and
 * event step rates; RFM segments with dynamic (mean R, mean F over buyers) or explicit thresholds;
 * hourly conversion = distinct buyers / distinct active users; retention cohorts by first active day.
 * See docs/behavior-engine.md for every definition. Complexity O(c log c + h + d²) for c categories,
 * h RFM histogram cells and d window days.
 *
 * @param summary exact aggregates from either engine (streaming or SQL).
 * @param options `rfmThresholds` (default dynamic) and `maxRejectSamples` (default 20).
 * @throws {DataError} `invalid rfmThresholds.recency: -1` for a negative or non-finite threshold, or an
 *   inconsistent summary (e.g. a retention cell outside the window).
 * @example
 * const report = assembleBehaviorReport(summary, { rfmThresholds: { recency: 4, frequency: 4 } });
 * report.rfm.segments[0].labelZh // => '重要价值客户'
 */
export function assembleBehaviorReport(
  summary: BehaviorSummary,
  options: AssembleBehaviorOptions = {},
): BehaviorReport {
  checkAssembleOptions(options);
  const { rfmThresholds, maxRejectSamples = 20 } = options;
  const rejectedByReason = Object.fromEntries(
    REJECT_REASONS.map((reason) => [reason, summary.rejectedByReason[reason] ?? 0]),
  ) as BehaviorSummary['rejectedByReason'];
  const rejected = REJECT_REASONS.reduce((sum, reason) => sum + rejectedByReason[reason], 0);
  const events = Object.fromEntries(
    BEHAVIORS.map((behavior) => [behavior, summary.events[behavior] ?? 0]),
  ) as BehaviorSummary['events'];
  const hourly: HourlyRow[] = summary.hourly.map((row) => ({
    hour: row.hour,
    pv: row.pv,
    activeUsers: row.activeUsers,
    buyers: row.buyers,
    buys: row.buys,
    conversion: ratio(row.buyers, row.activeUsers),
  }));
  return {
    overview: {
      linesRead: summary.linesRead,
      headerLines: summary.headerLines,
      rows: summary.rows,
      rejected,
      rejectedByReason,
      rejectSamples: summary.rejectSamples.slice(0, maxRejectSamples).map((sample) => ({ ...sample })),
      users: summary.users,
      items: summary.items,
      categories: summary.categories,
      events,
      window: { ...summary.window, days: [...summary.window.days] },
    },
    daily: summary.daily.map((row) => ({ ...row })),
    hourly,
    pareto: paretoFromCategoryBuys(summary.categoryBuys),
    funnel: funnelFromSummary(summary),
    rfm: rfmFromHistogram(summary.rfmHistogram, rfmThresholds),
    retention: retentionFromMatrix(summary.window.days, summary.retentionMatrix),
  };
}
