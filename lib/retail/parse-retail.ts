/**
 * The one retail-log parser behind {@link parseRetail} (a string) and `loadRetail` (plain CSV, gzip or
 * xlsx, streamed): a push parser fed with text chunks (CSV) or with ready-split cells (xlsx), that validates
 * each line, keeps it in growable columns or rejects it for exactly one reason.
 */
import { DataError, InputFileError } from '../errors';
import {
  RETAIL_COLUMNS,
  RETAIL_REJECT_REASONS,
  type RetailColumn,
  type RetailDateOrder,
  type RetailLoadOptions,
  type RetailLoadResult,
  type RetailRejectReason,
  type RetailRejectSample,
  type RetailTable,
} from './types';

/** Header spellings accepted for each column (compared case-insensitively, spaces and underscores ignored). */
const COLUMN_ALIASES: Record<RetailColumn, string[]> = {
  InvoiceNo: ['invoiceno', 'invoice'],
  StockCode: ['stockcode'],
  Description: ['description'],
  Quantity: ['quantity'],
  InvoiceDate: ['invoicedate'],
  UnitPrice: ['unitprice', 'price'],
  CustomerID: ['customerid'],
  Country: ['country'],
};

const MAX = Number.MAX_VALUE;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const CUSTOMER_RE = /^(\d+)(?:\.0*)?$/;
const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z)?$/;

