import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { churnTable } from '../../lib/churn/churn-features';
import { churnTableFromLedger } from '../../lib/churn/churn-ledger';
import { summaryFromLedger, summaryFromTransactions } from '../../lib/ltv/summary';
import { cleanRetail, loadRetail, retailCsvChunks } from '../../lib/retail';
import { hashLineKey, type LineHash } from '../../lib/retail/line-dedupe';
import { streamRetail, type RetailStream } from '../../lib/retail/stream-retail';
import { rfmTable, rfmTableFromLedger } from '../../lib/rfm/rfm-score';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-stream-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A churn table with its feature columns as plain arrays. */
const plainChurn = (t: ReturnType<typeof churnTable>) => ({
  ...t,
  features: Object.fromEntries(Object.entries(t.features).map(([k, v]) => [k, [...v]])),
});

/** Everything the pipeline reads from a stream, as plain JSON (exact comparison). */
function numbers(s: RetailStream) {
  const churn = churnTableFromLedger(s.ledger, { horizonDays: 30 });
  const scoring = churnTableFromLedger(s.ledger, {
    cutoff: churn.dataEnd,
    horizonDays: 30,
    requireLabelWindow: false,
  });
  return JSON.parse(
    JSON.stringify({
      load: s.load,
      cleaning: s.cleaning,
      rfm: rfmTableFromLedger(s.ledger),
      summary: summaryFromLedger(s.ledger),
      churn: plainChurn(churn),
      scoring: plainChurn(scoring),
    }),
  );
}

/** The same numbers through the in-memory path: load the table, clean it, build from the tables. */
async function inMemory(file: string) {
  const loaded = await loadRetail(file);
  const cleaned = cleanRetail(loaded);
  const churn = churnTable(cleaned.clean, cleaned.cancellations, { horizonDays: 30 });
  const scoring = churnTable(cleaned.clean, cleaned.cancellations, {
    cutoff: churn.dataEnd,
    horizonDays: 30,
    requireLabelWindow: false,
  });
  const { table, ...load } = loaded;
  void table;
  return JSON.parse(
    JSON.stringify({
      load,
      cleaning: {
        steps: cleaned.steps,
        customers: cleaned.customers,
        invoices: cleaned.invoices,
        revenue: cleaned.revenue,
        firstInvoiceDate: cleaned.firstInvoiceDate,
        lastInvoiceDate: cleaned.lastInvoiceDate,
        cancellationLines: cleaned.cancellations.length,
      },
      rfm: rfmTable(cleaned.clean),
      summary: summaryFromTransactions(cleaned.clean),
      churn: plainChurn(churn),
      scoring: plainChurn(scoring),
    }),
  );
}

/** A generated log made dirty: rejects of every reason, far exact duplicates, quoted commas, CRLF, no final newline. */
function dirtyLog(rows: number, seed: number): string {
  const lines = [...retailCsvChunks({ rows, seed, duplicateRate: 0.02 })].join('').split('\n');
  const out = [...lines.slice(0, -1)];
  const far = out.slice(1, 40);
  out.push(...far); // exact duplicates thousands of lines after their first occurrence
  out.splice(50, 0, '', '536365,85123A,"A, B",6,12/1/2010 25:26,2.55,17850.0,United Kingdom'); // blank, badDate
  out.splice(60, 0, '536365,85123A,x,six,12/1/2010 8:26,2.55,17850.0,United Kingdom'); // badNumber
  out.splice(70, 0, '536365,,x,6,12/1/2010 8:26,2.55,17850.0,United Kingdom'); // missingField
  out.splice(80, 0, '536365,85123A,"unterminated,6,12/1/2010 8:26,2.55,17850.0,United Kingdom'); // fieldCount
  out.splice(90, 0, '536365,85123A,"WHITE, ""HEART""",6,12/1/2010 8:26,2.55,17850.0,United Kingdom\r');
  out.splice(91, 0, '536365,85123A,"WHITE, ""HEART""",6.0,12/1/2010 8:26,2.550,17850,United Kingdom'); // same parsed
  // Lines the byte-level fast path hands to the string parser, or parses itself, next to equal ones.
  out.splice(100, 0, '536366,22633,HAND WARMER UNION JACK ,6,12/1/2010 8:28,1.85,17850.00,United Kingdom');
  out.splice(
    101,
    0,
    ' 536366 , 22633 ,HAND WARMER UNION JACK , 6 , 12/1/2010 8:28 , 1.850 , 17850 , United Kingdom ',
  );
  out.splice(102, 0, '536366,22633,HAND WARMER UNION JACK ,6e0,12/1/2010 8:28,185e-2,17850,United Kingdom');
  out.splice(103, 0, '536367,84879,CAFÉ CRÈME BOWL,32,12/1/2010 8:34,1.69,13047,France');
  out.splice(104, 0, '536367,84879,CAFÉ CRÈME BOWL,32,12/1/2010 8:34,1.69,13047,France');
  out.splice(105, 0, '536367,84880,\u00a0,1,12/1/2010 8:34,1.69,13047,France'); // a blank (NBSP) description
  out.splice(106, 0, '536367,84881,x,1,12/1/2010 8:34,1.69,13047x,France'); // badNumber CustomerID
  out.splice(107, 0, 'c536368,84881,x,-1,12/1/2010 8:34,1.69,13047,France'); // lower-case cancellation
  out.splice(108, 0, '536369,84882,x,1234567890123456789,12/1/2010 8:34,1,13047,France'); // > 15 digits
  return out.join('\n');
}

