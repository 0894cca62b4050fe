/**
 * Per-category breakdowns in the same pass as the report: for every category, its events, its funnel in
 * distinct users (pv -> interest (fav/cart) -> buy), its conversion, how much interest leaks (interest users
 * who never bought in it) and its Pareto position by buys. Exact: a user counts once per category, through a
 * table of (user, category) pairs with their behaviour flags (open addressing, 9 bytes per slot at most 1/2
 * full: about 18 bytes per distinct pair), mergeable across workers like the report's accumulator.
 */
import type { FilterableChunk } from './where';

const FLAG_PV = 1;
const FLAG_INTEREST = 2;
const FLAG_BUY = 4;
const BEHAVIOR_FLAG = [FLAG_PV, FLAG_INTEREST, FLAG_INTEREST, FLAG_BUY];
const EMPTY = 0xffffffff;
const { imul } = Math;

/** The mergeable state of a breakdown (plain typed arrays: transferable to and from workers). */
export interface BreakdownState {
  /** Pair table: user id and category id per slot (`pairUser === EMPTY` for a free slot), OR of flags. */
  pairUser: Uint32Array;
  pairCategory: Uint32Array;
  pairFlags: Uint8Array;
  pairs: number;
  /** Category table: id per slot, and 4 event counters (pv, fav, cart, buy) per slot. */
  categoryIds: Uint32Array;
  categoryEvents: Float64Array;
  categories: number;
}

/** One row of the breakdown table (report field `breakdown.categories`). */
export interface CategoryBreakdownRow {
  /** Rank by traffic (events of any behaviour), ties by smaller category id. */
  rank: number;
  categoryId: number;
  events: number;
  pv: number;
  fav: number;
  cart: number;
  buy: number;
  /** Distinct users with any event in the category. */
  users: number;
  pvUsers: number;
  /** Users with a fav or cart in the category. */
  interestUsers: number;
  /** Users with a buy in the category. */
  buyers: number;
  /** Interest users who never bought in the category. */
  interestNoBuy: number;
  /** interestNoBuy / interestUsers (0 without interest users): how much interest leaks. */
  leakShare: number;
  /** buyers / users. */
  userConversion: number;
  /** buyers / interestUsers (0 without interest users). */
  interestToBuy: number;
  /** Position in the Pareto ranking by buys (1 = most buys; 0 = no buys). */
  paretoRank: number;
  /** buy / all buys of the report. */
  buyShare: number;
  /** Cumulative buy share down to this category in the Pareto order (0 without buys). */
  cumulativeBuyShare: number;
}

/** The breakdown section of a report. */
export interface CategoryBreakdown {
  /** Categories in the (filtered) data. */
  categories: number;
  /** Rows: every category, or the top `top` by traffic, in rank order. */
  rows: CategoryBreakdownRow[];
  /** The `top` asked for (0 = all). */
  top: number;
}

function hash2(a: number, b: number): number {
  return imul(imul(a, 0x9e3779b1) ^ b, 0x85ebca6b) >>> 0;
}

/**
 * An empty breakdown state. O(1).
 * @example breakdownInit().pairs // => 0
 */
export function breakdownInit(): BreakdownState {
  return {
    pairUser: new Uint32Array(1 << 16).fill(EMPTY),
    pairCategory: new Uint32Array(1 << 16),
    pairFlags: new Uint8Array(1 << 16),
    pairs: 0,
    categoryIds: new Uint32Array(1 << 10).fill(EMPTY),
    categoryEvents: new Float64Array(4 << 10),
    categories: 0,
  };
}

