import * as path from 'node:path';
import { cleanRetail, loadRetail, parseRetail } from '../../lib/retail';
import {
  applyQuintileBins,
  fitQuintileBins,
  quintileScores,
  type QuintileBins,
  rfmAccumulator,
  rfmTable,
  rfmTableFromState,
  segmentOf,
  segmentTable,
} from '../../lib/rfm';
import { selectRetailRows, type RetailTable } from '../../lib/retail';
import { CUSTOMER_SEGMENTS, type RfmTable } from '../../lib/retail';

// Golden values: scripts/reference/retail_reference.py (pandas qcut on rank(method='first')) on the full UCI file.
const reference = require('../fixtures/retail/uci_reference.json') as {
  snapshot: string;
  rfm: Record<'recency' | 'frequency' | 'monetary' | 'rScore' | 'fScore' | 'mScore', number[]> & {
    customerId: string[];
    segment: string[];
  };
  segments: Record<
    string,
    { customers: number; revenue: number; meanRecency: number; meanFrequency: number; meanMonetary: number }
  >;
};

describe('quintileScores', () => {
  test('pandas qcut(rank(method=first), 5) on small inputs (values from pandas 1.5.3)', () => {
    // pd.qcut(pd.Series([10,20,20,5,7]).rank(method='first'), 5, labels=[1,2,3,4,5])
    expect([...quintileScores([10, 20, 20, 5, 7])]).toEqual([3, 4, 5, 1, 2]);
    // pd.qcut(pd.Series(range(11)).rank(method='first'), 5, labels=...) -> 1 1 1 2 2 3 3 4 4 5 5 (rank 7 sits on the
    // edge 7.000000000000001 of numpy's quantile at linspace's 0.6000000000000001)
    expect([...quintileScores([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]).toEqual([
      1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect([...quintileScores([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true)]).toEqual([
      5, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1,
    ]);
    // ties broken by position
    expect([...quintileScores([1, 1, 1, 1, 1])]).toEqual([1, 2, 3, 4, 5]);
    expect(() => quintileScores([1, NaN])).toThrow(/invalid value: NaN at position 1/);
  });
});

describe('segmentOf', () => {
  test('the eight tiers from high (>= 4) / low scores', () => {
    expect(segmentOf(5, 5, 5)).toBe('importantValue');
    expect(segmentOf(4, 1, 4)).toBe('importantDevelopment');
    expect(segmentOf(3, 4, 5)).toBe('importantRetention');
    expect(segmentOf(1, 1, 5)).toBe('importantReengagement');
    expect(segmentOf(5, 5, 3)).toBe('generalValue');
    expect(segmentOf(5, 1, 1)).toBe('generalDevelopment');
    expect(segmentOf(1, 5, 1)).toBe('generalRetention');
    expect(segmentOf(3, 3, 3)).toBe('generalReengagement');
    expect(segmentOf(3, 3, 3, 3)).toBe('importantValue');
    expect(() => segmentOf(0, 1, 1)).toThrow(/invalid rScore: 0/);
  });
});

describe('rfmTable on a small log', () => {
  const text = [
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    '1,A,x,1,12/1/2010 8:00,10,200,UK',
    '1,B,x,1,12/1/2010 8:00,5,200,UK',
    '2,A,x,2,12/3/2010 9:00,10,200,UK',
    '3,A,x,1,12/2/2010 10:00,1,100,UK',
    '4,A,x,1,12/10/2010 12:00,3,300,UK',
  ].join('\n');
  const clean = cleanRetail(parseRetail(text, { dateOrder: 'mdy' })).clean;
  const rfm = rfmTable(clean);

  test('snapshot = last + 1 day; R whole days; F distinct invoices; M sum', () => {
    expect(new Date(rfm.snapshot).toISOString()).toBe('2010-12-11T12:00:00.000Z');
    expect(rfm.customerId).toEqual(['100', '200', '300']);
    expect([...rfm.recency]).toEqual([9, 8, 1]); // 8 days 2 h, 8 days 3 h -> 8, 1 day
    expect([...rfm.frequency]).toEqual([1, 2, 1]);
    expect([...rfm.monetary]).toEqual([1, 35, 3]);
    expect(rfmTable(clean, { snapshot: Date.UTC(2010, 11, 31) }).recency[2]).toBe(20);
    expect(() => rfmTable(clean, { snapshot: Date.UTC(2010, 11, 1) })).toThrow(/invalid snapshot/);
    expect(() => rfmTable(clean, { highScore: 6 })).toThrow(/invalid highScore: 6/);
  });

  test('segment table covers every tier and sums to all customers and revenue', () => {
    const table = segmentTable(rfm);
    expect(table.map((r) => r.segment)).toEqual([...CUSTOMER_SEGMENTS]);
    expect(table.reduce((s, r) => s + r.customers, 0)).toBe(3);
    expect(table.reduce((s, r) => s + r.revenueShare, 0)).toBeCloseTo(1, 12);
    expect(table[0]).toMatchObject({ label: 'Important value', labelZh: '重要价值客户' });
  });
});

describe('rfmTable on the full UCI file equals pandas', () => {
  let rfm: RfmTable;
  let clean: RetailTable;
  beforeAll(async () => {
    const loaded = await loadRetail(path.join(__dirname, '../../data/online-retail/online_retail.csv.gz'));
    clean = cleanRetail(loaded).clean;
    rfm = rfmTable(clean);
  });

  test('per customer R, F, M and scores, exactly (M to 1e-6)', () => {
    expect(new Date(rfm.snapshot).toISOString()).toBe(reference.snapshot);
    expect(rfm.customerId).toEqual(reference.rfm.customerId);
    for (const key of ['recency', 'frequency', 'rScore', 'fScore', 'mScore'] as const) {
      expect([...rfm[key]]).toEqual(reference.rfm[key]);
    }
    let worst = 0;
    rfm.monetary.forEach((m, i) => (worst = Math.max(worst, Math.abs(m - reference.rfm.monetary[i]!))));
    expect(worst).toBeLessThan(1e-6);
    expect(rfm.segment).toEqual(reference.rfm.segment);
  });

  test('segment table equals pandas groupby', () => {
    for (const row of segmentTable(rfm)) {
      const ref = reference.segments[row.segment]!;
      expect(row.customers).toBe(ref.customers);
      expect(row.revenue).toBeCloseTo(ref.revenue, 4);
      expect(row.meanRecency).toBeCloseTo(ref.meanRecency, 9);
      expect(row.meanFrequency).toBeCloseTo(ref.meanFrequency, 9);
      expect(row.meanMonetary).toBeCloseTo(ref.meanMonetary, 6);
    }
  });

  test('accumulator: merge(acc(A), acc(B), acc(C)) equals rfmTable(A ∪ B ∪ C); merge leaves its inputs alone', () => {
    const n = clean.length;
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
    const parts = [range(0, 1), range(1, 100000), range(100000, n)].map((rows) =>
      rfmAccumulator.add(rfmAccumulator.init(), selectRetailRows(clean, rows)),
    );
    const sizeBefore = parts[0]!.customers.size;
    const merged = rfmAccumulator.merge(rfmAccumulator.merge(parts[2]!, parts[0]!), parts[1]!);
    expect(parts[0]!.customers.size).toBe(sizeBefore);
    const chunked = rfmTableFromState(merged);
    expect(chunked.customerId).toEqual(rfm.customerId);
    expect(chunked.snapshot).toBe(rfm.snapshot);
    for (const key of [
      'recency',
      'frequency',
      'rScore',
      'fScore',
      'mScore',
      'firstPurchase',
      'lastPurchase',
    ] as const) {
      expect([...chunked[key]]).toEqual([...rfm[key]]);
    }
    chunked.monetary.forEach((m, i) => expect(m).toBeCloseTo(rfm.monetary[i]!, 6));
    expect(chunked.segment).toEqual(rfm.segment);
    expect(() => rfmTableFromState(rfmAccumulator.init())).toThrow(/no purchase with a customer id/);
  });
});

describe('fitQuintileBins / applyQuintileBins', () => {
  // Golden values: scripts/reference/quintile_bins_numpy.py (np.quantile linear; pd.cut right-closed).
  const golden = require('../fixtures/rfm/quintile_bins_numpy.json') as {
    cases: {
      name: string;
      fit: number[];
      edges: number[];
      apply: number[];
      scores: number[];
      reversedScores: number[];
    }[];
  };

  test.each(golden.cases.map((c) => [c.name, c] as const))(
    'edges and scores equal numpy/pandas: %s',
    (_name, c) => {
      const bins = fitQuintileBins(c.fit);
      expect(bins.kind).toBe('quintile-bins');
      expect(bins.reverse).toBe(false);
      bins.edges.forEach((e, k) => expect(e).toBeCloseTo(c.edges[k]!, 12));
      // Applied with the reference's own edges so values exactly on an edge test the right-closed rule.
      const exact = {
        kind: 'quintile-bins' as const,
        edges: c.edges as QuintileBins['edges'],
        reverse: false,
      };
      expect([...applyQuintileBins(exact, c.apply)]).toEqual(c.scores);
      expect([...applyQuintileBins({ ...exact, reverse: true }, c.apply)]).toEqual(c.reversedScores);
      expect([...applyQuintileBins(bins, c.fit)]).toEqual(
        c.scores.slice(0, Math.min(40, c.fit.length)).concat([...applyQuintileBins(exact, c.fit.slice(40))]),
      );
    },
  );

  test('hand-computed: right-closed bins, out-of-range values, reverse', () => {
    const bins = fitQuintileBins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // (n-1)·q = 1.8, 3.6, 5.4, 7.2 → 2.8, 4.6, 6.4, 8.2
    expect(bins.edges[0]).toBeCloseTo(2.8, 12);
    expect(bins.edges[3]).toBeCloseTo(8.2, 12);
    expect([...applyQuintileBins(bins, [-1e9, 1, 2.8, 2.81, 5, 8.2, 8.21, 1e9])]).toEqual([
      1, 1, 1, 2, 3, 4, 5, 5,
    ]);
    const recency = fitQuintileBins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { reverse: true });
    expect(recency.reverse).toBe(true);
    expect([...applyQuintileBins(recency, [0, 1, 10, 400])]).toEqual([5, 5, 1, 1]);
  });

  test('ties: equal values get equal scores (no rank tie-breaking)', () => {
    const bins = fitQuintileBins([1, 1, 1, 1, 1, 1, 2, 2, 3, 9]);
    // edges at (n-1)·q = 1.8, 3.6 → 1; 5.4 → 1 + 0.4·(2 − 1) = 1.4; 7.2 → 2 + 0.2·(3 − 2) = 2.2
    expect(bins.edges[0]).toBe(1);
    expect(bins.edges[1]).toBe(1);
    expect(bins.edges[2]).toBeCloseTo(1.4, 12);
    expect(bins.edges[3]).toBeCloseTo(2.2, 12);
    expect([...applyQuintileBins(bins, [1, 1, 2, 3, 9])]).toEqual([1, 1, 4, 5, 5]);
    expect([...applyQuintileBins(fitQuintileBins([7, 7, 7]), [6, 7, 8])]).toEqual([1, 1, 5]);
  });

  test('does not mutate its inputs and returns plain JSON', () => {
    const values = Object.freeze([5, 3, 9, 1, 7]);
    const bins = Object.freeze(fitQuintileBins(values));
    expect(values).toEqual([5, 3, 9, 1, 7]);
    const typed = Float64Array.from([4, 2, 8]);
    applyQuintileBins(bins, typed);
    expect([...typed]).toEqual([4, 2, 8]);
    expect(JSON.parse(JSON.stringify(bins))).toEqual(bins);
    expect([...applyQuintileBins(JSON.parse(JSON.stringify(bins)) as QuintileBins, [4])]).toEqual([
      ...applyQuintileBins(bins, [4]),
    ]);
  });

  test('rejects bad inputs naming the value', () => {
    expect(() => fitQuintileBins([])).toThrow(/invalid values: empty/);
    expect(() => fitQuintileBins([1, NaN])).toThrow(/invalid value: NaN at position 1/);
    expect(() => fitQuintileBins([1], { reverse: 'yes' as unknown as boolean })).toThrow(
      /invalid reverse: "yes"/,
    );
    const bins = fitQuintileBins([1, 2, 3]);
    expect(() => applyQuintileBins(bins, [2, NaN])).toThrow(/invalid value: NaN at position 1/);
    expect(() => applyQuintileBins({ ...bins, kind: 'logistic' } as unknown as QuintileBins, [1])).toThrow(
      /invalid bins kind: "logistic"/,
    );
    expect(() => applyQuintileBins({ ...bins, edges: [1, 2, 3] } as unknown as QuintileBins, [1])).toThrow(
      /invalid bins edges: \[1,2,3\]/,
    );
    expect(() => applyQuintileBins({ ...bins, edges: [3, 2, 1, 0] }, [1])).toThrow(
      /invalid bins edges: \[3,2,1,0\]/,
    );
  });
});
