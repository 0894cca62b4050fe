/**
 * The UserBehavior report computed by MySQL/MariaDB: seven aggregate queries produce the exact
 * {@link BehaviorSummary}, and the shared `assembleBehaviorReport` turns it into the report, so the SQL
 * report has exactly the streaming engine's type, definitions and ratio code.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { DataError } from '../errors';
import { checkCallback } from '../options';
import {
  assembleBehaviorReport,
  checkAssembleOptions,
  type AssembleBehaviorOptions,
} from '../behavior/assemble';
import { resolveBehaviorWindow } from '../behavior/window';
import {
  BEHAVIORS,
  REJECT_REASONS,
  type BehaviorReport,
  type BehaviorSummary,
  type BehaviorWindow,
  type DailyRow,
  type RejectReason,
  type RejectSample,
} from '../behavior/types';
import { funnelSql, funnelUsersFromSqlRow } from '../behavior/funnel';
import { hourlyFromSqlRows, hourlySql } from '../behavior/hourly';
import { categoryBuysFromSqlRows, categoryBuysSql } from '../behavior/pareto';
import { retentionFromSqlRows, retentionSql } from '../behavior/retention';
import { rfmFromSqlRows, rfmSql } from '../behavior/rfm-segments';
import { closeConnection, databaseError, openConnection, toCount, type MySqlTarget } from './connection';
import { quoteIdentifier, validateIdentifier } from './identifiers';
import { filteredSource } from './where-sql';
import { resolveWhere, whereIsEmpty, type BehaviorWhere } from '../query/where';
import type { QueryInfo } from '../query/types';
import { META_TABLE } from './schema';
import { parseMysqlUrl } from './url';

/** Options of {@link analyzeBehaviorSql}. */
export interface AnalyzeBehaviorSqlOptions extends AssembleBehaviorOptions {
  /** Analyse only the rows this filter keeps (the streaming engine's `where`, as SQL). Default: every row. */
  where?: BehaviorWhere;
  /** Called before each of the seven queries with its name (`overview`, `daily`, ...). Default none. */
  onQuery?: (name: string) => void;
}

/** What the loader recorded about a table (one row of the metadata table). */
export interface BehaviorLoadMeta {
  table: string;
  loadId: string;
  sourceFile: string;
  from: string;
  to: string;
  utcOffset: string;
  linesRead: number;
  headerLines: number;
  rows: number;
  rejectedByReason: Record<RejectReason, number>;
  rejectSamples: RejectSample[];
  loadMode: string;
}

type Queryable = Pick<Connection, 'query'>;

async function rows(connection: Queryable, sql: string, values: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await connection.query<RowDataPacket[]>({ sql, values, rowsAsArray: false });
  return result;
}

/**
 * Comment that ties a data table to its metadata row and records the table the load was made for (so that a
 * scratch table `<table>__stage` / `<table>__old` is recognised as THIS table's leftover and never confused
 * with a user's table of that name). @internal
 */
export function loadComment(loadId: string, table: string): string {
  return `ecomlab load ${loadId} table ${table}`;
}

/**
 * Parses a table comment written by {@link loadComment} (or by earlier versions: `ecomlab load <id>`, without
 * the target table). Undefined when the comment is not ecomlab's. @internal
 *
 * @example
 * parseLoadComment('ecomlab load 0123456789abcdef0123456789abcdef table ub')
 * // => { loadId: '0123456789abcdef0123456789abcdef', table: 'ub' }
 */
export function parseLoadComment(comment: string): { loadId: string; table?: string } | undefined {
  const match = /^ecomlab load ([0-9a-f]{32})(?: table ([A-Za-z_][A-Za-z0-9_]{0,63}))?$/.exec(comment);
  if (match === null) return undefined;
  return match[2] === undefined ? { loadId: match[1]! } : { loadId: match[1]!, table: match[2] };
}

