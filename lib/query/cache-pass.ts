/**
 * The analysis's two uses of the columnar cache: {@link summarizeFromCache} answers a question from a valid
 * cache (blocks scanned on worker threads, states merged), and {@link commitCacheWrite} finishes the cache a
 * CSV pass wrote (meta.json, then the rename into place).
 */
import * as os from 'node:os';
import { behaviorAccumulator } from '../behavior/accumulator';
import type { AnalyzeBehaviorOptions } from '../behavior/analyze';
import {
  breakdownOf,
  breakdownOption,
  progressSummer,
  summaryOf,
  type QuerySummary,
} from '../behavior/summary';
import type { BehaviorWindow, ProgressCallback } from '../behavior/types';
import type { BehaviorReadStats } from '../io/behavior-parser';
import type { ResolvedReaderOptions } from '../io/reader-options';
import {
  CACHE_FORMAT,
  CACHE_VERSION,
  cacheKeyOf,
  commitCache,
  type CacheMeta,
  type CacheSource,
} from './cache';
import type { CachePartInfo } from './cache-format';
import { runWorkers } from './run-workers';
import { scanCache, splitCacheBlocks, type CacheScanResult, type CacheScanTask } from './scan-cache';
import { idFilter, type CompiledWhere } from './where';

/**
 * Rows per cache worker: a smaller cache is scanned by fewer threads, since a thread's start-up (about 0.1 s of
 * CPU: a Node environment, the modules, a cold JIT) costs more than it saves below about 16M rows (measured at
 * 10M rows: 0.20 s in the calling thread, 0.41 s on 2 workers).
 */
const ROWS_PER_WORKER = 16 << 20;

/**
 * Runs scan tasks: in this thread for one task without a signal (a `usersWho` filter then collects its users
 * first), else on worker threads, whose collected users are joined here and sent back to every worker.
 */
async function runScans(
  tasks: CacheScanTask[],
  onProgress: ProgressCallback | undefined,
  signal: AbortSignal | undefined,
): Promise<CacheScanResult[]> {
  const bytesTotal = tasks.reduce(
    (sum, task) => sum + task.blocks.reduce((bytes, { block }) => bytes + block.bytes, 0),
    0,
  );
  const progress = progressSummer(tasks.length, bytesTotal, onProgress);
  const inner = tasks[0]!.where?.usersWho;
  if (tasks.length === 1 && signal === undefined) {
    const task = tasks[0]!;
    const usersWho =
      inner === undefined
        ? undefined
        : idFilter(Array.from(scanCache({ ...task, where: inner, collect: true }, () => {}).users!));
    return [scanCache({ ...task, usersWho }, (bytes, rows) => progress(0, bytes, rows))];
  }
  const collected: Uint32Array[] = [];
  let received = 0;
  return runWorkers<CacheScanTask, CacheScanResult>(
    __dirname,
    'cache-worker',
    tasks,
    progress,
    (message) => new Error(message.message ?? 'cache worker failed'),
    signal,
    (index, data, workers) => {
      collected[index] = data as Uint32Array;
      if (++received < tasks.length) return;
      const usersWho = idFilter(collected.flatMap((users) => Array.from(users)));
      for (const worker of workers) worker.postMessage({ usersWho });
    },
  );
}

/**
 * A summary from a valid cache: the blocks are scanned (on worker threads for large caches) and the states
 * merged; a `usersWho` filter first collects its users (on the same threads). O(rows / workers).
 */
export async function summarizeFromCache(
  dir: string,
  meta: CacheMeta,
  window: BehaviorWindow,
  where: CompiledWhere | undefined,
  options: AnalyzeBehaviorOptions,
): Promise<QuerySummary> {
  const { maxRejectSamples = 20, workers, onProgress, signal } = options;
  const breakdownTop = breakdownOption(options.breakdown);
  const blockCount = meta.parts.reduce((sum, part) => sum + part.blocks.length, 0);
  const auto = Math.min(2, os.availableParallelism(), Math.ceil(meta.rows / ROWS_PER_WORKER));
  const workerCount = Math.max(1, Math.min(workers ?? auto, blockCount));
  const base = {
    dir,
    window: { startSeconds: window.startSeconds, days: window.days },
    parts: meta.parts.map(({ blocks, ...part }) => ({ ...part, blockCount: blocks.length })),
  };
  const tasks = splitCacheBlocks(meta, workerCount).map((blocks) => ({
    ...base,
    blocks,
    where,
    breakdown: breakdownTop !== undefined,
  }));
  const results = await runScans(tasks, onProgress, signal);
  const state = results[0]!.state;
  for (const result of results.slice(1)) behaviorAccumulator.merge(state, result.state);
  const stats: BehaviorReadStats = {
    ...meta.stats,
    rejectSamples: meta.stats.rejectSamples.slice(0, maxRejectSamples),
  };
  return summaryOf(state, stats, window, breakdownOf(results, breakdownTop), {
    ...(where ? { where: where.normalized } : {}),
    filteredOut: results.reduce((sum, result) => sum + result.filteredOut, 0),
    cache: { mode: 'hit', dir, bytes: meta.bytes },
  });
}

/** A cache being written by a CSV pass. */
export interface CacheWrite {
  dir: string;
  tmp: string;
  source: CacheSource;
}

/**
 * Records the parts the ranges wrote in meta.json and renames the cache into place. Returns its bytes. O(blocks).
 */
export function commitCacheWrite(
  cacheWrite: CacheWrite,
  parts: Array<CachePartInfo | undefined>,
  stats: BehaviorReadStats,
  resolved: ResolvedReaderOptions,
): number {
  const { window, header, maxRejectSamples } = resolved;
  const written = parts.map((part, index) => ({
    file: `part-${index}.bin`,
    ...(part ?? { blocks: [], dictOffset: 8, users: 0, items: 0, categories: 0 }),
  }));
  const meta: CacheMeta = {
    format: CACHE_FORMAT,
    version: CACHE_VERSION,
    source: cacheWrite.source,
    options: cacheKeyOf(window, header),
    window: { startSeconds: window.startSeconds, endSeconds: window.endSeconds, days: window.days },
    rows: stats.rows,
    stats,
    maxRejectSamples,
    parts: written,
    bytes: written.reduce(
      (sum, part) => sum + part.dictOffset + 4 * (part.users + part.items + part.categories),
      0,
    ),
  };
  commitCache(cacheWrite.tmp, cacheWrite.dir, meta);
  return meta.bytes;
}
