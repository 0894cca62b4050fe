/**
 * Parity: the SQL report (load into MariaDB/MySQL, then analyzeBehaviorSql) equals the streaming report
 * (analyzeBehavior on the same file and window) field by field: counts and every integer exactly,
 * ratios to 1e-12, rejects (counts by reason and samples) included. Generated files (dirty lines, header,
 * CRLF, gzip, another window and UTC offset) and the real Taobao cuts in data/taobao.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Connection } from 'mysql2/promise';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import type { BehaviorReport } from '../../lib/behavior/types';
import { generateBehaviorText } from '../../lib/generate';
import { analyzeBehaviorSql, loadBehaviorIntoMySQL, type LoadBehaviorOptions } from '../../lib/mysql';
import { connectOrExplain, dropTablesWithPrefix, MYSQL_URL, tablePrefix } from './server';

const prefix = tablePrefix('parity');
const DATA = path.join(__dirname, '../../data/taobao');
let db: Connection;
let dir: string;

/** Walks both values in parallel; integers must be equal, other numbers within 1e-12; lists the differences. */
function differences(a: unknown, b: unknown, where = 'report', out: string[] = []): string[] {
  if (out.length > 20) return out;
  if (typeof a === 'number' && typeof b === 'number') {
    const same = Number.isInteger(a) && Number.isInteger(b) ? a === b : Math.abs(a - b) <= 1e-12;
    if (!same) out.push(`${where}: sql ${a} vs streaming ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${where}.length: sql ${a.length} vs streaming ${b.length}`);
    else a.forEach((item, i) => differences(item, b[i], `${where}[${i}]`, out));
  } else if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${where}.${key}`,
        out,
      );
    }
  } else if (a !== b) {
    out.push(`${where}: sql ${JSON.stringify(a)} vs streaming ${JSON.stringify(b)}`);
  }
  return out;
}

async function both(
  file: string,
  tag: string,
  options: Pick<LoadBehaviorOptions, 'from' | 'to' | 'utcOffset' | 'mode' | 'header'> = {},
  rfmThresholds?: { recency: number; frequency: number },
): Promise<{ sql: BehaviorReport; streaming: BehaviorReport }> {
  const table = `${prefix}${tag}`;
  const { mode, header, ...window } = options;
  const load = await loadBehaviorIntoMySQL(file, { url: MYSQL_URL, table, mode, header, ...window });
  const sql = await analyzeBehaviorSql(db, table, { rfmThresholds });
  const streaming = await analyzeBehavior(file, { ...window, header, workers: 1, rfmThresholds });
  expect(load.rows).toBe(streaming.overview.rows);
  expect(load.rejectedByReason).toEqual(streaming.overview.rejectedByReason);
  return { sql, streaming };
}

beforeAll(async () => {
  db = await connectOrExplain();
  await dropTablesWithPrefix(db, prefix);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-mysql-parity-'));
});

afterAll(async () => {
  if (db) {
    await dropTablesWithPrefix(db, prefix);
    await db.end();
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQL report equals the streaming report', () => {
  it('on generated data with dirty lines, a header and CRLF line ends', async () => {
    const file = path.join(dir, 'dirty.csv');
    fs.writeFileSync(
      file,
      generateBehaviorText({ rows: 40000, seed: 11, dirtyRate: 0.003, header: true, lineEnding: '\r\n' }),
    );
    const { sql, streaming } = await both(file, 'dirty');
    expect(differences(sql, streaming)).toEqual([]);
    // The test can fail: the file really has rejects of several kinds, a header and buyers in every segment.
    expect(sql.overview.headerLines).toBe(1);
    expect(Object.values(sql.overview.rejectedByReason).filter((n) => n > 0).length).toBeGreaterThanOrEqual(
      4,
    );
    expect(sql.overview.rejectSamples).toHaveLength(20);
    expect(sql.rfm.segments.every((segment) => segment.users > 0)).toBe(true);
    expect(sql.retention.cohorts.length).toBeGreaterThanOrEqual(5);
  });

  it('on gzip input, another window and a negative half-hour UTC offset, with explicit RFM thresholds', async () => {
    const file = path.join(dir, 'shifted.csv.gz');
    fs.writeFileSync(file, zlib.gzipSync(generateBehaviorText({ rows: 30000, seed: 5, dirtyRate: 0.001 })));
    const window = { from: '2017-11-26', to: '2017-12-01', utcOffset: '-03:30' };
    const { sql, streaming } = await both(file, 'shifted', window, { recency: 2, frequency: 2 });
    expect(differences(sql, streaming)).toEqual([]);
    expect(sql.overview.window.days).toHaveLength(6);
    expect(sql.overview.rejectedByReason.outOfWindow).toBeGreaterThan(1000);
    expect(sql.rfm.thresholds).toEqual({ recency: 2, frequency: 2, dynamic: false });
    expect(sql.hourly.filter((row) => row.pv > 0)).toHaveLength(24);
  });

  it('with header handling other than auto (header: false rejects the header line like the engine)', async () => {
    const file = path.join(dir, 'noheader.csv');
    fs.writeFileSync(file, generateBehaviorText({ rows: 3000, seed: 8, header: true }));
    const { sql, streaming } = await both(file, 'noheader', { header: false });
    expect(differences(sql, streaming)).toEqual([]);
    expect(sql.overview.headerLines).toBe(0);
    expect(sql.overview.rejectSamples[0]).toEqual({
      line: 1,
      reason: 'badInteger',
      text: 'user_id,item_id,category_id,behavior_type,timestamp',
    });
  });

  it('through the INSERT fallback path as well', async () => {
    const file = path.join(dir, 'insert.csv');
    fs.writeFileSync(file, generateBehaviorText({ rows: 8000, seed: 3, dirtyRate: 0.002 }));
    const { sql, streaming } = await both(file, 'insert', { mode: 'insert' });
    expect(differences(sql, streaming)).toEqual([]);
  });

  it.each([
    ['head', 'UserBehavior_head_4321rows.csv', 4320],
    ['tail', 'UserBehavior_tail_10000rows.csv', 9996],
    ['slice', 'UserBehavior_2017-11-26_0900-1055_96168rows.csv', 96168],
  ])('on the real Taobao cut %s', async (tag, name, rows) => {
    const { sql, streaming } = await both(path.join(DATA, name), tag);
    expect(differences(sql, streaming)).toEqual([]);
    expect(sql.overview.rows).toBe(rows);
  });

  it('detects a difference (the comparison can fail)', () => {
    const report = { a: 1, b: [0.5, 2], c: { d: 'x' } };
    expect(differences(report, { a: 1, b: [0.5 + 1e-9, 2], c: { d: 'x' } })).toEqual([
      'report.b[0]: sql 0.5 vs streaming 0.500000001',
    ]);
    expect(differences(report, { a: 2, b: [0.5], c: { d: 'y' } })).toHaveLength(3);
  });
});