/**
 * Reads the metadata of the load currently live in `table` (the row whose load id is in the table's
 * comment). Returns `undefined` when the table does not exist.
 *
 * @throws {DataError} when the table exists but was not loaded by ecomlab
 * @example
 * const meta = await readBehaviorLoadMeta(connection, 'ub_head');
 * meta?.rejectedByReason.outOfWindow; // => 1
 */
export async function readBehaviorLoadMeta(
  connection: Queryable,
  table: string,
): Promise<BehaviorLoadMeta | undefined> {
  validateIdentifier(table, 'table');
  const tables = await rows(
    connection,
    'SELECT TABLE_COMMENT AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table],
  );
  if (tables.length === 0) return undefined;
  const comment = String(tables[0]?.c ?? '');
  const parsed = parseLoadComment(comment);
  const notOurs = new DataError(
    `invalid table: ${JSON.stringify(table)} (no ecomlab load metadata; load it with \`npm run load -- mysql FILE --table ${table}\`)`,
    { column: 'table', value: table },
  );
  if (parsed === undefined) throw notOurs;
  const metaExists = await rows(
    connection,
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [META_TABLE],
  );
  if (metaExists.length === 0) throw notOurs;
  const meta = await rows(
    connection,
    `SELECT source_file, DATE_FORMAT(window_from, '%Y-%m-%d') AS f, DATE_FORMAT(window_to, '%Y-%m-%d') AS t,
            utc_offset, lines_read, header_lines, rows_kept, rejected_by_reason, reject_samples, load_mode
       FROM \`${META_TABLE}\` WHERE table_name = ? AND load_id = ?`,
    [table, parsed.loadId],
  );
  const row = meta[0];
  if (row === undefined) throw notOurs;
  const byReason = JSON.parse(String(row.rejected_by_reason)) as Record<string, unknown>;
  return {
    table,
    loadId: parsed.loadId,
    sourceFile: String(row.source_file),
    from: String(row.f),
    to: String(row.t),
    utcOffset: String(row.utc_offset),
    linesRead: toCount(row.lines_read, 'lines_read'),
    headerLines: toCount(row.header_lines, 'header_lines'),
    rows: toCount(row.rows_kept, 'rows_kept'),
    rejectedByReason: Object.fromEntries(
      REJECT_REASONS.map((reason) => [
        reason,
        toCount(byReason[reason] ?? 0, `rejected_by_reason.${reason}`),
      ]),
    ) as Record<RejectReason, number>,
    rejectSamples: JSON.parse(String(row.reject_samples)) as RejectSample[],
    loadMode: String(row.load_mode),
  };
}

/**
 * The SQL of each summary query (for docs and EXPLAIN), for a back-quoted table name. The overview and
 * daily queries are here; each insight's query is in its module, beside its streaming state and assembly
 * (lib/behavior/hourly.ts, pareto.ts, funnel.ts, rfm-segments.ts, retention.ts). @internal
 */
export function behaviorSummaryQueries(quotedTable: string): Record<SummaryQuery, string> {
  const t = quotedTable;
  return {
    overview: `SELECT COUNT(*) AS n, COUNT(DISTINCT user_id) AS users, COUNT(DISTINCT item_id) AS items,
       COUNT(DISTINCT category_id) AS categories,
       SUM(behavior_type = 0) AS pv, SUM(behavior_type = 1) AS fav,
       SUM(behavior_type = 2) AS cart, SUM(behavior_type = 3) AS buy
  FROM ${t}`,
    daily: `SELECT DATEDIFF(event_date, CAST(? AS DATE)) AS day, SUM(behavior_type = 0) AS pv,
       COUNT(DISTINCT user_id) AS active_users, SUM(behavior_type = 3) AS buys
  FROM ${t} GROUP BY event_date`,
    hourly: hourlySql(t),
    categoryBuys: categoryBuysSql(t),
    funnel: funnelSql(t),
    rfm: rfmSql(t),
    retention: retentionSql(t),
  };
}

/** The seven summary queries, in the order they run. */
export const SUMMARY_QUERIES = [
  'overview',
  'daily',
  'hourly',
  'categoryBuys',
  'funnel',
  'rfm',
  'retention',
] as const;
export type SummaryQuery = (typeof SUMMARY_QUERIES)[number];

