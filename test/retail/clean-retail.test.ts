import * as path from 'node:path';
import { cleanRetail, loadRetail, parseRetail, selectRetailRows } from '../../lib/retail';
import type { RetailCleaning, RetailLoadResult } from '../../lib/retail';

// Golden values: scripts/reference/retail_reference.py (pandas) on the full UCI file.
const reference = require('../fixtures/retail/uci_reference.json') as {
  steps: { step: string; removed: number; remaining: number }[];
  customers: number;
  invoices: number;
  revenue: number;
  cancellationLines: number;
};

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('cleanRetail on a small log', () => {
  const text = [
    HEADER,
    '1,A,Cup,2,12/1/2010 8:26,1.5,100,UK',
    '1,A,Cup,2,12/1/2010 8:26,1.5,100,UK', // duplicate
    '1,A,Cup,3,12/1/2010 8:26,1.5,100,UK', // not a duplicate (quantity)
    '2,B,,1,12/2/2010 8:26,4,,UK', // missing customer
    'C3,A,Cup,-2,12/3/2010 8:26,1.5,100,UK', // cancellation
    'c4,A,Cup,-1,12/3/2010 9:26,1.5,101,UK', // cancellation, lower-case c
    '5,A,Cup,0,12/4/2010 8:26,1.5,101,UK', // quantity 0
    '6,A,Cup,1,12/4/2010 8:26,0,101,UK', // price 0
    '7,A,Cup,1,12/5/2010 8:26,2,101,UK',
    '8,A,Cup,1,bad,2,101,UK', // unparseable
  ].join('\n');
  const loaded = parseRetail(text, { dateOrder: 'mdy' });
  const frozen = Object.freeze(loaded);
  let result: RetailCleaning;
  beforeAll(() => {
    result = cleanRetail(frozen);
  });

  test('step table in order, removed and remaining, read = Σ removed + kept', () => {
    expect(result.steps.map((s) => [s.step, s.removed, s.remaining])).toEqual([
      ['read', 0, 10],
      ['unparseable', 1, 9],
      ['missingCustomerId', 1, 8],
      ['cancellations', 2, 6],
      ['nonPositiveQuantityOrPrice', 2, 4],
      ['duplicates', 1, 3],
      ['kept', 0, 3],
    ]);
    const removed = result.steps.reduce((s, x) => s + x.removed, 0);
    expect(removed + result.clean.length).toBe(loaded.dataLines);
  });

  test('clean rows, cancellations aside, summary numbers; input not mutated', () => {
    expect(result.clean.invoiceNo).toEqual(['1', '1', '7']);
    expect([...result.clean.lineTotal]).toEqual([3, 4.5, 2]);
    expect([...result.clean.sourceLine]).toEqual([2, 4, 10]);
    expect(result.cancellations.invoiceNo).toEqual(['C3', 'c4']);
    expect(result.customers).toBe(2);
    expect(result.invoices).toBe(2);
    expect(result.revenue).toBe(9.5);
    expect(new Date(result.lastInvoiceDate).toISOString()).toBe('2010-12-05T08:26:00.000Z');
    expect(loaded.table.length).toBe(9);
  });

  test('a bare table counts read = table length and 0 unparseable', () => {
    const steps = cleanRetail(loaded.table).steps;
    expect(steps[0]!.remaining).toBe(9);
    expect(steps[1]!.removed).toBe(0);
  });

  test('selectRetailRows checks indices', () => {
    expect(selectRetailRows(loaded.table, [8, 0]).invoiceNo).toEqual(['7', '1']);
    expect(() => selectRetailRows(loaded.table, [9])).toThrow(/invalid row index: 9 \(table has 9 rows\)/);
  });
});

describe('cleanRetail on the full UCI file (541,909 lines)', () => {
  let loaded: RetailLoadResult;
  let result: RetailCleaning;
  beforeAll(async () => {
    loaded = await loadRetail(path.join(__dirname, '../../data/online-retail/online_retail.csv.gz'));
    result = cleanRetail(loaded);
  });

  test('the step table equals the pandas reference exactly: 392,692 lines, 4,338 customers', () => {
    expect(loaded.dataLines).toBe(541909);
    expect(result.steps.map(({ step, removed, remaining }) => ({ step, removed, remaining }))).toEqual(
      reference.steps,
    );
    expect(result.clean.length).toBe(392692);
    expect(result.customers).toBe(4338);
    expect(result.customers).toBe(reference.customers);
    expect(result.invoices).toBe(reference.invoices);
    expect(result.revenue).toBeCloseTo(reference.revenue, 4);
    expect(result.cancellations.length).toBe(reference.cancellationLines);
    expect(new Date(result.firstInvoiceDate).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(result.lastInvoiceDate).toISOString()).toBe('2011-12-09T12:50:00.000Z');
  });
});
