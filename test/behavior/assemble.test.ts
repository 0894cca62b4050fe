import { assembleBehaviorReport, paretoFromCategoryBuys } from '../../lib/behavior/assemble';
import { resolveBehaviorWindow } from '../../lib/behavior/window';
import type { BehaviorSummary } from '../../lib/behavior/types';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function summary(overrides: Partial<BehaviorSummary> = {}): BehaviorSummary {
  const window = resolveBehaviorWindow({ from: '2017-12-01', to: '2017-12-03' });
  return {
    window,
    linesRead: 12,
    headerLines: 1,
    rows: 10,
    rejectedByReason: { blank: 1, fieldCount: 0, badInteger: 0, unknownBehavior: 0, outOfWindow: 0 },
    rejectSamples: [{ line: 5, reason: 'blank', text: '' }],
    users: 3,
    items: 4,
    categories: 3,
    events: { pv: 5, fav: 1, cart: 1, buy: 3 },
    daily: window.days.map((date) => ({ date, pv: 0, activeUsers: 0, buys: 0 })),
    hourly: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      pv: 0,
      activeUsers: hour === 10 ? 4 : 0,
      buyers: hour === 10 ? 1 : 0,
      buys: 0,
      conversion: 0,
    })),
    categoryBuys: [
      { categoryId: 9, buys: 1 },
      { categoryId: 4, buys: 1 },
      { categoryId: 2, buys: 1 },
    ],
    funnelUsers: { users: 3, pvUsers: 3, interestUsers: 2, buyers: 2, interestNoBuy: 1 },
    rfmHistogram: [
      { recency: 0, frequency: 2, users: 1 },
      { recency: 2, frequency: 1, users: 1 },
    ],
    retentionMatrix: [
      { cohortDay: 0, offset: 0, users: 2 },
      { cohortDay: 0, offset: 2, users: 1 },
      { cohortDay: 1, offset: 0, users: 1 },
    ],
    ...overrides,
  };
}

