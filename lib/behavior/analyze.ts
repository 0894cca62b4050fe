/**
 * `analyzeBehavior`: the streaming UserBehavior engine. One pass over the file (plain or gzip), exact
 * integer counts, memory bounded by distinct users/items/categories, optionally on several worker threads
 * over line-aligned byte ranges whose partial states are merged in the main thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../errors';
import { checkCallback, checkOption, checkOptionsObject, checkStringOption } from '../options';
import { assertBehaviorFormat, type BehaviorReadStats, type HeaderMode } from '../io/behavior-parser';
import {
  probeBehaviorFile,
  readBehaviorChunks,
  splitBehaviorRanges,
  type BehaviorFileInfo,
} from '../io/load-behavior';
import { resolveReaderOptions, type ResolvedReaderOptions } from '../io/reader-options';
import { RejectsWriter } from '../io/rejects-writer';
import { tempPathFor } from '../io/atomic-output';
import { behaviorAccumulator, type BehaviorState } from './accumulator';
import { analyzeBehaviorRange, type BehaviorRangeResult, type BehaviorRangeTask } from './analyze-range';
import { assembleBehaviorReport, checkAssembleOptions, type AssembleBehaviorOptions } from './assemble';
import { runRangeWorkers } from './range-workers';
import { breakdownOf, breakdownOption, progressSummer, summaryOf, type QuerySummary } from './summary';
import { emptyRejectCounts, REJECT_REASONS, type BehaviorReport, type ProgressCallback } from './types';
import type { BehaviorWindowOptions } from './window';
import { cacheDirectory, cacheKeyOf, describeSource, openCache, startCacheWrite } from '../query/cache';
import { commitCacheWrite, summarizeFromCache, type CacheWrite } from '../query/cache-pass';
import { CACHE_BLOCK_ROWS } from '../query/cache-format';
import { abortError } from '../query/run-workers';
import {
  collectUsers,
  idFilter,
  resolveWhere,
  whereIsEmpty,
  type BehaviorWhere,
  type CompiledWhere,
  type IdFilter,
} from '../query/where';
import type { QueryCacheInfo, QueryInfo } from '../query/types';
import type { CategoryBreakdown } from '../query/breakdown';

export type { QuerySummary } from './summary';

/** Options of {@link analyzeBehavior}. */
export interface AnalyzeBehaviorOptions extends BehaviorWindowOptions {
  /** Explicit RFM thresholds `{recency, frequency}`. Default: dynamic (mean R, mean F over buyers). */
  rfmThresholds?: AssembleBehaviorOptions['rfmThresholds'];
  /** Reject samples kept in the report. Default 20. */
  maxRejectSamples?: number;
  /** Write every rejected line to this file (`line<TAB>reason<TAB>text`, global line numbers). */
  rejectsPath?: string;
  /** Progress callback (bytes done of the file size; compressed bytes for gzip). */
  onProgress?: ProgressCallback;
  /**
   * Worker threads. Default: min(2, os.availableParallelism()) for plain files of at least 16 MiB, else 1
   * (in the calling thread). A gzip file always uses 1: a deflate stream cannot be entered mid-way.
   */
  workers?: number;
  /** Rows per parsed chunk. Default 65,536. Does not change any result. */
  chunkRows?: number;
  /** Header handling: `'auto'` (default), `true` or `false`. */
  header?: HeaderMode;
  /** Analyse only the rows this filter keeps (lib/query/where.ts). Default: every row. */
  where?: BehaviorWhere;
  /**
   * Read the file's columnar cache when it is valid, else parse the CSV and write the cache (README "Columnar
   * cache"). Default false. A pass with `rejectsPath` always reads the CSV (the cache holds clean rows only).
   */
  cache?: boolean;
  /** Rows per block of a cache being written. Default 1,048,576. Does not change any result. */
  cacheBlockRows?: number;
  /** Where caches live. Default: `.ecomlab-cache` beside the file. */
  cacheDir?: string;
  /** Cancels the pass: workers are terminated and the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /**
   * Also compute the per-category breakdown in the same pass (`report.breakdown`): `true` for every category,
   * `{ top: N }` for the N categories with the most events. Default off.
   */
  breakdown?: boolean | { top: number };
}

