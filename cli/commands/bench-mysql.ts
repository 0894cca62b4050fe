/**
 * `npm run bench -- mysql --rows N [--url URL] [--seed S] [--dir .bench] [--insert-rows M] [--json FILE]`
 *
 * Loads alternate in ABBA order and each starts from a flushed buffer pool; medians are reported.
 * In one run, on the same seeded CSV (generated, cached under `.bench/`) and the same bare table:
 *   1. ecomlab's load (shared reader → TSV → LOAD DATA LOCAL INFILE via infileStreamFactory), rows/s of the
 *      transfer into the bare staging table, then its index build seconds;
 *   2. the `mariadb` CLI's `LOAD DATA LOCAL INFILE` of the CSV into the same bare table (derived columns
 *      computed by SET expressions), rows/s of the whole CLI process;
 *   3. ecomlab's batched-INSERT fallback path (first M rows, default all);
 *   4. the SQL report (analyzeBehaviorSql) versus the streaming engine (analyzeBehavior) on the same data,
 *      and whether the two reports agree field by field.
 * The password is passed to the CLI through MYSQL_PWD (never on its command line) and never printed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../lib/io/atomic-output';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import { generateBehavior } from '../../lib/generate';
import {
  analyzeBehaviorSql,
  behaviorTableDdl,
  loadBehaviorIntoMySQL,
  parseMysqlUrl,
  redactUrl,
} from '../../lib/mysql';
import { firstMismatch, formatMismatch } from '../../bench/compare-reports';
import { ROOT } from '../root';
import { noPositional, parseFlags, rangedFlag, rangedFlagOr, requiredFlag } from '../args';

const USAGE =
  'usage: ecomlab bench mysql --rows N [--url mysql://user:pass@host:port/db] [--seed S] [--dir DIR] [--insert-rows M] [--repeat R] [--json FILE]';

/** Parsed command line of the MySQL benchmark. */
export interface BenchMysqlArgs {
  rows: number;
  url: string;
  seed: number;
  dir: string;
  insertRows?: number;
  /** Alternating ecomlab / CLI load rounds; medians are reported. Default 3. */
  repeat: number;
  json?: string;
}

