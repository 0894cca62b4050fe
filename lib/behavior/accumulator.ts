/**
 * The mergeable partial state of the streaming UserBehavior analysis, `{init, add, merge, value}`-style
 * (like arquero's aggregate functions). The state is a plain object of typed arrays, so worker threads can
 * transfer it without JSON. Memory grows with distinct users, items and categories, never with rows:
 * per user about 24 + 4·⌈days/32⌉ bytes plus 4 bytes of direct table per possible id below the largest user id
 * (ids >= 2^24 go to a hash table instead); items take one bit per possible id below the largest item id (ids >= 2^27
 * go to a hash set, 8–16 bytes each); categories about 30 bytes each.
 */
import type { BehaviorChunk } from '../io/behavior-parser';
import type { BehaviorWindow, DailyRow, HourlyRow } from './types';

const DAY_SECONDS = 86400;
// Module-level aliases: hot loops stay fast even where `Math` is a slow cross-context global (jest's vm).
const { floor, imul, clz32 } = Math;
const HASH_MULTIPLIER = 0x9e3779b1;
const FLAG_PV = 1;
const FLAG_INTEREST = 2;
const FLAG_BUY = 4;
const BEHAVIOR_FLAG = [FLAG_PV, FLAG_INTEREST, FLAG_INTEREST, FLAG_BUY] as const;

/**
 * A map from uint32 keys to dense indexes 0..size-1 (insertion order). Keys below `directLimit` use a
 * direct table indexed by the key (cache-friendly for the small, dense ids of real logs); larger keys use
 * an open-addressing (linear probing) hash table.
 */
export interface IndexMap {
  /** Dense index + 1 per key `< direct.length`; 0 = absent. Grows by doubling up to `directLimit`. */
  direct: Int32Array;
  directLimit: number;
  /** Hash slot keys (meaningful where `slotIndex` is non-zero). */
  slotKeys: Uint32Array;
  /** Dense index + 1 per hash slot; 0 = empty. */
  slotIndex: Int32Array;
  /** `32 - log2(slots)`: the hash is the top bits of a multiplicative hash. */
  shift: number;
  /** Keys held in the hash table. */
  hashed: number;
  /** Keys in insertion order (`keys[i]` has index i); capacity >= size. */
  keys: Uint32Array;
  size: number;
}

/**
 * A set of uint32 values: a bitset for values below {@link ID_BITSET_LIMIT} (grown on demand; 5M item ids
 * take 640 KB) and an open-addressing hash set for larger ones (0 marks an empty slot; such keys are never 0).
 */
export interface IdSet {
  bits: Uint32Array;
  slots: Uint32Array;
  shift: number;
  /** Values held in the hash part. */
  hashed: number;
  size: number;
}

/** Values below this go to the bitset of an {@link IdSet} (at most 16 MiB of bits). */
export const ID_BITSET_LIMIT = 2 ** 27;
/** User ids below this use the direct table of the user map (at most 64 MiB). */
export const USER_DIRECT_LIMIT = 2 ** 24;

/** The partial state. Build with {@link behaviorAccumulator}. */
export interface BehaviorState {
  startSeconds: number;
  dayCount: number;
  /** Words of the per-user day bitmask: ⌈dayCount / 32⌉. */
  dayWords: number;
  rows: number;
  /** Kept events per behaviour code. */
  events: Float64Array;
  dailyPv: Float64Array;
  dailyBuys: Float64Array;
  hourlyPv: Float64Array;
  hourlyBuys: Float64Array;
  users: IndexMap;
  /** Per user (by dense index): day bitmask, `dayWords` words each. */
  userDays: Uint32Array;
  /** Per user: hours (0..23) with any event / with a buy. */
  userHours: Uint32Array;
  userBuyHours: Uint32Array;
  userBuys: Uint32Array;
  /** Per user: last day index with a buy, -1 when none. */
  userLastBuyDay: Int16Array;
  /** Per user: 1 pv, 2 fav or cart, 4 buy. */
  userFlags: Uint8Array;
  items: IdSet;
  categories: IndexMap;
  /** Buys per category (by dense index). */
  categoryBuys: Float64Array;
}

/** The exact aggregates of one state (the engine part of a BehaviorSummary). */
export interface BehaviorStateValue {
  rows: number;
  users: number;
  items: number;
  categories: number;
  events: { pv: number; fav: number; cart: number; buy: number };
  daily: DailyRow[];
  hourly: HourlyRow[];
  categoryBuys: Array<{ categoryId: number; buys: number }>;
  funnelUsers: {
    users: number;
    pvUsers: number;
    interestUsers: number;
    buyers: number;
    interestNoBuy: number;
  };
  rfmHistogram: Array<{ recency: number; frequency: number; users: number }>;
  retentionMatrix: Array<{ cohortDay: number; offset: number; users: number }>;
}