/**
 * A report plus, when it was asked with `where` or `cache`, how: the filter, the rows it left out, the cache
 * used. Without either option the report has no `query` field (exactly the plain report).
 */
export type QueryReport = BehaviorReport & { query?: QueryInfo; breakdown?: CategoryBreakdown };

/** Plain files smaller than this use one worker unless `workers` is given. */
export const AUTO_WORKERS_MIN_BYTES = 16 << 20;

/** What every range task of a pass shares beyond the reader options: the filter and the cache folder. */
interface RangeExtras {
  where?: CompiledWhere;
  usersWho?: IdFilter;
  /** Temporary cache folder: each range writes its clean rows to `part-<i>.bin` there. */
  cacheTmp?: string;
  cacheBlockRows?: number;
  /** Compute the per-category breakdown. */
  breakdown?: boolean;
}

/** Phase 1: one task per line-aligned byte range (one range for gzip, small files or one worker). */
async function planRanges(
  file: string,
  info: BehaviorFileInfo,
  resolved: ResolvedReaderOptions,
  workers: number | undefined,
  { where, usersWho, cacheTmp, cacheBlockRows, breakdown }: RangeExtras,
): Promise<{ tasks: BehaviorRangeTask[]; rejectParts: boolean }> {
  const { window, chunkRows, header, maxRejectSamples, rejectsPath } = resolved;
  let workerCount =
    workers ?? (info.size >= AUTO_WORKERS_MIN_BYTES ? Math.min(2, os.availableParallelism()) : 1);
  if (info.compression === 'gzip') workerCount = 1;
  const ranges: Array<[number, number | undefined]> =
    workerCount > 1 ? await splitBehaviorRanges(file, workerCount) : [[0, undefined]];
  if (ranges.length === 0) ranges.push([0, undefined]);
  const rejectParts = rejectsPath !== undefined && ranges.length > 1;
  // Part files get names unique to this run (two runs writing the same rejects path never share a part).
  const partBase = rejectParts ? tempPathFor(rejectsPath) : '';
  const tasks: BehaviorRangeTask[] = ranges.map(([start, end], index) => ({
    info,
    start,
    end,
    window: { startSeconds: window.startSeconds, endSeconds: window.endSeconds, days: window.days },
    chunkRows,
    header,
    maxRejectSamples,
    rejectsPath:
      rejectsPath === undefined ? undefined : rejectParts ? `${partBase}.part${index}` : rejectsPath,
    rejectsHeader: !rejectParts,
    where,
    usersWho,
    cachePart: cacheTmp !== undefined ? path.join(cacheTmp, `part-${index}.bin`) : undefined,
    cacheBlockRows,
    breakdown,
  }));
  return { tasks, rejectParts };
}

/** Phase 2: runs the tasks (in this thread for one, on worker threads for several or when cancellable). */
async function runRanges(
  info: BehaviorFileInfo,
  tasks: BehaviorRangeTask[],
  onProgress: ProgressCallback | undefined,
  signal: AbortSignal | undefined,
): Promise<BehaviorRangeResult[]> {
  const progress = progressSummer(tasks.length, info.size, onProgress);
  return tasks.length === 1 && signal === undefined
    ? [await analyzeBehaviorRange(tasks[0]!, (bytes, rows) => progress(0, bytes, rows))]
    : await runRangeWorkers(tasks, progress, signal);
}

/**
 * Phase 3: merges the ranges' states and line accounting in range order, shifting each range's local line
 * numbers by the lines of the ranges before it. Also returns each range's line offset and the rows the
 * filter left out.
 */
