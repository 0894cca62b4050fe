/** Story chart builders: traces, axes, percent axes, errors naming the field, no input mutation. */
import {
  countryRevenueChart,
  engagementChart,
  horizonChart,
  monthlyRevenueChart,
  type HorizonRow,
  type RetailExploration,
} from '../../lib/story';
import { assembleEngagement } from '../../lib/behavior/engagement';

const horizons: HorizonRow[] = [30, 90, 240].map((horizonDays, i) => ({
  horizonDays,
  cutoff: '2011-09-11',
  customers: 100,
  churned: 60 - 20 * i,
  churnRate: 0.6 - 0.2 * i,
  recallWithout: 0.9 - 0.3 * i,
  recallWith: 0.85 - 0.1 * i,
  precisionWithout: 0.7,
  precisionWith: 0.6,
  specificityWith: 0.5,
}));

test('engagementChart: page views per active user (bars) and returning share (line, right axis)', () => {
  const engagement = assembleEngagement(
    ['2017-11-25', '2017-11-26', '2017-11-27'],
    300,
    20,
    [
      { date: '2017-11-25', pv: 100, activeUsers: 10 },
      { date: '2017-11-26', pv: 101, activeUsers: 10 },
      { date: '2017-11-27', pv: 99, activeUsers: 9 },
    ],
    [
      { cohortDay: 0, offset: 0, users: 10 },
      { cohortDay: 0, offset: 1, users: 5 },
      { cohortDay: 1, offset: 0, users: 5 },
    ],
  );
  const figure = engagementChart(engagement);
  expect(figure.data.map((t) => [t.type, t.yaxis ?? 'y'])).toEqual([
    ['bar', 'y'],
    ['scatter', 'y2'],
  ]);
  expect(figure.data[0]!.x).toEqual(['11-25 Sat', '11-26 Sun', '11-27 Mon']);
  expect(figure.data[0]!.y).toEqual([10, 10.1, 11]);
  // No point on the first day (no earlier users); then 5 of 10, then 0 of 15.
  expect(figure.data[1]!.y).toEqual([0.5, 0]);
  expect((figure.layout.yaxis2 as { tickformat: string }).tickformat).toBe('.0%');
  expect(() => engagementChart({ ...engagement, days: [] })).toThrow(/invalid engagement\.days: \[\]/);
});

test('horizonChart: three lines over the horizons, percent axis', () => {
  const frozen = Object.freeze(horizons.map((row) => Object.freeze({ ...row })));
  const figure = horizonChart(frozen);
  expect(figure.data.map((t) => t.name)).toEqual(['Churn rate', 'Recall without SMOTE', 'Recall with SMOTE']);
  expect(figure.data[2]!.y).toEqual([0.85, 0.75, 0.65].map((v, i) => horizons[i]!.recallWith ?? v));
  expect((figure.layout.xaxis as { title: { text: string } }).title.text).toBe('Label horizon (days)');
  expect(() => horizonChart([])).toThrow(/invalid rows: \[\]/);
});

test('retail exploration charts: months as bars, top countries horizontal with the largest on top', () => {
  const eda = {
    months: [
      { month: '2011-01', revenue: 5, lines: 1, invoices: 1 },
      { month: '2011-02', revenue: 7, lines: 1, invoices: 1 },
    ],
    countries: [
      { country: 'UK', revenue: 10, share: 0.8, customers: 2 },
      { country: 'France', revenue: 2, share: 0.2, customers: 1 },
    ],
  } as unknown as RetailExploration;
  expect(monthlyRevenueChart(eda).data[0]!.y).toEqual([5, 7]);
  const countries = countryRevenueChart(eda, { top: 2 });
  expect(countries.data[0]!.orientation).toBe('h');
  expect(countries.data[0]!.y).toEqual(['France', 'UK']);
  expect(() => monthlyRevenueChart({ ...eda, months: [] })).toThrow(/invalid months: \[\]/);
});
