/**
 * The engagement insight (pages per user, returning users by calendar day) from hand-made aggregates; the
 * golden fixtures (DuckDB, computed independently) and the MySQL parity tests cover it on real data.
 */
import { assembleEngagement, weekdayOfDate } from '../../lib/behavior/engagement';

const days = ['2017-11-25', '2017-11-26', '2017-11-27', '2017-11-28'];
const daily = [
  { date: days[0]!, pv: 400, activeUsers: 40 },
  { date: days[1]!, pv: 370, activeUsers: 37 },
  { date: days[2]!, pv: 330, activeUsers: 35 },
  { date: days[3]!, pv: 0, activeUsers: 0 },
];
// Cohorts: 11-25 (40 users: 30, 28, 25 back), 11-26 (10 users: 7, 6 back), 11-27 (5 users: 2 back on 11-28).
const matrix = [
  [0, 0, 40],
  [0, 1, 30],
  [0, 2, 28],
  [0, 3, 25],
  [1, 0, 10],
  [1, 1, 7],
  [1, 2, 6],
  [2, 0, 5],
  [2, 1, 2],
].map(([cohortDay, offset, users]) => ({ cohortDay: cohortDay!, offset: offset!, users: users! }));

test('returning users per calendar day, hand-computed', () => {
  const engagement = assembleEngagement(days, 1100, 55, daily, Object.freeze(matrix));
  expect(engagement.returning.map((d) => [d.date, d.weekday, d.earlierUsers, d.returning])).toEqual([
    ['2017-11-25', 'Saturday', 0, 0],
    ['2017-11-26', 'Sunday', 40, 30],
    ['2017-11-27', 'Monday', 50, 35],
    ['2017-11-28', 'Tuesday', 55, 33],
  ]);
  expect(engagement.returning.map((d) => d.rate)).toEqual([0, 0.75, 0.7, 0.6]);
});

test('pages per user over the window, per day and per active user-day; a day without users gives 0', () => {
  const engagement = assembleEngagement(days, 1100, 55, daily, matrix);
  expect(engagement.pvPerUser).toBe(20);
  expect(engagement.pvPerUserPerDay).toBe(5);
  expect(engagement.pvPerActiveUserDay).toBe(1100 / 112);
  expect(engagement.activeDaysPerUser).toBe(112 / 55);
  expect(engagement.days.map((d) => d.pvPerActiveUser)).toEqual([10, 10, 330 / 35, 0]);
  expect(assembleEngagement([], 0, 0, [], [])).toEqual({
    pvPerUser: 0,
    pvPerUserPerDay: 0,
    pvPerActiveUserDay: 0,
    activeDaysPerUser: 0,
    days: [],
    returning: [],
  });
});

test('weekdays of calendar dates', () => {
  expect(['2017-12-01', '2017-12-02', '2017-12-03'].map(weekdayOfDate)).toEqual([
    'Friday',
    'Saturday',
    'Sunday',
  ]);
});
