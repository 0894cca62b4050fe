/**
 * The lifecycle story: the horizon table equals the pipeline at the pipeline's horizon, the at-risk list, the
 * CSV hand-offs, the raw-line exploration (hand-made table) and SHAP on the chart's rows.
 */
import * as path from 'node:path';
import { analyzeRetail } from '../../lib/lifecycle';
import type { RetailReport } from '../../lib/lifecycle/types';
import { cleanRetail, loadRetail } from '../../lib/retail';
import type { RetailTable } from '../../lib/retail/types';
import {
  atRiskCustomers,
  churnHorizonSensitivity,
  exploreRetail,
  lifecycleStory,
  loadReportClaims,
  modellingTableCsv,
  rfmTableCsv,
  shapOnChartRows,
  toCsv,
} from '../../lib/story';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'data', 'online-retail', 'online_retail_2010-12.csv');
const claims = loadReportClaims(path.join(ROOT, 'data', 'reports', 'claims.json'));

describe('on the real Dec-2010 sample (horizon 7 days)', () => {
  let report: RetailReport;
  let lines: ReturnType<typeof cleanRetail>;
  beforeAll(async () => {
    report = await analyzeRetail(SAMPLE, { horizonDays: 7, seed: 42 });
    lines = cleanRetail(await loadRetail(SAMPLE));
  });

  test('the horizon table reproduces the pipeline exactly at its own horizon', () => {
    const [row] = churnHorizonSensitivity(lines, { horizons: [7], seed: 42 });
    expect(row).toMatchObject({
      horizonDays: 7,
      cutoff: report.churn.cutoff,
      customers: report.churn.customers,
      churned: report.churn.churned,
      churnRate: report.churn.churnRate,
      recallWithout: report.model.withoutSmote.metrics.recall,
      recallWith: report.model.withSmote.metrics.recall,
      precisionWithout: report.model.withoutSmote.metrics.precision,
      precisionWith: report.model.withSmote.metrics.precision,
    });
    expect(() => churnHorizonSensitivity(lines, { horizons: [0] })).toThrow(/invalid horizons: \[0\]/);
  });

  test('at-risk list: likely churners ranked by churn probability x CLV', () => {
    const list = atRiskCustomers(report, { top: 5, minProbability: 0.5 });
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) {
      expect(c.churnProbability).toBeGreaterThanOrEqual(0.5);
      expect(c.valueAtRisk).toBeCloseTo(c.churnProbability * c.clv, 12);
    }
    for (let i = 1; i < list.length; i++)
      expect(list[i - 1]!.valueAtRisk).toBeGreaterThanOrEqual(list[i]!.valueAtRisk);
    const all = report.customers.filter((c) => c.churnProbability >= 0.5 && Number.isFinite(c.clv));
    const best = Math.max(...all.map((c) => c.churnProbability * c.clv));
    expect(list[0]!.valueAtRisk).toBe(best);
    expect(() => atRiskCustomers(report, { top: 0 })).toThrow(/invalid top: 0/);
  });

  test('hand-offs: the RFM table has every customer, the modelling table the churn population and its labels', () => {
    const rfm = rfmTableCsv(report).trimEnd().split('\n');
    expect(rfm[0]).toBe(
      'customerId,recency,frequency,monetary,rScore,fScore,mScore,segment,segmentLabel,ltv,clv,probabilityAlive,churnProbability',
    );
    expect(rfm).toHaveLength(report.customers.length + 1);
    const model = modellingTableCsv(lines, { horizonDays: 7, cutoff: report.churn.cutoff })
      .trimEnd()
      .split('\n');
    expect(model[0]).toBe(['customerId', ...report.churn.featureNames, 'churned'].join(','));
    expect(model).toHaveLength(report.churn.customers + 1);
    const churned = model.slice(1).filter((line) => line.endsWith(',1')).length;
    expect(churned).toBe(report.churn.churned);
  });

  test('every lifecycle claim gets a computed counterpart and a reason', () => {
    const horizons = churnHorizonSensitivity(lines, { horizons: [3, 7, 14], seed: 42 });
    const story = lifecycleStory(report, claims, { horizons });
    expect(story.map((c) => c.id)).toEqual(
      claims.claims.filter((c) => c.report === 'lifecycle').map((c) => c.id),
    );
    const recall = story.find((c) => c.id === 'lifecycle.recall')!;
    expect(recall.reference).toBe('24% → 72%');
    expect(recall.note).toMatch(
      /The horizon whose recall without SMOTE is closest to the report's 24% is (3|7|14) days/,
    );
    for (const c of story) expect(c.note).not.toMatch(/NaN|undefined|Infinity/);
    const shap = story.find((c) => c.id === 'lifecycle.shap')!;
    expect(shap.computed).toMatch(/intervalStd ranks ([1-9]|1[0-2]) of 12/);
    const renamed = {
      ...claims,
      claims: claims.claims.map((c) =>
        c.id === 'lifecycle.shap'
          ? { ...c, values: { ...c.values, mostDangerous: 'PurchaseIntervalStd' } }
          : c,
      ),
    };
    expect(() => lifecycleStory(report, renamed, { horizons })).toThrow(
      /invalid lifecycle\.shap\.values\.mostDangerous: "PurchaseIntervalStd" \(not a model feature\)/,
    );
  });
});