function growPairs(state: BreakdownState): void {
  const size = state.pairUser.length * 2;
  const user = new Uint32Array(size).fill(EMPTY);
  const category = new Uint32Array(size);
  const flags = new Uint8Array(size);
  const mask = size - 1;
  const oldUser = state.pairUser;
  for (let s = 0; s < oldUser.length; s++) {
    const u = oldUser[s]!;
    if (u === EMPTY) continue;
    const c = state.pairCategory[s]!;
    let slot = hash2(u, c) & mask;
    while (user[slot] !== EMPTY) slot = (slot + 1) & mask;
    user[slot] = u;
    category[slot] = c;
    flags[slot] = state.pairFlags[s]!;
  }
  state.pairUser = user;
  state.pairCategory = category;
  state.pairFlags = flags;
}

function growCategories(state: BreakdownState): void {
  const size = state.categoryIds.length * 2;
  const ids = new Uint32Array(size).fill(EMPTY);
  const events = new Float64Array(size * 4);
  const mask = size - 1;
  for (let s = 0; s < state.categoryIds.length; s++) {
    const id = state.categoryIds[s]!;
    if (id === EMPTY) continue;
    let slot = (imul(id, 0x9e3779b1) >>> 0) & mask;
    while (ids[slot] !== EMPTY) slot = (slot + 1) & mask;
    ids[slot] = id;
    for (let k = 0; k < 4; k++) events[slot * 4 + k] = state.categoryEvents[s * 4 + k]!;
  }
  state.categoryIds = ids;
  state.categoryEvents = events;
}

/** Slot of category `id` (inserted when absent). */
function categorySlot(state: BreakdownState, id: number): number {
  let ids = state.categoryIds;
  let mask = ids.length - 1;
  let slot = (imul(id, 0x9e3779b1) >>> 0) & mask;
  for (;;) {
    const stored = ids[slot]!;
    if (stored === id) return slot;
    if (stored === EMPTY) break;
    slot = (slot + 1) & mask;
  }
  if ((state.categories + 1) * 2 > ids.length) {
    growCategories(state);
    ids = state.categoryIds;
    mask = ids.length - 1;
    slot = (imul(id, 0x9e3779b1) >>> 0) & mask;
    while (ids[slot] !== EMPTY) slot = (slot + 1) & mask;
  }
  ids[slot] = id;
  state.categories++;
  return slot;
}

