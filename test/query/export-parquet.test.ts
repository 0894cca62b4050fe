/**
 * The Parquet export: DuckDB reads the day-partitioned files back with the report's counts per day and per
 * behaviour (dirty gzip input included), the column types are the documented ones, and bad targets are refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { analyzeBehavior } from '../../lib/behavior';
import { generateBehavior } from '../../lib/generate';
import { exportParquet } from '../../lib/query/export-parquet';

const ROOT = path.join(__dirname, '..', '..');
const HEAD = path.join(ROOT, 'data', 'taobao', 'UserBehavior_head_4321rows.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-parquet-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function duck(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const glob = (dir: string) => `read_parquet('${dir}/**/*.parquet', hive_partitioning = true)`;

describe('exportParquet', () => {
  test('DuckDB reads the export back with the report counts per day and behaviour (dirty gzip, small files)', async () => {
    const input = path.join(tmp, 'dirty.csv.gz');
    await generateBehavior({
      rows: 30_000,
      seed: 7,
      dirtyRate: 0.02,
      header: true,
      lineEnding: '\r\n',
      out: input,
    });
    const report = await analyzeBehavior(input);
    const out = path.join(tmp, 'dirty-parquet');
    const result = await exportParquet(input, out, { rowsPerFile: 1000 });
    expect(result.rows).toBe(report.overview.rows);
    expect(result.linesRead).toBe(report.overview.linesRead);
    expect(result.rejected).toBe(report.overview.rejected);
    expect(result.files).toBeGreaterThan(report.daily.length);
    const perDay = await duck(
      `SELECT CAST(date AS VARCHAR) AS d, count(*) AS n, count(*) FILTER (WHERE behavior_type = 'pv') AS pv,
              count(*) FILTER (WHERE behavior_type = 'buy') AS buys, count(DISTINCT user_id) AS users
       FROM ${glob(out)} GROUP BY d ORDER BY d`,
    );
    expect(perDay.map((r) => [r.d, Number(r.pv), Number(r.buys), Number(r.users)])).toEqual(
      report.daily.filter((d) => d.activeUsers > 0).map((d) => [d.date, d.pv, d.buys, d.activeUsers]),
    );
    const [totals] = await duck(
      `SELECT count(*) AS n, count(DISTINCT user_id) AS users, count(DISTINCT item_id) AS items,
              count(*) FILTER (WHERE behavior_type = 'fav') AS fav, count(*) FILTER (WHERE behavior_type = 'cart') AS cart
       FROM ${glob(out)}`,
    );
    expect(Number(totals!.n)).toBe(report.overview.rows);
    expect(Number(totals!.users)).toBe(report.overview.users);
    expect(Number(totals!.items)).toBe(report.overview.items);
    expect([Number(totals!.fav), Number(totals!.cart)]).toEqual([
      report.overview.events.fav,
      report.overview.events.cart,
    ]);
    const hourly = await duck(
      `SELECT hour, count(*) FILTER (WHERE behavior_type = 'pv') AS pv FROM ${glob(out)} GROUP BY hour ORDER BY hour`,
    );
    expect(hourly.map((r) => Number(r.pv))).toEqual(
      report.hourly.filter((h) => h.activeUsers > 0).map((h) => h.pv),
    );
  });

  test('column types and a filtered export', async () => {
    const out = path.join(tmp, 'head-buy');
    const result = await exportParquet(HEAD, out, { where: { behaviors: ['buy'] } });
    const report = await analyzeBehavior(HEAD);
    expect(result.rows).toBe(report.overview.events.buy);
    const [types] = await duck(
      `SELECT typeof(user_id) AS u, typeof(item_id) AS i, typeof(category_id) AS c, typeof(behavior_type) AS b,
              typeof(timestamp) AS t, typeof(hour) AS h, count(*) AS n FROM ${glob(out)} GROUP BY ALL`,
    );
    expect(types).toMatchObject({
      u: 'UINTEGER',
      i: 'UINTEGER',
      c: 'UINTEGER',
      b: 'VARCHAR',
      t: 'BIGINT',
      h: 'TINYINT',
    });
  });

  test('refuses a non-empty target and usersWho, and leaves nothing behind on error', async () => {
    const full = path.join(tmp, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'x'), 'x');
    await expect(exportParquet(HEAD, full)).rejects.toThrow(
      /invalid out: .* \(exists and is not an empty directory\)/,
    );
    await expect(
      exportParquet(HEAD, path.join(tmp, 'w'), { where: { usersWho: { behaviors: ['buy'] } } }),
    ).rejects.toThrow(/invalid where\.usersWho/);
    const missing = path.join(tmp, 'missing.csv');
    await expect(exportParquet(missing, path.join(tmp, 'm'))).rejects.toThrow(/no such file/);
    expect(fs.readdirSync(tmp).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
