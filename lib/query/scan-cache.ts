/**
 * Reading a columnar cache: each block's dictionary-encoded columns go straight into the dense accumulator
 * (lib/behavior/dense-state.ts), which indexes its arrays by the cached local indices; a `where` is compiled
 * once per part against the part's dictionaries (ids become flags by local index), so a row is filtered and
 * counted without hashing. Each part's state then becomes an ordinary `BehaviorState` keyed by real ids, merged
 * and read by the same code as a pass over the CSV. Blocks are skipped without being read when their time
 * range misses a date filter or their user range holds no wanted user, and after reading only their
 * dictionary when it holds no wanted category.
 */
import * as path from 'node:path';
import { behaviorAccumulator, type BehaviorState } from '../behavior/accumulator';
import {
  denseAdd,
  denseCollectUsers,
  denseFinish,
  dayHourTable,
  densePartInit,
  type DenseFilter,
  type DensePartState,
} from '../behavior/dense-state';
import type { CacheBlockInfo, CachePartDictionaries } from './cache-format';
import { CacheBlockReader } from './cache-reader';
import type { CacheMeta } from './cache';
import { breakdownAdd, breakdownInit, type BreakdownState } from './breakdown';
import { idFilterHas, type CompiledWhere, type IdFilter } from './where';

/** A part of a cache as a scan needs it: its file and dictionary sizes. */
export interface CacheScanPart {
  file: string;
  /** Blocks of the part (a task holding them all, without a filter, sees every id of the dictionaries). */
  blockCount: number;
  dictOffset: number;
  users: number;
  items: number;
  categories: number;
}

/** One worker's share of a cache: whole blocks of some parts (structured-cloneable). */
export interface CacheScanTask {
  dir: string;
  window: { startSeconds: number; days: string[] };
  /** Every part of the cache (blocks name theirs by index). */
  parts: CacheScanPart[];
  blocks: Array<{ part: number; block: CacheBlockInfo }>;
  where?: CompiledWhere;
  /** The qualifying users of `where.usersWho` (from a `collect` scan). */
  usersWho?: IdFilter;
  /** Also compute the per-category breakdown. */
  breakdown?: boolean;
  /** The first pass of a `usersWho` filter: only collect the users with a row `where` keeps. */
  collect?: boolean;
}

/** What a scan returns: the state of the kept rows and how many clean rows the filter left out. */
export interface CacheScanResult {
  state: BehaviorState;
  /** Clean rows the filter did not keep (read or skipped by zone map). */
  filteredOut: number;
  breakdown?: BreakdownState;
  /** A `collect` scan's users (ids). */
  users?: Uint32Array;
}

/** A part being scanned: its reader, dictionaries, compiled filter and state. */
interface PartScan {
  reader: CacheBlockReader;
  dicts: CachePartDictionaries;
  filter?: DenseFilter;
  /** usersPrefix[k] = wanted users among local indices < k (block skipping by user range). */
  usersPrefix?: Int32Array;
  dense?: DensePartState;
  collected?: Uint8Array;
}

function marks(ids: Uint32Array, filter: IdFilter): Uint8Array {
  const out = new Uint8Array(ids.length);
  for (let k = 0; k < ids.length; k++) if (idFilterHas(filter, ids[k]!)) out[k] = 1;
  return out;
}

/** `where` compiled against a part's dictionaries. O(distinct ids of the filtered columns). */
function denseFilterOf(where: CompiledWhere, dicts: CachePartDictionaries, usersWho?: IdFilter): DenseFilter {
  let users = where.users !== undefined ? marks(dicts.users, where.users) : undefined;
  if (usersWho !== undefined) {
    const who = marks(dicts.users, usersWho);
    if (users !== undefined) for (let k = 0; k < users.length; k++) users[k]! &= who[k]!;
    else users = who;
  }
  return {
    fromRelative: where.fromSeconds - where.startSeconds,
    toRelative: where.toSeconds - where.startSeconds,
    behaviorMask: where.behaviorMask,
    hourMask: where.hourMask,
    categories: where.categories !== undefined ? marks(dicts.categories, where.categories) : undefined,
    items: where.items,
    users,
  };
}

