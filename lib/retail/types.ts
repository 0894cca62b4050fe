/**
 * Types of the retail (UCI "Online Retail") side of ecomlab: the columnar invoice-line table, the loader's
 * result, the cleaning report, the RFM table and segments, and the LTV results. These are the contract the
 * churn/modelling (lib/lifecycle, lib/churn) and charts code build on.
 *
 * Time-zone rule: the UCI file has no time zone. Every `InvoiceDate` is read as a wall-clock time and stored
 * as if it were UTC (`Date.UTC(y, m - 1, d, h, min, s)`), so `new Date(ms).toISOString()` shows the same
 * wall-clock time as the file, on every machine, whatever `TZ` is. Day arithmetic (recency in days,
 * snapshot = last invoice + 1 day) uses these UTC milliseconds. ISO dates with a trailing `Z` are accepted as
 * UTC; dates with any other offset are rejected (`badDate`) rather than silently shifted.
 */

/**
 * One day in milliseconds.
 * @example
 * const last = Date.UTC(2011, 11, 1, 17, 30);
 * const snapshot = Date.UTC(2011, 11, 10);
 * Math.floor((snapshot - last) / DAY_MS); // => 8 (whole days)
 */
export const DAY_MS = 86_400_000;

/**
 * Invoice lines in columns (one index = one line of the file). All columns have length `length`.
 * Missing values: `description` and `customerId` are `null` (never `''`); numeric columns are never NaN in a
 * loaded table (lines whose numbers do not parse are rejected by the loader).
 */
export interface RetailTable {
  /** Number of rows. */
  length: number;
  /** Invoice number as written, e.g. `536365`, `C536379` (cancellation), `A563185` (adjustment). */
  invoiceNo: string[];
  /** Product code as written, e.g. `85123A`, `POST`. */
  stockCode: string[];
  /** Product description, `null` when empty in the file. */
  description: (string | null)[];
  /** Quantity (negative for cancellations). */
  quantity: Float64Array;
  /** Invoice time as epoch milliseconds, wall clock read as UTC (see the module note). */
  invoiceDate: Float64Array;
  /** Unit price in pounds sterling. */
  unitPrice: Float64Array;
  /** Customer id normalised to an integer string (`17850.0` and `17850` both give `17850`); `null` when missing. */
  customerId: (string | null)[];
  /** Country name as written. */
  country: string[];
  /** quantity × unitPrice. */
  lineTotal: Float64Array;
  /** 1-based physical line of the source (CSV: header is line 1; xlsx: worksheet row number). */
  sourceLine: Float64Array;
}

/**
 * Column names of the UCI export, in file order.
 * @example
 * RETAIL_COLUMNS.join(','); // => 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'
 */
export const RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;
export type RetailColumn = (typeof RETAIL_COLUMNS)[number];

/**
 * Why the loader rejected a line. Every data line read is kept or rejected for exactly one reason, checked in
 * this order: `blank` (empty line), `fieldCount` (not 8 fields, or an unterminated quote), `missingField`
 * (empty InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice or Country), `badNumber` (Quantity/UnitPrice
 * not a finite decimal number, or CustomerID not an integer like `17850` / `17850.0`), `badDate` (InvoiceDate
 * neither `M/D/YYYY H:MM[:SS]` (or `D/M/YYYY`, see {@link RetailDateOrder}) nor ISO `YYYY-MM-DD[ T]HH:MM[:SS[.fff]][Z]`, or not a real calendar date/time).
 * @example
 * RETAIL_REJECT_REASONS.length; // => 5
 */
export const RETAIL_REJECT_REASONS = ['blank', 'fieldCount', 'missingField', 'badNumber', 'badDate'] as const;
export type RetailRejectReason = (typeof RETAIL_REJECT_REASONS)[number];

/** One rejected line, as read. */
export interface RetailRejectSample {
  /** 1-based physical line (CSV; the header is line 1) or worksheet row (xlsx). */
  line: number;
  reason: RetailRejectReason;
  /** Which column failed (absent for `blank`/`fieldCount`). */
  column?: RetailColumn;
  /** The line's text (xlsx: the cells joined by commas), cut to at most 200 characters. */
  text: string;
}

/** Progress of a load: data lines read so far and bytes of the (compressed) file consumed. */
export type RetailProgressCallback = (progress: {
  linesRead: number;
  bytesDone: number;
  bytesTotal: number;
}) => void;

/**
 * Field order of slash dates: `'mdy'` = month/day/year (the UCI export, `12/1/2010 8:26` = 1 December) or
 * `'dmy'` = day/month/year (`1/12/2010 8:26` = 1 December).
 */
export type RetailDateOrder = 'mdy' | 'dmy';

/** Options of {@link loadRetail} / {@link parseRetail}. */
export interface RetailLoadOptions {
  /**
   * Field order of slash dates. Default: read from the data: a first field over 12 proves `'dmy'`, a second
   * field over 12 proves `'mdy'`; a file where no slash date has a field over 12 (ambiguous) or where both
   * proofs occur (mixed) is refused with an InputFileError naming two example values. Given, every slash date
   * is read that way (dates that do not fit are `badDate` rejects).
   */
  dateOrder?: RetailDateOrder;
  /** Keep at most this many rejected lines as samples. Default 20. */
  maxRejectSamples?: number;
  /** `'csv'` (plain or gzip, detected from the magic bytes) or `'xlsx'`. Default: from the file extension. */
  format?: 'csv' | 'xlsx';
  /** Called about every 65,536 lines. Default: none. */
  onProgress?: RetailProgressCallback;
}

