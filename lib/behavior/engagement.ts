/**
 * The engagement insight of the behaviour report: how much users browse (page views per user over the window,
 * per day, and per active user-day) and how many come back on each calendar day (users first seen on an earlier
 * day who are active that day, with the weekday). Derived in the shared assembly from aggregates both engines
 * already compute (events, users, daily active users, the cohort matrix), so the streaming and SQL reports agree
 * by construction; the DuckDB reference computes it independently.
 */
import { ratio } from './ratio';
import type { RetentionCell } from './retention';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * The weekday of a `YYYY-MM-DD` date (a calendar date: no time zone involved).
 * @example weekdayOfDate('2017-12-01') // => 'Friday'
 */
export function weekdayOfDate(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'Sunday';
}

/** One window day: page views per active user. */
export interface EngagementDay {
  date: string;
  weekday: Weekday;
  /** pv / activeUsers of that day (0 when nobody was active). */
  pvPerActiveUser: number;
}

/** One window day: users first seen on an earlier day, and how many of them are active that day. */
export interface ReturningDay {
  date: string;
  weekday: Weekday;
  /** Users whose first active day is before this date. */
  earlierUsers: number;
  /** Of those, users active on this date. */
  returning: number;
  /** returning / earlierUsers (0 on the first day, when there are no earlier users). */
  rate: number;
}

/** The report's engagement figures. */
export interface BehaviorEngagement {
  /** Page views / users (the original report's "91 pages per user"). */
  pvPerUser: number;
  /** pvPerUser / window days (its "~10 a day"). */
  pvPerUserPerDay: number;
  /** Page views / Σ daily active users: per user on a day they were active. */
  pvPerActiveUserDay: number;
  /** Σ daily active users / users: active days per user. */
  activeDaysPerUser: number;
  days: EngagementDay[];
  /** Returning users per calendar day (retention by weekday). */
  returning: ReturningDay[];
}

/**
 * Engagement from the report's aggregates. O(days + matrix cells).
 * @example assembleEngagement(['2017-11-25'], 10, 2, [{ date: '2017-11-25', pv: 10, activeUsers: 2, buys: 0 }], []).pvPerUser // => 5
 */
export function assembleEngagement(
  days: readonly string[],
  pv: number,
  users: number,
  daily: ReadonlyArray<{ date: string; pv: number; activeUsers: number }>,
  matrix: ReadonlyArray<RetentionCell>,
): BehaviorEngagement {
  const activeSum = daily.reduce((sum, day) => sum + day.activeUsers, 0);
  const cohortUsers = new Array<number>(days.length).fill(0);
  const returningOn = new Array<number>(days.length).fill(0);
  for (const cell of matrix) {
    if (cell.offset === 0) cohortUsers[cell.cohortDay] = (cohortUsers[cell.cohortDay] ?? 0) + cell.users;
    else if (cell.cohortDay + cell.offset < days.length)
      returningOn[cell.cohortDay + cell.offset] =
        (returningOn[cell.cohortDay + cell.offset] ?? 0) + cell.users;
  }
  let earlier = 0;
  const returning = days.map((date, d) => {
    const row = {
      date,
      weekday: weekdayOfDate(date),
      earlierUsers: earlier,
      returning: returningOn[d] ?? 0,
      rate: ratio(returningOn[d] ?? 0, earlier),
    };
    earlier += cohortUsers[d] ?? 0;
    return row;
  });
  const pvPerUser = ratio(pv, users);
  return {
    pvPerUser,
    pvPerUserPerDay: days.length > 0 ? pvPerUser / days.length : 0,
    pvPerActiveUserDay: ratio(pv, activeSum),
    activeDaysPerUser: ratio(activeSum, users),
    days: daily.map((day) => ({
      date: day.date,
      weekday: weekdayOfDate(day.date),
      pvPerActiveUser: ratio(day.pv, day.activeUsers),
    })),
    returning,
  };
}
