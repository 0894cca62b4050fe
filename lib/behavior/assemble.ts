/**
 * Turns the compact exact aggregates of a UserBehavior log ({@link BehaviorSummary}) into the full
 * {@link BehaviorReport}: the overview here, and each insight by its own module's assembly (pareto.ts,
 * funnel.ts, rfm-segments.ts, hourly.ts, retention.ts). Pure and engine-neutral: the streaming engine and
 * the SQL engine both call it, so every ratio in the report is computed by this one piece of code.
 */
import { DataError } from '../errors';
import { checkOption, type OptionRange } from '../options';
import { assembleEngagement } from './engagement';
import { assembleFunnel } from './funnel';
import { hourlyConversion } from './hourly';
import { paretoFromCategoryBuys } from './pareto';
import { assembleRetention } from './retention';
import { assembleRfm, REPORT_RFM_THRESHOLDS } from './rfm-segments';
import { BEHAVIORS, REJECT_REASONS, type BehaviorReport, type BehaviorSummary } from './types';

export { paretoFromCategoryBuys } from './pareto';
export { RFM_SEGMENT_LABELS } from './rfm-segments';

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

/**
 * Checks the assembly options at the boundary, before any work (so `analyzeBehavior` can fail before its
 * long pass). O(1).
 * @throws {DataError} `invalid rfmThresholds.recency: -1`, `invalid maxRejectSamples: 1.5`.
 * @example checkAssembleOptions({ rfmThresholds: { recency: 4, frequency: 4 } }) // => undefined (no error)
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
 * const summary = await summarizeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * const report = assembleBehaviorReport(summary, { rfmThresholds: { recency: 4, frequency: 4 } });
 * report.rfm.segments[0].labelZh // => '重要价值客户'
 * report.rfm.segments[0].users // => 7
 */
export function assembleBehaviorReport(
  summary: BehaviorSummary,
  { rfmThresholds, maxRejectSamples = 20 }: AssembleBehaviorOptions = {},
): BehaviorReport {
  checkAssembleOptions({ rfmThresholds, maxRejectSamples });
  const rejectedByReason = Object.fromEntries(
    REJECT_REASONS.map((reason) => [reason, summary.rejectedByReason[reason] ?? 0]),
  ) as BehaviorSummary['rejectedByReason'];
  const rejected = REJECT_REASONS.reduce((sum, reason) => sum + rejectedByReason[reason], 0);
  const events = Object.fromEntries(
    BEHAVIORS.map((behavior) => [behavior, summary.events[behavior] ?? 0]),
  ) as BehaviorSummary['events'];
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
    hourly: hourlyConversion(summary.hourly),
    pareto: paretoFromCategoryBuys(summary.categoryBuys),
    funnel: assembleFunnel(summary.funnelUsers, events),
    rfm: assembleRfm(summary.rfmHistogram, rfmThresholds),
    retention: assembleRetention(summary.window.days, summary.retentionMatrix),
    engagement: assembleEngagement(
      summary.window.days,
      events.pv,
      summary.users,
      summary.daily,
      summary.retentionMatrix,
    ),
    rfmReportView: assembleRfm(summary.rfmHistogram, REPORT_RFM_THRESHOLDS),
  };
}
