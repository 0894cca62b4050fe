/**
 * The mergeable partial state of the streaming UserBehavior analysis, `{init, add, merge, value}`-style
 * (like arquero's aggregate functions). The state is a plain object of typed arrays, so worker threads can
 * transfer it without JSON. Memory grows with distinct users, items and categories, never with rows:
 * per user about 24 + 4·⌈days/32⌉ bytes plus 4 bytes of direct table per possible id below the largest user id
 * (ids >= 2^24 go to a hash table instead); items take one bit per possible id below the largest item id (ids >= 2^27
 * go to a hash set, 8–16 bytes each); categories about 30 bytes each.
 *
 * The state is the union of each insight's part, defined, merged and read in its own module: hourly.ts
 * (`HourlyState`), funnel.ts (`FunnelState`), rfm-segments.ts (`RfmSegmentsState`), retention.ts (`RetentionState`,
 * the per-user day bitmask the daily counts read too) and pareto.ts (`ParetoState`); this file keeps the
 * overview counters and the ONE fused scan (`add`) that fills every part in a single pass over each chunk
 * (one loop instead of five keeps the hot path at memory speed).
 */
import type { BehaviorChunk } from '../io/behavior-parser';
import {
  BEHAVIOR_FLAG,
  funnelUsersOf,
  growFunnel,
  initFunnel,
  mergeFunnel,
  type FunnelState,
} from './funnel';
import { growHourly, hourlyOf, initHourly, mergeHourly, type HourlyState } from './hourly';
import {
  idSetAdd,
  idSetMerge,
  indexMapInsert,
  mergeIndexMaps,
  newIdSet,
  newIndexMap,
  USER_DIRECT_LIMIT,
  type IdSet,
  type IndexMap,
} from './id-tables';
import { categoryBuysOf, categoryIndex, initPareto, mergePareto, type ParetoState } from './pareto';
import {
  activeUsersPerDay,
  growRetention,
  initRetention,
  mergeRetention,
  retentionMatrixOf,
  type RetentionState,
} from './retention';
import { growRfm, initRfm, mergeRfm, rfmHistogramOf, type RfmSegmentsState } from './rfm-segments';
import type { BehaviorSummary, BehaviorWindow } from './types';
import { dayHourOf } from './window';

export { idSetAdd, indexMapInsert, ID_BITSET_LIMIT, USER_DIRECT_LIMIT } from './id-tables';
export type { IdSet, IndexMap } from './id-tables';

/** The overview part of the state: rows, events, daily counts, the user and item tables. */
export interface OverviewState {
  startSeconds: number;
  rows: number;
  /** Kept events per behaviour code. */
  events: Float64Array;
  dailyPv: Float64Array;
  dailyBuys: Float64Array;
  /** User id -> dense index; every per-user array of the other parts is indexed by it. */
  users: IndexMap;
  items: IdSet;
}

/** The partial state. Build with {@link behaviorAccumulator}. */
export type BehaviorState = OverviewState &
  RetentionState &
  HourlyState &
  FunnelState &
  RfmSegmentsState &
  ParetoState;

/** The exact aggregates of one state: the engine part of a {@link BehaviorSummary}. */
export type BehaviorStateValue = Omit<
  BehaviorSummary,
  'window' | 'linesRead' | 'headerLines' | 'rejectedByReason' | 'rejectSamples'
>;

/** Grows every per-user array of every part to `capacity` users. */
function growUsers(state: BehaviorState, capacity: number): void {
  growRetention(state, capacity);
  growHourly(state, capacity);
  growFunnel(state, capacity);
  growRfm(state, capacity);
}

/** Dense index of user `userId`, creating its per-user state when new. */
function userIndex(state: BehaviorState, userId: number): number {
  const index = indexMapInsert(state.users, userId);
  if (index >= state.userFlags.length) growUsers(state, state.userFlags.length * 2);
  return index;
}

