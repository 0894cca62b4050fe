/**
 * The streaming accumulator over dictionary-encoded rows (the columnar cache's blocks): the same
 * {@link BehaviorState} as the fused scan in accumulator.ts, but every per-user, per-item and per-category array
 * is indexed directly by the dense local index the cache stored, so a row costs a few array writes and not a
 * single hash lookup. {@link denseFinish} then turns the part's state into an ordinary {@link BehaviorState}
 * (keyed by the real ids, only the users, items and categories that kept rows), which merges with any other
 * state and is read by the same `value` and report assembly as a pass over the CSV.
 */
import { behaviorAccumulator, type BehaviorState } from './accumulator';
import { BEHAVIOR_FLAG, growFunnel } from './funnel';
import { growHourly } from './hourly';
import { idSetAdd, indexMapInsert } from './id-tables';
import { categoryIndex } from './pareto';
import { growRetention } from './retention';
import { growRfm } from './rfm-segments';
import { DAY_SECONDS, dayHourOf } from './window';
import type { BlockColumns } from '../query/cache-reader';
import { idFilterHas, type IdFilter } from '../query/id-filter';

/** One part's state: a {@link BehaviorState} indexed by local indices, plus the items and categories seen. */
export interface DensePartState {
  /** Per-user arrays by local user index; `categoryBuys` by local category index; `items` by id; `users` unused. */
  state: BehaviorState;
  /** Kept events by `(dayHour << 2) | behaviourCode` (folded into the state's counters by {@link denseFinish}). */
  events: Float64Array;
  /** 1 = the local category has a kept row (unless `allSeen`). */
  categorySeen: Uint8Array;
  /** Set by the caller when every row of the part was scanned and kept: every item and category was seen. */
  allSeen: boolean;
  /** `(day << 5) | hour` of `timestamp − windowStart` by 16-second slot (3600 = 225 · 16: a slot never spans hours). */
  dayHour: Uint16Array;
}

/** Which rows a dense scan keeps (a `where` compiled against one part's dictionaries). */
export interface DenseFilter {
  /** Kept `timestamp − windowStart` seconds: `[fromRelative, toRelative)`. */
  fromRelative: number;
  toRelative: number;
  /** Bit k = behaviour code k kept. */
  behaviorMask: number;
  /** Bit h = local hour h kept. */
  hourMask: number;
  /** By local index: 1 = kept; absent = every one. */
  categories?: Uint8Array;
  users?: Uint8Array;
  /** Kept item ids; absent = every one. */
  items?: IdFilter;
}

const SLOT_SHIFT = 4;

/**
 * An empty part state for `sizes` distinct users, items and categories. O(users + items/32 + categories + days).
 * @example densePartInit(resolveBehaviorWindow(), { users: 3, items: 5, categories: 2 }).state.rows // => 0
 */
export function densePartInit(
  window: { startSeconds: number; days: readonly string[] },
  sizes: { users: number; items: number; categories: number },
): DensePartState {
  const state = behaviorAccumulator.init({ startSeconds: window.startSeconds, days: [...window.days] });
  const users = sizes.users;
  if (users > state.userFlags.length) {
    growRetention(state, users);
    growHourly(state, users);
    growFunnel(state, users);
    growRfm(state, users);
  }
  if (sizes.categories > state.categoryBuys.length) state.categoryBuys = new Float64Array(sizes.categories);
  return {
    state,
    events: new Float64Array(Math.max(1, window.days.length) * 32 * 4),
    categorySeen: new Uint8Array(Math.max(1, sizes.categories)),
    allSeen: false,
    dayHour: dayHourTable(window.days.length),
  };
}

/**
 * `dayHourOf` of a window of `days` days by 16-second slot since its start (`(relative >>> 4)`). O(days).
 * @example dayHourTable(9)[(86400 + 3600) >>> 4] // => (1 << 5) | 1
 */
