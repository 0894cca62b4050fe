import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  customerLifetimeValue,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedAverageProfit,
  summaryFromTransactions,
} from '../../lib/ltv';
import type { BgNbdModel, CustomerSummary, GammaGammaModel } from '../../lib/ltv/types';

// Published values: Fader, Hardie & Lee (2005) / lifetimes' Quickstart and tests (see data/cdnow/PROVENANCE.md).
// Independent reference: scripts/reference/cdnow_reference.py (scipy) -> fixtures/cdnow/cdnow_reference.json.
const dir = path.join(__dirname, '../fixtures/cdnow');
const ref = JSON.parse(fs.readFileSync(path.join(dir, 'cdnow_reference.json'), 'utf8'));

function readCsv(file: string): number[][] {
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
}

const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe('BG/NBD on the CDNOW weekly summary (2,357 customers)', () => {
  const rows = readCsv('cdnow_customers_summary.csv');
  const data = {
    frequency: rows.map((r) => r[1]!),
    recency: rows.map((r) => r[2]!),
    T: rows.map((r) => r[3]!),
  };
  let model: BgNbdModel;
  beforeAll(() => {
    model = fitBgNbd(data);
  });

  test('published r, alpha, a, b within 1e-3 relative', () => {
    expect(model.customers).toBe(2357);
    expect(model.converged).toBe(true);
    expect(relative(model.r, 0.242593)).toBeLessThan(1e-3);
    expect(relative(model.alpha, 4.413532)).toBeLessThan(1e-3);
    expect(relative(model.a, 0.792886)).toBeLessThan(1e-3);
    expect(relative(model.b, 2.425752)).toBeLessThan(1e-3);
  });

  test('equals the scipy fit to 1e-5 relative; log-likelihood to 1e-6', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(relative(model[k], ref.bgnbdWeeks[k])).toBeLessThan(1e-5);
    expect(model.logLikelihood).toBeCloseTo(ref.bgnbdWeeks.logLikelihood, 6);
    expect(bgNbdLogLikelihood(ref.bgnbdWeeks, data)).toBeCloseTo(ref.bgnbdWeeks.logLikelihood, 8);
  });

  test("lifetimes' tests: expected purchases up to t and conditional expectation 1.226", () => {
    const published = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    ref.expectedPurchasesWeeks.t.forEach((t: number, i: number) => {
      expect(bgNbdExpectedPurchases(model, t)).toBeCloseTo(published[i]!, 3);
      expect(bgNbdExpectedPurchases(ref.bgnbdWeeks, t)).toBeCloseTo(ref.expectedPurchasesWeeks.value[i], 12);
    });
    expect(Math.abs(bgNbdConditionalExpectedPurchases(model, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(
      1e-3,
    );
    expect(bgNbdConditionalExpectedPurchases(ref.bgnbdWeeks, 39, 2, 30.43, 38.86)).toBeCloseTo(
      ref['conditionalExpected_x2_tx30.43_T38.86_t39'],
      12,
    );
    expect(bgNbdExpectedPurchases(model, 0)).toBe(0);
    expect(() => bgNbdExpectedPurchases(model, -1)).toThrow(/invalid t: -1/);
  });

  test('bad summaries are refused', () => {
    expect(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [2] })).toThrow(
      /invalid frequency at row 0: 1.5/,
    );
    expect(() => fitBgNbd({ frequency: [1], recency: [3], T: [2] })).toThrow(
      /invalid recency\/T at row 0: \[3,2\]/,
    );
    expect(() => fitBgNbd({ frequency: [], recency: [], T: [] })).toThrow(/invalid customers: 0/);
  });
});

describe('Gamma-Gamma on CDNOW returning customers', () => {
  test('summary file (zbar rounded to cents): scipy fit to 1e-5, published p, q to the digit, v = 15.45', () => {
    const rows = readCsv('cdnow_customers_summary_with_transactions.csv');
    const gg = fitGammaGamma(
      rows.map((r) => r[1]!),
      rows.map((r) => r[4]!),
    );
    expect(gg.customers).toBe(946);
    for (const k of ['p', 'q', 'v'] as const)
      expect(relative(gg[k], ref.gammaGammaFile[k])).toBeLessThan(1e-5);
    expect(gg.p.toFixed(2)).toBe('6.25');
    expect(gg.q.toFixed(2)).toBe('3.74');
    expect(gg.v.toFixed(2)).toBe('15.45'); // the rounded zbar moves v by 0.004 (lifetimes' docs print 15.45)
  });
});