/** Parses the arguments after `bench mysql`. @throws {DataError} naming the bad flag or value. */
export function parseBenchMysqlArgs(args: string[], env: NodeJS.ProcessEnv = process.env): BenchMysqlArgs {
  const { positionals, values } = parseFlags(args, {
    values: ['--rows', '--url', '--seed', '--dir', '--insert-rows', '--json', '--repeat'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const rows = requiredFlag(values, '--rows', USAGE);
  return {
    rows: rangedFlag('--rows', rows, 'benchMysqlRows'),
    url: values.get('--url') ?? env.ECOMLAB_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
    seed: rangedFlagOr(values, '--seed', 'seed', 1),
    dir: values.get('--dir') ?? path.join(ROOT, '.bench'),
    insertRows: rangedFlagOr(values, '--insert-rows', 'benchMysqlRows', undefined),
    repeat: rangedFlagOr(values, '--repeat', 'repeat', 3),
    json: values.get('--json'),
  };
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const sec = (value: number) => value.toFixed(2);

/** Runs the benchmark and prints a Markdown table (and JSON with --json). */
export async function run(args: string[]): Promise<void> {
  const options = parseBenchMysqlArgs(args);
  const parts = parseMysqlUrl(options.url);
  const label = redactUrl(options.url);
  const log = (text: string) => process.stderr.write(`bench mysql: ${text}\n`);
  fs.mkdirSync(options.dir, { recursive: true });
  const csv = path.join(options.dir, `mysql-behavior-${options.rows}-seed${options.seed}.csv`);
  if (!fs.existsSync(csv)) {
    log(`generating ${int(options.rows)} rows into ${csv}`);
    await generateBehavior({ rows: options.rows, seed: options.seed, out: csv }); // atomic: temp + rename
  }
  const bytes = fs.statSync(csv).size;
  const db = await createConnection({ ...parts, connectTimeout: 10000 });
  const results: Record<string, unknown> = { rows: options.rows, bytes, url: label, machine: machine() };
  try {
    const [version] = await db.query<RowDataPacket[]>(
      'SELECT VERSION() AS v, @@innodb_buffer_pool_size AS bp',
    );
    results.server = `${String(version[0]?.v)} (innodb_buffer_pool_size ${Number(version[0]?.bp) / 2 ** 20} MiB)`;

    // 1 + 2, alternating `repeat` times: ecomlab's load (then its index build) and the mariadb CLI's load of
    // the same CSV into the same bare table. Medians are reported (the machine may be shared).
    const offset = 8 * 3600;
    const cliSql =
      "SET SESSION unique_checks = 0, foreign_key_checks = 0, time_zone = '+00:00'; SET @n = 0; " +
      `LOAD DATA LOCAL INFILE ${db.escape(csv)} INTO TABLE bench_cli FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' ` +
      '(@u, @i, @c, @b, @ts) SET row_no = (@n := @n + 1), user_id = @u, item_id = @i, category_id = @c, ' +
      "behavior_type = FIELD(@b, 'pv', 'fav', 'cart', 'buy') - 1, ts = @ts, " +
      `event_date = DATE(FROM_UNIXTIME(@ts + ${offset})), event_hour = HOUR(FROM_UNIXTIME(@ts + ${offset}))`;
    const ecoRuns: Array<{
      rows: number;
      load: number;
      cpu: number;
      index: number;
      swap: number;
      total: number;
    }> = [];
    const cliRuns: Array<{ rows: number; seconds: number }> = [];
    let cliError: string | undefined;
    const runEcomlab = async (round: number): Promise<void> => {
      await db.query('DROP TABLE IF EXISTS bench_ecomlab');
      await settle(db, log);
      log(`round ${round}/${options.repeat}: ecomlab load (local infile) ...`);
      const cpuBefore = process.cpuUsage();
      const eco = await loadBehaviorIntoMySQL(csv, {
        connection: db,
        table: 'bench_ecomlab',
        mode: 'local-infile',
      });
      const cpu = process.cpuUsage(cpuBefore);
      ecoRuns.push({
        rows: eco.rows,
        load: eco.seconds.load,
        cpu: (cpu.user + cpu.system) / 1e6,
        index: eco.seconds.index,
        swap: eco.seconds.swap,
        total: eco.seconds.total,
      });
    };
    const runCli = async (round: number): Promise<void> => {
      await db.query('DROP TABLE IF EXISTS bench_cli');
      await db.query(behaviorTableDdl('bench_cli', 'bench: mariadb CLI load'));
      await settle(db, log);
      log(`round ${round}/${options.repeat}: mariadb CLI LOAD DATA LOCAL INFILE ...`);
      const cliStarted = process.hrtime.bigint();
      const cli = spawnSync(
        'mariadb',
        [
          '--protocol=tcp',
          `-h${parts.host}`,
          `-P${parts.port}`,
          `-u${parts.user}`,
          '--local-infile=1',
          parts.database,
          '-e',
          cliSql,
        ],
        { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: parts.password } },
      );
      const cliSeconds = Number(process.hrtime.bigint() - cliStarted) / 1e9;
      if (cli.error || cli.status !== 0) {
        cliError = (cli.error?.message ?? cli.stderr).split(parts.password || '\u0000').join('***');
      } else {
        const [count] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM bench_cli');
        cliRuns.push({ rows: Number(count[0]?.n), seconds: cliSeconds });
      }
      await db.query('DROP TABLE IF EXISTS bench_cli');
    };
    // ABBA order (ecomlab first in odd rounds, the CLI first in even ones), each load starting from a
    // flushed buffer pool, so that neither side inherits the other's dirty pages.
    for (let round = 1; round <= options.repeat; round++) {
      if (round % 2 === 1) {
        await runEcomlab(round);
        await runCli(round);
      } else {
        await runCli(round);
        await runEcomlab(round);
      }
    }
    const eco = medianRate(ecoRuns, (run) => run.load);
    results.ecomlab = {
      rowsLoaded: eco.rows,
      loadSeconds: eco.seconds,
      rowsPerSecond: eco.rowsPerSecond,
      indexSeconds: median(ecoRuns.map((run) => run.index)),
      clientCpuSeconds: median(ecoRuns.map((run) => run.cpu)),
      runs: ecoRuns,
    };
    if (cliRuns.length > 0) {
      const cli = medianRate(cliRuns, (run) => run.seconds);
      results.cli = {
        rowsLoaded: cli.rows,
        seconds: cli.seconds,
        rowsPerSecond: cli.rowsPerSecond,
        runs: cliRuns,
      };
    } else {
      results.cli = { error: cliError ?? 'not run' };
    }

    // 3. the batched-INSERT path.
    let insertFile = csv;
    if (options.insertRows !== undefined && options.insertRows < options.rows) {
      insertFile = path.join(os.tmpdir(), `ecomlab-bench-insert-${process.pid}.csv`);
      const lines = fs.readFileSync(csv, 'latin1').split('\n').slice(0, options.insertRows);
      writeFileAtomic(insertFile, Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    }
    log('ecomlab batched INSERTs ...');
    const ins = await loadBehaviorIntoMySQL(insertFile, {
      connection: db,
      table: 'bench_insert',
      mode: 'insert',
    });
    if (insertFile !== csv) fs.rmSync(insertFile, { force: true });
    results.insert = {
      rowsLoaded: ins.rows,
      loadSeconds: ins.seconds.load,
      rowsPerSecond: ins.rows / ins.seconds.load,
    };
    await db.query('DROP TABLE IF EXISTS bench_insert');

    // 4. SQL report versus streaming report.
    log('SQL report ...');
    const sqlStarted = process.hrtime.bigint();
    const sqlReport = await analyzeBehaviorSql(db, 'bench_ecomlab');
    const sqlSeconds = Number(process.hrtime.bigint() - sqlStarted) / 1e9;
    log('streaming report ...');
    const streamStarted = process.hrtime.bigint();
    const streamReport = await analyzeBehavior(csv);
    const streamSeconds = Number(process.hrtime.bigint() - streamStarted) / 1e9;
    const mismatch = firstMismatch(streamReport, sqlReport);
    results.report = {
      sqlSeconds,
      streamingSeconds: streamSeconds,
      agree: mismatch === undefined,
      ...(mismatch ? { firstMismatch: formatMismatch(mismatch) } : {}),
    };
  } finally {
    await db.end();
  }

  const e = results.ecomlab as {
    rowsPerSecond: number;
    loadSeconds: number;
    indexSeconds: number;
    rowsLoaded: number;
    clientCpuSeconds: number;
  };
  const c = results.cli as { rowsPerSecond?: number; seconds?: number; rowsLoaded?: number; error?: string };
  const i = results.insert as { rowsPerSecond: number; loadSeconds: number; rowsLoaded: number };
  const r = results.report as {
    sqlSeconds: number;
    streamingSeconds: number;
    agree: boolean;
    firstMismatch?: string;
  };
  const ratio = c.rowsPerSecond ? e.rowsPerSecond / c.rowsPerSecond : NaN;
  results.ecomlabVsCli = ratio;
  const table = [
    `MySQL benchmark: ${int(options.rows)} generated rows (${(bytes / 2 ** 20).toFixed(1)} MiB CSV, seed ${options.seed}), ${String(results.server)}`,
    `machine: ${String(results.machine)}`,
    '',
    '| step | rows | seconds | rows/s |',
    '|---|---:|---:|---:|',
    `| ecomlab load, LOAD DATA LOCAL via infileStreamFactory (bare table; median of ${options.repeat}) | ${int(e.rowsLoaded)} | ${sec(e.loadSeconds)} | ${int(e.rowsPerSecond)} |`,
    c.error
      ? `| mariadb CLI LOAD DATA LOCAL INFILE | failed: ${c.error.trim()} | | |`
      : `| mariadb CLI LOAD DATA LOCAL INFILE (same bare table; median of ${options.repeat}) | ${int(c.rowsLoaded!)} | ${sec(c.seconds!)} | ${int(c.rowsPerSecond!)} |`,
    `| ecomlab batched INSERT fallback (5,000 rows/statement) | ${int(i.rowsLoaded)} | ${sec(i.loadSeconds)} | ${int(i.rowsPerSecond)} |`,
    `| index build (4 secondary indexes, one ALTER TABLE) | ${int(e.rowsLoaded)} | ${sec(e.indexSeconds)} | |`,
    `| SQL report (analyzeBehaviorSql) | ${int(e.rowsLoaded)} | ${sec(r.sqlSeconds)} | ${int(e.rowsLoaded / r.sqlSeconds)} |`,
    `| streaming report (analyzeBehavior on the CSV) | ${int(options.rows)} | ${sec(r.streamingSeconds)} | ${int(options.rows / r.streamingSeconds)} |`,
    '',
    `ecomlab load / CLI load rate: ${ratio.toFixed(2)}x (target >= 0.8x); ecomlab client CPU during a load ` +
      `(read + format + send, and the index/swap statements): ${sec(e.clientCpuSeconds)} s; ` +
      `reports agree: ${r.agree ? 'yes' : `NO (${r.firstMismatch})`}`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (options.json) writeFileAtomic(options.json, `${JSON.stringify(results, null, 2)}\n`);
}

/** Waits (at most 30 s) until InnoDB has flushed its dirty pages to at most 10% of the buffer pool. */
async function settle(db: Connection, log: (text: string) => void): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [status] = await db.query<RowDataPacket[]>(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')",
    );
    const value = (name: string) => Number(status.find((row) => row.Variable_name === name)?.Value ?? 0);
    const dirty = value('Innodb_buffer_pool_pages_dirty');
    if (dirty <= value('Innodb_buffer_pool_pages_total') / 10) return;
    if (Date.now() - started > 30000) {
      log(`buffer pool still has ${dirty} dirty pages after 30 s; measuring anyway`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The rows of the first run, the median seconds of all runs, and the rows per second at that median. */
function medianRate<R extends { rows: number }>(
  runs: readonly R[],
  seconds: (run: R) => number,
): { rows: number; seconds: number; rowsPerSecond: number } {
  const middle = median(runs.map(seconds));
  const rows = runs[0]!.rows;
  return { rows, seconds: middle, rowsPerSecond: rows / middle };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`;
}