describe('toCsv', () => {
  test('quotes commas, quotes and newlines; non-finite numbers are empty', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x,"y"', b: NaN },
          { a: 'l1\nl2', b: 2 },
        ],
      ),
    ).toBe('a,b\n"x,""y""",\n"l1\nl2",2\n');
  });
});

describe('exploreRetail on a hand-made table', () => {
  const ms = (date: string) => Date.parse(`${date}T10:00:00Z`);
  const rows = [
    ['A1', 'P1', 'Mug', 2, '2011-01-05', 3, 'c1', 'UK'],
    ['A1', 'P2', 'Tea', 1, '2011-01-05', 10, 'c1', 'UK'],
    ['A2', 'P1', 'Mug', 4, '2011-02-01', 3, null, 'France'],
    ['C3', 'P1', 'Mug', -1, '2011-02-02', 3, 'c1', 'UK'],
    ['A4', 'P3', 'Free', 1, '2011-02-03', 0, 'c2', 'UK'],
  ] as const;
  const table: RetailTable = {
    length: rows.length,
    invoiceNo: rows.map((r) => r[0]),
    stockCode: rows.map((r) => r[1]),
    description: rows.map((r) => r[2]),
    quantity: Float64Array.from(rows.map((r) => r[3])),
    invoiceDate: Float64Array.from(rows.map((r) => ms(r[4]))),
    unitPrice: Float64Array.from(rows.map((r) => r[5])),
    customerId: rows.map((r) => r[6]),
    country: rows.map((r) => r[7]),
    lineTotal: Float64Array.from(rows.map((r) => r[3] * r[5])),
    sourceLine: Float64Array.from(rows.map((_, i) => i + 2)),
  };
  const eda = exploreRetail(table);

  test('months, countries, quality counts and orders', () => {
    expect(eda.months).toEqual([
      { month: '2011-01', revenue: 16, lines: 2, invoices: 1 },
      { month: '2011-02', revenue: 9, lines: 3, invoices: 3 },
    ]);
    expect(eda.countries.map((c) => [c.country, c.revenue, c.customers])).toEqual([
      ['UK', 13, 2],
      ['France', 12, 0],
    ]);
    expect(eda.quality).toEqual({
      cancellations: 1,
      missingCustomer: 1,
      nonPositiveQuantity: 1,
      nonPositivePrice: 1,
    });
    expect(eda.orderValue.n).toBe(2);
    expect([eda.orderValue.min, eda.orderValue.max]).toEqual([12, 16]);
    expect(eda.topProducts.map((p) => [p.stockCode, p.revenue, p.quantity])).toEqual([
      ['P1', 18, 6],
      ['P2', 10, 1],
    ]);
    expect(eda.totalRevenue).toBe(25);
  });
});

describe('shapOnChartRows', () => {
  test('mean |SHAP| per feature over the rows, ranked', () => {
    const matrix = {
      featureNames: ['a', 'b'],
      values: [
        [0.5, -0.4],
        [-0.1, 0.4],
      ],
    };
    expect(shapOnChartRows(matrix)).toEqual({
      rows: 2,
      importance: [
        { feature: 'b', meanAbs: 0.4, rank: 1 },
        { feature: 'a', meanAbs: 0.3, rank: 2 },
      ],
    });
  });
});