function newIndexMap(slotBits: number, directLimit: number): IndexMap {
  const slots = 1 << slotBits;
  return {
    direct: new Int32Array(directLimit > 0 ? 1024 : 0),
    directLimit,
    slotKeys: new Uint32Array(slots),
    slotIndex: new Int32Array(slots),
    shift: 32 - slotBits,
    hashed: 0,
    keys: new Uint32Array(1024),
    size: 0,
  };
}

function newIdSet(slotBits: number): IdSet {
  return {
    bits: new Uint32Array(1024),
    slots: new Uint32Array(1 << slotBits),
    shift: 32 - slotBits,
    hashed: 0,
    size: 0,
  };
}

function growIndexMapSlots(map: IndexMap): void {
  const slotBits = 32 - map.shift + 1;
  const slots = 1 << slotBits;
  const slotKeys = new Uint32Array(slots);
  const slotIndex = new Int32Array(slots);
  const shift = 32 - slotBits;
  const mask = slots - 1;
  for (let i = 0; i < map.size; i++) {
    const key = map.keys[i]!;
    if (key < map.directLimit) continue;
    let slot = imul(key, HASH_MULTIPLIER) >>> shift;
    while (slotIndex[slot] !== 0) slot = (slot + 1) & mask;
    slotKeys[slot] = key;
    slotIndex[slot] = i + 1;
  }
  map.slotKeys = slotKeys;
  map.slotIndex = slotIndex;
  map.shift = shift;
}

function appendKey(map: IndexMap, key: number): number {
  if (map.size >= map.keys.length) {
    const keys = new Uint32Array(map.keys.length * 2);
    keys.set(map.keys);
    map.keys = keys;
  }
  const index = map.size++;
  map.keys[index] = key;
  return index;
}

/**
 * Index of `key`, inserting it (as the next dense index) when absent. Amortised O(1).
 * @example
 * const users = behaviorAccumulator.init(resolveBehaviorWindow()).users;
 * [indexMapInsert(users, 42), indexMapInsert(users, 2 ** 31), indexMapInsert(users, 42)] // => [0, 1, 0]
 */
export function indexMapInsert(map: IndexMap, key: number): number {
  if (key < map.directLimit) {
    let direct = map.direct;
    if (key >= direct.length) {
      let length = direct.length * 2;
      while (length <= key) length *= 2;
      const grown = new Int32Array(Math.min(length, map.directLimit));
      grown.set(direct);
      map.direct = direct = grown;
    }
    const stored = direct[key]!;
    if (stored !== 0) return stored - 1;
    const index = appendKey(map, key);
    direct[key] = index + 1;
    return index;
  }
  const mask = map.slotIndex.length - 1;
  let slot = imul(key, HASH_MULTIPLIER) >>> map.shift;
  for (;;) {
    const stored = map.slotIndex[slot]!;
    if (stored === 0) break;
    if (map.slotKeys[slot] === key) return stored - 1;
    slot = (slot + 1) & mask;
  }
  const index = appendKey(map, key);
  map.hashed++;
  if (map.hashed * 2 > map.slotIndex.length) {
    growIndexMapSlots(map); // re-inserts every hashed key, this one included
    return index;
  }
  map.slotKeys[slot] = key;
  map.slotIndex[slot] = index + 1;
  return index;
}

function growIdSetSlots(set: IdSet): void {
  const slotBits = 32 - set.shift + 1;
  const slots = new Uint32Array(1 << slotBits);
  const shift = 32 - slotBits;
  const mask = slots.length - 1;
  const old = set.slots;
  for (let i = 0; i < old.length; i++) {
    const key = old[i]!;
    if (key === 0) continue;
    let slot = imul(key, HASH_MULTIPLIER) >>> shift;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = key;
  }
  set.slots = slots;
  set.shift = shift;
}

function growIdSetBits(set: IdSet, word: number): Uint32Array {
  let length = set.bits.length * 2;
  while (length <= word) length *= 2;
  const bits = new Uint32Array(Math.min(length, ID_BITSET_LIMIT / 32));
  bits.set(set.bits);
  set.bits = bits;
  return bits;
}

/**
 * Adds `key` to the set. Amortised O(1).
 * @example
 * const items = behaviorAccumulator.init(resolveBehaviorWindow()).items;
 * idSetAdd(items, 7); idSetAdd(items, 7); idSetAdd(items, 2 ** 31);
 * items.size // => 2
 */