describe('streamRetail equals the in-memory path', () => {
  test('on the full UCI log (gzip: re-read from the spill)', async () => {
    const file = 'data/online-retail/online_retail.csv.gz';
    const expected = await inMemory(file);
    expect(expected.cleaning.steps.at(-1).remaining).toBe(392692);
    expect(numbers(await streamRetail(file))).toEqual(expected);
  }, 120_000);

  test('on dirty generated data, plain and gzip, whatever the chunk size', async () => {
    const write = (name: string, data: string | Buffer): string => {
      fs.writeFileSync(path.join(dir, name), data);
      return path.join(dir, name);
    };
    const text = dirtyLog(6000, 11);
    const plain = write('dirty.csv', text);
    const gz = write('dirty.csv.gz', zlib.gzipSync(text));
    const expected = await inMemory(plain);
    expect(expected.load.rejected).toBe(6);
    const removed = (step: string) =>
      expected.cleaning.steps.find((s: { step: string }) => s.step === step).removed;
    expect(removed('duplicates')).toBeGreaterThan(40);
    expect(removed('nonPositiveQuantityOrPrice')).toBeGreaterThan(0);
    for (const chunkBytes of [65536, 1 << 20])
      expect(numbers(await streamRetail(plain, { chunkBytes }))).toEqual(expected);
    expect(numbers(await streamRetail(gz, { chunkBytes: 4099 }))).toEqual({
      ...expected,
      load: { ...expected.load, file: gz },
    });
    const small = write('dirty-small.csv', dirtyLog(1200, 5));
    const smallExpected = await inMemory(small);
    for (const chunkBytes of [1, 7])
      expect(numbers(await streamRetail(small, { chunkBytes }))).toEqual(smallExpected);
  }, 120_000);
});

describe('exact duplicates are confirmed on equal hashes', () => {
  // Distinct lines of the same invoice and product collide under this hash (quantity, price, … ignored).
  const weak: LineHash = (k, out) => {
    out[0] = (k.invoice * 31 + k.stock) >>> 0;
    out[1] = 7;
  };
  const constant: LineHash = (_, out) => {
    out[0] = 1;
    out[1] = 2;
  };

  const day = (d: number) =>
    new Date(Date.UTC(2010, 11, 2, 9) + d * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');

  test('a forced collision never removes a distinct line, near or far (re-read from the file)', async () => {
    const line = (qty: number) =>
      `536365,85123A,WHITE HEART,${qty},2010-12-01 08:26:00,2.55,17850,United Kingdom`;
    const filler = Array.from(
      { length: 5000 },
      (_, i) =>
        `5${String(i).padStart(5, '0')},X${i % 700},thing,1,${day(i % 90)},1,${12000 + (i % 50)},France`,
    );
    const text = [HEADER, line(6), line(7), line(6), ...filler, line(8), line(6), line(7), ''].join('\n');
    const file = path.join(dir, 'collide.csv');
    fs.writeFileSync(file, text);
    const expected = await inMemory(file);
    const dup = (s: { steps: { step: string; removed: number }[] }) =>
      s.steps.find((x) => x.step === 'duplicates')!.removed;
    expect(dup(expected.cleaning)).toBe(3); // the second 6, the far 6 and the far 7
    for (const lineHash of [weak, hashLineKey]) {
      const got = numbers(await streamRetail(file, { lineHash }));
      expect(got).toEqual(expected);
    }
    // Every line collides with every other: still exact (small file, the ring answers).
    const small = path.join(dir, 'collide-small.csv');
    fs.writeFileSync(small, [HEADER, line(6), line(7), line(6), ...filler.slice(0, 300), line(7)].join('\n'));
    expect(numbers(await streamRetail(small, { lineHash: constant }))).toEqual(await inMemory(small));
  }, 60_000);
});

describe('day/month order on the streaming path (read ahead, nothing held back)', () => {
  const line = (date: string, qty = 1) =>
    `536365,85123A,WHITE HEART,${qty},${date},2.55,17850,United Kingdom`;

  test('a day-first file proven late equals the in-memory reading', async () => {
    const lines = [
      HEADER,
      ...Array.from({ length: 1500 }, (_, i) =>
        line(`${1 + (i % 12)}/${1 + Math.floor(i / 125)}/2011 8:26`, i + 1),
      ),
    ];
    lines.push(line('13/12/2011 9:00'), line('1/12/2011 9:00'));
    const file = path.join(dir, 'dmy.csv');
    fs.writeFileSync(file, lines.join('\n'));
    const stream = await streamRetail(file);
    expect(stream.load.dateOrder).toBe('dmy');
    expect(numbers(stream)).toEqual(await inMemory(file));
  });

  test('ambiguous and mixed files get the in-memory errors', async () => {
    const ambiguous = path.join(dir, 'ambiguous.csv');
    fs.writeFileSync(ambiguous, [HEADER, line('1/2/2011 8:26'), line('3/4/2011 8:26')].join('\n'));
    const mixed = path.join(dir, 'mixed.csv');
    fs.writeFileSync(
      mixed,
      [HEADER, line('1/2/2011 8:26'), line('13/2/2011 8:26'), line('2/13/2011 8:26')].join('\n'),
    );
    for (const file of [ambiguous, mixed]) {
      const error = await loadRetail(file).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      await expect(streamRetail(file)).rejects.toThrow((error as Error).message);
    }
  });
});
