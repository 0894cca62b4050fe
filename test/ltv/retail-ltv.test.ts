import * as path from 'node:path';
import { cleanRetail, CUSTOMER_SEGMENTS, loadRetail, parseRetail, type RfmTable } from '../../lib/retail';
import { rfmTable } from '../../lib/rfm';
import {
  historicalLtv,
  ltvBySegment,
  probabilisticLtv,
  summaryFromTransactions,
  type ProbabilisticLtv,
} from '../../lib/ltv';

// Golden values: scripts/reference/retail_ltv_reference.py (pandas + scipy) on the full UCI file.
const ref = require('../fixtures/retail/uci_ltv_reference.json');
const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);
const sum = (xs: ArrayLike<number>) => {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i]!;
  return total;
};

describe('historical LTV on a small log', () => {
  const text = [
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    '1,A,x,1,1/1/2011 0:00,100,1,UK',
    '2,A,x,1,7/2/2011 0:00,50,1,UK',
    '3,A,x,1,12/31/2011 0:00,30,2,UK',
  ].join('\n');
  const rfm = rfmTable(cleanRetail(parseRetail(text)).clean);

  test('AOV × purchases per year × margin × lifespan, observation = first invoice .. snapshot', () => {
    const h = historicalLtv(rfm, { margin: 0.5, lifespanYears: 2 });
    expect(h.observationYears).toBe(1); // 2011-01-01 .. 2012-01-01 (snapshot), 365 days
    expect([...h.averageOrderValue]).toEqual([75, 30]);
    expect([...h.purchasesPerYear]).toEqual([2, 1]);
    expect([...h.ltv]).toEqual([75 * 2 * 0.5 * 2, 30 * 0.5 * 2]);
    expect(historicalLtv(rfm).margin).toBe(0.2);
    expect(historicalLtv(rfm).lifespanYears).toBe(3);
    expect(() => historicalLtv(rfm, { margin: 2 })).toThrow(/invalid margin: 2/);
    expect(() => historicalLtv(rfm, { lifespanYears: 0 })).toThrow(/invalid lifespanYears: 0/);
  });

  test('works for 200,000 customers (no argument spread of a whole column)', () => {
    const n = 200_000;
    const year = 365 * 86_400_000;
    const firstPurchase = new Float64Array(n).fill(year);
    firstPurchase[n - 1] = 0; // the earliest first purchase is the last customer's
    const big = {
      ...rfm,
      snapshot: 2 * year,
      customerId: Array.from({ length: n }, (_, c) => String(c)),
      frequency: new Float64Array(n).fill(4),
      monetary: new Float64Array(n).fill(100),
      firstPurchase,
    } as RfmTable;
    const h = historicalLtv(big, { margin: 0.5, lifespanYears: 2 });
    expect(h.observationYears).toBe(2);
    expect(h.ltv[0]).toBe(25 * 2 * 0.5 * 2); // AOV 25 × 2 purchases per year × margin × lifespan
  });

  test('per segment: every tier, totals add up, CLV means optional', () => {
    const h = historicalLtv(rfm);
    const rows = ltvBySegment(rfm, h, [10, 20]);
    expect(rows.map((r) => r.segment)).toEqual([...CUSTOMER_SEGMENTS]);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(2);
    expect(rows.reduce((s, r) => s + r.totalLtv, 0)).toBeCloseTo(sum(h.ltv), 10);
    expect(ltvBySegment(rfm, h).every((r) => Number.isNaN(r.meanClv))).toBe(true);
    expect(() => ltvBySegment(rfm, h, [1])).toThrow(/invalid CLV length: 1/);
  });

  test('daily summary: same-day lines are one purchase; lines after the end are ignored', () => {
    const day = 86_400_000;
    const s = summaryFromTransactions(
      {
        customerId: ['b', 'a', 'a', 'a', 'a', null],
        date: [0, day, day + 5, 3 * day, 20 * day, 0],
        value: [1, 2, 3, 10, 99, 7],
      },
      { observationEnd: 10 * day + 3600_000 },
    );
    expect(s.customerId).toEqual(['a', 'b']);
    expect([...s.frequency]).toEqual([1, 0]);
    expect([...s.recency]).toEqual([2, 0]);
    expect([...s.T]).toEqual([9, 10]);
    expect([...s.monetaryValue]).toEqual([10, 0]);
    expect(() => summaryFromTransactions({ customerId: ['a'], date: [NaN], value: [1] })).toThrow(
      /invalid date: NaN at row 0/,
    );
  });
});