export function dayHourTable(days: number): Uint16Array {
  const dayHour = new Uint16Array(Math.max(1, days) * (DAY_SECONDS >> SLOT_SHIFT));
  for (let slot = 0; slot < dayHour.length; slot++) dayHour[slot] = dayHourOf(slot << SLOT_SHIFT);
  return dayHour;
}

/** True when `filter` keeps the row by its time, behaviour, hour and user. Small enough for V8 to inline. */
function keepsRow(f: DenseFilter, word: number, hour: number, user: number) {
  const relative = word >>> 2;
  return (
    relative >= f.fromRelative &&
    relative < f.toRelative &&
    ((f.behaviorMask >> (word & 3)) & 1) !== 0 &&
    ((f.hourMask >> hour) & 1) !== 0 &&
    (f.users === undefined || f.users[user] !== 0)
  );
}

/** True when `filter` keeps the row. */
function keeps(f: DenseFilter, word: number, hour: number, category: number, item: number, user: number) {
  return (
    keepsRow(f, word, hour, user) &&
    (f.categories === undefined || f.categories[category] !== 0) &&
    (f.items === undefined || idFilterHas(f.items, item))
  );
}

/**
 * The fused scan over one block: folds the rows `filter` keeps into the part state (every row without a filter)
 * and returns how many it kept. With `keptIndex`, also writes the kept rows' positions there. Consecutive rows
 * of one user (the log is grouped by user) gather their hour, day and behaviour bits in registers, written once
 * per run. O(rows).
 */
export function denseAdd(
  dense: DensePartState,
  cols: BlockColumns,
  filter?: DenseFilter,
  keptIndex?: Int32Array,
): number {
  const { dict, codes, users, items, packed } = cols;
  const { categorySeen, dayHour, events } = dense;
  const track = !dense.allSeen;
  const s = dense.state;
  const {
    dayWords,
    categoryBuys,
    items: itemSet,
    userDays,
    userHours,
    userFlags,
    userBuys,
    userBuyHours,
    userLastBuyDay,
  } = s;
  const oneWord = dayWords === 1;
  let run = -1; // the user of the current run
  let runHours = 0;
  let runFlags = 0;
  let runDays = 0;
  let kept = 0;
  for (let i = 0; i < cols.rows; i++) {
    const word = packed[i]!;
    const dh = dayHour[word >>> (2 + SLOT_SHIFT)]!;
    const hour = dh & 31;
    const user = users[i]!;
    const category = dict[codes[i]!]!;
    if (filter !== undefined && !keeps(filter, word, hour, category, items[i]!, user)) continue;
    if (keptIndex !== undefined) keptIndex[kept] = i;
    kept++;
    const code = word & 3;
    const day = dh >> 5;
    if (user !== run) {
      if (run >= 0) {
        userHours[run]! |= runHours;
        userFlags[run]! |= runFlags;
        if (oneWord) userDays[run]! |= runDays;
      }
      run = user;
      runHours = runFlags = runDays = 0;
    }
    runHours |= 1 << hour;
    runFlags |= BEHAVIOR_FLAG[code as 0 | 1 | 2 | 3];
    if (oneWord) runDays |= 1 << day;
    else userDays[user * dayWords + (day >>> 5)]! |= 1 << (day & 31);
    events[(dh << 2) | code]!++;
    if (code === 3) {
      userBuys[user]!++;
      userBuyHours[user]! |= 1 << hour;
      if (userLastBuyDay[user]! < day) userLastBuyDay[user] = day;
      categoryBuys[category]!++;
    }
    if (track) {
      categorySeen[category] = 1;
      idSetAdd(itemSet, items[i]!);
    }
  }
  if (run >= 0) {
    userHours[run]! |= runHours;
    userFlags[run]! |= runFlags;
    if (oneWord) userDays[run]! |= runDays;
  }
  s.rows += kept;
  return kept;
}

