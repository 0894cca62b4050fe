import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputFileError } from '../../lib/errors';
import { loadRetail, parseRetail, parseRetailDate, RetailParser } from '../../lib/retail';
import type { RetailLoadResult } from '../../lib/retail';

/** TEXT's slash dates all have both fields <= 12 (ambiguous): the order is given. */
const MDY = { dateOrder: 'mdy' } as const;
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const TEXT = [
  HEADER,
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom',
  '536366,22633,"HAND WARMER, UNION JACK",6,2010-12-01 08:28:00,1.85,17850,United Kingdom',
  'C536379,D,"SAY ""HELLO"", 12 PACK",-1,12/1/2010 9:41,27.5,14527,United Kingdom',
  '536414,22139,,56,12/1/2010 11:52,0,,United Kingdom',
  '536415,22139,TOO,MANY,FIELDS,1,12/1/2010 11:52,1,,United Kingdom',
  '',
  '536416,22139,X,six,12/1/2010 11:52,1,,United Kingdom',
  '536417,22139,X,1,2/30/2011 11:52,1,,United Kingdom',
  '536418,22139,X,1,12/1/2010 11:52,1,17850.5,United Kingdom',
  ',22139,X,1,12/1/2010 11:52,1,,United Kingdom',
  '536419,22139,"UNCLOSED,1,12/1/2010 11:52,1,,United Kingdom',
  '536420,22139,X,1,2011-12-09T12:50:00Z,1e1,12346,France',
  '536421,22139,X,1,2011-12-09T12:50:00+01:00,1,12346,France',
].join('\n');

function strip(r: RetailLoadResult): unknown {
  return { ...r, file: null, table: { ...r.table } };
}