/** Checks that the table still holds the rows its load kept; returns the overview row. */
async function overviewOf(
  connection: Queryable,
  sql: string,
  table: string,
  meta: BehaviorLoadMeta,
): Promise<Record<string, unknown>> {
  const overview: Record<string, unknown> = (await rows(connection, sql))[0] ?? {};
  const total = toCount(overview.n, 'rows');
  if (total !== meta.rows) {
    throw new DataError(
      `invalid table: ${JSON.stringify(table)} (has ${total} rows but its load of ${meta.sourceFile} kept ${meta.rows}; reload it)`,
      { column: 'table', value: table },
    );
  }
  return overview;
}

/** The daily rows (every window day, zeros included) from the daily query's rows. */
function dailyFromSqlRows(result: RowDataPacket[], window: BehaviorWindow, table: string): DailyRow[] {
  const daily: DailyRow[] = window.days.map((date) => ({ date, pv: 0, activeUsers: 0, buys: 0 }));
  for (const row of result) {
    const day = toCount(row.day, 'day');
    const target = daily[day];
    if (target === undefined || day < 0 || day >= window.days.length) {
      throw new DataError(`invalid event_date: day ${day} of the window in table ${table}`, { value: day });
    }
    target.pv = toCount(row.pv, 'pv');
    target.activeUsers = toCount(row.active_users, 'active_users');
    target.buys = toCount(row.buys, 'buys');
  }
  return daily;
}

/**
 * Computes the exact {@link BehaviorSummary} of a loaded table with seven aggregate queries (portable
 * MySQL 8 / MariaDB 10.11 SQL; the retention query uses a window function). Reader counts and rejects
 * come from the load's metadata row. Cost: a handful of index scans over the table; memory on the
 * client O(days² + hours + categories + RFM cells).
 *
 * @throws {DataError} unknown table, a table not loaded by ecomlab, or a table whose row count no
 *   longer matches its load (changed after loading)
 * @example
 * const summary = await behaviorSummarySql(connection, 'ub_head');
 * summary.funnelUsers.buyers; // => 23
 */
export async function behaviorSummarySql(
  connection: Queryable,
  table: string,
  onQuery: (name: string) => void = () => undefined,
  filter?: BehaviorWhere,
): Promise<BehaviorSummary & { query?: QueryInfo }> {
  const meta = await readBehaviorLoadMeta(connection, table);
  if (meta === undefined) {
    throw new DataError(`invalid table: ${JSON.stringify(table)} (no such table in this database)`, {
      column: 'table',
      value: table,
    });
  }
  const window = resolveBehaviorWindow({ from: meta.from, to: meta.to, utcOffset: meta.utcOffset });
  const compiled = resolveWhere(filter, window);
  const where = whereIsEmpty(compiled) ? undefined : compiled.normalized;
  const quoted = quoteIdentifier(table, 'table');
  const q = behaviorSummaryQueries(filteredSource(quoted, where));
  const run = (name: SummaryQuery, values: unknown[] = []): Promise<RowDataPacket[]> => {
    onQuery(name);
    return rows(connection, q[name], values);
  };
  onQuery('overview');
  if (where !== undefined) await overviewOf(connection, `SELECT COUNT(*) AS n FROM ${quoted}`, table, meta);
  const overview =
    where === undefined
      ? await overviewOf(connection, q.overview, table, meta)
      : ((await rows(connection, q.overview))[0] ?? {});
  const daily = dailyFromSqlRows(await run('daily', [window.from]), window, table);
  const hourly = hourlyFromSqlRows(
    await run('hourly'),
    toCount,
    (hour) => new DataError(`invalid event_hour: ${String(hour)} in table ${table}`),
  );
  const categoryBuys = categoryBuysFromSqlRows(await run('categoryBuys'), toCount);
  const funnelUsers = funnelUsersFromSqlRow((await run('funnel'))[0] ?? {}, toCount);
  const rfmHistogram = rfmFromSqlRows(await run('rfm', [window.to]), toCount);
  const retentionMatrix = retentionFromSqlRows(await run('retention', [window.from]), toCount);
  const events = Object.fromEntries(
    BEHAVIORS.map((behavior) => [behavior, toCount(overview[behavior], behavior)]),
  ) as BehaviorSummary['events'];
  return {
    window,
    linesRead: meta.linesRead,
    headerLines: meta.headerLines,
    rows: toCount(overview.n, 'rows'),
    rejectedByReason: meta.rejectedByReason,
    rejectSamples: meta.rejectSamples,
    users: toCount(overview.users, 'users'),
    items: toCount(overview.items, 'items'),
    categories: toCount(overview.categories, 'categories'),
    events,
    daily,
    hourly,
    categoryBuys,
    funnelUsers,
    rfmHistogram,
    retentionMatrix,
    ...(filter !== undefined
      ? {
          query: {
            ...(where ? { where } : {}),
            filteredOut: meta.rows - toCount(overview.n, 'rows'),
            cache: { mode: 'off' as const },
          },
        }
      : {}),
  };
}