/** Growable Float64Array column. */
class FloatColumn {
  data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function wallClockMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
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
function splitCsvLine(line: string): string[] | null {
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
 * const cell: RetailCell = new Date(Date.UTC(2010, 11, 1, 8, 26));
 */
export type RetailCell = string | number | Date | null | undefined;

/**
 * Push parser for the retail log. Feed CSV text with {@link RetailParser.pushText} (any chunking) or
 * spreadsheet rows with {@link RetailParser.pushHeaderCells}/{@link RetailParser.pushCells}; then call
 * {@link RetailParser.finish}. Chunking never changes the result.
 *
 * Complexity: O(characters) overall.
 * @throws InputFileError from the header line when a required column is missing.
 * @example
 * const parser = new RetailParser('log.csv');
 * parser.pushText('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,');
 * parser.pushText('x,1,12/1/2010 8:26,2,,UK\n');
 * parser.finish().rows; // => 1
 */
export class RetailParser {
  private readonly file: string | null;
  private readonly maxSamples: number;
  private readonly onProgress: RetailLoadOptions['onProgress'];
  private carry = '';
  private physicalLine = 0;
  private headerSeen = false;
  /** Field index of each column in RETAIL_COLUMNS order. */
  private index: number[] = [];
  private fieldCount = 0;
  private dataLines = 0;
  private readonly rejectedByReason: Record<RetailRejectReason, number>;
  private readonly samples: RetailRejectSample[] = [];
  private lastDateText = '';
  private lastDateMs = NaN;
  /** Kind of the cached date: 0 ISO or settled, 1 ambiguous slash date (both fields <= 12). */
  private lastDateAmbiguous = false;
  /** Day/month order of slash dates: given, proven by the data, or null while unknown. */
  private order: RetailDateOrder | null;
  private readonly orderGiven: boolean;
  /** The first date that proved the order (value and line). */
  private orderProof: { value: string; line: number } | null = null;
  /** Kept rows (indices into the columns) whose slash date is ambiguous while the order is unknown. */
  private ambiguousRows: number[] = [];
  /** Up to two distinct ambiguous values, for the refusal message. */
  private readonly ambiguousExamples: { value: string; line: number }[] = [];
  private currentAmbiguous = false;
  // Last interned values (see row()): the previous line's invoice, country and customer, and each stock code's
  // last description.
  private prevInvoice = '';
  private prevCountry = '';
  private prevCustomerText = '';
  private prevCustomer: string | null = null;
  private readonly descriptionOfStock = new Map<string, string>();
  /** One instance per distinct text (invoice numbers, codes, descriptions, ids and countries repeat a lot). */
  private readonly strings = new Map<string, string>();
  bytesDone = 0;
  bytesTotal = NaN;

  private readonly invoiceNo: string[] = [];
  private readonly stockCode: string[] = [];
  private readonly description: (string | null)[] = [];
  private readonly quantity = new FloatColumn();
  private readonly invoiceDate = new FloatColumn();
  private readonly unitPrice = new FloatColumn();
  private readonly customerId: (string | null)[] = [];
  private readonly country: string[] = [];
  private readonly lineTotal = new FloatColumn();
  private readonly sourceLine = new FloatColumn();

  constructor(file: string | null, { maxRejectSamples = 20, onProgress, dateOrder }: RetailLoadOptions = {}) {
    if (dateOrder !== undefined && dateOrder !== 'mdy' && dateOrder !== 'dmy')
      throw new DataError(
        `invalid dateOrder: ${JSON.stringify(dateOrder)} (expected 'mdy' (month/day/year, the UCI export) or 'dmy' (day/month/year))`,
        { column: 'dateOrder', value: dateOrder },
      );
    this.order = dateOrder ?? null;
    this.orderGiven = dateOrder !== undefined;
    this.file = file;
    this.maxSamples = maxRejectSamples;
    this.onProgress = onProgress;
    this.rejectedByReason = Object.fromEntries(RETAIL_REJECT_REASONS.map((r) => [r, 0])) as Record<
      RetailRejectReason,
      number
    >;
  }

  /** Feeds a chunk of CSV text. */
  pushText(chunk: string): void {
    let text = this.carry + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      this.csvLine(text.slice(start, end));
      start = nl + 1;
    }
    this.carry = text.slice(start);
    text = '';
  }

  private csvLine(line: string): void {
    this.physicalLine++;
    if (!this.headerSeen) {
      if (this.physicalLine === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      this.header(splitCsvLine(line) ?? [line], line);
      return;
    }
    this.dataLines++;
    if (line.trim() === '') {
      this.reject('blank', line);
      return;
    }
    const fields = splitCsvLine(line);
    if (fields === null || fields.length !== this.fieldCount) {
      this.reject('fieldCount', line);
      return;
    }
    this.row(fields, line);
  }

  private header(names: string[], text: string): void {
    this.headerSeen = true;
    const norm = names.map((n) => n.trim().toLowerCase().replace(/[\s_]/g, ''));
    const missing: string[] = [];
    this.index = RETAIL_COLUMNS.map((column) => {
      const at = norm.findIndex((n) => COLUMN_ALIASES[column].includes(n));
      if (at < 0) missing.push(column);
      return at;
    });
    if (missing.length > 0) {
      throw new InputFileError(
        this.file ?? '<text>',
        `not an Online Retail log: missing column(s) ${missing.join(', ')} in header ${JSON.stringify(
          text.slice(0, 200),
        )} (expected ${RETAIL_COLUMNS.join(',')})`,
      );
    }
    this.fieldCount = names.length;
  }

  /** Feeds the header row of a spreadsheet. */
  pushHeaderCells(cells: RetailCell[], rowNumber: number): void {
    this.physicalLine = rowNumber;
    const names = cells.map((c) => (c === null || c === undefined ? '' : String(c)));
    this.header(names, names.join(','));
  }

  /** Feeds one data row of a spreadsheet (cells in sheet order; missing trailing cells are empty). */
  pushCells(cells: RetailCell[], rowNumber: number): void {
    this.physicalLine = rowNumber;
    this.dataLines++;
    const fields: string[] = [];
    for (let i = 0; i < this.fieldCount; i++) {
      const c = cells[i];
      if (c === null || c === undefined) fields.push('');
      else if (c instanceof Date) fields.push(c.toISOString());
      else if (typeof c === 'number' && this.index[4] === i) fields.push(excelSerialToIso(c));
      else fields.push(String(c));
    }
    const text = fields.join(',');
    if (fields.every((f) => f.trim() === '')) {
      this.reject('blank', text);
      return;
    }
    if (cells.length > this.fieldCount && cells.slice(this.fieldCount).some((c) => c != null && c !== '')) {
      this.reject('fieldCount', text);
      return;
    }
    this.row(fields, text);
  }

  private row(fields: string[], text: string): void {
    const idx = this.index;
    const invoice = fields[idx[0]!]!.trim();
    const stock = fields[idx[1]!]!.trim();
    const desc = fields[idx[2]!]!;
    const qtyText = fields[idx[3]!]!.trim();
    const dateText = fields[idx[4]!]!.trim();
    const priceText = fields[idx[5]!]!.trim();
    const customerText = fields[idx[6]!]!.trim();
    const countryText = fields[idx[7]!]!.trim();
    const empty =
      invoice === ''
        ? 'InvoiceNo'
        : stock === ''
          ? 'StockCode'
          : qtyText === ''
            ? 'Quantity'
            : dateText === ''
              ? 'InvoiceDate'
              : priceText === ''
                ? 'UnitPrice'
                : countryText === ''
                  ? 'Country'
                  : undefined;
    if (empty !== undefined) {
      this.reject('missingField', text, empty);
      return;
    }
    if (!NUMBER_RE.test(qtyText)) {
      this.reject('badNumber', text, 'Quantity');
      return;
    }
    if (!NUMBER_RE.test(priceText)) {
      this.reject('badNumber', text, 'UnitPrice');
      return;
    }
    let customer: string | null = null;
    if (customerText === this.prevCustomerText) customer = this.prevCustomer;
    else if (customerText !== '') {
      const m = CUSTOMER_RE.exec(customerText);
      if (!m) {
        this.reject('badNumber', text, 'CustomerID');
        return;
      }
      customer = this.intern(m[1]!);
      this.prevCustomerText = customerText;
      this.prevCustomer = customer;
    }
    let date: number;
    if (dateText === this.lastDateText) date = this.lastDateMs;
    else {
      date = this.parseDate(dateText);
      this.lastDateText = dateText;
      this.lastDateMs = date;
      this.lastDateAmbiguous = this.currentAmbiguous;
    }
    if (date !== date) {
      this.reject('badDate', text, 'InvoiceDate');
      return;
    }
    // Unary plus, not Number(): global lookups are slow inside jest's vm context. Both texts match NUMBER_RE.
    const qty = +qtyText;
    const price = +priceText;
    if (!(qty > -MAX && qty < MAX) || !(price > -MAX && price < MAX)) {
      this.reject('badNumber', text, qty > -MAX && qty < MAX ? 'UnitPrice' : 'Quantity');
      return;
    }
    // Consecutive lines share the invoice, customer and country, and a stock code nearly always comes with the
    // same description: compare with the previous value (or the code's last description) before hashing.
    if (invoice !== this.prevInvoice) this.prevInvoice = this.intern(invoice);
    const stockCode = this.intern(stock);
    let description: string | null = null;
    if (desc.trim() !== '') {
      const known = this.descriptionOfStock.get(stockCode);
      if (known === desc) description = known;
      else {
        description = this.intern(desc);
        this.descriptionOfStock.set(stockCode, description);
      }
    }
    if (countryText !== this.prevCountry) this.prevCountry = this.intern(countryText);
    this.invoiceNo.push(this.prevInvoice);
    this.stockCode.push(stockCode);
    this.description.push(description);
    this.quantity.push(qty);
    this.invoiceDate.push(date);
    this.unitPrice.push(price);
    this.customerId.push(customer);
    this.country.push(this.prevCountry);
    this.lineTotal.push(qty * price);
    this.sourceLine.push(this.physicalLine);
    if (this.lastDateAmbiguous && this.order === null) {
      this.ambiguousRows.push(this.invoiceNo.length - 1);
      const ex = this.ambiguousExamples;
      if (ex.length < 2 && (ex.length === 0 || ex[0]!.value !== dateText))
        ex.push({ value: dateText, line: this.physicalLine });
    }
    if ((this.dataLines & 0xffff) === 0 && this.onProgress) {
      this.onProgress({ linesRead: this.dataLines, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
    }
  }

  /**
   * The shared instance of `text`. A new distinct text is copied out of its line first: V8 keeps substrings of
   * 13+ characters as slices of their parent string, which would keep every 1 MiB chunk of the file alive.
   */
  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const copy = text.length >= 13 ? Buffer.from(text, 'utf8').toString('utf8') : text;
    this.strings.set(copy, copy);
    return copy;
  }

  /**
   * One InvoiceDate. ISO dates and slash dates in a known order parse directly. While the order is unknown, a
   * slash date with both fields <= 12 is read month-first provisionally and its row remembered; the first date
   * with a field over 12 (valid only one way) settles the order, and the remembered rows are re-read if it is
   * day-first. A date that proves the opposite of a proven order makes the file mixed: refused.
   */
  private parseDate(text: string): number {
    this.currentAmbiguous = false;
    const m = US_DATE_RE.exec(text);
    if (m === null) return parseRetailDate(text);
    const a = +m[1]!;
    const b = +m[2]!;
    const y = +m[3]!;
    const h = +m[4]!;
    const mi = +m[5]!;
    const sec = m[6] === undefined ? 0 : +m[6];
    if (this.orderGiven) {
      return this.order === 'dmy' ? wallClockMs(y, b, a, h, mi, sec, 0) : wallClockMs(y, a, b, h, mi, sec, 0);
    }
    if (a <= 12 && b <= 12) {
      const ms =
        this.order === 'dmy' ? wallClockMs(y, b, a, h, mi, sec, 0) : wallClockMs(y, a, b, h, mi, sec, 0);
      this.currentAmbiguous = ms === ms && this.order === null;
      return ms;
    }
    const dmy = a > 12 && b <= 12 ? wallClockMs(y, b, a, h, mi, sec, 0) : NaN;
    const mdy = b > 12 && a <= 12 ? wallClockMs(y, a, b, h, mi, sec, 0) : NaN;
    if (dmy === dmy) this.proveOrder('dmy', text);
    else if (mdy === mdy) this.proveOrder('mdy', text);
    return dmy === dmy ? dmy : mdy;
  }

  private proveOrder(order: RetailDateOrder, value: string): void {
    if (this.order === order) return;
    if (this.order !== null) {
      const proof = this.orderProof!;
      const here = { value, line: this.physicalLine };
      const [dayFirst, monthFirst] = order === 'dmy' ? [here, proof] : [proof, here];
      throw new InputFileError(
        this.file ?? '<text>',
        `InvoiceDate mixes day-first and month-first dates: ${JSON.stringify(dayFirst.value)} (line ${dayFirst.line}) is day/month, ` +
          `${JSON.stringify(monthFirst.value)} (line ${monthFirst.line}) is month/day; fix the file, or pass --date-format mdy or ` +
          `--date-format dmy (library: dateOrder) to read every date one way (dates that do not fit it are rejected as badDate)`,
      );
    }
    this.order = order;
    this.orderProof = { value, line: this.physicalLine };
    if (order === 'dmy') {
      const dates = this.invoiceDate.data;
      for (const i of this.ambiguousRows) {
        const d = new Date(dates[i]!);
        dates[i] = Date.UTC(
          d.getUTCFullYear(),
          d.getUTCDate() - 1,
          d.getUTCMonth() + 1,
          d.getUTCHours(),
          d.getUTCMinutes(),
          d.getUTCSeconds(),
        );
      }
    }
    this.ambiguousRows = [];
    this.lastDateText = ''; // the cache holds a provisional reading
  }

  /** Day/month order of the slash dates: given, proven by the data, or `null` when the file has none. */
  get dateOrder(): RetailDateOrder | null {
    return this.order;
  }

  private reject(reason: RetailRejectReason, text: string, column?: RetailColumn): void {
    this.rejectedByReason[reason]++;
    if (this.samples.length < this.maxSamples) {
      const sample: RetailRejectSample = { line: this.physicalLine, reason, text: text.slice(0, 200) };
      if (column !== undefined) sample.column = column;
      this.samples.push(sample);
    }
  }

  /** Ends the input (a last line without a newline is parsed) and returns the result. */
  finish(): RetailLoadResult {
    if (this.carry !== '') {
      const last = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
      this.carry = '';
      this.csvLine(last);
    }
    if (!this.headerSeen) {
      throw new InputFileError(
        this.file ?? '<text>',
        `empty file: no header (expected ${RETAIL_COLUMNS.join(',')})`,
      );
    }
    if (this.order === null && this.ambiguousRows.length > 0) {
      const ex = this.ambiguousExamples
        .map((e) => `${JSON.stringify(e.value)} (line ${e.line})`)
        .join(' and ');
      throw new InputFileError(
        this.file ?? '<text>',
        `InvoiceDate: the day/month order cannot be told from the data: no slash date has a field over 12 (e.g. ${ex}); ` +
          `pass --date-format mdy (month/day/year, as the UCI export) or --date-format dmy (day/month/year) (library: dateOrder)`,
      );
    }
    const table: RetailTable = {
      length: this.invoiceNo.length,
      invoiceNo: this.invoiceNo,
      stockCode: this.stockCode,
      description: this.description,
      quantity: this.quantity.finish(),
      invoiceDate: this.invoiceDate.finish(),
      unitPrice: this.unitPrice.finish(),
      customerId: this.customerId,
      country: this.country,
      lineTotal: this.lineTotal.finish(),
      sourceLine: this.sourceLine.finish(),
    };
    const rejected = RETAIL_REJECT_REASONS.reduce((s, r) => s + this.rejectedByReason[r], 0);
    if (this.onProgress) {
      this.onProgress({ linesRead: this.dataLines, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
    }
    return {
      file: this.file,
      dateOrder: this.order,
      dataLines: this.dataLines,
      headerLines: 1,
      rows: table.length,
      rejected,
      rejectedByReason: { ...this.rejectedByReason },
      rejectSamples: this.samples.slice(),
      table,
    };
  }
}

/** Excel serial day number (1900 date system) → ISO wall-clock text, rounded to the second. */
function excelSerialToIso(serial: number): string {
  const ms = Math.round((serial - 25569) * 86400) * 1000;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(serial);
}

/**
 * Parses an Online Retail CSV held in a string (header required; columns found by name, so any order works;
 * `Invoice`, `Price` and `Customer ID` of the 2009-2011 "Online Retail II" export are accepted too). Lines that
 * do not parse are rejected by reason, never dropped: `dataLines = rows + rejected`.
 *
 * Complexity: O(characters).
 * @param text The CSV text.
 * @param options See {@link RetailLoadOptions}.
 * @param file Name used in error messages and in the result. Default `null`.
 * @throws InputFileError when the header lacks a required column (e.g. a UserBehavior CSV) or the text is empty.
 * @example
 * const r = parseRetail('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
 *   '536365,85123A,"HEART, WHITE",6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n');
 * r.table.customerId; // => ['17850']
 * r.table.lineTotal[0]; // => 15.299999999999999
 */
export function parseRetail(
  text: string,
  options: RetailLoadOptions = {},
  file: string | null = null,
): RetailLoadResult {
  const parser = new RetailParser(file, options);
  parser.bytesDone = text.length;
  parser.bytesTotal = text.length;
  parser.pushText(text);
  return parser.finish();
}
