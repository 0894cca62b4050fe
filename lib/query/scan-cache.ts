/**
 * Reading a columnar cache: blocks are decoded into chunks, filtered by a compiled `where` and folded into the
 * streaming engine's accumulator, so a report from the cache is computed by exactly the same code as one from
 * the CSV. Blocks outside a date filter are skipped by their zone map (never read); blocks whose dictionary
 * holds none of the wanted categories are skipped after reading only the dictionary.
 */
import * as path from 'node:path';
import { behaviorAccumulator, type BehaviorState } from '../behavior/accumulator';
import { CacheBlockReader, type CacheBlockInfo } from './cache-format';
import type { CacheMeta } from './cache';
import { breakdownAdd, breakdownInit, type BreakdownState } from './breakdown';
import { collectUsers, filterChunk, idFilter, idFilterHas, type CompiledWhere, type IdFilter } from './where';

/** One worker's share of a cache: whole blocks of some parts (structured-cloneable). */
export interface CacheScanTask {
  dir: string;
  window: { startSeconds: number; days: string[] };
  blocks: Array<{ part: string; block: CacheBlockInfo }>;
  where?: CompiledWhere;
  /** The qualifying users of `where.usersWho` (from {@link collectCacheUsers}). */
  usersWho?: IdFilter;
  /** Also compute the per-category breakdown. */
  breakdown?: boolean;
}

/** What a scan returns: the state of the kept rows and how many clean rows the filter left out. */
export interface CacheScanResult {
  state: BehaviorState;
  /** Clean rows the filter did not keep (read or skipped by zone map). */
  filteredOut: number;
  breakdown?: BreakdownState;
}

function blockSkipped(
  reader: CacheBlockReader,
  block: CacheBlockInfo,
  where: CompiledWhere | undefined,
): boolean {
  if (where === undefined) return false;
  const start = where.startSeconds;
  if (block.maxRelative < where.fromSeconds - start || block.minRelative >= where.toSeconds - start)
    return true;
  if (where.categories !== undefined) {
    const wanted = where.categories;
    const dict = reader.readDict(block);
    for (let i = 0; i < dict.length; i++) if (idFilterHas(wanted, dict[i]!)) return false;
    return true;
  }
  return false;
}

/**
 * Scans a task's blocks into a fresh accumulator state. Synchronous; calls `onProgress(bytesDone, rowsKept)`
 * after each block. O(rows of the blocks read).
 *
 * @example scanCache(task, () => {}).state.rows // => rows kept by task.where
 */
export function scanCache(
  task: CacheScanTask,
  onProgress: (bytesDone: number, rows: number) => void,
): CacheScanResult {
  const state = behaviorAccumulator.init(task.window);
  const readers = new Map<string, CacheBlockReader>();
  let filteredOut = 0;
  let bytesDone = 0;
  const breakdown = task.breakdown ? breakdownInit() : undefined;
  try {
    for (const { part, block } of task.blocks) {
      let reader = readers.get(part);
      if (reader === undefined) {
        reader = new CacheBlockReader(path.join(task.dir, part), task.window.startSeconds);
        readers.set(part, reader);
      }
      if (blockSkipped(reader, block, task.where)) filteredOut += block.rows;
      else {
        const chunk = reader.read(block);
        if (task.where !== undefined)
          filteredOut += block.rows - filterChunk(chunk, task.where, task.usersWho);
        behaviorAccumulator.add(state, chunk);
        if (breakdown !== undefined) breakdownAdd(breakdown, chunk);
      }
      bytesDone += block.bytes;
      onProgress(bytesDone, state.rows);
    }
  } finally {
    for (const reader of readers.values()) reader.close();
  }
  return { state, filteredOut, breakdown };
}

/**
 * The users with at least one cached row matching `inner` (the first pass of a `usersWho` filter), as an
 * {@link IdFilter}. O(rows).
 * @example collectCacheUsers(dir, meta, compiled.usersWho!).size // => qualifying users
 */
export function collectCacheUsers(dir: string, meta: CacheMeta, inner: CompiledWhere): IdFilter {
  const users = new Set<number>();
  for (const part of meta.parts) {
    const reader = new CacheBlockReader(path.join(dir, part.file), meta.window.startSeconds);
    try {
      for (const block of part.blocks)
        if (!blockSkipped(reader, block, inner)) collectUsers(reader.read(block), inner, users);
    } finally {
      reader.close();
    }
  }
  return idFilter([...users]);
}

/**
 * Splits a cache's blocks into at most `count` tasks of contiguous blocks with about equal rows. O(blocks).
 * @example splitCacheBlocks(meta, 2).length // => 2 (when the cache has 2+ blocks)
 */
export function splitCacheBlocks(meta: CacheMeta, count: number): Array<CacheScanTask['blocks']> {
  const all = meta.parts.flatMap((part) => part.blocks.map((block) => ({ part: part.file, block })));
  const total = all.reduce((sum, entry) => sum + entry.block.rows, 0);
  const tasks: Array<CacheScanTask['blocks']> = [];
  let current: CacheScanTask['blocks'] = [];
  let rows = 0;
  for (const entry of all) {
    current.push(entry);
    rows += entry.block.rows;
    if (tasks.length < count - 1 && rows >= (total * (tasks.length + 1)) / count) {
      tasks.push(current);
      current = [];
    }
  }
  if (current.length > 0 || tasks.length === 0) tasks.push(current);
  return tasks;
}