/** ORs `flags` into pair (user, category). Amortised O(1). Returns the slot. */
function pairOr(state: BreakdownState, user: number, category: number, flags: number): void {
  if ((state.pairs + 1) * 2 > state.pairUser.length) growPairs(state);
  const users = state.pairUser;
  const mask = users.length - 1;
  let slot = hash2(user, category) & mask;
  for (;;) {
    const stored = users[slot]!;
    if (stored === EMPTY) {
      users[slot] = user;
      state.pairCategory[slot] = category;
      state.pairFlags[slot] = flags;
      state.pairs++;
      return;
    }
    if (stored === user && state.pairCategory[slot] === category) {
      state.pairFlags[slot]! |= flags;
      return;
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * Folds the first `chunk.length` rows into the state. O(rows) amortised; consecutive rows of the same user and
 * category cost one flag OR.
 */
export function breakdownAdd(state: BreakdownState, chunk: FilterableChunk): void {
  const { userId, categoryId, behavior } = chunk;
  let lastUser = -1;
  let lastCategory = -1;
  let pending = 0;
  let categoryAt = -1;
  for (let i = 0; i < chunk.length; i++) {
    const user = userId[i]!;
    const category = categoryId[i]!;
    const code = behavior[i]!;
    if (category !== lastCategory) categoryAt = categorySlot(state, category);
    state.categoryEvents[categoryAt * 4 + code]!++;
    if (user !== lastUser || category !== lastCategory) {
      if (lastUser >= 0) pairOr(state, lastUser, lastCategory, pending);
      lastUser = user;
      lastCategory = category;
      pending = 0;
    }
    pending |= BEHAVIOR_FLAG[code]!;
  }
  if (lastUser >= 0) pairOr(state, lastUser, lastCategory, pending);
}

/** Folds `from` into `into` (pair flags OR-ed, event counts added). O(pairs + categories of `from`). */
export function breakdownMerge(into: BreakdownState, from: BreakdownState): BreakdownState {
  for (let s = 0; s < from.pairUser.length; s++) {
    const user = from.pairUser[s]!;
    if (user !== EMPTY) pairOr(into, user, from.pairCategory[s]!, from.pairFlags[s]!);
  }
  for (let s = 0; s < from.categoryIds.length; s++) {
    const id = from.categoryIds[s]!;
    if (id === EMPTY) continue;
    const slot = categorySlot(into, id);
    for (let k = 0; k < 4; k++) into.categoryEvents[slot * 4 + k]! += from.categoryEvents[s * 4 + k]!;
  }
  return into;
}

/** The state's typed arrays' buffers, for a worker's transfer list. */
export function breakdownTransferList(state: BreakdownState): ArrayBuffer[] {
  return [state.pairUser, state.pairCategory, state.pairFlags, state.categoryIds, state.categoryEvents].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * The breakdown table: every category (or the top `top` by traffic) with its funnel, conversion, leak and
 * Pareto position. O(pairs + categories · log categories).
 *
 * @example
 * const state = breakdownInit();
 * for await (const chunk of readBehaviorChunks('data/taobao/UserBehavior_head_4321rows.csv')) breakdownAdd(state, chunk);
 * breakdownValue(state, 10).rows[0].categoryId // => 3607361 (the most events: 444)
 */
export function breakdownValue(state: BreakdownState, top = 0): CategoryBreakdown {
  const index = new Map<number, number>();
  const rows: CategoryBreakdownRow[] = [];
  for (let s = 0; s < state.categoryIds.length; s++) {
    const id = state.categoryIds[s]!;
    if (id === EMPTY) continue;
    const e = state.categoryEvents;
    const [pv, fav, cart, buy] = [e[s * 4]!, e[s * 4 + 1]!, e[s * 4 + 2]!, e[s * 4 + 3]!];
    index.set(id, rows.length);
    rows.push({
      rank: 0,
      categoryId: id,
      events: pv + fav + cart + buy,
      pv,
      fav,
      cart,
      buy,
      users: 0,
      pvUsers: 0,
      interestUsers: 0,
      buyers: 0,
      interestNoBuy: 0,
      leakShare: 0,
      userConversion: 0,
      interestToBuy: 0,
      paretoRank: 0,
      buyShare: 0,
      cumulativeBuyShare: 0,
    });
  }
  for (let s = 0; s < state.pairUser.length; s++) {
    if (state.pairUser[s] === EMPTY) continue;
    const row = rows[index.get(state.pairCategory[s]!)!]!;
    const flags = state.pairFlags[s]!;
    row.users++;
    if (flags & FLAG_PV) row.pvUsers++;
    if (flags & FLAG_INTEREST) {
      row.interestUsers++;
      if (!(flags & FLAG_BUY)) row.interestNoBuy++;
    }
    if (flags & FLAG_BUY) row.buyers++;
  }
  const totalBuys = rows.reduce((sum, row) => sum + row.buy, 0);
  const byBuys = rows
    .filter((row) => row.buy > 0)
    .sort((a, b) => b.buy - a.buy || a.categoryId - b.categoryId);
  let cumulative = 0;
  byBuys.forEach((row, k) => {
    cumulative += row.buy;
    row.paretoRank = k + 1;
    row.buyShare = row.buy / totalBuys;
    row.cumulativeBuyShare = k === byBuys.length - 1 ? 1 : cumulative / totalBuys;
  });
  for (const row of rows) {
    row.leakShare = ratio(row.interestNoBuy, row.interestUsers);
    row.userConversion = ratio(row.buyers, row.users);
    row.interestToBuy = ratio(row.buyers, row.interestUsers);
  }
  rows.sort((a, b) => b.events - a.events || a.categoryId - b.categoryId);
  rows.forEach((row, k) => (row.rank = k + 1));
  return { categories: rows.length, rows: top > 0 ? rows.slice(0, top) : rows, top };
}