describe('assembleBehaviorReport', () => {
  it('does not mutate its input and keeps every count', () => {
    const input = deepFreeze(summary());
    const report = assembleBehaviorReport(input);
    expect(report.overview.rejected).toBe(1);
    expect(report.overview.linesRead).toBe(
      report.overview.headerLines + report.overview.rows + report.overview.rejected,
    );
    expect(report.hourly[10]?.conversion).toBe(0.25);
    expect(report.hourly[0]?.conversion).toBe(0);
  });

  it('ranks ties by smaller category id and finds k80', () => {
    const pareto = paretoFromCategoryBuys([
      { categoryId: 9, buys: 1 },
      { categoryId: 4, buys: 1 },
      { categoryId: 2, buys: 1 },
    ]);
    expect(pareto.ranking.map((row) => row.categoryId)).toEqual([2, 4, 9]);
    expect(pareto.k80).toBe(3); // 2/3 < 80%
    expect(pareto.share80).toBe(1);
    expect(pareto.ranking.at(-1)?.cumulativeShare).toBe(1);
    const five = paretoFromCategoryBuys([
      { categoryId: 1, buys: 4 },
      { categoryId: 2, buys: 1 },
    ]);
    expect(five.k80).toBe(1); // exactly 80% reaches the threshold
    expect(five.share80).toBe(0.5);
    expect(paretoFromCategoryBuys([]).k80).toBe(0);
  });

  it('ends the cumulative share at exactly 1 and rises steadily', () => {
    const rows = Array.from({ length: 97 }, (_, i) => ({ categoryId: i + 1, buys: ((i * 37) % 11) + 1 }));
    const pareto = paretoFromCategoryBuys(rows);
    expect(pareto.ranking.at(-1)?.cumulativeShare).toBe(1);
    for (let i = 1; i < pareto.ranking.length; i++) {
      expect(pareto.ranking[i]!.cumulativeShare).toBeGreaterThan(pareto.ranking[i - 1]!.cumulativeShare);
      expect(pareto.ranking[i]!.buys).toBeLessThanOrEqual(pareto.ranking[i - 1]!.buys);
    }
  });

  it('uses dynamic RFM thresholds by default and explicit ones when given', () => {
    const dynamic = assembleBehaviorReport(summary()).rfm;
    expect(dynamic.thresholds).toEqual({ recency: 1, frequency: 1.5, dynamic: true });
    expect(dynamic.segments.map((s) => [s.segment, s.users, s.buys])).toEqual([
      ['recentFrequent', 1, 2],
      ['recentInfrequent', 0, 0],
      ['lapsedFrequent', 0, 0],
      ['lapsedInfrequent', 1, 1],
    ]);
    expect(dynamic.segments[0]?.labelZh).toBe('重要价值客户');
    expect(dynamic.segments[3]?.label).toBe('important re-engagement customers');
    const explicit = assembleBehaviorReport(summary(), { rfmThresholds: { recency: 2, frequency: 1 } }).rfm;
    expect(explicit.thresholds).toEqual({ recency: 2, frequency: 1, dynamic: false });
    expect(explicit.segments[0]?.users).toBe(2);
    expect(explicit.segments[0]?.buyShare).toBe(1);
    expect(explicit.segments[0]?.buysPerUser).toBe(1.5);
    expect(() => assembleBehaviorReport(summary(), { rfmThresholds: { recency: -1, frequency: 1 } })).toThrow(
      /invalid rfmThresholds.recency: -1/,
    );
  });

  it('builds retention cohorts with rate[0] = 1 and a headline', () => {
    const retention = assembleBehaviorReport(summary()).retention;
    expect(retention.cohorts).toEqual([
      { date: '2017-12-01', users: 2, active: [2, 0, 1], rate: [1, 0, 0.5] },
      { date: '2017-12-02', users: 1, active: [1, 0], rate: [1, 0] },
    ]);
    expect(retention.headline.date).toBe('2017-12-01');
    const none = assembleBehaviorReport(summary({ retentionMatrix: [] })).retention;
    expect(none.headline).toEqual({ date: '2017-12-01', users: 0, active: [], rate: [] });
  });

  it('computes funnel rates with zero guards', () => {
    const funnel = assembleBehaviorReport(summary()).funnel;
    expect(funnel.events).toEqual({ pv: 5, interest: 2, buy: 3 });
    expect(funnel.eventRates.pvToInterest).toBeCloseTo(0.4, 12);
    expect(funnel.userConversion).toBeCloseTo(2 / 3, 12);
    expect(funnel.interestNoBuyShare).toBe(0.5);
    const empty = assembleBehaviorReport(
      summary({
        events: { pv: 0, fav: 0, cart: 0, buy: 0 },
        funnelUsers: { users: 0, pvUsers: 0, interestUsers: 0, buyers: 0, interestNoBuy: 0 },
      }),
    ).funnel;
    expect(empty.userConversion).toBe(0);
    expect(empty.eventRates.pvToBuy).toBe(0);
  });

  it('cuts reject samples to maxRejectSamples', () => {
    expect(assembleBehaviorReport(summary(), { maxRejectSamples: 0 }).overview.rejectSamples).toEqual([]);
  });
});

describe('resolveBehaviorWindow', () => {
  it('resolves the default window at UTC+8', () => {
    const window = resolveBehaviorWindow();
    expect(window.startSeconds).toBe(1511539200);
    expect(window.endSeconds).toBe(1512316800);
    expect(window.days).toHaveLength(9);
    expect(window.days[8]).toBe('2017-12-03');
  });
  it('rejects bad offsets and dates with the value', () => {
    expect(() => resolveBehaviorWindow({ utcOffset: '+8' })).toThrow(/invalid utcOffset: "\+8"/);
    expect(() => resolveBehaviorWindow({ utcOffset: '+15:00' })).toThrow(/invalid utcOffset/);
    expect(() => resolveBehaviorWindow({ from: '2017-02-30' })).toThrow(/invalid from: "2017-02-30"/);
    expect(() => resolveBehaviorWindow({ from: '2017-12-04' })).toThrow(/invalid to: "2017-12-03"/);
  });
  it('handles negative and half-hour offsets', () => {
    expect(
      resolveBehaviorWindow({ from: '2017-01-01', to: '2017-01-01', utcOffset: '-05:30' }).startSeconds,
    ).toBe(Date.UTC(2017, 0, 1) / 1000 + 5.5 * 3600);
  });
});
