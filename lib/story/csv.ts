/**
 * The CSV hand-offs: one writer ({@link toCsv}, also behind the dashboard's customer table), the RFM table for
 * BI tools and the modelling table.
 */
import { churnDataset, featureRows, SCORE_FEATURES } from '../churn/churn-features';
import type { RetailReport } from '../lifecycle/types';
import type { CleanRetailLines } from './churn-horizons';

/** The per-customer RFM columns every customer table starts with (the RFM table, the dashboard's CSV). */
export const CUSTOMER_RFM_COLUMNS = [
  'customerId',
  'recency',
  'frequency',
  'monetary',
  ...SCORE_FEATURES,
  'segment',
  'segmentLabel',
] as const;

/** Options of {@link toCsv}. */
export interface CsvOptions {
  /** Round numbers to at most this many decimals (`1.5000001` → `1.5` with 6). Default: every digit. */
  digits?: number;
}

function csvCell(value: unknown, digits: number | undefined): string {
  const text =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(digits === undefined ? value : Number(value.toFixed(digits)))
        : ''
      : String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows to CSV text: header first, LF, RFC 4180 quoting, non-finite numbers and missing values as empty cells.
 *
 * Complexity: O(rows · columns).
 * @example
 * toCsv(['id', 'x'], [{ id: 'a,b', x: 0.1234567 }], { digits: 3 }); // => 'id,x\n"a,b",0.123\n'
 */
export function toCsv(
  columns: readonly string[],
  rows: ReadonlyArray<object>,
  { digits }: CsvOptions = {},
): string {
  const lines = [columns.join(',')];
  for (const row of rows)
    lines.push(columns.map((column) => csvCell((row as Record<string, unknown>)[column], digits)).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * The RFM table for BI tools (the report's `rfm_for_tableau.csv`): one row per customer with R, F, M, scores,
 * tier, historical LTV, CLV and churn probability.
 *
 * Complexity: O(customers).
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * rfmTableCsv(report).split('\n')[0];
 * // => 'customerId,recency,frequency,monetary,rScore,fScore,mScore,segment,segmentLabel,ltv,clv,probabilityAlive,churnProbability'
 */
export function rfmTableCsv(report: Pick<RetailReport, 'customers' | 'rfm'>): string {
  const labels = new Map(report.rfm.segments.map((s) => [s.segment, s.label]));
  const columns = [...CUSTOMER_RFM_COLUMNS, 'ltv', 'clv', 'probabilityAlive', 'churnProbability'];
  return toCsv(
    columns,
    report.customers.map((c) => ({ ...c, segmentLabel: labels.get(c.segment) ?? c.segment })),
  );
}

/**
 * The modelling table (the report's `rfm_final_for_modeling.csv`): one row per customer of the churn
 * population with the model's features (before the training-fitted re-binning and scaling) and the label.
 *
 * Complexity: O(customers · features).
 * @param lines Clean purchases and cancellations.
 * @param options `horizonDays` (default 90), `cutoff` (default data end − horizon).
 * @example
 * const lines = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * modellingTableCsv(lines).split('\n').length; // => 3372 (a header, 3,370 customers and the final newline)
 */
export function modellingTableCsv(
  lines: CleanRetailLines,
  { horizonDays = 90, cutoff }: { horizonDays?: number; cutoff?: string } = {},
): string {
  const ds = churnDataset(lines.clean, lines.cancellations, { horizonDays, cutoff });
  const X = featureRows(ds);
  const columns = ['customerId', ...ds.featureNames, 'churned'];
  return toCsv(
    columns,
    ds.customerId.map((customerId, k) => ({
      customerId,
      ...Object.fromEntries(ds.featureNames.map((name, j) => [name, X[k]![j]])),
      churned: ds.label[k],
    })),
  );
}
