import {
  confusionChart,
  ltvChart,
  rfmMatrixChart,
  rocChart,
  segmentCustomersChart,
  segmentValueChart,
  featureLabel,
  shapSummaryChart,
} from '../../lib/charts';
import { customerPoints, ltvSegments } from './fixtures';
import { axisTitle, deepFreeze, rounded } from './helpers';

describe('ltvChart', () => {
  const figure = ltvChart(deepFreeze(structuredClone(ltvSegments)));
  test('grouped bars, historical then CLV, empty segments left out', () => {
    expect(figure.data.map((trace) => [trace.type, trace.name])).toEqual([
      ['bar', 'Historical LTV (mean; profit over the lifespan)'],
      ['bar', 'Probabilistic CLV (mean; discounted revenue, no margin)'],
    ]);
    expect(figure.data[0]!.x).toEqual([
      'Important<br>value<br><i>10 customers</i>',
      'Important<br>development<br><i>20 customers</i>',
      'General<br>re-engagement<br><i>30 customers</i>',
    ]);
    expect(figure.data[0]!.y).toEqual([4800.4, 900, 100]);
    expect(figure.data[1]!.y).toEqual([3900.25, 700.5, 42]);
    expect((figure.data[0]!.text as string[])[0]).toBe('£4.80k');
    expect(axisTitle(figure, 'yaxis')).toBe('Mean LTV per customer (£)');
    expect(figure.layout.barmode).toBe('group');
  });
  test('without CLV only the historical bars', () => {
    expect(ltvChart(ltvSegments.map((row) => ({ ...row, meanClv: NaN }))).data).toHaveLength(1);
  });
  test('no customers throws', () =>
    expect(() => ltvChart([])).toThrow(/invalid segments \(with customers\)/));
  test('snapshot', () => expect(rounded(figure)).toMatchSnapshot());
});

describe('confusionChart', () => {
  const figure = confusionChart([
    { title: 'Before SMOTE', counts: { tp: 24, fp: 10, tn: 800, fn: 76 } },
    { title: 'After SMOTE', counts: { tp: 72, fp: 120, tn: 690, fn: 28 } },
  ]);
  test('one heatmap per panel, rows actual and columns predicted', () => {
    expect(figure.data.map((trace) => [trace.type, trace.xaxis, trace.yaxis])).toEqual([
      ['heatmap', 'x', 'y'],
      ['heatmap', 'x2', 'y2'],
    ]);
    expect(figure.data[0]!.z).toEqual([
      [800, 10],
      [76, 24],
    ]);
    expect(axisTitle(figure, 'xaxis')).toBe('Predicted');
    expect(axisTitle(figure, 'xaxis2')).toBe('Predicted');
    expect(axisTitle(figure, 'yaxis')).toBe('Actual');
  });
  test('both panels share one colour scale from 0 to the largest count (800), so shades compare', () => {
    for (const trace of figure.data) expect([trace.zmin, trace.zmax]).toEqual([0, 800]);
  });
  test('panel titles carry recall and precision', () => {
    const text = JSON.stringify(figure.layout.annotations);
    expect(text).toContain('Before SMOTE</b>: recall 24.0%, precision 70.6%');
    expect(text).toContain('After SMOTE</b>: recall 72.0%, precision 37.5%');
  });
  test('bad counts throw naming the panel', () => {
    expect(() => confusionChart([{ title: 'A', counts: { tp: -1, fp: 0, tn: 0, fn: 0 } }])).toThrow(
      /invalid A.tp: -1/,
    );
    expect(() => confusionChart([])).toThrow(/invalid panels: 0/);
  });
  test('snapshot', () => expect(rounded(figure)).toMatchSnapshot());
});