function openPart(task: CacheScanTask, index: number): PartScan {
  const part = task.parts[index]!;
  const where = task.where;
  // Without a filter, a task holding every block of the part sees all its items: they come from the dictionary.
  const allSeen =
    where === undefined &&
    !task.collect &&
    task.blocks.filter((entry) => entry.part === index).length === part.blockCount;
  const reader = new CacheBlockReader(path.join(task.dir, part.file));
  const scan: PartScan = { reader, dicts: reader.dictionaries(part, allSeen) };
  if (where !== undefined) {
    if (where.usersWho !== undefined && task.usersWho === undefined && !task.collect)
      throw new Error('scanCache: the usersWho set is missing (run the collect pass)');
    scan.filter = denseFilterOf(where, scan.dicts, task.collect ? undefined : task.usersWho);
    const users = scan.filter.users;
    if (users !== undefined) {
      const prefix = new Int32Array(users.length + 1);
      for (let k = 0; k < users.length; k++) prefix[k + 1] = prefix[k]! + users[k]!;
      scan.usersPrefix = prefix;
    }
  }
  if (task.collect) scan.collected = new Uint8Array(part.users);
  else {
    scan.dense = densePartInit(task.window, part);
    scan.dense.allSeen = allSeen;
  }
  return scan;
}

/** The optional columns a collect scan with `filter` reads. */
const needOf = (filter: DenseFilter) => ({
  categories: filter.categories !== undefined,
  items: filter.items !== undefined,
});

function blockSkipped(scan: PartScan, block: CacheBlockInfo): boolean {
  const f = scan.filter;
  if (f === undefined) return false;
  if (block.maxRelative < f.fromRelative || block.minRelative >= f.toRelative) return true;
  const prefix = scan.usersPrefix;
  if (prefix !== undefined && prefix[block.maxUser + 1] === prefix[block.minUser]) return true;
  if (f.categories !== undefined) {
    const dict = scan.reader.readDict(block);
    for (let k = 0; k < dict.length; k++) if (f.categories[dict[k]!] !== 0) return false;
    return true;
  }
  return false;
}

/** Feeds a block's kept rows (positions in `keptIndex`) to the breakdown, with real ids. O(kept). */
function addKeptToBreakdown(
  breakdown: BreakdownState,
  scan: PartScan,
  cols: ReturnType<CacheBlockReader['read']>,
  keptIndex: Int32Array,
  kept: number,
): void {
  const userId = new Uint32Array(kept);
  const categoryId = new Uint32Array(kept);
  const behavior = new Uint8Array(kept);
  const { users, categories } = scan.dicts;
  for (let k = 0; k < kept; k++) {
    const i = keptIndex[k]!;
    userId[k] = users[cols.users[i]!]!;
    categoryId[k] = categories[cols.dict[cols.codes[i]!]!]!;
    behavior[k] = cols.packed[i]! & 3;
  }
  const none = new Uint32Array(0);
  breakdownAdd(breakdown, {
    length: kept,
    userId,
    categoryId,
    behavior,
    itemId: none,
    timestamp: new Float64Array(0),
  });
}

/**
 * Scans a task's blocks into a fresh accumulator state (or, for `collect`, the qualifying users). Synchronous;
 * calls `onProgress(bytesDone, rowsKept)` after each block. O(rows of the blocks read + distinct ids of their
 * parts).
 *
 * @example
 * const { query } = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv', { cache: true, cacheDir: 'cache' });
 * const meta = JSON.parse(readFileSync(`${query.cache!.dir}/meta.json`, 'utf8'));
 * const parts = meta.parts.map((part) => ({ ...part, blockCount: part.blocks.length }));
 * const task = { dir: query.cache!.dir, window: meta.window, parts, blocks: splitCacheBlocks(meta, 1)[0]! };
 * scanCache(task, () => {}).state.rows // => 4320 (no where: every cached row)
 */