/**
 * Marks in `into` (by local user index) the users of the block with a row `filter` keeps: the first pass of a
 * `usersWho` filter. Reads the category codes only with a category filter and the items only with an item
 * filter (the block may hold only the columns the filter needs). O(rows).
 */
export function denseCollectUsers(
  dayHour: Uint16Array,
  cols: BlockColumns,
  filter: DenseFilter,
  into: Uint8Array,
): void {
  const { dict, codes, users, items, packed } = cols;
  const { categories, items: wantedItems } = filter;
  for (let i = 0; i < cols.rows; i++) {
    const user = users[i]!;
    if (into[user] !== 0) continue; // already in (the rest of a user's run costs one load a row)
    const word = packed[i]!;
    if (!keepsRow(filter, word, dayHour[word >>> (2 + SLOT_SHIFT)]! & 31, user)) continue;
    if (categories !== undefined && categories[dict[codes[i]!]!] === 0) continue;
    if (wantedItems !== undefined && !idFilterHas(wantedItems, items[i]!)) continue;
    into[user] = 1;
  }
}

/**
 * Turns a part state into an ordinary {@link BehaviorState} keyed by real ids (`dictionaries` give the id of
 * each local user and category index; a part scanned whole, `allSeen`, takes its items from
 * `dictionaries.items`), keeping only users and categories with a kept row. Reuses the part state's arrays
 * (compacted in place); the part state must not be used afterwards. O(users + items + categories).
 */
export function denseFinish(
  dense: DensePartState,
  dictionaries: { users: Uint32Array; items: Uint32Array; categories: Uint32Array },
): BehaviorState {
  const s = dense.state;
  foldEvents(dense);
  const words = s.dayWords;
  const capacity = s.userFlags.length;
  let j = 0;
  for (let u = 0; u < dictionaries.users.length; u++) {
    if (s.userFlags[u] === 0) continue; // every kept row sets a flag: no flag, no row
    indexMapInsert(s.users, dictionaries.users[u]!); // = j: a part's ids are distinct
    for (let w = 0; w < words; w++) s.userDays[j * words + w] = s.userDays[u * words + w]!;
    s.userHours[j] = s.userHours[u]!;
    s.userBuyHours[j] = s.userBuyHours[u]!;
    s.userBuys[j] = s.userBuys[u]!;
    s.userLastBuyDay[j] = s.userLastBuyDay[u]!;
    s.userFlags[j] = s.userFlags[u]!;
    j++;
  }
  s.userDays.fill(0, j * words);
  for (const array of [s.userHours, s.userBuyHours, s.userBuys, s.userFlags]) array.fill(0, j, capacity);
  s.userLastBuyDay.fill(-1, j);
  const buys = s.categoryBuys;
  let k = 0;
  for (let c = 0; c < dictionaries.categories.length; c++) {
    if (!dense.allSeen && dense.categorySeen[c] === 0) continue;
    const count = buys[c]!;
    buys[categoryIndex(s, dictionaries.categories[c]!)] = count; // = k <= c
    k++;
  }
  s.categoryBuys.fill(0, k);
  if (dense.allSeen)
    for (let k = 0; k < dictionaries.items.length; k++) idSetAdd(s.items, dictionaries.items[k]!);
  return s;
}

/** Adds the per-(day, hour, behaviour) event counts to the state's events, daily and hourly counters. */
function foldEvents(dense: DensePartState): void {
  const s = dense.state;
  const counts = dense.events;
  for (let key = 0; key < counts.length; key++) {
    const n = counts[key]!;
    if (n === 0) continue;
    const code = key & 3;
    const day = key >> 7;
    const hour = (key >> 2) & 31;
    s.events[code]! += n;
    if (code === 0) {
      s.dailyPv[day]! += n;
      s.hourlyPv[hour]! += n;
    } else if (code === 3) {
      s.dailyBuys[day]! += n;
      s.hourlyBuys[hour]! += n;
    }
  }
  counts.fill(0);
}