describe('rocChart', () => {
  const figure = rocChart([
    {
      name: 'After SMOTE',
      fpr: new Float64Array([0, 0.1, 0.5, 1]),
      tpr: new Float64Array([0, 0.6, 0.9, 1]),
      auc: 0.8123,
    },
  ]);
  test('a curve plus the chance diagonal', () => {
    expect(figure.data.map((trace) => trace.type)).toEqual(['scatter', 'scatter']);
    expect(figure.data[0]!.name).toBe('After SMOTE (AUC 0.812)');
    expect(figure.data[0]!.x).toEqual([0, 0.1, 0.5, 1]);
    expect(figure.data[1]!.x).toEqual([0, 1]);
    expect(axisTitle(figure, 'xaxis')).toBe('False positive rate');
    expect(axisTitle(figure, 'yaxis')).toBe('True positive rate (recall)');
  });
  test('mismatched lengths throw', () => {
    expect(() => rocChart([{ name: 'm', fpr: [0, 1], tpr: [0], auc: 0.5 }])).toThrow(/invalid m.fpr: 2/);
  });
  test('snapshot', () => expect(rounded(figure)).toMatchSnapshot());
});

describe('shapSummaryChart', () => {
  // feature 1 matters most (|phi| ~ 1), feature 0 less (~0.1), feature 2 least (0)
  const rows = 40;
  const values = Array.from({ length: rows }, (_, i) => [0.1 * Math.sin(i), (i - rows / 2) / (rows / 2), 0]);
  const featureValues = Array.from({ length: rows }, (_, i) => [i % 7, i, 1]);
  const input = deepFreeze({ featureNames: ['tenure', 'recency', 'country'], values, featureValues });
  const figure = shapSummaryChart(input);
  test('one scatter trace per feature, most important drawn at the top', () => {
    expect(figure.data.map((trace) => [trace.type, trace.name])).toEqual([
      ['scatter', 'country'],
      ['scatter', 'tenure'],
      ['scatter', 'recency'],
    ]);
    expect((figure.layout.yaxis as { ticktext: string[] }).ticktext[2]).toMatch(
      /^Days since last purchase \(0\.5/,
    );
    expect(axisTitle(figure, 'xaxis')).toBe('SHAP value (impact on churn log-odds); dots: 40 customers');
  });
  test('x are the SHAP values; dots stay within ±0.4 of their row; colours rise with the feature value', () => {
    const recency = figure.data[2]!;
    expect(recency.x).toEqual(values.map((row) => row[1]));
    for (const y of recency.y as number[]) expect(Math.abs(y - 2)).toBeLessThanOrEqual(0.4 + 1e-12);
    const colours = (recency.marker as { color: number[] }).color;
    expect(colours[0]).toBe(0);
    expect(colours[rows - 1]).toBe(1);
    expect([...colours].sort((a, b) => a - b)).toEqual(colours);
  });
  test('deterministic and limited by maxRows / maxFeatures', () => {
    expect(shapSummaryChart(input)).toEqual(figure);
    const small = shapSummaryChart(input, { maxRows: 10, maxFeatures: 1 });
    expect(small.data).toHaveLength(1);
    expect(small.data[0]!.x).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36].map((i) => values[i]![1]));
  });
  test('a few extreme values are clipped from the axis and counted in its title', () => {
    const extreme = values.map((row, i) => (i === 0 ? [row[0]!, 50, 0] : row));
    const clipped = shapSummaryChart({ ...input, values: extreme }, { clipQuantile: 0.01 });
    const range = (clipped.layout.xaxis as { range: number[] }).range;
    expect(range[1]).toBeLessThan(2);
    expect(axisTitle(clipped, 'xaxis')).toBe(
      'SHAP value (impact on churn log-odds); dots: 40 customers, 1 of 120 dots beyond the axis',
    );
    const full = shapSummaryChart({ ...input, values: extreme }, { clipQuantile: 0 });
    expect((full.layout.xaxis as { range: number[] }).range[1]).toBeGreaterThanOrEqual(50);
    expect(axisTitle(full, 'xaxis')).toBe('SHAP value (impact on churn log-odds); dots: 40 customers');
  });
  test('shape errors', () => {
    expect(() =>
      shapSummaryChart({ featureNames: ['a'], values: [[1, 2]], featureValues: [[1, 2]] }),
    ).toThrow(/invalid values\[0\].length: 2/);
    expect(() => shapSummaryChart({ featureNames: ['a'], values: [], featureValues: [] })).toThrow(
      /invalid values: 0/,
    );
  });
  test('snapshot', () => expect(rounded(shapSummaryChart(input, { maxRows: 12 }))).toMatchSnapshot());
});