describe('daily summary of CDNOW_sample.txt (calibration 1997-01-01..1997-09-30)', () => {
  let summary: CustomerSummary;
  let gg: GammaGammaModel;
  let bg: BgNbdModel;
  beforeAll(() => {
    const ids: string[] = [];
    const dates: number[] = [];
    const values: number[] = [];
    for (const line of fs.readFileSync(path.join(dir, 'CDNOW_sample.txt'), 'utf8').trim().split('\n')) {
      const f = line.trim().split(/\s+/);
      const d = f[2]!;
      ids.push(f[1]!);
      dates.push(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)));
      values.push(+f[4]!);
    }
    summary = summaryFromTransactions(
      { customerId: ids, date: dates, value: values },
      { observationEnd: Date.UTC(1997, 8, 30, 23, 59) },
    );
    gg = fitGammaGamma(summary.frequency, summary.monetaryValue);
    bg = fitBgNbd(summary);
  });

  test('summary equals pandas per customer; repeat spend stats as in lifetimes test_utils', () => {
    expect(summary.customerId).toEqual(ref.dailySummary.customerId);
    expect([...summary.frequency]).toEqual(ref.dailySummary.frequency);
    expect([...summary.recency]).toEqual(ref.dailySummary.recency);
    expect([...summary.T]).toEqual(ref.dailySummary.T);
    summary.monetaryValue.forEach((m, i) => expect(m).toBeCloseTo(ref.dailySummary.monetaryValue[i], 9));
    const repeat = [...summary.monetaryValue].filter((_, i) => summary.frequency[i]! > 0);
    expect(repeat).toHaveLength(946);
    expect(Math.round(repeat.reduce((s, v) => s + v, 0) / repeat.length)).toBe(35);
    expect(Math.round(Math.min(...repeat))).toBe(3);
    expect(Math.round(Math.max(...repeat))).toBe(300);
  });

  test('Gamma-Gamma on the exact repeat spend reproduces the published p = 6.25, q = 3.74, v = 15.44', () => {
    expect(gg.customers).toBe(946);
    expect(gg.p.toFixed(2)).toBe('6.25');
    expect(gg.q.toFixed(2)).toBe('3.74');
    expect(gg.v.toFixed(2)).toBe('15.44');
    for (const k of ['p', 'q', 'v'] as const)
      expect(relative(gg[k], ref.gammaGammaTransactions[k])).toBeLessThan(1e-5);
  });

  test('daily BG/NBD equals scipy, and its r, a, b equal the weekly fit (alpha × 7)', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(relative(bg[k], ref.bgnbdDays[k])).toBeLessThan(1e-5);
    expect(relative(bg.alpha / 7, 4.413532)).toBeLessThan(1e-3);
    expect(relative(bg.r, 0.242593)).toBeLessThan(1e-3);
  });

  test('per-customer expectations, P(alive), expected profit and CLV equal the scipy reference', () => {
    const p = ref.perCustomer;
    const frt = {
      frequency: p.index.map((i: number) => summary.frequency[i]!),
      recency: p.index.map((i: number) => summary.recency[i]!),
      T: p.index.map((i: number) => summary.T[i]!),
      monetaryValue: p.index.map((i: number) => summary.monetaryValue[i]!),
    };
    const clv = customerLifetimeValue(ref.bgnbdDays, ref.gammaGammaTransactions, frt, {
      months: 12,
      discountRate: 0.01,
    });
    p.index.forEach((_: number, k: number) => {
      const [x, tx, T, m] = [frt.frequency[k], frt.recency[k], frt.T[k], frt.monetaryValue[k]];
      expect(
        relative(bgNbdConditionalExpectedPurchases(ref.bgnbdDays, 30, x, tx, T), p.expected30Days[k]),
      ).toBeLessThan(1e-10);
      expect(bgNbdProbabilityAlive(ref.bgnbdDays, x, tx, T)).toBeCloseTo(p.probabilityAlive[k], 12);
      expect(gammaGammaExpectedAverageProfit(ref.gammaGammaTransactions, x, m)).toBeCloseTo(
        p.expectedAverageProfit[k],
        9,
      );
      expect(relative(clv[k]!, p.clv12Months[k])).toBeLessThan(1e-9);
    });
  });
});
