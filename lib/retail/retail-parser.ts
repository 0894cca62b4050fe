/**
 * The one retail-log line parser behind `parseRetail` (a string), `loadRetail` (plain CSV, gzip or xlsx) and
 * the streaming path (`streamRetail`): a push parser fed with text chunks (CSV) or ready-split cells (xlsx),
 * that validates each line and hands it to a sink ({@link RetailSink}) or rejects it for exactly one reason.
 */
import { DataError, InputFileError } from '../errors';
import { checkRetailLoadOptions } from './retail-options';
import { DateOrderReader } from './retail-date-order';
import {
  CUSTOMER_RE,
  excelSerialToIso,
  headerIndex,
  MAX,
  NUMBER_RE,
  splitCsvLine,
  type RetailCell,
} from './retail-text';
import { RetailTableBuilder, type RetailRecord, type RetailSink } from './retail-table-builder';
import {
  RETAIL_COLUMNS,
  RETAIL_REJECT_REASONS,
  type RetailColumn,
  type RetailDateOrder,
  type RetailLoadOptions,
  type RetailLoadResult,
  type RetailRejectReason,
  type RetailRejectSample,
} from './types';

/** What the loader reports besides the table. */
export type RetailLoadInfo = Omit<RetailLoadResult, 'table'>;

/** A rejection: the reason and the failing column. */
interface Rejection {
  reason: RetailRejectReason;
  column?: RetailColumn;
}

const emptyRecord = (): RetailRecord => ({
  invoice: '',
  stock: '',
  description: null,
  quantity: 0,
  date: 0,
  price: 0,
  customer: null,
  country: '',
  line: 0,
});

/**
 * Push parser for the retail log. Feed CSV text with {@link RetailParser.pushText} (any chunking) or
 * spreadsheet rows with {@link RetailParser.pushHeaderCells}/{@link RetailParser.pushCells}; then call
 * {@link RetailParser.finish}. Chunking never changes the result. Valid lines go to the sink in file order;
 * while the day/month order is still unknown, lines from the first ambiguous slash date on are held back until
 * a date proves the order (then their dates are settled and they are passed on).
 *
 * Complexity: O(characters) overall.
 * @throws InputFileError from the header line when a required column is missing.
 * @example
 * const parser = new RetailParser('log.csv', { dateOrder: 'mdy' });
 * parser.pushText('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,');
 * parser.pushText('x,1,12/1/2010 8:26,2,,UK\n');
 * parser.finish().rows; // => 1
 */
export class RetailParser {
  private readonly file: string | null;
  private readonly maxSamples: number;
  private readonly onProgress: RetailLoadOptions['onProgress'];
  private readonly sink: RetailSink;
  private carry = '';
  /** 1-based physical line of the line being parsed (set it before pushText to start elsewhere). */
  physicalLine = 0;
  private headerSeen = false;
  /** Field index of each column in RETAIL_COLUMNS order. */
  private index: number[] = [];
  private fieldCount = 0;
  private dataLines = 0;
  private rows = 0;
  private readonly rejectedByReason: Record<RetailRejectReason, number>;
  private readonly samples: RetailRejectSample[] = [];
  /** The InvoiceDate reader (settles the day/month order). */
  readonly dates: DateOrderReader;
  /** Lines held back while the order is unknown, and which of them have an ambiguous date. */
  private pending: RetailRecord[] = [];
  private pendingAmbiguous: boolean[] = [];
  private prevCustomerText = '';
  private prevCustomer: string | null = null;
  private readonly record = emptyRecord();
  bytesDone = 0;
  bytesTotal = NaN;
  /**
   * Reading ahead for the day/month order only: valid lines go nowhere and nothing is held back (set before
   * the first line).
   */
  probe = false;
  /** In probe mode: an ambiguous date was seen while the order was unknown. */
  probeSawAmbiguous = false;