export function scanCache(
  task: CacheScanTask,
  onProgress: (bytesDone: number, rows: number) => void,
): CacheScanResult {
  const scans = new Map<number, PartScan>();
  let filteredOut = 0;
  let bytesDone = 0;
  let rows = 0;
  const breakdown = task.breakdown ? breakdownInit() : undefined;
  const maxRows = task.blocks.reduce((max, { block }) => Math.max(max, block.rows), 0);
  const keptIndex = breakdown !== undefined ? new Int32Array(maxRows) : undefined;
  const dayHour = dayHourTable(task.window.days.length);
  try {
    for (const { part, block } of task.blocks) {
      let scan = scans.get(part);
      if (scan === undefined) scans.set(part, (scan = openPart(task, part)));
      if (blockSkipped(scan, block)) filteredOut += block.rows;
      else if (scan.collected !== undefined)
        denseCollectUsers(
          dayHour,
          scan.reader.read(block, needOf(scan.filter!)),
          scan.filter!,
          scan.collected,
        );
      else {
        const cols = scan.reader.read(block);
        const kept = denseAdd(scan.dense!, cols, scan.filter, keptIndex);
        filteredOut += block.rows - kept;
        rows += kept;
        if (breakdown !== undefined) addKeptToBreakdown(breakdown, scan, cols, keptIndex!, kept);
      }
      bytesDone += block.bytes;
      onProgress(bytesDone, rows);
    }
  } finally {
    for (const scan of scans.values()) scan.reader.close();
  }
  let state: BehaviorState | undefined;
  const collected: number[] = [];
  for (const scan of scans.values()) {
    if (scan.collected !== undefined) {
      const ids = scan.dicts.users;
      for (let u = 0; u < ids.length; u++) if (scan.collected[u] !== 0) collected.push(ids[u]!);
    } else {
      const partState = denseFinish(scan.dense!, scan.dicts);
      state = state === undefined ? partState : behaviorAccumulator.merge(state, partState);
    }
  }
  return {
    state: state ?? behaviorAccumulator.init(task.window),
    filteredOut,
    breakdown,
    ...(task.collect ? { users: Uint32Array.from(collected) } : {}),
  };
}

/**
 * Splits a cache's blocks into at most `count` tasks of contiguous blocks with about equal rows: at part
 * boundaries when there are at least `count` parts (a task then holds whole parts, whose dictionaries it sees
 * completely), else at block boundaries. O(blocks).
 * @example
 * const options = { cache: true, cacheDir: 'cache-1000', cacheBlockRows: 1000 };
 * const { query } = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv', options);
 * const meta = JSON.parse(readFileSync(`${query.cache!.dir}/meta.json`, 'utf8'));
 * meta.parts[0].blocks.length // => 5 (4320 rows, blocks of 1000)
 * splitCacheBlocks(meta, 2).map((blocks) => blocks.length) // => [3, 2] (one part: split at block boundaries)
 */
export function splitCacheBlocks(meta: CacheMeta, count: number): Array<CacheScanTask['blocks']> {
  const units: Array<CacheScanTask['blocks']> =
    meta.parts.length >= count
      ? meta.parts.map((part, index) => part.blocks.map((block) => ({ part: index, block })))
      : meta.parts.flatMap((part, index) => part.blocks.map((block) => [{ part: index, block }]));
  const rowsOf = (unit: CacheScanTask['blocks']) => unit.reduce((sum, entry) => sum + entry.block.rows, 0);
  const total = units.reduce((sum, unit) => sum + rowsOf(unit), 0);
  const tasks: Array<CacheScanTask['blocks']> = [];
  let current: CacheScanTask['blocks'] = [];
  let rows = 0;
  for (const unit of units) {
    current.push(...unit);
    rows += rowsOf(unit);
    if (tasks.length < count - 1 && rows >= (total * (tasks.length + 1)) / count) {
      tasks.push(current);
      current = [];
    }
  }
  if (current.length > 0 || tasks.length === 0) tasks.push(current);
  return tasks;
}