export function idSetAdd(set: IdSet, key: number): void {
  if (key < ID_BITSET_LIMIT) {
    const word = key >>> 5;
    const bits = word < set.bits.length ? set.bits : growIdSetBits(set, word);
    const bit = 1 << (key & 31);
    const old = bits[word]!;
    if ((old & bit) === 0) {
      bits[word] = old | bit;
      set.size++;
    }
    return;
  }
  const slots = set.slots;
  const mask = slots.length - 1;
  let slot = imul(key, HASH_MULTIPLIER) >>> set.shift;
  for (;;) {
    const stored = slots[slot]!;
    if (stored === key) return;
    if (stored === 0) break;
    slot = (slot + 1) & mask;
  }
  slots[slot] = key;
  set.size++;
  set.hashed++;
  if (set.hashed * 2 > slots.length) growIdSetSlots(set);
}

/** Adds every value of `from` to `into`. */
function idSetMerge(into: IdSet, from: IdSet): void {
  const bits = from.bits;
  if (bits.length > into.bits.length) growIdSetBits(into, bits.length - 1);
  const target = into.bits;
  let added = 0;
  for (let w = 0; w < bits.length; w++) {
    const incoming = bits[w]!;
    if (incoming === 0) continue;
    const fresh = incoming & ~target[w]!;
    if (fresh !== 0) {
      added += popCount(fresh);
      target[w] = target[w]! | fresh;
    }
  }
  into.size += added;
  const slots = from.slots;
  for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) idSetAdd(into, slots[s]!);
}

function popCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function growUsers(state: BehaviorState, capacity: number): void {
  const grow = <T extends Uint32Array | Int16Array | Uint8Array>(
    old: T,
    make: (n: number) => T,
    per = 1,
  ): T => {
    const next = make(capacity * per);
    next.set(old);
    return next;
  };
  state.userDays = grow(state.userDays, (n) => new Uint32Array(n), state.dayWords);
  state.userHours = grow(state.userHours, (n) => new Uint32Array(n));
  state.userBuyHours = grow(state.userBuyHours, (n) => new Uint32Array(n));
  state.userBuys = grow(state.userBuys, (n) => new Uint32Array(n));
  const lastBuy = new Int16Array(capacity).fill(-1);
  lastBuy.set(state.userLastBuyDay);
  state.userLastBuyDay = lastBuy;
  state.userFlags = grow(state.userFlags, (n) => new Uint8Array(n));
}

function growCategories(state: BehaviorState, capacity: number): void {
  const next = new Float64Array(capacity);
  next.set(state.categoryBuys);
  state.categoryBuys = next;
}

/** Dense index of user `userId`, creating its per-user state when new. */
function userIndex(state: BehaviorState, userId: number): number {
  const index = indexMapInsert(state.users, userId);
  if (index >= state.userFlags.length) growUsers(state, state.userFlags.length * 2);
  return index;
}

function categoryIndex(state: BehaviorState, categoryId: number): number {
  const index = indexMapInsert(state.categories, categoryId);
  if (index >= state.categoryBuys.length) growCategories(state, state.categoryBuys.length * 2);
  return index;
}

/**
 * The streaming analysis as a mergeable accumulator:
 * - `init(window)` an empty state;
 * - `add(state, chunk)` folds in a chunk of kept rows (all inside the window);
 * - `merge(a, b)` folds `b` into `a` (the result equals the state of the union of both inputs; user, item and
 *   category sets are unions, so the same user in both halves counts once);
 * - `value(state)` the exact aggregates.
 * Complexity: add O(rows) amortised; merge O(|b| users + items + categories); value O(users · days).
 *
 * @example
 * const state = behaviorAccumulator.init(resolveBehaviorWindow());
 * for await (const chunk of readBehaviorChunks(file)) behaviorAccumulator.add(state, chunk);
 * behaviorAccumulator.value(state).funnelUsers.buyers // => 72
 */
