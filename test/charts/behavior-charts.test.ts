import {
  cohortHeatmapChart,
  funnelChart,
  hourlyChart,
  paretoChart,
  retentionChart,
  retentionCurveChart,
  rfmCustomersChart,
  rfmOrdersChart,
} from '../../lib/charts';
import { niceAxis } from '../../lib/charts/figure';
import { DataError } from '../../lib/errors';
import { behaviorReport } from './fixtures';
import { axisTitle, deepFreeze, rounded } from './helpers';

const report = deepFreeze(structuredClone(behaviorReport));

describe('paretoChart', () => {
  const figure = paretoChart(report.pareto);
  test('area trace of cumulative shares plus the k80 marker', () => {
    expect(figure.data.map((trace) => trace.type)).toEqual(['scatter', 'scatter']);
    expect(figure.data[0]!.fill).toBe('tozeroy');
    expect(figure.data[0]!.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(figure.data[0]!.y).toEqual(report.pareto.ranking.map((row) => row.cumulativeShare));
  });
  test('the 80% line is horizontal at 0.8 across the plot and k80 is marked at its cumulative share', () => {
    const [line80, lineK] = figure.layout.shapes as Array<Record<string, unknown>>;
    expect(line80).toMatchObject({ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.8, y1: 0.8 });
    expect(lineK).toMatchObject({ x0: 3, x1: 3 });
    expect(figure.data[1]!.x).toEqual([3]);
    // top 3 categories: (50 + 20 + 10) / 100 = 0.8
    expect(figure.data[1]!.y).toEqual([0.8]);
    expect(JSON.stringify(figure.layout.annotations)).toContain('k80 = 3 (37.5% of categories)');
  });
  test('axis titles', () => {
    expect(axisTitle(figure, 'xaxis')).toBe('Categories ranked by buys');
    expect(axisTitle(figure, 'yaxis')).toBe('Cumulative share of buys');
  });
  test('bad input throws naming the field', () => {
    expect(() => paretoChart({ ...report.pareto, ranking: [] })).toThrow(/invalid pareto.ranking: \[\]/);
    expect(() => paretoChart({ ...report.pareto, k80: 0 })).toThrow(DataError);
    expect(() => paretoChart({ ...report.pareto, k80: 9 })).toThrow(/invalid pareto.k80: 9/);
  });
  test('snapshot', () => expect(rounded(figure)).toMatchSnapshot());
});

describe('funnelChart', () => {
  test('users basis: one funnel trace of pv users, interest users, buyers', () => {
    const figure = funnelChart(report.funnel);
    expect(figure.data).toHaveLength(1);
    expect(figure.data[0]!.type).toBe('funnel');
    expect(figure.data[0]!.x).toEqual([57, 30, 40]);
    expect(axisTitle(figure, 'xaxis')).toBe('Users');
    expect(rounded(figure)).toMatchSnapshot();
  });
  test('events basis', () => {
    const figure = funnelChart(report.funnel, { basis: 'events' });
    expect(figure.data[0]!.x).toEqual([1024, 80, 100]);
    expect(axisTitle(figure, 'xaxis')).toBe('Events');
  });
  test('unknown basis throws', () => {
    expect(() => funnelChart(report.funnel, { basis: 'sessions' as 'users' })).toThrow(
      /invalid basis: "sessions"/,
    );
  });
});

describe('RFM segment charts', () => {
  test('customers per segment', () => {
    const figure = rfmCustomersChart(report.rfm);
    expect(figure.data.map((trace) => trace.type)).toEqual(['bar']);
    expect(figure.data[0]!.y).toEqual([10, 15, 5, 10]);
    expect(figure.data[0]!.x).toEqual([
      'Important value<br>customers',
      'Development<br>customers',
      'Retention<br>customers',
      'Re-engagement<br>customers',
    ]);
    expect((figure.data[0]!.text as string[])[1]).toBe('15 (37.5%)');
    expect(axisTitle(figure, 'yaxis')).toBe('Buyers');
    expect(axisTitle(figure, 'xaxis')).toContain('R ≤ 1.50 days');
    expect(rounded(figure)).toMatchSnapshot();
  });
  test('orders per segment', () => {
    const figure = rfmOrdersChart(report.rfm);
    expect(figure.data[0]!.y).toEqual([50, 20, 20, 10]);
    expect((figure.data[0]!.text as string[])[0]).toBe('50 (50.0%)');
    expect(axisTitle(figure, 'yaxis')).toBe('Buy events');
  });
  test('no segments throws', () => {
    expect(() => rfmCustomersChart({ ...report.rfm, segments: [] })).toThrow(/invalid rfm.segments/);
  });
});

describe('retention charts', () => {
  test('curve starts at 1 and follows the headline cohort', () => {
    const figure = retentionCurveChart(report.retention);
    expect(figure.data[0]!.type).toBe('scatter');
    expect(figure.data[0]!.y).toEqual([1, 0.75, 0.7, 0.625]);
    expect(axisTitle(figure, 'xaxis')).toBe('Days after first activity');
    expect(axisTitle(figure, 'yaxis')).toBe('Share of the cohort active');
  });
  test('heatmap has one row per cohort, cells past the window are null', () => {
    const figure = cohortHeatmapChart(report.retention);
    expect(figure.data[0]!.type).toBe('heatmap');
    const z = figure.data[0]!.z as Array<Array<number | null>>;
    expect(z).toHaveLength(4);
    expect(z[3]).toEqual([1, null, null, null]);
    expect(z[1]![1]).toBeCloseTo(0.7, 12);
    expect(figure.data[0]!.y).toEqual([
      '2017-11-25 (40)',
      '2017-11-26 (10)',
      '2017-11-27 (5)',
      '2017-11-28 (3)',
    ]);
  });
  test('combined figure uses two axis pairs', () => {
    const figure = retentionChart(report.retention);
    expect(figure.data.map((trace) => trace.type)).toEqual(['scatter', 'heatmap']);
    expect(figure.data[1]!.xaxis).toBe('x2');
    // the cohort labels say what the rows are; the heatmap's x title says it too
    expect(axisTitle(figure, 'xaxis2')).toBe('Days after first activity (rows: cohort date, users)');
    expect(rounded(figure)).toMatchSnapshot();
  });
  test('empty cohorts throw', () => {
    expect(() => cohortHeatmapChart({ ...report.retention, cohorts: [] })).toThrow(
      /invalid retention.cohorts/,
    );
  });
});

describe('hourlyChart', () => {
  const figure = hourlyChart(report.hourly);
  test('bars of page views on y, conversion line on y2', () => {
    expect(figure.data.map((trace) => [trace.type, trace.yaxis])).toEqual([
      ['bar', undefined],
      ['scatter', 'y2'],
    ]);
    expect(figure.data[0]!.x).toHaveLength(24);
    expect(figure.data[1]!.y).toEqual(report.hourly.map((row) => row.conversion));
    expect(axisTitle(figure, 'yaxis')).toBe('Page views');
    expect(axisTitle(figure, 'yaxis2')).toBe('Conversion (buyers / active users)');
    expect((figure.layout.yaxis2 as { overlaying: string }).overlaying).toBe('y');
  });
  test('the conversion axis has round ticks and its top tick is above the best hour', () => {
    const axis = figure.layout.yaxis2 as { range: [number, number]; dtick: number; tickformat: string };
    const best = Math.max(...report.hourly.map((row) => row.conversion));
    expect(axis.range[0]).toBe(0);
    expect(axis.range[1]).toBeGreaterThanOrEqual(best);
    expect(axis.range[1] - axis.dtick).toBeLessThan(best);
    // a whole number of ticks, each a round percentage (1, 2, 2.5 or 5 times a power of ten)
    expect(Math.abs(axis.range[1] / axis.dtick - Math.round(axis.range[1] / axis.dtick))).toBeLessThan(1e-9);
    const mantissa = axis.dtick / 10 ** Math.floor(Math.log10(axis.dtick));
    expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true);
  });
  test('title names the traffic peak hour and the conversion peak', () => {
    // 21:00 has the most page views (100); 14:00 converts best: 3 buyers of 14 active users = 21.4%
    // (the next best, 19:00, is 4 of 20 = 20.0%)
    expect(JSON.stringify(figure.layout.title)).toContain(
      'traffic peaks at 21:00, conversion at 14:00 (21.4%)',
    );
  });
  test('snapshot', () => expect(rounded(figure)).toMatchSnapshot());
  test('empty throws', () => expect(() => hourlyChart([])).toThrow(/invalid hourly/));
});

describe('niceAxis', () => {
  test.each([
    [0.199, [0, 0.2], 0.05],
    [0.227, [0, 0.3], 0.1],
    [0.056, [0, 0.06], 0.02],
    [1, [0, 1], 0.25],
    [1728, [0, 2000], 500],
  ])('niceAxis(%p)', (max, range, dtick) => {
    const axis = niceAxis(max);
    expect(axis.range[0]).toBe(range[0]);
    expect(axis.range[1]).toBeCloseTo(range[1]!, 12);
    expect(axis.dtick).toBeCloseTo(dtick, 12);
  });
});
