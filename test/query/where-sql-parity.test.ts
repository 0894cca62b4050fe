/**
 * Filtered reports: the SQL path (load into MariaDB/MySQL, analyzeBehaviorSql with `where`) equals the streaming
 * path field by field for every filter kind, on real, dirty and generated data (the query fixtures' cases), and
 * states the same filtered-out count.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection } from 'mysql2/promise';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import { generateBehavior, type BehaviorGeneratorOptions } from '../../lib/generate';
import { analyzeBehaviorSql, loadBehaviorIntoMySQL } from '../../lib/mysql';
import { whereSql } from '../../lib/mysql/where-sql';
import type { BehaviorWhere } from '../../lib/query/where';
import { firstMismatch, formatMismatch } from '../../bench/compare-reports';
import { connectOrExplain, dropTablesWithPrefix, MYSQL_URL, tablePrefix } from '../mysql/server';

interface QueryFixture {
  source: { file?: string; generate?: BehaviorGeneratorOptions & { fileName: string } };
  options: { maxRejectSamples?: number; where: BehaviorWhere };
}

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'query');
const names = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.report.json'))
  .sort();
const prefix = tablePrefix('qwhere');
let db: Connection;
let dir: string;
const loaded = new Map<string, Promise<{ file: string; table: string }>>();

beforeAll(async () => {
  db = await connectOrExplain();
  await dropTablesWithPrefix(db, prefix);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-where-sql-'));
});
afterAll(async () => {
  if (db) {
    await dropTablesWithPrefix(db, prefix);
    await db.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function tableFor(fixture: QueryFixture): Promise<{ file: string; table: string }> {
  const key = fixture.source.file ?? fixture.source.generate!.fileName;
  let pending = loaded.get(key);
  if (pending === undefined) {
    pending = (async () => {
      let file: string;
      if (fixture.source.file !== undefined) file = path.join(ROOT, fixture.source.file);
      else {
        const { fileName, ...options } = fixture.source.generate!;
        file = (await generateBehavior({ ...options, out: path.join(dir, fileName) })).out;
      }
      const table = `${prefix}${loaded.size}`;
      await loadBehaviorIntoMySQL(file, { url: MYSQL_URL, table, maxRejectSamples: 100 });
      return { file, table };
    })();
    loaded.set(key, pending);
  }
  return pending;
}

describe('filtered SQL reports equal the streaming ones', () => {
  test.each(names)(
    '%s',
    async (name) => {
      const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as QueryFixture;
      const where = fixture.options.where;
      if (where.users && !Array.isArray(where.users))
        where.users = { file: path.join(ROOT, (where.users as { file: string }).file) };
      const { file, table } = await tableFor(fixture);
      const { maxRejectSamples } = fixture.options;
      const sql = await analyzeBehaviorSql(db, table, { where, maxRejectSamples });
      const streaming = await analyzeBehavior(file, { where, maxRejectSamples, workers: 1 });
      const mismatch = firstMismatch(JSON.parse(JSON.stringify(streaming)), JSON.parse(JSON.stringify(sql)));
      if (mismatch) throw new Error(`SQL != streaming at ${formatMismatch(mismatch)}`);
      expect(sql.query!.filteredOut).toBe(streaming.query!.filteredOut);
    },
    60000,
  );

  test('the SQL of every filter kind', () => {
    expect(
      whereSql(
        {
          categories: [1, 2],
          items: [3],
          users: [4],
          behaviors: ['cart', 'buy'],
          dates: { from: '2017-12-01', to: '2017-12-02' },
          hours: [20, 21],
          usersWho: { behaviors: ['buy'] },
        },
        '`t`',
      ),
    ).toBe(
      'category_id IN (1, 2) AND item_id IN (3) AND user_id IN (4) AND behavior_type IN (2, 3) AND ' +
        "event_date BETWEEN '2017-12-01' AND '2017-12-02' AND event_hour IN (20, 21) AND " +
        'user_id IN (SELECT user_id FROM `t` WHERE behavior_type IN (3))',
    );
  });

  test('a bad filter is refused before any query, naming the field', async () => {
    const { table } = await tableFor({
      source: { file: 'data/taobao/UserBehavior_head_4321rows.csv' },
      options: { where: {} },
    });
    await expect(analyzeBehaviorSql(db, table, { where: { hours: [24] } })).rejects.toThrow(
      /invalid where\.hours: 24/,
    );
  });
});
