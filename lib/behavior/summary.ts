/**
 * What every pass of `summarizeBehavior` ends with, from the CSV or from the columnar cache: the merged state
 * read into a {@link BehaviorSummary} with its query info, the optional breakdown, and progress summed over
 * several tasks. One place, so both paths give byte-identical summaries.
 */
import { check } from '../errors';
import type { BehaviorReadStats } from '../io/behavior-parser';
import {
  breakdownMerge,
  breakdownValue,
  type BreakdownState,
  type CategoryBreakdown,
} from '../query/breakdown';
import type { QueryInfo } from '../query/types';
import { behaviorAccumulator, type BehaviorState } from './accumulator';
import type { BehaviorSummary, BehaviorWindow, ProgressCallback } from './types';

/** A summary plus how it was asked (filter, filtered-out rows, cache). */
export type QuerySummary = BehaviorSummary & { query: QueryInfo; breakdown?: CategoryBreakdown };

/**
 * Sums the progress of several tasks into one {@link ProgressCallback} call. O(tasks) per call.
 * @example
 * const calls: unknown[] = [];
 * progressSummer(2, 100, (p) => calls.push(p))(1, 40, 7);
 * calls // => [{ bytesDone: 40, bytesTotal: 100, rows: 7 }]
 */
export function progressSummer(
  tasks: number,
  bytesTotal: number,
  onProgress: ProgressCallback | undefined,
): (index: number, bytes: number, rows: number) => void {
  const bytesDone = new Array<number>(tasks).fill(0);
  const rowsDone = new Array<number>(tasks).fill(0);
  return (index, bytes, rows) => {
    bytesDone[index] = bytes;
    rowsDone[index] = rows;
    onProgress?.({
      bytesDone: bytesDone.reduce((a, b) => a + b, 0),
      bytesTotal,
      rows: rowsDone.reduce((a, b) => a + b, 0),
    });
  };
}

/**
 * The `breakdown` option as `undefined` (no breakdown) or the top N (0 = every category). O(1).
 * @throws {DataError} for a bad value.
 * @example breakdownOption({ top: 10 }) // => 10
 */
export function breakdownOption(value: boolean | { top: number } | undefined): number | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return 0;
  const top = (value as { top?: unknown } | null)?.top;
  check(
    typeof top === 'number' && Number.isInteger(top) && top >= 1,
    'breakdown.top',
    top,
    'expected an integer >= 1 (or breakdown: true for every category)',
  );
  return top;
}

/** The merged breakdown of several tasks' states, when asked (`top` from {@link breakdownOption}). */
export function breakdownOf(
  results: Array<{ breakdown?: BreakdownState }>,
  top: number | undefined,
): CategoryBreakdown | undefined {
  if (top === undefined) return undefined;
  const state = results[0]!.breakdown!;
  for (const result of results.slice(1)) breakdownMerge(state, result.breakdown!);
  return breakdownValue(state, top);
}

/**
 * Reads the merged state into a summary with the reader's line accounting and the query info; checks that
 * kept + filtered rows equal the clean rows read. O(users · days).
 */
export function summaryOf(
  state: BehaviorState,
  stats: BehaviorReadStats,
  window: BehaviorWindow,
  breakdown: CategoryBreakdown | undefined,
  query: QueryInfo,
): QuerySummary {
  const value = behaviorAccumulator.value(state, window.days);
  if (value.rows + query.filteredOut !== stats.rows)
    throw new Error(
      `internal: state rows ${value.rows} + filtered ${query.filteredOut} != reader rows ${stats.rows}`,
    );
  return {
    window,
    linesRead: stats.linesRead,
    headerLines: stats.headerLines,
    rows: value.rows,
    rejectedByReason: stats.rejectedByReason,
    rejectSamples: stats.rejectSamples,
    users: value.users,
    items: value.items,
    categories: value.categories,
    events: value.events,
    daily: value.daily,
    hourly: value.hourly,
    categoryBuys: value.categoryBuys,
    funnelUsers: value.funnelUsers,
    rfmHistogram: value.rfmHistogram,
    retentionMatrix: value.retentionMatrix,
    query,
    ...(breakdown ? { breakdown } : {}),
  };
}
