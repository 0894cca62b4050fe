/**
 * Independent DuckDB reference for the UserBehavior report (lib/behavior/types.ts): every field computed
 * in SQL from the raw lines of the file, without importing any of ecomlab's engine code (types only).
 *
 * Usage:
 *   npx tsx scripts/reference/behavior-duckdb.ts FILE [--out REPORT.json] [--rfm-thresholds R,F]
 *     [--from YYYY-MM-DD --to YYYY-MM-DD --utc-offset +08:00] [--threads N] [--max-reject-samples N]
 *     [--header auto|true|false] [--memory-limit 8GB]
 *
 * Method: the file (plain or .gz) is read by DuckDB's CSV reader as ONE VARCHAR column per physical line
 * (NUL delimiter, no quoting), numbered with row_number() in file order (DuckDB preserves insertion order).
 * Each line is classified in SQL with the reject rules of the report contract, first failure wins:
 * header (line 1 only, auto: 5 fields, first field has a letter and is not all digits), blank (only spaces
 * and tabs), fieldCount (not exactly 4 commas), badInteger (user/item/category not 1..10 digits <= 4294967295),
 * unknownBehavior (not exactly pv|fav|cart|buy), badInteger (timestamp not -?[0-9]{1,15}), outOfWindow.
 * Kept rows get their local date and hour via DuckDB's own timestamp functions; every aggregate is a
 * GROUP BY / COUNT(DISTINCT) query. Known limit: a lone CR inside a line is treated by DuckDB as a line break.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  Behavior,
  BehaviorReport,
  BehaviorWindow,
  DailyRow,
  HourlyRow,
  ParetoRow,
  RejectReason,
  RejectSample,
  RetentionCohort,
  BehaviorEngagement,
  RfmSegmentKey,
  Weekday,
  RfmSegmentRow,
} from '../../lib/behavior/types';
import type { BehaviorWhere } from '../../lib/query/where';

/** Options of {@link duckdbBehaviorReport}. */
export interface DuckdbBehaviorOptions {
  /** First window day. Default 2017-11-25. */
  from?: string;
  /** Last window day (inclusive). Default 2017-12-03. */
  to?: string;
  /** Default +08:00. */
  utcOffset?: string;
  /** Explicit RFM thresholds; default dynamic (means over buyers). */
  rfmThresholds?: { recency: number; frequency: number };
  /** Default 20. */
  maxRejectSamples?: number;
  /** DuckDB threads. Default 2. */
  threads?: number;
  /** 'auto' (default), true or false. */
  header?: 'auto' | boolean;
  /** DuckDB memory_limit, e.g. '8GB'. Default DuckDB's own (80% of RAM). */
  memoryLimit?: string;
  /** Where DuckDB may spill. Default: the OS temp dir (never the working tree). */
  tempDirectory?: string;
  /**
   * Analyse only the kept rows matching this filter, translated to SQL here on its own (not with lib/query);
   * `overview.rows` is then the filtered rows' count and `onFiltered` receives the rows left out.
   */
  where?: BehaviorWhere;
  onFiltered?: (filteredOut: number) => void;
  /** Also compute the per-category breakdown (report field `breakdown`, every category). */
  breakdown?: boolean;
}

/** The SQL condition of a filter over the `kept`-shaped columns u, i, c, b, d (local date), h (local hour). */
export function referenceWhereSql(where: BehaviorWhere, source: string): string {
  const parts: string[] = [];
  const ints = (ids: readonly number[]) => ids.map((id) => String(Math.trunc(id))).join(', ');
  if (where.categories) parts.push(`c IN (${ints(where.categories)})`);
  if (where.items) parts.push(`i IN (${ints(where.items)})`);
  if (where.users) {
    const ids = Array.isArray(where.users)
      ? (where.users as number[])
      : fs
          .readFileSync((where.users as { file: string }).file, 'utf8')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /^[0-9]+$/.test(line))
          .map(Number);
    parts.push(`u IN (${ints(ids)})`);
  }
  if (where.behaviors) parts.push(`b IN (${where.behaviors.map((b) => sqlString(b)).join(', ')})`);
  if (where.dates?.from) parts.push(`d >= ${sqlString(where.dates.from)}`);
  if (where.dates?.to) parts.push(`d <= ${sqlString(where.dates.to)}`);
  if (where.hours) {
    const hours = Array.isArray(where.hours) ? (where.hours as number[]) : [];
    if (!Array.isArray(where.hours)) {
      const { from, to } = where.hours as { from: number; to: number };
      for (let h = from; ; h = (h + 1) % 24) {
        hours.push(h);
        if (h === to) break;
      }
    }
    parts.push(`h IN (${ints(hours)})`);
  }
  if (where.usersWho)
    parts.push(`u IN (SELECT u FROM ${source} WHERE ${referenceWhereSql(where.usersWho, source)})`);
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

