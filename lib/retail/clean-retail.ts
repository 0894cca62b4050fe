/**
 * Cleaning of the retail log into purchases, with the step-by-step count table of the report.
 */
import { check, InputFileError } from '../errors';
import { aggregateTable, LINE_CANCELLED, LINE_KEPT } from './retail-aggregate';
import type { RetailCleaning, RetailLoadResult, RetailTable } from './types';

/**
 * Rows of a table by index, in the given order (a new table; the input is not changed).
 *
 * Complexity: O(rows selected).
 * @param table The table.
 * @param rows Row indices (each in 0..table.length-1).
 * @throws DataError on an index out of range.
 * @example
 * const { table } = await loadRetail('data/online-retail/online_retail.csv.gz');
 * selectRetailRows(table, [0, 2]).invoiceNo; // => ['536365', '536365']
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
 * The rules are applied by the same aggregate as the streaming path (`RetailAggregate`, retail-aggregate.ts).
 *
 * Complexity: O(n) time (one hash set of line hashes for duplicates).
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
  const keep: number[] = [];
  const cancelRows: number[] = [];
  const agg = aggregateTable(table, (row, status) => {
    if (status === LINE_KEPT) keep.push(row);
    else if (status === LINE_CANCELLED) cancelRows.push(row);
  });
  const { steps, customers, invoices, revenue, firstInvoiceDate, lastInvoiceDate } = agg.summary(
    read,
    unparseable,
  );
  return {
    clean: selectRetailRows(table, keep),
    cancellations: selectRetailRows(table, cancelRows),
    steps,
    customers,
    invoices,
    revenue,
    firstInvoiceDate,
    lastInvoiceDate,
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
 * checkPurchasesLeft(cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz')), 'online_retail.csv.gz'); // => undefined (purchases are left)
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