function isConnection(value: unknown): value is Connection {
  return typeof value === 'object' && value !== null && typeof (value as Connection).query === 'function';
}

/**
 * The UserBehavior report of a table loaded by {@link loadBehaviorIntoMySQL}, computed in SQL: same
 * type and, for the same file and window, the same numbers as the streaming `analyzeBehavior` (counts
 * exactly; every ratio comes from the shared `assembleBehaviorReport`). RFM thresholds are dynamic
 * (mean R, mean F over buyers) unless `rfmThresholds` is given.
 *
 * @param target a `mysql://user:pass@host:port/db` URL, an open mysql2/promise connection, or a {@link MySqlTarget}
 * @param table the loaded table (a plain identifier)
 * @param options `rfmThresholds`, `maxRejectSamples` (default 20; at most the samples the load stored, its
 *   own `maxRejectSamples`), `onQuery`
 * @throws {DataError} `invalid table: "a`b"`; a table not loaded by ecomlab; {@link DatabaseError} for a
 *   connection or server failure (the password never appears)
 * @example
 * const report = await analyzeBehaviorSql('mysql://root@127.0.0.1:3306/test', 'ub_head');
 * report.funnel.buyers; // => 23 (as analyzeBehavior on the same file)
 */
export async function analyzeBehaviorSql(
  target: string | Connection | MySqlTarget,
  table: string,
  options: AnalyzeBehaviorSqlOptions = {},
): Promise<BehaviorReport & { query?: QueryInfo }> {
  // Every argument is checked before connecting (a NaN threshold must not cost seconds of queries).
  const resolved: MySqlTarget | undefined =
    typeof target === 'string'
      ? { url: target }
      : isConnection(target)
        ? { connection: target }
        : typeof target === 'object' &&
            target !== null &&
            (typeof (target as MySqlTarget).url === 'string' ||
              isConnection((target as MySqlTarget).connection))
          ? target
          : undefined;
  if (resolved === undefined)
    throw new DataError(
      `invalid target: ${target === undefined ? 'undefined' : typeof target} (expected a mysql:// URL, a mysql2 connection or { url } / { connection })`,
      { column: 'target' },
    );
  validateIdentifier(table, 'table');
  checkAssembleOptions(options);
  const { onQuery, where, ...assembleOptions } = options;
  checkCallback('onQuery', onQuery);
  if (resolved.url !== undefined) parseMysqlUrl(resolved.url); // a malformed URL fails before connecting
  const opened = await openConnection(resolved);
  try {
    const summary = await behaviorSummarySql(opened.connection, table, onQuery, where);
    const report = assembleBehaviorReport(summary, assembleOptions);
    return summary.query !== undefined ? { ...report, query: summary.query } : report;
  } catch (error) {
    throw databaseError(error, opened.label, opened.secrets);
  } finally {
    await closeConnection(opened);
  }
}