/**
 * The streaming analysis as a mergeable accumulator:
 * - `init(window)` an empty state;
 * - `add(state, chunk)` folds in a chunk of kept rows (all inside the window);
 * - `merge(a, b)` folds `b` into `a` and returns `a` (`b` is left alone), the contract of every ecomlab
 *   accumulator (see `rfmAccumulator`); the result equals the state of the union of both inputs (user, item and
 *   category sets are unions, so the same user in both halves counts once);
 * - `value(state)` the exact aggregates.
 * Complexity: add O(rows) amortised; merge O(|b| users + items + categories); value O(users · days).
 *
 * @example
 * const window = resolveBehaviorWindow();
 * const state = behaviorAccumulator.init(window);
 * for await (const chunk of readBehaviorChunks('data/taobao/UserBehavior_head_4321rows.csv'))
 *   behaviorAccumulator.add(state, chunk);
 * behaviorAccumulator.value(state, window.days).funnelUsers.buyers // => 23
 */
export const behaviorAccumulator = {
  init(window: Pick<BehaviorWindow, 'startSeconds' | 'days'>): BehaviorState {
    const dayCount = window.days.length;
    const userCapacity = 1024;
    return {
      startSeconds: window.startSeconds,
      rows: 0,
      events: new Float64Array(4),
      dailyPv: new Float64Array(dayCount),
      dailyBuys: new Float64Array(dayCount),
      users: newIndexMap(4, USER_DIRECT_LIMIT),
      items: newIdSet(4),
      ...initRetention(dayCount, userCapacity),
      ...initHourly(userCapacity),
      ...initFunnel(userCapacity),
      ...initRfm(userCapacity),
      ...initPareto(),
    };
  },

  /** The fused scan: one pass over the chunk fills the overview and every insight's part. */
  add(state: BehaviorState, chunk: BehaviorChunk): BehaviorState {
    const n = chunk.length;
    const { userId, itemId, categoryId, behavior, timestamp } = chunk;
    const { startSeconds: start, dayWords, events, dailyPv, dailyBuys, hourlyPv, hourlyBuys, items } = state;
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
      const dayHour = dayHourOf(timestamp[i]! - start);
      const day = dayHour >> 5;
      const hour = dayHour & 31;
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
    const users = mergeIndexMaps(a.users, b.users);
    let capacity = a.userFlags.length;
    while (capacity < a.users.size) capacity *= 2;
    if (capacity > a.userFlags.length) growUsers(a, capacity);
    mergeRetention(a, b, users);
    mergeHourly(a, b, users);
    mergeFunnel(a, b, users);
    mergeRfm(a, b, users);
    mergePareto(a, b);
    idSetMerge(a.items, b.items);
    for (let k = 0; k < 4; k++) a.events[k]! += b.events[k]!;
    for (let d = 0; d < a.dayCount; d++) {
      a.dailyPv[d]! += b.dailyPv[d]!;
      a.dailyBuys[d]! += b.dailyBuys[d]!;
    }
    a.rows += b.rows;
    return a;
  },

  value(state: BehaviorState, days: readonly string[]): BehaviorStateValue {
    const userCount = state.users.size;
    const dailyActive = activeUsersPerDay(state, userCount);
    return {
      rows: state.rows,
      users: userCount,
      items: state.items.size,
      categories: state.categories.size,
      events: { pv: state.events[0]!, fav: state.events[1]!, cart: state.events[2]!, buy: state.events[3]! },
      daily: Array.from({ length: state.dayCount }, (_, d) => ({
        date: days[d] ?? '',
        pv: state.dailyPv[d]!,
        activeUsers: dailyActive[d]!,
        buys: state.dailyBuys[d]!,
      })),
      hourly: hourlyOf(state, userCount),
      categoryBuys: categoryBuysOf(state),
      funnelUsers: funnelUsersOf(state, userCount),
      rfmHistogram: rfmHistogramOf(state, userCount, state.dayCount - 1),
      retentionMatrix: retentionMatrixOf(state, userCount),
    };
  },
};

/**
 * The buffers of a state's typed arrays, for a worker's `postMessage` transfer list (zero-copy). O(1).
 * @example
 * // in a worker: port.postMessage({ type: 'result', result }, stateTransferList(result.state));
 * stateTransferList(behaviorAccumulator.init(resolveBehaviorWindow())).length // => 22 (typed arrays)
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
