/**
 * Cleaning of the retail log into purchases, with the step-by-step count table of the report.
 */
import { check, InputFileError } from '../errors';
import type { CleaningStep, CleaningStepName, RetailCleaning, RetailLoadResult, RetailTable } from './types';

/**
 * Rows of a table by index, in the given order (a new table; the input is not changed).
 *
 * Complexity: O(rows selected).
 * @param table The table.
 * @param rows Row indices (each in 0..table.length-1).
 * @throws DataError on an index out of range.
 * @example
 * selectRetailRows(table, [0, 2]).length; // => 2
 */
export function selectRetailRows(table: RetailTable, rows: ArrayLike<number>): RetailTable {
  const n = rows.length;
  const out: RetailTable = {
    length: n,
    invoiceNo: new Array<string>(n),
    stockCode: new Array<string>(n),
    description: new Array<string | null>(n),
    quantity: new Float64Array(n),
    invoiceDate: new Float64Array(n),
    unitPrice: new Float64Array(n),
    customerId: new Array<string | null>(n),
    country: new Array<string>(n),
    lineTotal: new Float64Array(n),
    sourceLine: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const i = rows[k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < table.length)) {
      check(false, 'row index', i, `table has ${table.length} rows`);
    }
    out.invoiceNo[k] = table.invoiceNo[i]!;
    out.stockCode[k] = table.stockCode[i]!;
    out.description[k] = table.description[i]!;
    out.quantity[k] = table.quantity[i]!;
    out.invoiceDate[k] = table.invoiceDate[i]!;
    out.unitPrice[k] = table.unitPrice[i]!;
    out.customerId[k] = table.customerId[i]!;
    out.country[k] = table.country[i]!;
    out.lineTotal[k] = table.lineTotal[i]!;
    out.sourceLine[k] = table.sourceLine[i]!;
  }
  return out;
}

const LABELS: Record<CleaningStepName, string> = {
  read: 'Data lines read',
  unparseable: 'Unparseable lines (rejected by the loader)',
  missingCustomerId: 'Missing CustomerID',
  cancellations: 'Cancellations (InvoiceNo starts with C), kept aside',
  nonPositiveQuantityOrPrice: 'Quantity <= 0 or UnitPrice <= 0',
  duplicates: 'Exact duplicate lines (all eight fields equal; first kept)',
  kept: 'Kept (clean purchases)',
};

/** Rows j and i (same InvoiceNo and StockCode) are equal on the other six fields. */
function sameLine(t: RetailTable, j: number, i: number): boolean {
  return (
    t.quantity[j] === t.quantity[i] &&
    t.unitPrice[j] === t.unitPrice[i] &&
    t.invoiceDate[j] === t.invoiceDate[i] &&
    t.customerId[j] === t.customerId[i] &&
    t.description[j] === t.description[i] &&
    t.country[j] === t.country[i]
  );
}

function isLoadResult(input: RetailTable | RetailLoadResult): input is RetailLoadResult {
  return (input as RetailLoadResult).table !== undefined;
}

/**
 * Cleans the retail log into purchases, in this order: unparseable lines (the loader's rejects); missing
 * CustomerID; cancellations (InvoiceNo starting with `C`/`c`, kept aside in `cancellations`); Quantity <= 0 or
 * UnitPrice <= 0; exact duplicates (all eight parsed fields equal: InvoiceNo, StockCode, Description,
 * Quantity, InvoiceDate, UnitPrice, CustomerID, Country; the first occurrence is kept). Row order is kept.
 * `lineTotal` = Quantity × UnitPrice. The step table satisfies `read = Σ removed + kept`.
 *
 * On the full UCI file: 541,909 read → 392,692 kept, 4,338 customers.
 *
 * Complexity: O(n) time (one hash set for duplicates).
 * @param input A load result (then `read` counts the rejected lines too) or a bare table.
 * @returns The clean table, the cancellations and the step table.
 * @example
 * const { steps, customers } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * steps.at(-1); // => { step: 'kept', label: 'Kept (clean purchases)', removed: 0, remaining: 392692 }
 * customers; // => 4338
 */