export const behaviorAccumulator = {
  init(window: Pick<BehaviorWindow, 'startSeconds' | 'days'>): BehaviorState {
    const dayCount = window.days.length;
    const dayWords = Math.max(1, Math.ceil(dayCount / 32));
    const userCapacity = 1024;
    return {
      startSeconds: window.startSeconds,
      dayCount,
      dayWords,
      rows: 0,
      events: new Float64Array(4),
      dailyPv: new Float64Array(dayCount),
      dailyBuys: new Float64Array(dayCount),
      hourlyPv: new Float64Array(24),
      hourlyBuys: new Float64Array(24),
      users: newIndexMap(4, USER_DIRECT_LIMIT),
      userDays: new Uint32Array(userCapacity * dayWords),
      userHours: new Uint32Array(userCapacity),
      userBuyHours: new Uint32Array(userCapacity),
      userBuys: new Uint32Array(userCapacity),
      userLastBuyDay: new Int16Array(userCapacity).fill(-1),
      userFlags: new Uint8Array(userCapacity),
      items: newIdSet(4),
      categories: newIndexMap(10, 0),
      categoryBuys: new Float64Array(512),
    };
  },

  add(state: BehaviorState, chunk: BehaviorChunk): BehaviorState {
    const n = chunk.length;
    const { userId, itemId, categoryId, behavior, timestamp } = chunk;
    const start = state.startSeconds;
    const dayWords = state.dayWords;
    const events = state.events;
    const dailyPv = state.dailyPv;
    const dailyBuys = state.dailyBuys;
    const hourlyPv = state.hourlyPv;
    const hourlyBuys = state.hourlyBuys;
    const items = state.items;
    let lastUser = -1;
    let user = 0;
    let lastCategory = -1;
    let category = 0;
    let userDays = state.userDays;
    let userHours = state.userHours;
    let userFlags = state.userFlags;
    for (let i = 0; i < n; i++) {
      const id = userId[i]!;
      if (id !== lastUser) {
        const before = state.userFlags.length;
        user = userIndex(state, id);
        lastUser = id;
        if (state.userFlags.length !== before) {
          userDays = state.userDays;
          userHours = state.userHours;
          userFlags = state.userFlags;
        }
      }
      const code = behavior[i]!;
      const relative = timestamp[i]! - start;
      const day = floor(relative / DAY_SECONDS);
      const hour = floor((relative - day * DAY_SECONDS) / 3600);
      userDays[user * dayWords + (day >>> 5)]! |= 1 << (day & 31);
      userHours[user]! |= 1 << hour;
      userFlags[user]! |= BEHAVIOR_FLAG[code as 0 | 1 | 2 | 3];
      events[code]!++;
      if (code === 0) {
        dailyPv[day]!++;
        hourlyPv[hour]!++;
      } else if (code === 3) {
        dailyBuys[day]!++;
        hourlyBuys[hour]!++;
        state.userBuys[user]!++;
        state.userBuyHours[user]! |= 1 << hour;
        if (state.userLastBuyDay[user]! < day) state.userLastBuyDay[user] = day;
      }
      const cat = categoryId[i]!;
      if (cat !== lastCategory) {
        category = categoryIndex(state, cat);
        lastCategory = cat;
      }
      if (code === 3) state.categoryBuys[category]!++;
      idSetAdd(items, itemId[i]!);
    }
    state.rows += n;
    return state;
  },

  merge(a: BehaviorState, b: BehaviorState): BehaviorState {
    if (a.startSeconds !== b.startSeconds || a.dayCount !== b.dayCount)
      throw new Error('behaviorAccumulator.merge: states of different windows');
    const words = a.dayWords;
    for (let j = 0; j < b.users.size; j++) {
      const i = userIndex(a, b.users.keys[j]!);
      for (let w = 0; w < words; w++) a.userDays[i * words + w]! |= b.userDays[j * words + w]!;
      a.userHours[i]! |= b.userHours[j]!;
      a.userBuyHours[i]! |= b.userBuyHours[j]!;
      a.userBuys[i]! += b.userBuys[j]!;
      a.userFlags[i]! |= b.userFlags[j]!;
      if (a.userLastBuyDay[i]! < b.userLastBuyDay[j]!) a.userLastBuyDay[i] = b.userLastBuyDay[j]!;
    }
    idSetMerge(a.items, b.items);
    for (let j = 0; j < b.categories.size; j++) {
      const i = categoryIndex(a, b.categories.keys[j]!);
      a.categoryBuys[i]! += b.categoryBuys[j]!;
    }
    const add = (x: Float64Array, y: Float64Array) => {
      for (let k = 0; k < x.length; k++) x[k]! += y[k]!;
    };
    add(a.events, b.events);
    add(a.dailyPv, b.dailyPv);
    add(a.dailyBuys, b.dailyBuys);
    add(a.hourlyPv, b.hourlyPv);
    add(a.hourlyBuys, b.hourlyBuys);
    a.rows += b.rows;
    return a;
  },

  value(state: BehaviorState, days: readonly string[]): BehaviorStateValue {
    const { dayCount, dayWords } = state;
    const userCount = state.users.size;
    const dailyActive = new Float64Array(dayCount);
    const hourlyActive = new Float64Array(24);
    const hourlyBuyers = new Float64Array(24);
    const retention = new Float64Array(dayCount * dayCount);
    const rfm = new Map<number, number>();
    let pvUsers = 0;
    let interestUsers = 0;
    let buyers = 0;
    let interestNoBuy = 0;
    const lastDay = dayCount - 1;
    for (let u = 0; u < userCount; u++) {
      let first = -1;
      for (let w = 0; w < dayWords; w++) {
        let mask = state.userDays[u * dayWords + w]!;
        while (mask !== 0) {
          const bit = 31 - clz32(mask & -mask);
          mask &= mask - 1;
          const day = w * 32 + bit;
          dailyActive[day]!++;
          if (first < 0) first = day;
          retention[first * dayCount + (day - first)]!++;
        }
      }
      for (let mask = state.userHours[u]!; mask !== 0; mask &= mask - 1)
        hourlyActive[31 - clz32(mask & -mask)]!++;
      for (let mask = state.userBuyHours[u]!; mask !== 0; mask &= mask - 1)
        hourlyBuyers[31 - clz32(mask & -mask)]!++;
      const flags = state.userFlags[u]!;
      if (flags & FLAG_PV) pvUsers++;
      if (flags & FLAG_INTEREST) {
        interestUsers++;
        if (!(flags & FLAG_BUY)) interestNoBuy++;
      }
      if (flags & FLAG_BUY) {
        buyers++;
        const key = state.userBuys[u]! * 4096 + (lastDay - state.userLastBuyDay[u]!);
        rfm.set(key, (rfm.get(key) ?? 0) + 1);
      }
    }
    const rfmHistogram = [...rfm.entries()]
      .map(([key, users]) => ({ recency: key % 4096, frequency: floor(key / 4096), users }))
      .sort((x, y) => x.recency - y.recency || x.frequency - y.frequency);
    const retentionMatrix: BehaviorStateValue['retentionMatrix'] = [];
    for (let c = 0; c < dayCount; c++)
      for (let k = 0; c + k < dayCount; k++) {
        const users = retention[c * dayCount + k]!;
        if (users > 0) retentionMatrix.push({ cohortDay: c, offset: k, users });
      }
    const categoryBuys: BehaviorStateValue['categoryBuys'] = [];
    for (let j = 0; j < state.categories.size; j++)
      if (state.categoryBuys[j]! > 0)
        categoryBuys.push({ categoryId: state.categories.keys[j]!, buys: state.categoryBuys[j]! });
    categoryBuys.sort((x, y) => x.categoryId - y.categoryId);
    return {
      rows: state.rows,
      users: userCount,
      items: state.items.size,
      categories: state.categories.size,
      events: { pv: state.events[0]!, fav: state.events[1]!, cart: state.events[2]!, buy: state.events[3]! },
      daily: Array.from({ length: dayCount }, (_, d) => ({
        date: days[d] ?? '',
        pv: state.dailyPv[d]!,
        activeUsers: dailyActive[d]!,
        buys: state.dailyBuys[d]!,
      })),
      hourly: Array.from({ length: 24 }, (_, hour) => ({
        hour,
        pv: state.hourlyPv[hour]!,
        activeUsers: hourlyActive[hour]!,
        buyers: hourlyBuyers[hour]!,
        buys: state.hourlyBuys[hour]!,
        conversion: 0,
      })),
      categoryBuys,
      funnelUsers: { users: userCount, pvUsers, interestUsers, buyers, interestNoBuy },
      rfmHistogram,
      retentionMatrix,
    };
  },
};

/**
 * The buffers of a state's typed arrays, for a worker's `postMessage` transfer list (zero-copy). O(1).
 * @example port.postMessage({ type: 'result', result }, stateTransferList(result.state));
 */
export function stateTransferList(state: BehaviorState): ArrayBuffer[] {
  const arrays = [
    state.events,
    state.dailyPv,
    state.dailyBuys,
    state.hourlyPv,
    state.hourlyBuys,
    state.users.direct,
    state.users.slotKeys,
    state.users.slotIndex,
    state.users.keys,
    state.userDays,
    state.userHours,
    state.userBuyHours,
    state.userBuys,
    state.userLastBuyDay,
    state.userFlags,
    state.items.bits,
    state.items.slots,
    state.categories.direct,
    state.categories.slotKeys,
    state.categories.slotIndex,
    state.categories.keys,
    state.categoryBuys,
  ];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}
