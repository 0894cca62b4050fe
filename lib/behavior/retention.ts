/**
 * The retention insight: users grouped into cohorts by their first active day, and for each later day k the
 * cohort users active again on day first + k. Here: its report types, its part of the streaming state (one
 * active-day bitmask per user, set by the fused scan in accumulator.ts; the daily active-user counts read it
 * too), merge and value, its SQL query and its assembly.
 */
import { sqlCounts, type SqlCount, type SqlRows } from './sql-rows';
import { check } from '../errors';
import { grownCopy } from './id-tables';

export interface RetentionCohort {
  /** First active date of the cohort's users. */
  date: string;
  users: number;
  /** active[k] = cohort users active on date + k days, for k = 0 .. last window day. active[0] = users. */
  active: number[];
  /** active[k] / users. rate[0] = 1. */
  rate: number[];
}

export interface BehaviorRetention {
  /** Every cohort with at least one user, by date. */
  cohorts: RetentionCohort[];
  /** The first window day's cohort (empty arrays when no user was active that day). */
  headline: RetentionCohort;
}

/** Users of the cohort of day index `cohortDay` active on day `cohortDay + offset` (a summary cell). */
export interface RetentionCell {
  cohortDay: number;
  offset: number;
  users: number;
}

/** The retention part of the streaming state. */
export interface RetentionState {
  dayCount: number;
  /** Words of the per-user day bitmask: ⌈dayCount / 32⌉. */
  dayWords: number;
  /** Per user (by dense index): bitmask of active window days, `dayWords` words each. */
  userDays: Uint32Array;
}

const { clz32 } = Math;

/** An empty retention state for a window of `dayCount` days, with room for `userCapacity` users. */
export function initRetention(dayCount: number, userCapacity: number): RetentionState {
  const dayWords = Math.max(1, Math.ceil(dayCount / 32));
  return { dayCount, dayWords, userDays: new Uint32Array(userCapacity * dayWords) };
}

/** Grows the per-user bitmasks to `capacity` users. */
export function growRetention(state: RetentionState, capacity: number): void {
  state.userDays = grownCopy(state.userDays, capacity * state.dayWords);
}

/** Folds `from` into `into` (day sets are unions); `userIndex[j]` is the index in `into` of `from`'s user j. */
export function mergeRetention(into: RetentionState, from: RetentionState, userIndex: Int32Array): void {
  const words = into.dayWords;
  for (let j = 0; j < userIndex.length; j++) {
    const i = userIndex[j]!;
    for (let w = 0; w < words; w++) into.userDays[i * words + w]! |= from.userDays[j * words + w]!;
  }
}

/**
 * Calls `visit(day, firstDay)` for every active day of every user (days ascending per user). O(users · days).
 */
function forEachActiveDay(
  state: RetentionState,
  userCount: number,
  visit: (day: number, firstDay: number) => void,
): void {
  const { dayWords, userDays } = state;
  for (let u = 0; u < userCount; u++) {
    let first = -1;
    for (let w = 0; w < dayWords; w++) {
      let mask = userDays[u * dayWords + w]!;
      while (mask !== 0) {
        const day = w * 32 + 31 - clz32(mask & -mask);
        mask &= mask - 1;
        if (first < 0) first = day;
        visit(day, first);
      }
    }
  }
}

/**
 * Distinct active users per window day of a state. O(users · days).
 * @example activeUsersPerDay({ dayCount: 2, dayWords: 1, userDays: Uint32Array.of(3, 2) }, 2) // => Float64Array [1, 2]
 */
export function activeUsersPerDay(state: RetentionState, userCount: number): Float64Array {
  const active = new Float64Array(state.dayCount);
  forEachActiveDay(state, userCount, (day) => active[day]!++);
  return active;
}

