/**
 * Report tables where analysts work: every table of a behaviour report (pareto ranking, funnel, daily, hourly,
 * RFM segments, retention matrix, category breakdowns) and the retail customer table as plain rows, as a
 * danfojs-node `DataFrame` ({@link toDataFrame}, for small pandas-style work in a notebook) and as an Apache
 * Arrow `Table` ({@link toArrowTable}, for zero-copy hand-off, IPC files, DuckDB or Polars). Both packages load
 * through `require` (so they work in the tslab kernel) and only when first used.
 */
import { DataError } from '../errors';
import type { BehaviorReport } from '../behavior/types';
import type { RetailReport } from '../lifecycle/types';

/** One row of a report table: column -> number or string. */
export type TableRow = Record<string, number | string>;

/** The tables of a behaviour report (`breakdown` only when the report has category breakdowns). */
export const BEHAVIOR_TABLES = [
  'pareto',
  'funnel',
  'daily',
  'hourly',
  'rfmSegments',
  'retention',
  'breakdown',
] as const;
export type BehaviorTableName = (typeof BEHAVIOR_TABLES)[number];

/** A report with a per-category breakdown (`breakdown.rows`). */
interface BreakdownLike {
  breakdown?: { rows: ReadonlyArray<object> };
}

function isRetail(report: BehaviorReport | RetailReport): report is RetailReport {
  return Array.isArray((report as RetailReport).customers);
}

/**
 * The rows of one report table, flat (one scalar per column). Retention comes in long form: one row per
 * (cohort, day offset) with `active` users and `rate`. O(rows).
 *
 * @param table a {@link BEHAVIOR_TABLES} name, or `customers` for a retail report.
 * @throws {DataError} `invalid table: "x" (expected pareto, funnel, ...)`.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * reportRows(report, 'hourly')[20]
 * // => { hour: 20, pv: 258, activeUsers: 30, buyers: 4, buys: 6, conversion: 0.1333 }
 */
export function reportRows(report: BehaviorReport | RetailReport, table: string): TableRow[] {
  if (isRetail(report)) {
    if (table !== 'customers')
      throw new DataError(
        `invalid table: ${JSON.stringify(table)} (a retail report has the table customers)`,
        {
          column: 'table',
          value: table,
        },
      );
    return report.customers.map((row) => ({ ...row }));
  }
  switch (table as BehaviorTableName) {
    case 'pareto':
      return report.pareto.ranking.map((row) => ({ ...row }));
    case 'funnel': {
      const f = report.funnel;
      return [
        { step: 'pv', users: f.pvUsers, events: f.events.pv },
        { step: 'interest', users: f.interestUsers, events: f.events.interest },
        { step: 'buy', users: f.buyers, events: f.events.buy },
      ];
    }
    case 'daily':
      return report.daily.map((row) => ({ ...row }));
    case 'hourly':
      return report.hourly.map((row) => ({ ...row }));
    case 'rfmSegments':
      return report.rfm.segments.map((row) => ({ ...row }));
    case 'retention':
      return report.retention.cohorts.flatMap((cohort) =>
        cohort.active.map((active, offset) => ({
          cohort: cohort.date,
          cohortUsers: cohort.users,
          offset,
          active,
          rate: cohort.rate[offset] ?? 0,
        })),
      );
    case 'breakdown': {
      const breakdown = (report as BehaviorReport & BreakdownLike).breakdown;
      if (breakdown === undefined)
        throw new DataError(
          'invalid table: "breakdown" (this report has no breakdown; analyse with { breakdown: true })',
          { column: 'table', value: table },
        );
      return breakdown.rows.map((row) => ({ ...row }) as TableRow);
    }
    default:
      throw new DataError(
        `invalid table: ${JSON.stringify(table)} (expected ${BEHAVIOR_TABLES.join(', ')}, or customers for a retail report)`,
        { column: 'table', value: table },
      );
  }
}

/** Column names and kinds of rows (first-row keys; a column is numeric when every value is a number). */
function columnsOf(rows: readonly TableRow[], table: string): Array<{ name: string; numeric: boolean }> {
  const names = rows.length > 0 ? Object.keys(rows[0]!) : [];
  return names.map((name) => {
    const numeric = rows.every((row) => typeof row[name] === 'number');
    if (!numeric && !rows.every((row) => typeof row[name] === 'string'))
      throw new DataError(`invalid column: ${JSON.stringify(name)} of ${table} (mixed numbers and strings)`);
    return { name, numeric };
  });
}

/**
 * A table as a danfojs-node `DataFrame` (numbers as float64, strings as string columns). danfojs holds every
 * value in memory: use it for report tables and small extracts, not for raw events. O(rows · columns).
 *
 * @throws {DataError} for an unknown table; an empty table gives a DataFrame with the table's columns.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * toDataFrame(report, 'pareto').shape // => [61, 5] (61 categories with buys)
 * toDataFrame(report, 'pareto').columns // => ['rank', 'categoryId', 'buys', 'share', 'cumulativeShare']
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toDataFrame(report: BehaviorReport | RetailReport, table: string): any {
  const rows = reportRows(report, table);

  const dfd = require('danfojs-node') as { DataFrame: new (data: unknown, options?: unknown) => unknown };
  if (rows.length === 0) return new dfd.DataFrame([], { columns: [] });
  return new dfd.DataFrame(rows);
}

/**
 * A table as an Apache Arrow `Table`: numeric columns as Float64 vectors, string columns dictionary-encoded
 * (Utf8 values). O(rows · columns). Write it with `tableToIPC(table, 'file')` for DuckDB/Polars/pandas.
 *
 * @throws {DataError} for an unknown table.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * toArrowTable(report, 'hourly').getChild('conversion')?.get(20) // => 0.1333
 */
export function toArrowTable(
  report: BehaviorReport | RetailReport,
  table: string,
): import('apache-arrow').Table {
  const rows = reportRows(report, table);

  const arrow = require('apache-arrow') as typeof import('apache-arrow');
  const columns: Record<string, Float64Array | string[]> = {};
  for (const { name, numeric } of columnsOf(rows, table))
    columns[name] = numeric
      ? Float64Array.from(rows, (row) => row[name] as number)
      : rows.map((row) => row[name] as string);
  return arrow.tableFromArrays(columns);
}
