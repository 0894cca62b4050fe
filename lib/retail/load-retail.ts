/**
 * File loading of the retail log: plain or gzip CSV (streamed, gzip detected from the magic bytes) or `.xlsx`
 * (streamed through exceljs' WorkbookReader, first worksheet). All three feed the same {@link RetailParser}.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { InputFileError } from '../errors';
import { checkStringOption } from '../options';
import { RetailParser, type RetailCell } from './parse-retail';
import { checkRetailLoadOptions } from './retail-options';
import { checkXlsxSize } from './xlsx-limits';
import type { RetailLoadOptions, RetailLoadResult } from './types';

function openError(file: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputFileError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${String(error)})`);
}

async function loadCsv(file: string, parser: RetailParser): Promise<void> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw openError(file, error);
  }
  const magic = Buffer.alloc(2);
  const got = fs.readSync(fd, magic, 0, 2, 0);
  const total = fs.fstatSync(fd).size;
  fs.closeSync(fd);
  const gzip = got === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  parser.bytesTotal = total;
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  raw.on('data', (chunk) => {
    parser.bytesDone += chunk.length;
  });
  const source: NodeJS.ReadableStream = gzip ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw;
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of source) {
      parser.pushText(decoder.write(chunk as Buffer));
    }
  } catch (error) {
    raw.destroy();
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(file, `cannot read${gzip ? ' (corrupt gzip?)' : ''}: ${String(error)}`);
  }
  parser.pushText(decoder.end());
}

async function loadXlsx(file: string, parser: RetailParser): Promise<void> {
  if (!fs.existsSync(file)) throw new InputFileError(file, 'no such file');
  checkXlsxSize(file);
  // require, not import(): under tsx's ESM loader a dynamic import() puts the CommonJS exports on `.default`.
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  parser.bytesTotal = fs.statSync(file).size;
  let header = false;
  let lastRow = 0;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<{ number: number; values: unknown }>) {
        if (!Number.isInteger(row.number))
          throw new InputFileError(
            file,
            `cannot read as .xlsx: a row of the first worksheet has no row reference (r attribute) after row ${lastRow}; ${RESAVE}`,
          );
        lastRow = row.number;
        // exceljs rows are 1-based sparse arrays: values[0] is unused.
        const values = (row.values as unknown[]).slice(1).map(cellValue);
        if (!header) {
          parser.pushHeaderCells(values, row.number);
          header = true;
        } else parser.pushCells(values, row.number);
      }
      break; // first worksheet only
    }
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    if (error instanceof TypeError)
      // exceljs' stream reader needs every cell's reference (`<c r="A2">`); some writers omit it.
      throw new InputFileError(
        file,
        `cannot read as .xlsx: a cell after row ${lastRow} of the first worksheet has no cell reference (r attribute) ` +
          `(${error.message}); ${RESAVE}`,
      );
    if (error instanceof RangeError)
      throw new InputFileError(
        file,
        `cannot read as .xlsx: a cell or part after row ${lastRow} is too large to hold (${error.message}); ` +
          'export the sheet as CSV (streamed, no size limit)',
      );
    throw new InputFileError(file, `cannot read as .xlsx: ${String(error)}`);
  }
}

const RESAVE =
  'open and save it again in Excel or LibreOffice (which write the references), or export the sheet as CSV';

/** Flattens exceljs cell values (rich text, formulas, hyperlinks) to a string, number or Date. */
function cellValue(value: unknown): RetailCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return String(value);
}

/**
 * Loads an Online Retail log from a file: the UCI CSV export (plain or `.gz`, streamed in 1 MiB chunks) or an
 * `.xlsx` workbook (first worksheet, streamed). Columns are found by header name. Every data line is kept or
 * rejected for one reason (see `RETAIL_REJECT_REASONS`); `dataLines = rows + rejected`.
 *
 * `.xlsx` limits: at most `XLSX_MAX_PART_BYTES` (500 MiB) inflated per part and `XLSX_MAX_INFLATED_BYTES` (1 GiB) in
 * all, checked from the zip directory before inflating; every cell needs its reference (`r` attribute).
 *
 * Complexity: O(file size) time; memory O(kept rows).
 * @param file Path to `.csv`, `.csv.gz` or `.xlsx`.
 * @param options See {@link RetailLoadOptions}.
 * @throws InputFileError when the file is missing, unreadable, empty, lacks a required column, is an
 *   `.xlsx` over the size limits or without cell references, or has an ambiguous or mixed day/month order.
 * @example
 * const r = await loadRetail('data/online-retail/online_retail_2010-12.csv');
 * r.dataLines; // => 42481
 * r.rows; // => 42481
 */
export async function loadRetail(file: string, options: RetailLoadOptions = {}): Promise<RetailLoadResult> {
  checkStringOption('file', file);
  checkRetailLoadOptions(options);
  const format = options.format ?? (/\.xlsx$/i.test(file) ? 'xlsx' : 'csv');
  const parser = new RetailParser(file, options);
  if (format === 'xlsx') await loadXlsx(file, parser);
  else await loadCsv(file, parser);
  return parser.finish();
}