describe('parseRetailDate', () => {
  test('US and ISO formats give the same wall clock as UTC', () => {
    expect(parseRetailDate('12/1/2010 8:26')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseRetailDate('12/01/2010 08:26:30')).toBe(Date.UTC(2010, 11, 1, 8, 26, 30));
    expect(parseRetailDate('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseRetailDate('2010-12-01T08:26:00.5Z')).toBe(Date.UTC(2010, 11, 1, 8, 26, 0, 500));
    expect(parseRetailDate('2011-12-09')).toBe(Date.UTC(2011, 11, 9));
  });
  test('impossible dates and other zones are NaN', () => {
    for (const bad of [
      '2/30/2011 1:00',
      '13/1/2011 1:00',
      '2011-02-29 00:00:00',
      '1/1/2011 24:00',
      'x',
      '2011-01-01T00:00:00+01:00',
    ])
      expect(parseRetailDate(bad)).toBeNaN();
    expect(parseRetailDate('2/29/2012 23:59')).toBe(Date.UTC(2012, 1, 29, 23, 59));
  });
});

describe('parseRetail', () => {
  const r = parseRetail(TEXT, { maxRejectSamples: 100, ...MDY });

  test('keeps good lines in columns, with quotes, nulls and normalised ids', () => {
    const t = r.table;
    expect(t.length).toBe(5);
    expect(t.invoiceNo).toEqual(['536365', '536366', 'C536379', '536414', '536420']);
    expect(t.description).toEqual([
      'WHITE HANGING HEART T-LIGHT HOLDER',
      'HAND WARMER, UNION JACK',
      'SAY "HELLO", 12 PACK',
      null,
      'X',
    ]);
    expect(t.customerId).toEqual(['17850', '17850', '14527', null, '12346']);
    expect([...t.quantity]).toEqual([6, 6, -1, 56, 1]);
    expect([...t.unitPrice]).toEqual([2.55, 1.85, 27.5, 0, 10]);
    expect([...t.lineTotal]).toEqual([6 * 2.55, 6 * 1.85, -27.5, 0, 10]);
    expect(new Date(t.invoiceDate[0]!).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(t.invoiceDate[4]!).toISOString()).toBe('2011-12-09T12:50:00.000Z');
    expect([...t.sourceLine]).toEqual([2, 3, 4, 5, 13]);
    expect(t.country[4]).toBe('France');
  });

  test('rejects every bad line for one reason, with line numbers: read = kept + rejected', () => {
    expect(r.dataLines).toBe(13);
    expect(r.rows + r.rejected).toBe(r.dataLines);
    expect(r.rejectedByReason).toEqual({
      blank: 1,
      fieldCount: 2,
      missingField: 1,
      badNumber: 2,
      badDate: 2,
    });
    expect(r.rejectSamples.map((s) => [s.line, s.reason, s.column])).toEqual([
      [6, 'fieldCount', undefined],
      [7, 'blank', undefined],
      [8, 'badNumber', 'Quantity'],
      [9, 'badDate', 'InvoiceDate'],
      [10, 'badNumber', 'CustomerID'],
      [11, 'missingField', 'InvoiceNo'],
      [12, 'fieldCount', undefined],
      [14, 'badDate', 'InvoiceDate'],
    ]);
    expect(r.rejectSamples[2]!.text).toBe('536416,22139,X,six,12/1/2010 11:52,1,,United Kingdom');
    expect(parseRetail(TEXT, { maxRejectSamples: 3, ...MDY }).rejectSamples).toHaveLength(3);
  });

  test('chunking never changes the result (chunk sizes 1, 7, 65536) and CRLF equals LF', () => {
    for (const size of [1, 7, 65536]) {
      const p = new RetailParser(null, MDY);
      for (let i = 0; i < TEXT.length; i += size) p.pushText(TEXT.slice(i, i + size));
      expect(strip(p.finish())).toEqual(strip(parseRetail(TEXT, MDY)));
    }
    expect(strip(parseRetail(TEXT.replace(/\n/g, '\r\n') + '\r\n', MDY))).toEqual(
      strip(parseRetail(TEXT, MDY)),
    );
  });

  test('columns are found by name (any order, Online Retail II names)', () => {
    const r2 = parseRetail(
      'Country,Customer ID,Price,InvoiceDate,Quantity,Description,StockCode,Invoice\nUK,17850,2.5,12/1/2010 8:26,2,A,S1,1\n',
      MDY,
    );
    expect(r2.table.invoiceNo).toEqual(['1']);
    expect(r2.table.lineTotal[0]).toBe(5);
    expect(r2.table.customerId).toEqual(['17850']);
  });

  test('a wrong-format file is one InputFileError naming the file and the missing columns', () => {
    const file = path.join(__dirname, '../../data/taobao/UserBehavior_head_4321rows.csv');
    expect(() => parseRetail(fs.readFileSync(file, 'utf8'), {}, file)).toThrow(InputFileError);
    expect(() => parseRetail(fs.readFileSync(file, 'utf8'), {}, file)).toThrow(
      /UserBehavior_head_4321rows\.csv: not an Online Retail log: missing column\(s\) InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country/,
    );
    expect(() => parseRetail('')).toThrow(/<text>: empty file/);
  });
});

describe('loadRetail', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-retail-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('corrupt gzip and a CSV named .xlsx are InputFileErrors naming the file', async () => {
    const gz = path.join(dir, 'bad.csv.gz');
    fs.writeFileSync(
      gz,
      Buffer.concat([require('node:zlib').gzipSync(TEXT).subarray(0, 40), Buffer.from('garbage')]),
    );
    await expect(loadRetail(gz)).rejects.toThrow(/bad\.csv\.gz: cannot read \(corrupt gzip\?\)/);
    const fake = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(fake, TEXT);
    await expect(loadRetail(fake)).rejects.toThrow(/fake\.xlsx: cannot read as \.xlsx/);
    await expect(loadRetail(fake, { format: 'csv', ...MDY })).resolves.toMatchObject({ rows: 5 });
  });

  test('an xlsx without the retail columns names the missing ones', async () => {
    const ExcelJS = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['user_id', 'item_id', 'InvoiceDate']);
    const file = path.join(dir, 'other.xlsx');
    await wb.xlsx.writeFile(file);
    await expect(loadRetail(file)).rejects.toThrow(
      /other\.xlsx: not an Online Retail log: missing column\(s\) InvoiceNo, StockCode, Description, Quantity, UnitPrice, CustomerID, Country/,
    );
  });

  test('missing file', async () => {
    await expect(loadRetail(path.join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: no such file/);
  });

  test('plain, gzip and string parsing agree; progress is reported', async () => {
    const plain = path.join(dir, 'small.csv');
    fs.writeFileSync(plain, TEXT);
    const gz = path.join(dir, 'small.csv.gz');
    fs.writeFileSync(gz, require('node:zlib').gzipSync(TEXT));
    const seen: number[] = [];
    const a = await loadRetail(plain, { onProgress: (p) => seen.push(p.linesRead), ...MDY });
    const b = await loadRetail(gz, MDY);
    expect(a.file).toBe(plain);
    expect(strip(a)).toEqual(strip(parseRetail(TEXT, MDY)));
    expect(strip(b)).toEqual(strip(a));
    expect(seen.at(-1)).toBe(13);
  });

  test('xlsx written by exceljs (Date cells, numbers, shared strings) loads like the CSV', async () => {
    const ExcelJS = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Online Retail');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      '536365',
      '85123A',
      'WHITE HANGING HEART T-LIGHT HOLDER',
      6,
      new Date(Date.UTC(2010, 11, 1, 8, 26)),
      2.55,
      17850,
      'United Kingdom',
    ]);
    ws.addRow([
      536366,
      '22633',
      'HAND WARMER, UNION JACK',
      6,
      new Date(Date.UTC(2010, 11, 1, 8, 28)),
      1.85,
      17850,
      'United Kingdom',
    ]);
    ws.addRow([
      'C536379',
      'D',
      'SAY "HELLO", 12 PACK',
      -1,
      new Date(Date.UTC(2010, 11, 1, 9, 41)),
      27.5,
      14527,
      'United Kingdom',
    ]);
    ws.addRow([
      '536414',
      22139,
      null,
      56,
      new Date(Date.UTC(2010, 11, 1, 11, 52)),
      0,
      null,
      'United Kingdom',
    ]);
    ws.addRow([
      '536416',
      22139,
      'X',
      'six',
      new Date(Date.UTC(2010, 11, 1, 11, 52)),
      1,
      null,
      'United Kingdom',
    ]);
    const file = path.join(dir, 'small.xlsx');
    await wb.xlsx.writeFile(file);
    const x = await loadRetail(file);
    const c = parseRetail(TEXT.split('\n').slice(0, 6).concat(TEXT.split('\n')[8]!).join('\n'), MDY);
    expect(x.rows).toBe(5 - 1);
    expect(x.rejectedByReason.badNumber).toBe(1);
    expect(x.rejectSamples[0]).toMatchObject({ line: 6, reason: 'badNumber', column: 'Quantity' });
    const { sourceLine: _a, ...xt } = x.table;
    const { sourceLine: _b, ...ct } = c.table;
    expect({ ...xt, length: 0 }).toEqual({
      ...ct,
      length: 0,
      invoiceNo: ct.invoiceNo.slice(0, 4),
      stockCode: ct.stockCode.slice(0, 4),
      description: ct.description.slice(0, 4),
      customerId: ct.customerId.slice(0, 4),
      country: ct.country.slice(0, 4),
      quantity: ct.quantity.slice(0, 4),
      invoiceDate: ct.invoiceDate.slice(0, 4),
      unitPrice: ct.unitPrice.slice(0, 4),
      lineTotal: ct.lineTotal.slice(0, 4),
    });
  });

  test('xlsx also loads under tsx (the CLI runtime), where import() of CommonJS differs from jest', async () => {
    const ExcelJS = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Online Retail');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      536365,
      '85123A',
      'HEART',
      6,
      new Date(Date.UTC(2010, 11, 1, 8, 26)),
      2.55,
      17850,
      'United Kingdom',
    ]);
    const file = path.join(dir, 'tsx.xlsx');
    await wb.xlsx.writeFile(file);
    const root = path.join(__dirname, '../..');
    const script = `require('./lib/retail').loadRetail(${JSON.stringify(file)}).then((r) => process.stdout.write(JSON.stringify([r.rows, r.table.customerId])))`;
    const out = require('node:child_process').execFileSync(
      path.join(root, 'node_modules/.bin/tsx'),
      ['-e', script],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual([1, ['17850']]);
  });

  test('real Dec-2010 file: 42,481 lines, all parsed, counts as in PROVENANCE.md', async () => {
    const dec = await loadRetail(path.join(__dirname, '../../data/online-retail/online_retail_2010-12.csv'));
    expect(dec.dataLines).toBe(42481);
    expect(dec.rows).toBe(42481);
    expect(new Set(dec.table.customerId.filter((c) => c !== null)).size).toBe(948);
    expect(dec.table.customerId.filter((c) => c === null)).toHaveLength(15631);
    expect(dec.table.invoiceNo.filter((c) => c.startsWith('C'))).toHaveLength(728);
    expect(new Date(dec.table.invoiceDate[42480]!).toISOString()).toBe('2010-12-23T17:41:00.000Z');
    // Streamed file (1 MiB chunks) = whole string = 65,536-character chunks.
    const text = fs.readFileSync(
      path.join(__dirname, '../../data/online-retail/online_retail_2010-12.csv'),
      'utf8',
    );
    const parser = new RetailParser(null);
    for (let i = 0; i < text.length; i += 65536) parser.pushText(text.slice(i, i + 65536));
    expect(strip(parser.finish())).toEqual(strip(dec));
    expect(strip(parseRetail(text))).toEqual(strip(dec));
  });
});
