/**
 * Issue 8, retail messages: a file whose every row is removed names the file and the steps; an .xlsx without
 * cell references and an .xlsx over the documented inflated size are refused with one line naming the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputFileError } from '../../lib/errors';
import { analyzeRetail } from '../../lib/lifecycle';
import {
  checkXlsxSize,
  loadRetail,
  XLSX_MAX_INFLATED_BYTES,
  XLSX_MAX_PART_BYTES,
  zipEntrySizes,
} from '../../lib/retail';
import { parseRetailArgs } from '../../cli/commands/analyze-retail';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-retail-errors-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const ExcelJS = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Online Retail');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('a retail file whose every row is removed', () => {
  test('names the file and the steps (and reject reasons) that removed the rows', async () => {
    const file = path.join(dir, 'guests.csv');
    fs.writeFileSync(
      file,
      [
        HEADER,
        '1,A,x,1,12/13/2010 8:00,2,,UK',
        '2,A,x,1,12/13/2010 8:00,2,,UK',
        'C3,A,x,-1,12/13/2010 8:00,2,100,UK',
        '4,A,x,1,not a date,2,100,UK',
      ].join('\n'),
    );
    const run = analyzeRetail(file);
    await expect(run).rejects.toThrow(InputFileError);
    await expect(analyzeRetail(file)).rejects.toThrow(
      /guests\.csv: no purchase left after cleaning: all 4 data lines were removed \(by step: unparseable 1 \[badDate 1\], missingCustomerId 2, cancellations 1\)/,
    );
  });
  test('a header-only file says so', async () => {
    const file = path.join(dir, 'header.csv');
    fs.writeFileSync(file, `${HEADER}\n`);
    await expect(analyzeRetail(file)).rejects.toThrow(/header\.csv: no data lines/);
  });
});

describe('date order through analyzeRetail and the CLI flag', () => {
  test('--date-format maps to dateOrder; a bad value names the flag', () => {
    expect(parseRetailArgs(['f.csv', '--date-format', 'dmy']).options.dateOrder).toBe('dmy');
    expect(() => parseRetailArgs(['f.csv', '--date-format', 'ydm'])).toThrow(/invalid --date-format: "ydm"/);
  });
  test('an ambiguous file is refused by analyzeRetail; the option settles it', async () => {
    const file = path.join(dir, 'ambiguous.csv');
    fs.writeFileSync(
      file,
      [HEADER, '1,A,x,1,01/12/2010 8:00,2,100,UK', '2,A,x,1,02/12/2010 8:00,2,100,UK'].join('\n'),
    );
    await expect(analyzeRetail(file)).rejects.toThrow(
      /ambiguous\.csv: InvoiceDate: the day\/month order cannot be told .*--date-format/,
    );
    await expect(loadRetail(file, { dateOrder: 'dmy' })).resolves.toMatchObject({
      rows: 2,
      dateOrder: 'dmy',
    });
  });
});

describe('.xlsx shape and size limits', () => {
  test('cells without references: one message naming the file, no TypeError', async () => {
    const JSZip = require('jszip') as typeof import('jszip');
    const zip = await JSZip.loadAsync(
      await workbook([
        HEADER.split(','),
        ['536365', '85123A', 'HEART', 6, '12/13/2010 8:26', 2.55, 17850, 'UK'],
      ]),
    );
    const sheet = Object.keys(zip.files).find((n) => /worksheets\/sheet1\.xml$/.test(n))!;
    const xml = await zip.file(sheet)!.async('string');
    expect(xml).toMatch(/<c r="A1"/);
    zip.file(sheet, xml.replace(/<c r="[A-Z]+\d+"/g, '<c'));
    const file = path.join(dir, 'norefs.xlsx');
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const load = loadRetail(file);
    await expect(load).rejects.toThrow(InputFileError);
    await expect(loadRetail(file)).rejects.toThrow(
      /norefs\.xlsx: cannot read as \.xlsx: a cell after row 0 of the first worksheet has no cell reference \(r attribute\)/,
    );
  });

  test('the zip directory gives the inflated sizes of a real workbook', async () => {
    const file = path.join(dir, 'ok.xlsx');
    fs.writeFileSync(file, await workbook([HEADER.split(',')]));
    const entries = zipEntrySizes(file)!;
    expect(entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    expect(entries.every((e) => e.inflated >= 0 && Number.isFinite(e.inflated))).toBe(true);
    expect(entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!.inflated).toBeGreaterThan(100);
    expect(() => checkXlsxSize(file)).not.toThrow();
    expect(
      zipEntrySizes(path.join(__dirname, '../../data/online-retail/online_retail_2010-12.csv')),
    ).toBeNull();
    expect([XLSX_MAX_PART_BYTES, XLSX_MAX_INFLATED_BYTES]).toEqual([500 * 2 ** 20, 2 ** 30]);
  });

  /** A workbook whose central directory declares `bytes` for the worksheet (patched; nothing is inflated). */
  async function declaring(bytes: number, name: string): Promise<string> {
    const buf = await workbook([HEADER.split(',')]);
    const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    let at = buf.readUInt32LE(eocd + 16);
    while (buf.readUInt32LE(at) === 0x02014b50) {
      const nameLength = buf.readUInt16LE(at + 28);
      const entry = buf.toString('utf8', at + 46, at + 46 + nameLength);
      if (entry === 'xl/worksheets/sheet1.xml') buf.writeUInt32LE(bytes, at + 24);
      at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    }
    const file = path.join(dir, name);
    fs.writeFileSync(file, buf);
    return file;
  }

  test('a part declaring 1 GiB (a 1 GiB cell) is refused before inflating', async () => {
    const file = await declaring(2 ** 30, 'big-cell.xlsx');
    const started = performance.now();
    await expect(loadRetail(file)).rejects.toThrow(
      /big-cell\.xlsx: too large to load as \.xlsx: part xl\/worksheets\/sheet1\.xml inflates to 1,073,741,824 bytes \(limit 524,288,000 bytes per part/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('a ZIP64-sized part (4 GiB or more) is refused too', async () => {
    const file = await declaring(0xffffffff, 'zip64.xlsx');
    await expect(loadRetail(file)).rejects.toThrow(
      /zip64\.xlsx: too large to load as \.xlsx: .*4 GiB or more/,
    );
  });
});