  /**
   * @param file Named in errors and the result (`null` for a string).
   * @param options See {@link RetailLoadOptions}.
   * @param sink Receives the valid lines. Default: a {@link RetailTableBuilder} (then `finish` returns the table).
   */
  constructor(
    file: string | null,
    options: RetailLoadOptions = {},
    sink: RetailSink = new RetailTableBuilder(),
  ) {
    const { maxRejectSamples = 20, onProgress, dateOrder } = checkRetailLoadOptions(options);
    this.dates = new DateOrderReader(file, dateOrder, () => this.flushPending());
    this.file = file;
    this.maxSamples = maxRejectSamples;
    this.onProgress = onProgress;
    this.sink = sink;
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

  /** Feeds one line of CSV text (without its line break). */
  pushLine(line: string): void {
    this.csvLine(line);
  }

  /** Lines held back while the day/month order is unknown. */
  get heldBack(): number {
    return this.pending.length;
  }

  /**
   * Counts one valid data line parsed elsewhere (the byte-level fast path) as the next physical line; the
   * caller hands it to the sink itself.
   */
  countRow(): void {
    this.physicalLine++;
    this.dataLines++;
    this.rows++;
    if ((this.dataLines & 0xffff) === 0 && this.onProgress) {
      this.onProgress({ linesRead: this.dataLines, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
    }
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
      this.reject({ reason: 'blank' }, line);
      return;
    }
    const fields = splitCsvLine(line);
    if (fields === null || fields.length !== this.fieldCount) {
      this.reject({ reason: 'fieldCount' }, line);
      return;
    }
    this.row(fields, line);
  }

  private header(names: string[], text: string): void {
    this.headerSeen = true;
    this.index = headerIndex(names, text, this.file);
    this.fieldCount = names.length;
  }

  /** Field index of each column (RETAIL_COLUMNS order) and the field count, once the header is read. */
  get layout(): { index: readonly number[]; fieldCount: number } {
    return { index: this.index, fieldCount: this.fieldCount };
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
      this.reject({ reason: 'blank' }, text);
      return;
    }
    if (cells.length > this.fieldCount && cells.slice(this.fieldCount).some((c) => c != null && c !== '')) {
      this.reject({ reason: 'fieldCount' }, text);
      return;
    }
    this.row(fields, text);
  }

  /**
   * Validates the fields of a line into `out`; returns the rejection, or null when valid. `settled`: parse
   * slash dates in the known order without touching the order detection (re-reading a line).
   */
  private validate(fields: string[], out: RetailRecord, settled: boolean): Rejection | null {
    const idx = this.index;
    const invoice = fields[idx[0]!]!.trim();
    const stock = fields[idx[1]!]!.trim();
    const desc = fields[idx[2]!]!;
    const qtyText = fields[idx[3]!]!.trim();
    const dateText = fields[idx[4]!]!.trim();
    const priceText = fields[idx[5]!]!.trim();
    const customerText = fields[idx[6]!]!.trim();
    const country = fields[idx[7]!]!.trim();
    const empty: RetailColumn | undefined =
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
                : country === ''
                  ? 'Country'
                  : undefined;
    if (empty !== undefined) return { reason: 'missingField', column: empty };
    if (!NUMBER_RE.test(qtyText)) return { reason: 'badNumber', column: 'Quantity' };
    if (!NUMBER_RE.test(priceText)) return { reason: 'badNumber', column: 'UnitPrice' };
    let customer: string | null = null;
    if (customerText === this.prevCustomerText) customer = this.prevCustomer;
    else if (customerText !== '') {
      const m = CUSTOMER_RE.exec(customerText);
      if (!m) return { reason: 'badNumber', column: 'CustomerID' };
      customer = m[1]!;
      this.prevCustomerText = customerText;
      this.prevCustomer = customer;
    }
    const date = settled ? this.dates.settled(dateText) : this.dates.read(dateText, this.physicalLine);
    if (date !== date) return { reason: 'badDate', column: 'InvoiceDate' };
    // Unary plus, not Number(): global lookups are slow inside jest's vm context. Both texts match NUMBER_RE.
    const qty = +qtyText;
    const price = +priceText;
    if (!(qty > -MAX && qty < MAX) || !(price > -MAX && price < MAX))
      return { reason: 'badNumber', column: qty > -MAX && qty < MAX ? 'UnitPrice' : 'Quantity' };
    out.invoice = invoice;
    out.stock = stock;
    out.description = desc.trim() === '' ? null : desc;
    out.quantity = qty;
    out.date = date;
    out.price = price;
    out.customer = customer;
    out.country = country;
    out.line = this.physicalLine;
    return null;
  }

  private row(fields: string[], text: string): void {
    const rejection = this.validate(fields, this.record, false);
    if (rejection !== null) {
      this.reject(rejection, text);
      return;
    }
    this.rows++;
    const ambiguous = this.dates.ambiguous;
    if (this.probe) {
      this.probeSawAmbiguous ||= ambiguous;
      return;
    }
    if (ambiguous || this.pending.length > 0) {
      this.pending.push({ ...this.record });
      this.pendingAmbiguous.push(ambiguous);
    } else this.sink.push(this.record);
    if ((this.dataLines & 0xffff) === 0 && this.onProgress) {
      this.onProgress({ linesRead: this.dataLines, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
    }
  }

  /**
   * Parses one data line again (same header, date order settled) into a record, or null when it is not a
   * valid line. Changes no count: used to fetch an earlier line by its text (duplicate confirmation).
   */
  reparse(line: string): RetailRecord | null {
    const fields = splitCsvLine(line);
    if (fields === null || fields.length !== this.fieldCount) return null;
    const out = emptyRecord();
    const saved = [this.prevCustomerText, this.prevCustomer] as const;
    const rejection = this.validate(fields, out, true);
    [this.prevCustomerText, this.prevCustomer] = saved;
    return rejection === null ? out : null;
  }

  /** Passes the held-back lines on, their ambiguous dates read in the proven order. */
  private flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    pending.forEach((r, k) => {
      if (this.dates.order === 'dmy' && this.pendingAmbiguous[k]) {
        const d = new Date(r.date);
        r.date = Date.UTC(
          d.getUTCFullYear(),
          d.getUTCDate() - 1,
          d.getUTCMonth() + 1,
          d.getUTCHours(),
          d.getUTCMinutes(),
          d.getUTCSeconds(),
        );
      }
      this.sink.push(r);
    });
    this.pendingAmbiguous = [];
  }

  /** Day/month order of the slash dates: given, proven by the data, or `null` when the file has none. */
  get dateOrder(): RetailDateOrder | null {
    return this.dates.order;
  }

  private reject({ reason, column }: Rejection, text: string): void {
    this.rejectedByReason[reason]++;
    if (this.samples.length < this.maxSamples) {
      const sample: RetailRejectSample = { line: this.physicalLine, reason, text: text.slice(0, 200) };
      if (column !== undefined) sample.column = column;
      this.samples.push(sample);
    }
  }

  /** Ends the input (a last line without a newline is parsed, held-back lines passed on); returns the counts. */
  finishInput(): RetailLoadInfo {
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
    if (this.dates.order === null && (this.probeSawAmbiguous || this.pendingAmbiguous.some((a) => a)))
      throw this.dates.refusal();
    this.flushPending();
    const rejected = RETAIL_REJECT_REASONS.reduce((s, r) => s + this.rejectedByReason[r], 0);
    if (this.onProgress) {
      this.onProgress({ linesRead: this.dataLines, bytesDone: this.bytesDone, bytesTotal: this.bytesTotal });
    }
    return {
      file: this.file,
      dateOrder: this.dates.order,
      dataLines: this.dataLines,
      headerLines: 1,
      rows: this.rows,
      rejected,
      rejectedByReason: { ...this.rejectedByReason },
      rejectSamples: this.samples.slice(),
    };
  }

  /** Ends the input and returns the result with the table (the default sink only). */
  finish(): RetailLoadResult {
    if (!(this.sink instanceof RetailTableBuilder))
      throw new DataError('RetailParser.finish needs the default table sink (use finishInput)');
    const info = this.finishInput();
    return { ...info, table: this.sink.table() };
  }
}