function mergeRanges(
  results: BehaviorRangeResult[],
  maxRejectSamples: number,
): { state: BehaviorState; stats: BehaviorReadStats; lineOffsets: number[]; filteredOut: number } {
  const state = results[0]!.state;
  for (const result of results.slice(1)) behaviorAccumulator.merge(state, result.state);
  const stats: BehaviorReadStats = {
    linesRead: 0,
    headerLines: 0,
    rows: 0,
    rejectedByReason: emptyRejectCounts(),
    rejectSamples: [],
  };
  const lineOffsets: number[] = [];
  let filteredOut = 0;
  for (const { stats: part, filteredOut: partFiltered } of results) {
    lineOffsets.push(stats.linesRead);
    for (const sample of part.rejectSamples)
      if (stats.rejectSamples.length < maxRejectSamples)
        stats.rejectSamples.push({ ...sample, line: sample.line + stats.linesRead });
    stats.linesRead += part.linesRead;
    stats.headerLines += part.headerLines;
    stats.rows += part.rows;
    filteredOut += partFiltered;
    for (const reason of REJECT_REASONS) stats.rejectedByReason[reason] += part.rejectedByReason[reason];
  }
  return { state, stats, lineOffsets, filteredOut };
}

/** Phase 4 (several ranges with a rejects file): joins the ranges' rejects files with global line numbers. */
function joinRejectParts(
  file: string,
  rejectsPath: string,
  tasks: BehaviorRangeTask[],
  lineOffsets: number[],
): void {
  const writer = new RejectsWriter(rejectsPath, { inputs: [file] });
  try {
    tasks.forEach((task, index) => writer.appendShifted(task.rejectsPath!, lineOffsets[index]!));
    writer.close();
  } catch (error) {
    writer.discard();
    throw error;
  } finally {
    removeRejectParts(tasks);
  }
}

function removeRejectParts(tasks: BehaviorRangeTask[]): void {
  for (const task of tasks) fs.rmSync(task.rejectsPath!, { force: true });
}

/**
 * Computes the exact aggregates ({@link BehaviorSummary}) of a UserBehavior file in one streaming pass.
 * {@link analyzeBehavior} is this plus {@link assembleBehaviorReport}.
 * Complexity O(bytes / workers) time; O(distinct users · ⌈days/32⌉ + items + categories) memory.
 *
 * @throws {DataError} for bad options, before reading. @throws {InputFileError} for bad input files.
 * @example (await summarizeBehavior('data/taobao/UserBehavior_head_4321rows.csv')).rows // => 4320
 */
