/**
 * The funnel insight: page view -> interest (fav or cart) -> buy, as distinct users and as event counts, with
 * the step rates between them. Here: its report type, its part of the streaming state (one flag byte per
 * user, set by the fused scan in accumulator.ts), merge and value, its SQL query and its assembly.
 */
import { grownCopy } from './id-tables';
import { ratio } from './ratio';

export interface BehaviorFunnel {
  users: number;
  /** Users with at least one pv. */
  pvUsers: number;
  /** Users with at least one fav or cart. */
  interestUsers: number;
  /** Users with at least one buy. */
  buyers: number;
  /** Interest users who never bought. */
  interestNoBuy: number;
  /** interestNoBuy / interestUsers. */
  interestNoBuyShare: number;
  /** buyers / users (the report's "UV conversion"). */
  userConversion: number;
  /** Event counts per step: pv, fav + cart, buy. */
  events: { pv: number; interest: number; buy: number };
  /** Step rates between event counts: interest / pv, buy / interest, buy / pv. */
  eventRates: { pvToInterest: number; interestToBuy: number; pvToBuy: number };
  /** Step rates between user counts: interestUsers / pvUsers, buyers / interestUsers... */
  userRates: { pvToInterest: number; interestToBuy: number; pvToBuy: number };
}

/** The funnel's exact user counts (the summary part both engines compute). */
export type FunnelUsers = Pick<
  BehaviorFunnel,
  'users' | 'pvUsers' | 'interestUsers' | 'buyers' | 'interestNoBuy'
>;

/** Funnel flags of a user: 1 pv, 2 fav or cart, 4 buy. */
export const FLAG_PV = 1;
export const FLAG_INTEREST = 2;
export const FLAG_BUY = 4;
/** The flag of each behaviour code (0 pv, 1 fav, 2 cart, 3 buy). */
export const BEHAVIOR_FLAG = [FLAG_PV, FLAG_INTEREST, FLAG_INTEREST, FLAG_BUY] as const;

/** The funnel part of the streaming state. */
export interface FunnelState {
  /** Per user (dense index): OR of the {@link BEHAVIOR_FLAG}s of its events. */
  userFlags: Uint8Array;
}

/** An empty funnel state with room for `userCapacity` users. */
export function initFunnel(userCapacity: number): FunnelState {
  return { userFlags: new Uint8Array(userCapacity) };
}

/** Grows the per-user flags to `capacity` users. */
export function growFunnel(state: FunnelState, capacity: number): void {
  state.userFlags = grownCopy(state.userFlags, capacity);
}

/** Folds `from` into `into`; `userIndex[j]` is the index in `into` of `from`'s user j. O(users of from). */
export function mergeFunnel(into: FunnelState, from: FunnelState, userIndex: Int32Array): void {
  for (let j = 0; j < userIndex.length; j++) into.userFlags[userIndex[j]!]! |= from.userFlags[j]!;
}

/**
 * The funnel's user counts of a state. O(users).
 * @example funnelUsersOf({ userFlags: Uint8Array.of(1, 3, 7) }, 3) // => { users: 3, pvUsers: 3, interestUsers: 2, buyers: 1, interestNoBuy: 1 }
 */
export function funnelUsersOf(state: FunnelState, userCount: number): FunnelUsers {
  let pvUsers = 0;
  let interestUsers = 0;
  let buyers = 0;
  let interestNoBuy = 0;
  for (let u = 0; u < userCount; u++) {
    const flags = state.userFlags[u]!;
    if (flags & FLAG_PV) pvUsers++;
    if (flags & FLAG_INTEREST) {
      interestUsers++;
      if (!(flags & FLAG_BUY)) interestNoBuy++;
    }
    if (flags & FLAG_BUY) buyers++;
  }
  return { users: userCount, pvUsers, interestUsers, buyers, interestNoBuy };
}

/** The funnel query of the SQL engine: one row of user counts from per-user flags. */
export function funnelSql(table: string): string {
  return `SELECT COUNT(*) AS users, SUM(has_pv) AS pv_users, SUM(has_interest) AS interest_users,
       SUM(has_buy) AS buyers, SUM(has_interest = 1 AND has_buy = 0) AS interest_no_buy
  FROM (SELECT user_id, MAX(behavior_type = 0) AS has_pv, MAX(behavior_type IN (1, 2)) AS has_interest,
               MAX(behavior_type = 3) AS has_buy
          FROM ${table} GROUP BY user_id) AS per_user`;
}

/**
 * The funnel's user counts from the row of {@link funnelSql}.
 * @example funnelUsersFromSqlRow({ users: 3, pv_users: 3, interest_users: 2, buyers: 1, interest_no_buy: 1 }, Number).buyers // => 1
 */
export function funnelUsersFromSqlRow(
  row: Record<string, unknown>,
  count: (value: unknown, what: string) => number,
): FunnelUsers {
  return {
    users: count(row.users, 'users'),
    pvUsers: count(row.pv_users, 'pv_users'),
    interestUsers: count(row.interest_users, 'interest_users'),
    buyers: count(row.buyers, 'buyers'),
    interestNoBuy: count(row.interest_no_buy, 'interest_no_buy'),
  };
}

/**
 * The report's funnel: user counts, event counts per step (interest = fav + cart) and every step rate
 * (0 where the step before is empty). O(1).
 * @example
 * assembleFunnel({ users: 4, pvUsers: 4, interestUsers: 2, buyers: 1, interestNoBuy: 1 },
 *   { pv: 10, fav: 1, cart: 1, buy: 1 }).eventRates.pvToInterest // => 0.2
 */
export function assembleFunnel(
  users: FunnelUsers,
  events: { pv: number; fav: number; cart: number; buy: number },
): BehaviorFunnel {
  const pv = events.pv;
  const interest = events.fav + events.cart;
  const buy = events.buy;
  return {
    users: users.users,
    pvUsers: users.pvUsers,
    interestUsers: users.interestUsers,
    buyers: users.buyers,
    interestNoBuy: users.interestNoBuy,
    interestNoBuyShare: ratio(users.interestNoBuy, users.interestUsers),
    userConversion: ratio(users.buyers, users.users),
    events: { pv, interest, buy },
    eventRates: {
      pvToInterest: ratio(interest, pv),
      interestToBuy: ratio(buy, interest),
      pvToBuy: ratio(buy, pv),
    },
    userRates: {
      pvToInterest: ratio(users.interestUsers, users.pvUsers),
      interestToBuy: ratio(users.buyers, users.interestUsers),
      pvToBuy: ratio(users.buyers, users.pvUsers),
    },
  };
}