/** What the loader returns. `dataLines = rows + rejected`. */
export interface RetailLoadResult {
  /** The file read (`null` for {@link parseRetail} on a string). */
  file: string | null;
  /** Day/month order of the slash dates (given or proven by the data); `null` when the file has none. */
  dateOrder: RetailDateOrder | null;
  /** Data lines read (header excluded; a last line without newline counts, an empty last line does not). */
  dataLines: number;
  /** Header lines (always 1: the header is required). */
  headerLines: number;
  /** Kept rows = table.length. */
  rows: number;
  /** Rejected lines. */
  rejected: number;
  /** Rejected lines per reason, every reason present. */
  rejectedByReason: Record<RetailRejectReason, number>;
  /** The first `maxRejectSamples` rejected lines, in file order. */
  rejectSamples: RetailRejectSample[];
  /** The kept lines. */
  table: RetailTable;
}

/**
 * The cleaning steps, in the order they are applied.
 * @example
 * CLEANING_STEPS[2]; // => 'missingCustomerId'
 */
export const CLEANING_STEPS = [
  'read',
  'unparseable',
  'missingCustomerId',
  'cancellations',
  'nonPositiveQuantityOrPrice',
  'duplicates',
  'kept',
] as const;
export type CleaningStepName = (typeof CLEANING_STEPS)[number];

/** One row of the cleaning table. */
export interface CleaningStep {
  step: CleaningStepName;
  /** Human-readable description of the step. */
  label: string;
  /** Lines removed by this step (0 for `read` and `kept`). */
  removed: number;
  /** Lines left after this step (for `read`: all data lines read; for `kept`: the clean table's length). */
  remaining: number;
}

/** The cleaning's counts (the report's cleaning section; `RetailAggregate.summary`). */
export interface RetailCleaningSummary {
  /** The step table, in {@link CLEANING_STEPS} order. `read = Σ removed + kept`. */
  steps: CleaningStep[];
  /** Distinct customers and invoices among the kept purchases. */
  customers: number;
  invoices: number;
  /** Σ lineTotal of the kept purchases (in line order). */
  revenue: number;
  /** First and last kept purchase time (epoch ms; NaN when none). */
  firstInvoiceDate: number;
  lastInvoiceDate: number;
  /** Cancellation lines with a customer id (kept aside). */
  cancellationLines: number;
}

/** The result of {@link cleanRetail}: the counts and the two tables. */
export interface RetailCleaning extends Omit<RetailCleaningSummary, 'cancellationLines'> {
  /** Purchases: lines with a customer id, not cancelled, Quantity > 0 and UnitPrice > 0, duplicates removed. */
  clean: RetailTable;
  /**
   * Cancellation lines (InvoiceNo starting with `C`) that have a customer id: the lines the `cancellations`
   * step removed, kept aside for return rates. Not deduplicated.
   */
  cancellations: RetailTable;
}

/**
 * The eight RFM value tiers (classic Chinese RFM model), in report order.
 * @example
 * CUSTOMER_SEGMENTS[0]; // => 'importantValue'
 */
export const CUSTOMER_SEGMENTS = [
  'importantValue',
  'importantDevelopment',
  'importantRetention',
  'importantReengagement',
  'generalValue',
  'generalDevelopment',
  'generalRetention',
  'generalReengagement',
] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

/**
 * RFM per customer, in columns, customers sorted by customer id (string order; UCI ids are all 5 digits).
 * Scores are 1..5, 5 = best (most recent, most frequent, highest spend).
 */
export interface RfmTable {
  /** Snapshot = last invoice date in the data + 1 day (epoch ms). */
  snapshot: number;
  customerId: string[];
  /** Whole days from the customer's last purchase to the snapshot: floor((snapshot − last) / 1 day). */
  recency: Float64Array;
  /** Distinct invoices. */
  frequency: Float64Array;
  /** Σ lineTotal. */
  monetary: Float64Array;
  /** First and last purchase times (epoch ms). */
  firstPurchase: Float64Array;
  lastPurchase: Float64Array;
  rScore: Float64Array;
  fScore: Float64Array;
  mScore: Float64Array;
  /** The tier from the scores (see `segmentOf`). */
  segment: CustomerSegment[];
}

/** One row of the segment table. */
export interface CustomerSegmentRow {
  segment: CustomerSegment;
  /** English label, e.g. `Important value`. */
  label: string;
  /** Chinese label, e.g. `重要价值客户`. */
  labelZh: string;
  customers: number;
  /** customers / all customers. */
  share: number;
  /** Σ monetary of the segment. */
  revenue: number;
  /** revenue / total revenue. */
  revenueShare: number;
  /** Means over the segment's customers (NaN for an empty segment). */
  meanRecency: number;
  meanFrequency: number;
  meanMonetary: number;
}
