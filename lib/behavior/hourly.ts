/**
 * The hourly insight: page views, buys, distinct active users and distinct buyers per hour of day (0..23 at
 * the window's UTC offset, all days together), and the hourly conversion = buyers / active users.
 * Here: its report row, its part of the streaming state (counted by the fused scan in accumulator.ts), its
 * merge and value, its SQL query and the assembly of the conversion.
 */
import { grownCopy } from './id-tables';
import { ratio } from './ratio';

export interface HourlyRow {
  /** Hour of day 0..23 at the window's UTC offset, all days together. */
  hour: number;
  pv: number;
  /** Distinct users with any event in that hour (of any day). */
  activeUsers: number;
  /** Distinct users with a buy in that hour (of any day). */
  buyers: number;
  buys: number;
  /** buyers / activeUsers (0 when no active users). */
  conversion: number;
}

/** The hourly part of the streaming state. Per-user arrays are indexed by the user's dense index. */
export interface HourlyState {
  hourlyPv: Float64Array;
  hourlyBuys: Float64Array;
  /** Per user: bitmask of hours (0..23) with any event. */
  userHours: Uint32Array;
  /** Per user: bitmask of hours with a buy. */
  userBuyHours: Uint32Array;
}

const { clz32 } = Math;

/** An empty hourly state with room for `userCapacity` users. O(capacity). */
export function initHourly(userCapacity: number): HourlyState {
  return {
    hourlyPv: new Float64Array(24),
    hourlyBuys: new Float64Array(24),
    userHours: new Uint32Array(userCapacity),
    userBuyHours: new Uint32Array(userCapacity),
  };
}

/** Grows the per-user arrays to `capacity` users. */
export function growHourly(state: HourlyState, capacity: number): void {
  state.userHours = grownCopy(state.userHours, capacity);
  state.userBuyHours = grownCopy(state.userBuyHours, capacity);
}

/** Folds `from` into `into`; `userIndex[j]` is the index in `into` of `from`'s user j. O(users of from). */
export function mergeHourly(into: HourlyState, from: HourlyState, userIndex: Int32Array): void {
  for (let j = 0; j < userIndex.length; j++) {
    const i = userIndex[j]!;
    into.userHours[i]! |= from.userHours[j]!;
    into.userBuyHours[i]! |= from.userBuyHours[j]!;
  }
  for (let hour = 0; hour < 24; hour++) {
    into.hourlyPv[hour]! += from.hourlyPv[hour]!;
    into.hourlyBuys[hour]! += from.hourlyBuys[hour]!;
  }
}

/** Adds one to `counts[h]` for every bit h set in `mask`. */
function countBits(counts: Float64Array, mask: number): void {
  for (let rest = mask; rest !== 0; rest &= rest - 1) counts[31 - clz32(rest & -rest)]!++;
}

/**
 * The 24 hourly rows of a state (conversion left 0: {@link hourlyConversion} computes it). O(users).
 * @example hourlyOf(initHourly(4), 0)[13] // => { hour: 13, pv: 0, activeUsers: 0, buyers: 0, buys: 0, conversion: 0 }
 */
export function hourlyOf(state: HourlyState, userCount: number): HourlyRow[] {
  const activeUsers = new Float64Array(24);
  const buyers = new Float64Array(24);
  for (let u = 0; u < userCount; u++) {
    countBits(activeUsers, state.userHours[u]!);
    countBits(buyers, state.userBuyHours[u]!);
  }
  return Array.from({ length: 24 }, (_, hour) => ({
    hour,
    pv: state.hourlyPv[hour]!,
    activeUsers: activeUsers[hour]!,
    buyers: buyers[hour]!,
    buys: state.hourlyBuys[hour]!,
    conversion: 0,
  }));
}

/** The hourly query of the SQL engine (same definitions, over the loaded table's `event_hour`). */
export function hourlySql(table: string): string {
  return `SELECT event_hour AS hour, SUM(behavior_type = 0) AS pv, COUNT(DISTINCT user_id) AS active_users,
       COUNT(DISTINCT CASE WHEN behavior_type = 3 THEN user_id END) AS buyers, SUM(behavior_type = 3) AS buys
  FROM ${table} GROUP BY event_hour`;
}

/**
 * The 24 hourly rows from the rows of {@link hourlySql} (hours without events stay 0).
 * @throws {DataError} (from `count`) for a non-integer value; `Error` for an hour outside 0..23.
 * @example hourlyFromSqlRows([{ hour: 3, pv: 2, active_users: 1, buyers: 0, buys: 0 }], Number)[3]!.pv // => 2
 */
export function hourlyFromSqlRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  count: (value: unknown, what: string) => number,
  onBadHour: (hour: unknown) => Error = (hour) => new Error(`invalid event_hour: ${String(hour)}`),
): HourlyRow[] {
  const hourly: HourlyRow[] = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    pv: 0,
    activeUsers: 0,
    buyers: 0,
    buys: 0,
    conversion: 0,
  }));
  for (const row of rows) {
    const target = hourly[count(row.hour, 'hour')];
    if (target === undefined) throw onBadHour(row.hour);
    target.pv = count(row.pv, 'pv');
    target.activeUsers = count(row.active_users, 'active_users');
    target.buyers = count(row.buyers, 'buyers');
    target.buys = count(row.buys, 'buys');
  }
  return hourly;
}

/**
 * The report's hourly rows: copies with `conversion = buyers / activeUsers` (0 without active users). O(24).
 * @example hourlyConversion([{ hour: 0, pv: 9, activeUsers: 4, buyers: 1, buys: 2, conversion: 0 }])[0]!.conversion // => 0.25
 */
export function hourlyConversion(rows: readonly HourlyRow[]): HourlyRow[] {
  return rows.map((row) => ({
    hour: row.hour,
    pv: row.pv,
    activeUsers: row.activeUsers,
    buyers: row.buyers,
    buys: row.buys,
    conversion: ratio(row.buyers, row.activeUsers),
  }));
}