describe('LTV on the full UCI file equals pandas + scipy', () => {
  let rfm: RfmTable;
  let p: ProbabilisticLtv;
  beforeAll(async () => {
    const clean = cleanRetail(
      await loadRetail(path.join(__dirname, '../../data/online-retail/online_retail.csv.gz')),
    ).clean;
    rfm = rfmTable(clean);
    p = probabilisticLtv(clean);
  });

  test('daily summary', () => {
    const s = p.summary;
    expect(s.customerId).toHaveLength(ref.summaryTotals.customers);
    expect(sum(s.frequency)).toBe(ref.summaryTotals.frequency);
    expect(sum(s.recency)).toBe(ref.summaryTotals.recency);
    expect(sum(s.T)).toBe(ref.summaryTotals.T);
    expect(relative(sum(s.monetaryValue), ref.summaryTotals.monetaryValue)).toBeLessThan(1e-12);
    ref.summarySample.customerId.forEach((id: string, k: number) => {
      const i = k * 97;
      expect(s.customerId[i]).toBe(id);
      expect([s.frequency[i], s.recency[i], s.T[i]]).toEqual([
        ref.summarySample.frequency[k],
        ref.summarySample.recency[k],
        ref.summarySample.T[k],
      ]);
      expect(s.monetaryValue[i]).toBeCloseTo(ref.summarySample.monetaryValue[k], 8);
    });
  });

  test('BG/NBD and Gamma-Gamma parameters (1e-5 relative) and log-likelihoods (1e-6)', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const)
      expect(relative(p.bgnbd[k], ref.bgnbd[k])).toBeLessThan(1e-5);
    for (const k of ['p', 'q', 'v'] as const)
      expect(relative(p.gammaGamma[k], ref.gammaGamma[k])).toBeLessThan(1e-5);
    expect(p.bgnbd.logLikelihood).toBeCloseTo(ref.bgnbd.logLikelihood, 6);
    expect(p.gammaGamma.logLikelihood).toBeCloseTo(ref.gammaGamma.logLikelihood, 6);
    expect(p.gammaGamma.customers).toBe(ref.summaryTotals.returning);
  });

  test('90-day expected purchases, P(alive), expected profit and 12-month CLV (sums, 1e-6 relative)', () => {
    expect(relative(sum(p.expectedPurchases), ref.sums.expectedPurchases90)).toBeLessThan(1e-6);
    expect(relative(sum(p.probabilityAlive), ref.sums.probabilityAlive)).toBeLessThan(1e-6);
    expect(relative(sum(p.expectedAverageProfit), ref.sums.expectedAverageProfit)).toBeLessThan(1e-6);
    expect(relative(sum(p.clv), ref.sums.clv12Months)).toBeLessThan(1e-6);
  });

  test('historical LTV per customer', () => {
    const h = historicalLtv(rfm);
    expect(h.customerId).toEqual(p.summary.customerId);
    expect(h.observationYears).toBeCloseTo(ref.historical.observationYears, 12);
    expect(relative(sum(h.ltv), ref.historical.ltvSum)).toBeLessThan(1e-9);
    ref.historical.ltvSample.forEach((v: number, k: number) =>
      expect(relative(h.ltv[k * 97]!, v)).toBeLessThan(1e-9),
    );
    const rows = ltvBySegment(rfm, h, p.clv);
    expect(rows[0]!.meanLtv).toBeGreaterThan(rows[7]!.meanLtv);
  });
});