describe("shapSummaryChart with the report's importance", () => {
  test('ranks and labels rows by the given whole-test-set importance and says on how many rows', () => {
    const input = {
      featureNames: ['recency', 'avgBasketValue', 'intervalStd'],
      values: [
        [0.9, 0.1, 0.2],
        [0.8, 0.1, 0.3],
      ],
      featureValues: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    };
    // on these two rows recency ranks first; the whole test set says intervalStd, then avgBasketValue
    const importance = [
      { feature: 'intervalStd', meanAbs: 0.7 },
      { feature: 'avgBasketValue', meanAbs: 0.4 },
      { feature: 'recency', meanAbs: 0.3 },
    ];
    const figure = shapSummaryChart(input, { importance, importanceRows: 1011 });
    const axis = figure.layout.yaxis as { ticktext: string[]; title: { text: string } };
    // drawn bottom to top: the top row is the last trace
    expect(axis.ticktext).toEqual([
      'Days since last purchase (0.300)',
      'Average order value (£) (0.400)',
      'Spread of days between orders (0.700)',
    ]);
    expect(axis.title.text).toBe('Feature (mean |SHAP| over 1,011 test customers)');
    expect(figure.data.map((trace) => trace.name)).toEqual(['recency', 'avgBasketValue', 'intervalStd']);
    expect(featureLabel('avgBasketValue')).toBe('Average order value (£)');
    expect(featureLabel('unknownField')).toBe('unknownField');
  });
});

describe('dashboard segment charts', () => {
  const points = deepFreeze(structuredClone(customerPoints));
  test('customers per segment, with zero bars for listed but absent segments', () => {
    const figure = segmentCustomersChart(points, { segmentOrder: ['Important value', 'Potential'] });
    // horizontal bars: full labels on the y axis, top to bottom in display order
    expect(figure.data[0]!.orientation).toBe('h');
    expect(figure.data[0]!.y).toEqual([
      'Important value',
      'Potential',
      'General development',
      'General re-engagement',
    ]);
    expect(figure.data[0]!.x).toEqual([10, 0, 10, 10]);
    expect(axisTitle(figure, 'xaxis')).toBe('Customers');
    expect((figure.layout.yaxis as { autorange: string }).autorange).toBe('reversed');
  });
  test('value contribution shares sum to 1', () => {
    const figure = segmentValueChart(points);
    expect(figure.data.map((trace) => trace.name)).toEqual(['Share of customers', 'Share of spend']);
    const withClv = segmentValueChart(points.map((point, i) => ({ ...point, clv: i })));
    expect(withClv.data.map((trace) => trace.name)).toEqual([
      'Share of customers',
      'Share of spend',
      'Share of expected CLV',
    ]);
    for (const trace of withClv.data)
      expect((trace.x as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const trace of figure.data)
      expect((trace.x as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  test('highlight greys out the other segments', () => {
    const figure = segmentCustomersChart(points, { highlight: 'Important value' });
    const colours = (figure.data[0]!.marker as { color: string[] }).color;
    expect(colours[0]).not.toBe('#c8ccd2');
    expect(colours.slice(1)).toEqual(['#c8ccd2', '#c8ccd2']);
  });
  test('R x F matrix counts every customer once, z[f-1][r-1]', () => {
    const figure = rfmMatrixChart(points);
    const z = figure.data[0]!.z as number[][];
    expect(z.flat().reduce((a, b) => a + b, 0)).toBe(points.length);
    const expected = points.filter((p) => p.rScore === 2 && p.fScore === 4).length;
    expect(z[3]![1]).toBe(expected);
    expect(axisTitle(figure, 'xaxis')).toBe('Recency score (5 = most recent)');
    expect(() => rfmMatrixChart([{ ...points[0]!, rScore: 6 }])).toThrow(/invalid rScore: 6/);
  });
});
