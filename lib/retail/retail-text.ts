/**
 * The texts of the retail log: header spellings, the number, customer-id and date formats, and CSV line
 * splitting. Shared by the line parser (retail-parser.ts) and the byte-level reader.
 */
import { InputFileError } from '../errors';
import { RETAIL_COLUMNS, type RetailColumn, type RetailDateOrder } from './types';

/** Header spellings accepted for each column (compared case-insensitively, spaces and underscores ignored). */
export const COLUMN_ALIASES: Record<RetailColumn, string[]> = {
  InvoiceNo: ['invoiceno', 'invoice'],
  StockCode: ['stockcode'],
  Description: ['description'],
  Quantity: ['quantity'],
  InvoiceDate: ['invoicedate'],
  UnitPrice: ['unitprice', 'price'],
  CustomerID: ['customerid'],
  Country: ['country'],
};

export const MAX = Number.MAX_VALUE;
export const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
export const CUSTOMER_RE = /^(\d+)(?:\.0*)?$/;
export const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function wallClockMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/**
 * Parses an InvoiceDate: `M/D/YYYY H:MM[:SS]` (the UCI/Kaggle CSV; `D/M/YYYY` with `order = 'dmy'`) or ISO `YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z]`
 * (a date alone means midnight). The wall-clock time is returned as UTC epoch milliseconds; NaN if invalid.
 *
 * Complexity: O(length of the text).
 * @param text The cell text.
 * @param order Field order of slash dates: `'mdy'` (default, the UCI export) or `'dmy'`.
 * @returns Epoch milliseconds, or NaN.
 * @example
 * parseRetailDate('12/1/2010 8:26'); // => 1291191960000 (2010-12-01T08:26:00Z)
 * parseRetailDate('2010-12-01 08:26:00'); // => 1291191960000
 */
export function parseRetailDate(text: string, order: RetailDateOrder = 'mdy'): number {
  let m = US_DATE_RE.exec(text);
  if (m) {
    const [month, day] = order === 'dmy' ? [+m[2]!, +m[1]!] : [+m[1]!, +m[2]!];
    return wallClockMs(+m[3]!, month, day, +m[4]!, +m[5]!, m[6] === undefined ? 0 : +m[6], 0);
  }
  m = ISO_DATE_RE.exec(text);
  if (m) {
    const ms = m[7] === undefined ? 0 : +m[7].padEnd(3, '0');
    return wallClockMs(
      +m[1]!,
      +m[2]!,
      +m[3]!,
      m[4] === undefined ? 0 : +m[4],
      m[5] === undefined ? 0 : +m[5],
      m[6] === undefined ? 0 : +m[6],
      ms,
    );
  }
  return NaN;
}

/**
 * Splits one CSV line into fields (RFC 4180 quoting: `"a, b"`, doubled quotes `""`). Returns `null` when a
 * quote is not closed on the line (quoted fields may not span lines in this format).
 */
export function splitCsvLine(line: string): string[] | null {
  if (line.indexOf('"') < 0) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null;
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Text after the closing quote up to the comma is kept as-is (lenient, like pandas).
      const comma = line.indexOf(',', j);
      if (comma < 0) {
        fields.push(value + line.slice(j));
        return fields;
      }
      fields.push(value + line.slice(j, comma));
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/**
 * Cell value accepted from a spreadsheet row.
 * @example
 * const cells: RetailCell[] = ['536365', 6, new Date(Date.UTC(2010, 11, 1, 8, 26)), null, undefined];
 * cells.length; // => 5
 */
export type RetailCell = string | number | Date | null | undefined;

/** Excel serial day number (1900 date system) → ISO wall-clock text, rounded to the second. */
export function excelSerialToIso(serial: number): string {
  const ms = Math.round((serial - 25569) * 86400) * 1000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(serial);
}

/**
 * Field index of each column (RETAIL_COLUMNS order) in a header's names (compared case-insensitively, spaces
 * and underscores ignored; the aliases of {@link COLUMN_ALIASES}).
 *
 * Complexity: O(names).
 * @throws InputFileError naming the missing columns and the header text.
 * @example
 * headerIndex(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'], '', null)[7]; // => 7
 */
export function headerIndex(names: string[], text: string, file: string | null): number[] {
  const norm = names.map((n) => n.trim().toLowerCase().replace(/[\s_]/g, ''));
  const missing: string[] = [];
  const index = RETAIL_COLUMNS.map((column) => {
    const at = norm.findIndex((n) => COLUMN_ALIASES[column].includes(n));
    if (at < 0) missing.push(column);
    return at;
  });
  if (missing.length > 0)
    throw new InputFileError(
      file ?? '<text>',
      `not an Online Retail log: missing column(s) ${missing.join(', ')} in header ${JSON.stringify(
        text.slice(0, 200),
      )} (expected ${RETAIL_COLUMNS.join(',')})`,
    );
  return index;
}