const REASONS: RejectReason[] = ['blank', 'fieldCount', 'badInteger', 'unknownBehavior', 'outOfWindow'];
const SEGMENTS: Array<{ segment: RfmSegmentKey; label: string; labelZh: string }> = [
  { segment: 'recentFrequent', label: 'important value customers', labelZh: '重要价值客户' },
  { segment: 'recentInfrequent', label: 'important development customers', labelZh: '重要发展客户' },
  { segment: 'lapsedFrequent', label: 'important retention customers', labelZh: '重要保持客户' },
  { segment: 'lapsedInfrequent', label: 'important re-engagement customers', labelZh: '重要挽留客户' },
];

/** The window, computed here on its own (not with lib/behavior/window.ts). */
export function referenceWindow(
  from = '2017-11-25',
  to = '2017-12-03',
  utcOffset = '+08:00',
): BehaviorWindow {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(utcOffset);
  if (!m) throw new Error(`invalid utcOffset: ${utcOffset}`);
  const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  const fromMs = Date.parse(`${from}T00:00:00Z`);
  const toMs = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs)
    throw new Error(`invalid window ${from}..${to}`);
  const days: string[] = [];
  for (let ms = fromMs; ms <= toMs; ms += 86400000) days.push(new Date(ms).toISOString().slice(0, 10));
  return {
    from,
    to,
    utcOffset,
    days,
    startSeconds: fromMs / 1000 - offset,
    endSeconds: toMs / 1000 + 86400 - offset,
  };
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
}