export async function summarizeBehavior(
  file: string,
  options: AnalyzeBehaviorOptions = {},
): Promise<QuerySummary> {
  const { onProgress, workers, cache = false, cacheDir, signal } = options;
  const resolved = resolveReaderOptions(file, options);
  const { window, header, maxRejectSamples, rejectsPath } = resolved;
  if (workers !== undefined) checkOption('workers', workers);
  checkCallback('onProgress', onProgress);
  check(typeof cache === 'boolean', 'cache', cache, 'expected true or false');
  if (options.cacheBlockRows !== undefined)
    checkOption('cacheBlockRows', options.cacheBlockRows, { min: 1, max: CACHE_BLOCK_ROWS, integer: true });
  const breakdownTop = breakdownOption(options.breakdown);
  const compiled = resolveWhere(options.where, window);
  const where = whereIsEmpty(compiled) ? undefined : compiled;
  const info = await probeBehaviorFile(file);
  if (signal?.aborted) throw abortError();

  let cacheInfo: QueryCacheInfo = { mode: 'off' };
  let cacheWrite: CacheWrite | undefined;
  if (cache) {
    const key = cacheKeyOf(window, header);
    const dir = cacheDirectory(file, key, cacheDir);
    const source = describeSource(file);
    const opened =
      rejectsPath === undefined ? openCache(dir, source, key, maxRejectSamples) : { miss: 'absent' as const };
    if ('meta' in opened) return summarizeFromCache(dir, opened.meta, window, where, options);
    cacheInfo = { mode: 'written', dir, miss: opened.miss };
    cacheWrite = { dir, tmp: startCacheWrite(dir), source };
  }
  try {
    const usersWho = where?.usersWho ? await csvUsersWho(file, options, where.usersWho) : undefined;
    const { tasks, rejectParts } = await planRanges(file, info, resolved, workers, {
      where,
      usersWho,
      cacheTmp: cacheWrite?.tmp,
      cacheBlockRows: options.cacheBlockRows,
      breakdown: breakdownTop !== undefined,
    });
    let results: BehaviorRangeResult[];
    try {
      results = await runRanges(info, tasks, onProgress, signal);
    } catch (error) {
      if (rejectParts) removeRejectParts(tasks);
      throw error;
    }
    const { state, stats, lineOffsets, filteredOut } = mergeRanges(results, maxRejectSamples);
    if (rejectParts) joinRejectParts(file, rejectsPath!, tasks, lineOffsets);
    assertBehaviorFormat(file, stats);
    if (cacheWrite) {
      const parts = results.map((result) => result.cachePart);
      cacheInfo.bytes = commitCacheWrite(cacheWrite, parts, stats, resolved);
      cacheWrite = undefined;
    }
    return summaryOf(state, stats, window, breakdownOf(results, breakdownTop), {
      ...(where ? { where: where.normalized } : {}),
      filteredOut,
      cache: cacheInfo,
    });
  } finally {
    if (cacheWrite) fs.rmSync(cacheWrite.tmp, { recursive: true, force: true });
  }
}

/** The users of a `usersWho` filter from the CSV (a first, single-threaded pass). */
async function csvUsersWho(
  file: string,
  options: AnalyzeBehaviorOptions,
  inner: CompiledWhere,
): Promise<IdFilter> {
  const users = new Set<number>();
  const reader = readBehaviorChunks(file, {
    from: options.from,
    to: options.to,
    utcOffset: options.utcOffset,
    header: options.header ?? 'auto',
  });
  for await (const chunk of reader) {
    if (options.signal?.aborted) throw abortError();
    collectUsers(chunk, inner, users);
  }
  return idFilter([...users]);
}

/**
 * Analyses a Taobao UserBehavior log (`user_id,item_id,category_id,behavior_type,timestamp`) in one
 * streaming pass and returns the full report: overview with reject accounting, daily, hourly, Pareto of
 * categories by buys, funnel, RFM segments and retention cohorts (definitions: docs/behavior-engine.md).
 * All counts are exact. Complexity O(bytes / workers) time, memory O(distinct users + items + categories).
 *
 * @param file plain or gzip (detected by magic bytes) CSV, LF or CRLF, optional header.
 * @param options window (`from`, `to`, `utcOffset`), `rfmThresholds`, `workers`, `chunkRows`,
 *   `maxRejectSamples`, `rejectsPath`, `onProgress`, `header`.
 * @throws {DataError} bad options (`invalid utcOffset: "+8" ...`), before any reading.
 * @throws {InputFileError} missing/unreadable/wrong-format file, truncated gzip.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * report.overview.rows // => 4320
 * report.overview.rejectedByReason.outOfWindow // => 1
 */
export async function analyzeBehavior(
  file: string,
  options: AnalyzeBehaviorOptions = {},
): Promise<QueryReport> {
  checkOptionsObject(options);
  checkStringOption('cacheDir', options.cacheDir);
  const { rfmThresholds, maxRejectSamples = 20 } = options;
  checkAssembleOptions({ rfmThresholds, maxRejectSamples }); // before the (long) pass
  const summary = await summarizeBehavior(file, options);
  const report: QueryReport = assembleBehaviorReport(summary, { rfmThresholds, maxRejectSamples });
  if (options.where !== undefined || options.cache === true) report.query = summary.query;
  if (summary.breakdown !== undefined) report.breakdown = summary.breakdown;
  return report;
}
