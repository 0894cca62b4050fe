/**
 * One worker's job: read a line-aligned byte range of a UserBehavior file (or the whole file) through the
 * shared parser and fold the kept rows into a {@link BehaviorState}. Runs in the main thread for one
 * worker and inside `analyze-worker` for several.
 */
import { BehaviorLineParser, type BehaviorReadStats, type HeaderMode } from '../io/behavior-parser';
import { driveBehaviorParser, type BehaviorFileInfo } from '../io/load-behavior';
import { RejectsWriter } from '../io/rejects-writer';
import { behaviorAccumulator, type BehaviorState } from './accumulator';
import { CacheBlockWriter, type CachePartInfo } from '../query/cache-format';
import { filterChunk, type CompiledWhere, type IdFilter } from '../query/where';
import { breakdownAdd, breakdownInit, type BreakdownState } from '../query/breakdown';

/** A range to analyse (structured-cloneable, sent to workers as `workerData`). */
export interface BehaviorRangeTask {
  info: BehaviorFileInfo;
  /** Byte range; `end` undefined = to the end of the file (required for gzip). */
  start: number;
  end?: number;
  window: { startSeconds: number; endSeconds: number; days: string[] };
  chunkRows: number;
  header: HeaderMode;
  maxRejectSamples: number;
  /** Write this range's rejected lines here (line numbers local to the range). */
  rejectsPath?: string;
  /** Write the `line\treason\ttext` header line to `rejectsPath`. */
  rejectsHeader: boolean;
  /** Keep only the rows this filter keeps (after writing the cache, which holds every clean row). */
  where?: CompiledWhere;
  /** The qualifying users of `where.usersWho`. */
  usersWho?: IdFilter;
  /** Also write this range's clean rows to this cache part file. */
  cachePart?: string;
  /** Rows per cache block (default 1 Mi). */
  cacheBlockRows?: number;
  /** Also compute the per-category breakdown of the kept rows. */
  breakdown?: boolean;
}

/** A finished range: its partial state and its line accounting (line numbers local to the range). */
export interface BehaviorRangeResult {
  state: BehaviorState;
  stats: BehaviorReadStats;
  /** Clean rows left out by `where`. */
  filteredOut: number;
  /** The part written to `cachePart`: its blocks and dictionaries. */
  cachePart?: CachePartInfo;
  /** The breakdown state (when asked). */
  breakdown?: BreakdownState;
}

/**
 * Analyses one range. Complexity O(bytes of the range); memory O(distinct users, items, categories).
 *
 * @throws {InputFileError} as {@link driveBehaviorParser}.
 * @example
 * const info = { file: 'data/taobao/UserBehavior_head_4321rows.csv', size: 161867, compression: 'none' };
 * const task = { info, start: 0, window: resolveBehaviorWindow(), chunkRows: 4096, header: 'auto',
 *   maxRejectSamples: 20, rejectsHeader: false };
 * const { stats, state } = await analyzeBehaviorRange(task, () => {});
 * stats.linesRead // => 4321
 * state.rows // => 4320 (one line is outside the window)
 */
export async function analyzeBehaviorRange(
  task: BehaviorRangeTask,
  onProgress: (bytesDone: number, rows: number) => void,
): Promise<BehaviorRangeResult> {
  const state = behaviorAccumulator.init(task.window);
  const writer =
    task.rejectsPath !== undefined
      ? new RejectsWriter(task.rejectsPath, { header: task.rejectsHeader, inputs: [task.info.file] })
      : undefined;
  const cache =
    task.cachePart !== undefined
      ? new CacheBlockWriter(
          task.cachePart,
          task.window.startSeconds,
          task.cacheBlockRows,
          task.where === undefined, // then the state's items are the part's
        )
      : undefined;
  const where = task.where;
  const usersWho = task.usersWho;
  let filteredOut = 0;
  const breakdown = task.breakdown ? breakdownInit() : undefined;
  const parser = new BehaviorLineParser({
    file: task.info.file,
    startSeconds: task.window.startSeconds,
    endSeconds: task.window.endSeconds,
    chunkRows: task.chunkRows,
    header: task.start === 0 ? task.header : false,
    maxRejectSamples: task.maxRejectSamples,
    checkFormat: task.start === 0,
    reuseChunks: true,
    onChunk:
      cache === undefined && where === undefined && breakdown === undefined
        ? (chunk) => behaviorAccumulator.add(state, chunk)
        : (chunk) => {
            cache?.add(chunk);
            if (where !== undefined) filteredOut += chunk.length - filterChunk(chunk, where, usersWho);
            behaviorAccumulator.add(state, chunk);
            if (breakdown !== undefined) breakdownAdd(breakdown, chunk);
          },
    onRejectLine: writer?.write,
  });
  let cachePart: CachePartInfo | undefined;
  try {
    for await (const _ of driveBehaviorParser(task.info, parser, {
      start: task.start,
      end: task.end,
      onBytes: (bytesDone) => onProgress(bytesDone, parser.rows),
    })) {
      // each block is folded into the state by onChunk
    }
    cachePart = cache?.close(task.where === undefined ? state.items : undefined);
  } catch (error) {
    writer?.discard();
    if (cachePart === undefined) cache?.abort();
    throw error;
  }
  writer?.close();
  return { state, stats: parser.stats(), filteredOut, cachePart, breakdown };
}