function num(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  return Number(value);
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** The per-category breakdown in SQL over view `k` (rank by events, Pareto position from `ranking`). */
async function referenceBreakdown(connection: DuckDBConnection, ranking: ParetoRow[]) {
  const result = await rows(
    connection,
    `WITH pu AS (SELECT c, u, bool_or(b = 'pv') AS p, bool_or(b IN ('fav', 'cart')) AS it, bool_or(b = 'buy') AS bo
                 FROM k GROUP BY c, u),
          ev AS (SELECT c, count(*) AS events, count(*) FILTER (WHERE b = 'pv') AS pv,
                        count(*) FILTER (WHERE b = 'fav') AS fav, count(*) FILTER (WHERE b = 'cart') AS cart,
                        count(*) FILTER (WHERE b = 'buy') AS buy FROM k GROUP BY c),
          us AS (SELECT c, count(*) AS users, count(*) FILTER (WHERE p) AS pv_users,
                        count(*) FILTER (WHERE it) AS interest_users, count(*) FILTER (WHERE bo) AS buyers,
                        count(*) FILTER (WHERE it AND NOT bo) AS inb FROM pu GROUP BY c)
     SELECT row_number() OVER (ORDER BY events DESC, c) AS rank, * FROM ev JOIN us USING (c) ORDER BY rank`,
  );
  const pareto = new Map(ranking.map((row) => [row.categoryId, row]));
  return {
    categories: result.length,
    rows: result.map((row) => {
      const p = pareto.get(num(row.c));
      const interestUsers = num(row.interest_users);
      return {
        rank: num(row.rank),
        categoryId: num(row.c),
        events: num(row.events),
        pv: num(row.pv),
        fav: num(row.fav),
        cart: num(row.cart),
        buy: num(row.buy),
        users: num(row.users),
        pvUsers: num(row.pv_users),
        interestUsers,
        buyers: num(row.buyers),
        interestNoBuy: num(row.inb),
        leakShare: ratio(num(row.inb), interestUsers),
        userConversion: ratio(num(row.buyers), num(row.users)),
        interestToBuy: ratio(num(row.buyers), interestUsers),
        paretoRank: p?.rank ?? 0,
        buyShare: p?.share ?? 0,
        cumulativeBuyShare: p?.cumulativeShare ?? 0,
      };
    }),
    top: 0,
  };
}

/** Opens a DuckDB instance with the reference's settings (threads, memory limit, spill folder). */
async function openDuckdb(database: string, options: DuckdbBehaviorOptions) {
  const config: Record<string, string> = {
    threads: String(options.threads ?? 2),
    preserve_insertion_order: 'true',
  };
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  config.temp_directory = options.tempDirectory ?? path.join(os.tmpdir(), 'ecomlab-duckdb-spill');
  const instance = await DuckDBInstance.create(database, config);
  return { instance, connection: await instance.connect() };
}

/**
 * Loads `file` into the connection: tables `k_all` (kept rows: u, i, c, b, ts, d, h, di), `days_all`,
 * `line_stats` and `rejects` (TEMP tables, or persistent ones when `persist`). O(file).
 */
async function loadBehaviorTables(
  connection: DuckDBConnection,
  file: string,
  options: DuckdbBehaviorOptions,
  persist: boolean,
): Promise<void> {
  const { header = 'auto' } = options;
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const window = referenceWindow(options.from, options.to, options.utcOffset);
  const offsetSeconds = referenceOffset(window.utcOffset);
  const size = fs.statSync(file).size;
  if (size === 0) {
    await connection.run(`CREATE TEMP TABLE raw (ln BIGINT, l VARCHAR)`);
  } else {
    await connection.run(`
        CREATE TEMP TABLE raw AS
        SELECT row_number() OVER () AS ln, coalesce(line, '') AS l
        FROM read_csv(${sqlString(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = '\\0',
                      quote = '', escape = '', auto_detect = false, strict_mode = false)`);
  }
  const headerRule =
    header === true
      ? 'ln = 1'
      : header === false
        ? 'false'
        : `ln = 1 AND commas = 4 AND regexp_matches(f1, '[A-Za-z]') AND NOT regexp_full_match(f1, '[0-9]+')`;
  const idOk = (f: string): string =>
    `(regexp_full_match(${f}, '[0-9]{1,10}') AND TRY_CAST(${f} AS UBIGINT) <= 4294967295)`;
  await connection.run(`
      CREATE TEMP TABLE cls AS
      WITH f AS (
        SELECT ln, l,
               length(l) - length(replace(l, ',', '')) AS commas,
               split_part(l, ',', 1) AS f1, split_part(l, ',', 2) AS f2, split_part(l, ',', 3) AS f3,
               split_part(l, ',', 4) AS f4, split_part(l, ',', 5) AS f5
        FROM raw)
      SELECT ln, l, f1, f2, f3, f4, f5,
        CASE
          WHEN ${headerRule} THEN 'header'
          WHEN regexp_full_match(l, '[ \\t]*') THEN 'blank'
          WHEN commas <> 4 THEN 'fieldCount'
          WHEN NOT (${idOk('f1')} AND ${idOk('f2')} AND ${idOk('f3')}) THEN 'badInteger'
          WHEN f4 NOT IN ('pv', 'fav', 'cart', 'buy') THEN 'unknownBehavior'
          WHEN NOT regexp_full_match(f5, '-?[0-9]{1,15}') THEN 'badInteger'
          WHEN TRY_CAST(f5 AS BIGINT) < ${window.startSeconds} OR TRY_CAST(f5 AS BIGINT) >= ${window.endSeconds}
            THEN 'outOfWindow'
          ELSE NULL
        END AS reason
      FROM f`);
  await connection.run(`
      CREATE TEMP TABLE kept AS
      SELECT CAST(f1 AS UINTEGER) AS u, CAST(f2 AS UINTEGER) AS i, CAST(f3 AS UINTEGER) AS c, f4 AS b,
             CAST(f5 AS BIGINT) AS ts,
             strftime(make_timestamp((CAST(f5 AS BIGINT) + ${offsetSeconds}) * 1000000), '%Y-%m-%d') AS d,
             CAST(hour(make_timestamp((CAST(f5 AS BIGINT) + ${offsetSeconds}) * 1000000)) AS INTEGER) AS h
      FROM cls WHERE reason IS NULL`);
  await connection.run(`
      CREATE TEMP TABLE days AS
      SELECT * FROM (VALUES ${window.days.map((d, i) => `(${i}, '${d}')`).join(', ')}) AS t(di, d)`);
  const keep = persist ? '' : 'TEMP ';
  await connection.run(`CREATE ${keep}TABLE days_all AS SELECT * FROM days`);
  await connection.run(`CREATE ${keep}TABLE k_all AS SELECT kept.*, days.di FROM kept JOIN days USING (d)`);
  await connection.run(`
      CREATE ${keep}TABLE line_stats AS
      SELECT count(*) AS lines, count(*) FILTER (WHERE reason = 'header') AS header,
             count(*) FILTER (WHERE reason IS NULL) AS kept
      FROM cls`);
  await connection.run(`
      CREATE ${keep}TABLE rejects AS
      SELECT ln, reason, left(l, 200) AS text FROM cls WHERE reason IS NOT NULL AND reason <> 'header'`);
  for (const table of ['kept', 'cls', 'raw', 'days']) await connection.run(`DROP TABLE ${table}`);
}

/** The report from loaded tables (see {@link loadBehaviorTables}), for `options.where` when given. */
async function reportFromTables(
  connection: DuckDBConnection,
  options: DuckdbBehaviorOptions,
): Promise<BehaviorReport> {
  const { maxRejectSamples = 20 } = options;
  const window = referenceWindow(options.from, options.to, options.utcOffset);
  const lastDay = window.days.length - 1;
  {
    // --- overview ---------------------------------------------------------------------------------------
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW k AS SELECT * FROM k_all${options.where ? ` WHERE ${referenceWhereSql(options.where, 'k_all')}` : ''}`,
    );
    await connection.run('CREATE OR REPLACE TEMP VIEW days AS SELECT * FROM days_all');
    const [lineStats] = await rows(connection, 'SELECT lines, header, kept FROM line_stats');
    const byReason = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
    for (const row of await rows(connection, 'SELECT reason, count(*) AS n FROM rejects GROUP BY reason'))
      byReason[row.reason as RejectReason] = num(row.n);
    const rejectSamples: RejectSample[] = (
      await rows(connection, `SELECT ln, reason, text FROM rejects ORDER BY ln LIMIT ${maxRejectSamples}`)
    ).map((row) => ({ line: num(row.ln), reason: row.reason as RejectReason, text: String(row.text) }));
    const [distinct] = await rows(
      connection,
      `SELECT count(DISTINCT u) AS users, count(DISTINCT i) AS items, count(DISTINCT c) AS categories,
              count(*) FILTER (WHERE b = 'pv') AS pv, count(*) FILTER (WHERE b = 'fav') AS fav,
              count(*) FILTER (WHERE b = 'cart') AS cart, count(*) FILTER (WHERE b = 'buy') AS buy,
              count(*) AS n, count(di) AS ndays
       FROM k`,
    );
    const events: Record<Behavior, number> = {
      pv: num(distinct?.pv),
      fav: num(distinct?.fav),
      cart: num(distinct?.cart),
      buy: num(distinct?.buy),
    };
    let kept = num(lineStats?.kept);
    if (options.where) {
      const [all] = await rows(connection, 'SELECT count(*) AS n FROM k_all');
      if (num(all?.n) !== kept) throw new Error('reference: kept rows fell outside the days table');
      options.onFiltered?.(kept - num(distinct?.n));
      kept = num(distinct?.n);
    }
    if (num(distinct?.n) !== kept)
      throw new Error(`reference: ${kept - num(distinct?.n)} kept rows fell outside the days table`);
    const rejected = REASONS.reduce((s, r) => s + byReason[r], 0);

    // --- daily / hourly -----------------------------------------------------------------------------------
    const daily: DailyRow[] = (
      await rows(
        connection,
        `SELECT days.d AS date, count(k.u) FILTER (WHERE k.b = 'pv') AS pv, count(DISTINCT k.u) AS active,
                count(k.u) FILTER (WHERE k.b = 'buy') AS buys
         FROM days LEFT JOIN k ON k.di = days.di GROUP BY days.di, days.d ORDER BY days.di`,
      )
    ).map((row) => ({
      date: String(row.date),
      pv: num(row.pv),
      activeUsers: num(row.active),
      buys: num(row.buys),
    }));
    const hourly: HourlyRow[] = (
      await rows(
        connection,
        `SELECT hh.h AS hour, count(k.u) FILTER (WHERE k.b = 'pv') AS pv, count(DISTINCT k.u) AS active,
                count(DISTINCT k.u) FILTER (WHERE k.b = 'buy') AS buyers, count(k.u) FILTER (WHERE k.b = 'buy') AS buys
         FROM range(24) AS hh(h) LEFT JOIN k ON k.h = hh.h GROUP BY hh.h ORDER BY hh.h`,
      )
    ).map((row) => ({
      hour: num(row.hour),
      pv: num(row.pv),
      activeUsers: num(row.active),
      buyers: num(row.buyers),
      buys: num(row.buys),
      conversion: ratio(num(row.buyers), num(row.active)),
    }));

    // --- pareto ---------------------------------------------------------------------------------------------
    const paretoRows = await rows(
      connection,
      `WITH cb AS (SELECT c, count(*) AS buys FROM k WHERE b = 'buy' GROUP BY c),
            ranked AS (SELECT c, buys, row_number() OVER (ORDER BY buys DESC, c ASC) AS rank,
                              sum(buys) OVER (ORDER BY buys DESC, c ASC ROWS UNBOUNDED PRECEDING) AS cum,
                              sum(buys) OVER () AS total
                       FROM cb)
       SELECT rank, c, buys, cum, total FROM ranked ORDER BY rank`,
    );
    const totalBuys = paretoRows.length > 0 ? num(paretoRows[0]?.total) : 0;
    const ranking: ParetoRow[] = paretoRows.map((row) => ({
      rank: num(row.rank),
      categoryId: num(row.c),
      buys: num(row.buys),
      share: num(row.buys) / totalBuys,
      cumulativeShare: num(row.cum) / totalBuys,
    }));
    const [k80Row] = await rows(
      connection,
      `WITH cb AS (SELECT c, count(*) AS buys FROM k WHERE b = 'buy' GROUP BY c),
            ranked AS (SELECT row_number() OVER (ORDER BY buys DESC, c ASC) AS rank,
                              sum(buys) OVER (ORDER BY buys DESC, c ASC ROWS UNBOUNDED PRECEDING) AS cum,
                              sum(buys) OVER () AS total FROM cb)
       SELECT coalesce(min(rank) FILTER (WHERE cum * 5 >= total * 4), 0) AS k80 FROM ranked`,
    );
    const k80 = num(k80Row?.k80);

    // --- funnel ---------------------------------------------------------------------------------------------
    await connection.run(`
      CREATE OR REPLACE TEMP TABLE per_user AS
      SELECT u, bool_or(b = 'pv') AS has_pv, bool_or(b = 'fav' OR b = 'cart') AS has_interest,
             bool_or(b = 'buy') AS has_buy, count(*) FILTER (WHERE b = 'buy') AS f,
             ${lastDay} - max(di) FILTER (WHERE b = 'buy') AS r, min(di) AS first_di
      FROM k GROUP BY u`);
    const [fu] = await rows(
      connection,
      `SELECT count(*) AS users, count(*) FILTER (WHERE has_pv) AS pv_users,
              count(*) FILTER (WHERE has_interest) AS interest_users, count(*) FILTER (WHERE has_buy) AS buyers,
              count(*) FILTER (WHERE has_interest AND NOT has_buy) AS interest_no_buy
       FROM per_user`,
    );
    const f = {
      users: num(fu?.users),
      pvUsers: num(fu?.pv_users),
      interestUsers: num(fu?.interest_users),
      buyers: num(fu?.buyers),
      interestNoBuy: num(fu?.interest_no_buy),
    };
    const interestEvents = events.fav + events.cart;

    // --- rfm ------------------------------------------------------------------------------------------------
    const [means] = await rows(
      connection,
      `SELECT count(*) AS buyers, sum(f) AS buys, sum(r) AS rsum, avg(r) AS mean_r, avg(f) AS mean_f
       FROM per_user WHERE has_buy`,
    );
    const buyers = num(means?.buyers);
    const meanRecency = buyers === 0 ? 0 : num(means?.mean_r);
    const meanFrequency = buyers === 0 ? 0 : num(means?.mean_f);
    const tR = options.rfmThresholds ? options.rfmThresholds.recency : meanRecency;
    const tF = options.rfmThresholds ? options.rfmThresholds.frequency : meanFrequency;
    const rfmBuys = num(means?.buys);
    const segmentsAt = async (recency: number, frequency: number): Promise<RfmSegmentRow[]> => {
      const segRows = await rows(
        connection,
        `SELECT CASE WHEN r <= ${recency} THEN (CASE WHEN f >= ${frequency} THEN 'recentFrequent' ELSE 'recentInfrequent' END)
                     ELSE (CASE WHEN f >= ${frequency} THEN 'lapsedFrequent' ELSE 'lapsedInfrequent' END) END AS seg,
                count(*) AS users, sum(f) AS buys
         FROM per_user WHERE has_buy GROUP BY seg`,
      );
      return SEGMENTS.map(({ segment, label, labelZh }) => {
        const row = segRows.find((r) => r.seg === segment);
        const users = num(row?.users);
        const buys = num(row?.buys);
        return {
          segment,
          label,
          labelZh,
          users,
          userShare: ratio(users, buyers),
          buys,
          buyShare: ratio(buys, rfmBuys),
          buysPerUser: ratio(buys, users),
        };
      });
    };
    const segments = await segmentsAt(tR, tF);
    // The original report's view: R <= 4 days, F >= 4 purchases (its section 3.3).
    const reportSegments = await segmentsAt(4, 4);

    // --- engagement -----------------------------------------------------------------------------------------
    const [activeDays] = await rows(connection, `SELECT count(*) AS n FROM (SELECT DISTINCT u, di FROM k)`);
    const userCount = num(distinct?.users);
    const returningRows = await rows(
      connection,
      `SELECT days.di AS di, days.d AS date, dayname(CAST(days.d AS DATE)) AS weekday,
              (SELECT count(*) FROM per_user p WHERE p.first_di < days.di) AS earlier,
              (SELECT count(DISTINCT k.u) FROM k JOIN per_user p USING (u)
                WHERE k.di = days.di AND p.first_di < days.di) AS back
       FROM days ORDER BY days.di`,
    );
    const engagement: BehaviorEngagement = {
      pvPerUser: ratio(events.pv, userCount),
      pvPerUserPerDay: window.days.length > 0 ? ratio(events.pv, userCount) / window.days.length : 0,
      pvPerActiveUserDay: ratio(events.pv, num(activeDays?.n)),
      activeDaysPerUser: ratio(num(activeDays?.n), userCount),
      days: daily.map((day, d) => ({
        date: day.date,
        weekday: String(returningRows[d]?.weekday) as Weekday,
        pvPerActiveUser: ratio(day.pv, day.activeUsers),
      })),
      returning: returningRows.map((row) => ({
        date: String(row.date),
        weekday: String(row.weekday) as Weekday,
        earlierUsers: num(row.earlier),
        returning: num(row.back),
        rate: ratio(num(row.back), num(row.earlier)),
      })),
    };

    // --- retention ------------------------------------------------------------------------------------------
    const matrix = await rows(
      connection,
      `WITH ud AS (SELECT DISTINCT u, di FROM k)
       SELECT p.first_di AS cohort, ud.di - p.first_di AS off, count(*) AS users
       FROM ud JOIN per_user p USING (u) GROUP BY cohort, off ORDER BY cohort, off`,
    );
    const cohortMap = new Map<number, number[]>();
    for (const row of matrix) {
      const cohort = num(row.cohort);
      let active = cohortMap.get(cohort);
      if (!active) {
        active = new Array<number>(window.days.length - cohort).fill(0);
        cohortMap.set(cohort, active);
      }
      active[num(row.off)] = num(row.users);
    }
    const cohorts: RetentionCohort[] = [...cohortMap.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([cohort, active]) => {
        const users = active[0] ?? 0;
        return { date: window.days[cohort] as string, users, active, rate: active.map((a) => a / users) };
      });
    const headline = cohorts.find((c) => c.date === window.days[0]) ?? {
      date: window.days[0] as string,
      users: 0,
      active: [],
      rate: [],
    };

    return {
      overview: {
        linesRead: num(lineStats?.lines),
        headerLines: num(lineStats?.header),
        rows: kept,
        rejected,
        rejectedByReason: byReason,
        rejectSamples,
        users: num(distinct?.users),
        items: num(distinct?.items),
        categories: num(distinct?.categories),
        events,
        window,
      },
      daily,
      hourly,
      pareto: {
        totalBuys,
        categoriesWithBuys: ranking.length,
        k80,
        share80: ratio(k80, ranking.length),
        ranking,
      },
      funnel: {
        ...f,
        interestNoBuyShare: ratio(f.interestNoBuy, f.interestUsers),
        userConversion: ratio(f.buyers, f.users),
        events: { pv: events.pv, interest: interestEvents, buy: events.buy },
        eventRates: {
          pvToInterest: ratio(interestEvents, events.pv),
          interestToBuy: ratio(events.buy, interestEvents),
          pvToBuy: ratio(events.buy, events.pv),
        },
        userRates: {
          pvToInterest: ratio(f.interestUsers, f.pvUsers),
          interestToBuy: ratio(f.buyers, f.interestUsers),
          pvToBuy: ratio(f.buyers, f.pvUsers),
        },
      },
      rfm: {
        buyers,
        totalBuys: rfmBuys,
        thresholds: { recency: tR, frequency: tF, dynamic: options.rfmThresholds === undefined },
        meanRecency,
        meanFrequency,
        segments,
      },
      retention: { cohorts, headline },
      engagement,
      rfmReportView: {
        buyers,
        totalBuys: rfmBuys,
        thresholds: { recency: 4, frequency: 4, dynamic: false },
        meanRecency,
        meanFrequency,
        segments: reportSegments,
      },
      ...(options.breakdown ? { breakdown: await referenceBreakdown(connection, ranking) } : {}),
    };
  }
}

/**
 * Computes the full BehaviorReport of `file` with DuckDB SQL.
 * @example
 * const report = await duckdbBehaviorReport('data/taobao/UserBehavior_head_4321rows.csv');
 * report.overview.rows; // => 4320
 */
export async function duckdbBehaviorReport(
  file: string,
  options: DuckdbBehaviorOptions = {},
): Promise<BehaviorReport> {
  const { instance, connection } = await openDuckdb(':memory:', options);
  try {
    await loadBehaviorTables(connection, file, options, false);
    return await reportFromTables(connection, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Loads `file` once into a DuckDB database file `database` (persisted tables; what a DuckDB user would do before
 * asking many questions). O(file).
 * @example await duckdbPersistBehavior('u.csv', '/tmp/u.duckdb')
 */
export async function duckdbPersistBehavior(
  file: string,
  database: string,
  options: DuckdbBehaviorOptions = {},
): Promise<void> {
  fs.rmSync(database, { force: true });
  fs.rmSync(`${database}.wal`, { force: true });
  const { instance, connection } = await openDuckdb(database, options);
  try {
    await loadBehaviorTables(connection, file, options, true);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The report (for `options.where`) from a database written by {@link duckdbPersistBehavior}. The window options
 * must be the ones it was loaded with.
 * @example (await duckdbReportFromDatabase('/tmp/u.duckdb', { where: { categories: [1] } })).overview.rows
 */
export async function duckdbReportFromDatabase(
  database: string,
  options: DuckdbBehaviorOptions = {},
): Promise<BehaviorReport> {
  const { instance, connection } = await openDuckdb(database, options);
  try {
    return await reportFromTables(connection, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function referenceOffset(utcOffset: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(utcOffset) as RegExpExecArray;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

async function main(argv: string[]): Promise<void> {
  const file = argv[0];
  if (!file || file.startsWith('--'))
    throw new Error('usage: behavior-duckdb.ts FILE [--out JSON] [--rfm-thresholds R,F] ...');
  const options: DuckdbBehaviorOptions = {};
  let out: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    i++;
    if (value === undefined) throw new Error(`missing value for ${arg}`);
    if (arg === '--out') out = value;
    else if (arg === '--rfm-thresholds') {
      const [r, f] = value.split(',').map(Number);
      options.rfmThresholds = { recency: r as number, frequency: f as number };
    } else if (arg === '--from') options.from = value;
    else if (arg === '--to') options.to = value;
    else if (arg === '--utc-offset') options.utcOffset = value;
    else if (arg === '--threads') options.threads = Number(value);
    else if (arg === '--max-reject-samples') options.maxRejectSamples = Number(value);
    else if (arg === '--memory-limit') options.memoryLimit = value;
    else if (arg === '--header') options.header = value === 'auto' ? 'auto' : value === 'true';
    else throw new Error(`unknown argument ${arg}`);
  }
  const report = await duckdbBehaviorReport(file, options);
  const json = `${JSON.stringify(report, null, 1)}\n`;
  if (out) fs.writeFileSync(out, json);
  else process.stdout.write(json);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`behavior-duckdb: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