/**
 * The retention cells of a state: by cohort day, then offset; empty cells left out. O(users · days + days²).
 * @example
 * retentionMatrixOf({ dayCount: 2, dayWords: 1, userDays: Uint32Array.of(3, 2) }, 2)
 * // => [{ cohortDay: 0, offset: 0, users: 1 }, { cohortDay: 0, offset: 1, users: 1 }, { cohortDay: 1, offset: 0, users: 1 }]
 */
export function retentionMatrixOf(state: RetentionState, userCount: number): RetentionCell[] {
  const dayCount = state.dayCount;
  const counts = new Float64Array(dayCount * dayCount);
  forEachActiveDay(state, userCount, (day, first) => counts[first * dayCount + (day - first)]!++);
  const cells: RetentionCell[] = [];
  for (let c = 0; c < dayCount; c++)
    for (let k = 0; c + k < dayCount; k++) {
      const users = counts[c * dayCount + k]!;
      if (users > 0) cells.push({ cohortDay: c, offset: k, users });
    }
  return cells;
}

/** The retention query of the SQL engine (`?` = the window's first day). Uses a window function. */
export function retentionSql(table: string): string {
  return `SELECT first_day, day - first_day AS k, COUNT(*) AS users
  FROM (SELECT day, MIN(day) OVER (PARTITION BY user_id) AS first_day
          FROM (SELECT user_id, DATEDIFF(event_date, CAST(? AS DATE)) AS day
                  FROM ${table} GROUP BY user_id, event_date) AS user_days) AS with_first
 GROUP BY first_day, k`;
}

/**
 * Retention cells from the rows of {@link retentionSql}.
 * @example retentionFromSqlRows([{ first_day: 0, k: 1, users: 5 }], Number) // => [{ cohortDay: 0, offset: 1, users: 5 }]
 */
export const retentionFromSqlRows = (rows: SqlRows, count: SqlCount): RetentionCell[] =>
  sqlCounts(rows, count, { cohortDay: 'first_day', offset: 'k', users: 'users' });

/**
 * Cohorts by first active day; `active[k]` for k = 0 .. (last window day − cohort day), `rate[k]` =
 * active[k] / users. O(cells + days²).
 *
 * @throws {DataError} for a cell outside the window (`invalid retentionMatrix.offset: 9`).
 * @example
 * assembleRetention(['2017-11-25', '2017-11-26'], [{ cohortDay: 0, offset: 0, users: 4 }, { cohortDay: 0, offset: 1, users: 1 }])
 *   .headline.rate // => [1, 0.25]
 */
export function assembleRetention(
  days: readonly string[],
  matrix: ReadonlyArray<RetentionCell>,
): BehaviorRetention {
  const byCohort = new Map<number, number[]>();
  for (const cell of matrix) {
    check(
      Number.isInteger(cell.cohortDay) && cell.cohortDay >= 0 && cell.cohortDay < days.length,
      'retentionMatrix.cohortDay',
      cell.cohortDay,
    );
    check(
      Number.isInteger(cell.offset) && cell.offset >= 0 && cell.cohortDay + cell.offset < days.length,
      'retentionMatrix.offset',
      cell.offset,
    );
    let active = byCohort.get(cell.cohortDay);
    if (active === undefined) {
      active = new Array<number>(days.length - cell.cohortDay).fill(0);
      byCohort.set(cell.cohortDay, active);
    }
    active[cell.offset] = (active[cell.offset] ?? 0) + cell.users;
  }
  const cohorts: RetentionCohort[] = [...byCohort.entries()]
    .filter(([, active]) => (active[0] ?? 0) > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([cohortDay, active]) => {
      const users = active[0] ?? 0;
      return {
        date: days[cohortDay] ?? '',
        users,
        active,
        rate: active.map((count) => count / users),
      };
    });
  const first = days[0] ?? '';
  const headline = cohorts.find((cohort) => cohort.date === first) ?? {
    date: first,
    users: 0,
    active: [],
    rate: [],
  };
  return { cohorts, headline };
}