export function cleanRetail(input: RetailTable | RetailLoadResult): RetailCleaning {
  const table = isLoadResult(input) ? input.table : input;
  const read = isLoadResult(input) ? input.dataLines : table.length;
  const unparseable = isLoadResult(input) ? input.rejected : 0;
  const n = table.length;
  let missing = 0;
  let cancelled = 0;
  let nonPositive = 0;
  let duplicates = 0;
  const keep: number[] = [];
  const cancelRows: number[] = [];
  const seen = new Map<string, Map<string, number | number[]>>();
  let lastInvoice: string | null = null;
  let lastByStock: Map<string, number | number[]> | undefined;
  const customers = new Set<string>();
  const invoices = new Set<string>();
  let revenue = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const customer = table.customerId[i];
    if (customer === null || customer === undefined) {
      missing++;
      continue;
    }
    const invoice = table.invoiceNo[i]!;
    const c0 = invoice.charCodeAt(0);
    if (c0 === 67 || c0 === 99) {
      cancelled++;
      cancelRows.push(i);
      continue;
    }
    const q = table.quantity[i]!;
    const p = table.unitPrice[i]!;
    if (!(q > 0) || !(p > 0)) {
      nonPositive++;
      continue;
    }
    // Exact duplicates share InvoiceNo and StockCode: look up by those two (nested maps keyed by the loader's
    // shared strings, whose hashes V8 caches; no key string per line), compare the other six fields.
    const stock = table.stockCode[i]!;
    let byStock = invoice === lastInvoice ? lastByStock! : seen.get(invoice);
    if (byStock === undefined) seen.set(invoice, (byStock = new Map()));
    lastInvoice = invoice;
    lastByStock = byStock;
    const same = byStock.get(stock);
    if (same === undefined) byStock.set(stock, i);
    else if (typeof same === 'number' ? sameLine(table, same, i) : same.some((j) => sameLine(table, j, i))) {
      duplicates++;
      continue;
    } else byStock.set(stock, typeof same === 'number' ? [same, i] : [...same, i]);
    keep.push(i);
    customers.add(customer);
    invoices.add(invoice);
    revenue += table.lineTotal[i]!;
    const t = table.invoiceDate[i]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const clean = selectRetailRows(table, keep);
  const removed: [CleaningStepName, number][] = [
    ['read', 0],
    ['unparseable', unparseable],
    ['missingCustomerId', missing],
    ['cancellations', cancelled],
    ['nonPositiveQuantityOrPrice', nonPositive],
    ['duplicates', duplicates],
  ];
  const steps: CleaningStep[] = [];
  let remaining = read;
  for (const [step, count] of removed) {
    remaining -= count;
    steps.push({ step, label: LABELS[step], removed: count, remaining });
  }
  steps.push({ step: 'kept', label: LABELS.kept, removed: 0, remaining: clean.length });
  return {
    clean,
    cancellations: selectRetailRows(table, cancelRows),
    steps,
    customers: customers.size,
    invoices: invoices.size,
    revenue,
    firstInvoiceDate: keep.length > 0 ? first : NaN,
    lastInvoiceDate: keep.length > 0 ? last : NaN,
  };
}

/**
 * Refuses a cleaning that kept no purchase, naming the file and the steps that removed the rows (and, for the
 * loader's rejects, the reasons), so an empty result is never reported as an empty table of unknown origin.
 *
 * Complexity: O(steps).
 * @param cleaning The cleaning of `file` (its `steps` table; `rejectedByReason` from the load for detail).
 * @param file The file named in the message.
 * @param rejectedByReason The loader's reject counts, to name the reasons of the `unparseable` step.
 * @throws InputFileError `FILE: no purchase left after cleaning: all 3 data lines removed (unparseable 2
 *   [badDate 2], missingCustomerId 1)`.
 * @example
 * checkPurchasesLeft(cleanRetail(loaded), 'log.csv'); // returns when at least one purchase is kept
 */
export function checkPurchasesLeft(
  cleaning: Pick<RetailCleaning, 'steps'>,
  file: string,
  rejectedByReason?: Record<string, number>,
): void {
  const kept = cleaning.steps.find((s) => s.step === 'kept')?.remaining ?? 0;
  if (kept > 0) return;
  const read = cleaning.steps[0]?.remaining ?? 0;
  if (read === 0)
    throw new InputFileError(
      file,
      'no data lines: the file has a header and nothing else (no purchase to analyse)',
    );
  const removedBy = cleaning.steps
    .filter((s) => s.removed > 0)
    .map((s) => {
      const reasons =
        s.step === 'unparseable' && rejectedByReason
          ? Object.entries(rejectedByReason)
              .filter(([, n]) => n > 0)
              .map(([r, n]) => `${r} ${n.toLocaleString('en-US')}`)
          : [];
      return `${s.step} ${s.removed.toLocaleString('en-US')}${reasons.length > 0 ? ` [${reasons.join(', ')}]` : ''}`;
    });
  throw new InputFileError(
    file,
    `no purchase left after cleaning: all ${read.toLocaleString('en-US')} data lines were removed (by step: ${removedBy.join(', ')}); ` +
      'a purchase needs a CustomerID, an InvoiceNo not starting with C, Quantity > 0 and UnitPrice > 0',
  );
}
