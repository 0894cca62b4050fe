/**
 * Fault tests of the MySQL loader against the real server: wrong password, a table name with a quote,
 * a server refusing LOCAL INFILE (GLOBAL toggled and restored), a load aborted half-way (progress callback
 * throws) and a load whose process is SIGKILLed half-way, then re-runs; a re-run of the same file.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { generateBehaviorText } from '../../lib/generate';
import { DataError } from '../../lib/errors';
import { analyzeBehaviorSql, DatabaseError, loadBehaviorIntoMySQL } from '../../lib/mysql';
import {
  connectOrExplain,
  dropTablesWithPrefix,
  MYSQL_URL,
  tablePrefix,
  tablesWithPrefix,
  withPassword,
} from './server';

const prefix = tablePrefix('fault');
const HEAD = path.join(__dirname, '../../data/taobao/UserBehavior_head_4321rows.csv');
let db: Connection;
let dir: string;
let bigFile: string;

async function count(table: string): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
  return Number(rows[0]?.n);
}

async function metaRows(table: string): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM ecomlab_load_meta WHERE table_name = ?',
    [table],
  );
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  db = await connectOrExplain();
  await dropTablesWithPrefix(db, prefix);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-mysql-fault-'));
  bigFile = path.join(dir, 'big.csv');
  fs.writeFileSync(bigFile, generateBehaviorText({ rows: 120000, seed: 7, dirtyRate: 0.001 }));
});

afterAll(async () => {
  if (db) {
    await dropTablesWithPrefix(db, prefix);
    await db.end();
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loader faults', () => {
  it('a wrong password fails with a redacted url and never shows the password', async () => {
    const url = withPassword(MYSQL_URL, 'Wr0ng_Pw_2017');
    const progress: string[] = [];
    const attempt = loadBehaviorIntoMySQL(HEAD, {
      url,
      table: `${prefix}pw`,
      onProgress: (p) => progress.push(JSON.stringify(p)),
    });
    await expect(attempt).rejects.toThrow(DatabaseError);
    const error = await attempt.catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/mysql:\/\/\w+:\*\*\*@.*Access denied/);
    expect(String((error as Error).message)).not.toContain('Wr0ng_Pw_2017');
    expect(String((error as Error).stack)).not.toContain('Wr0ng_Pw_2017');
    expect(progress.join('')).not.toContain('Wr0ng_Pw_2017');
    await expect(analyzeBehaviorSql(url, `${prefix}pw`)).rejects.toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('Wr0ng_Pw_2017') }),
    );
  });

  it('a table name with a quote is rejected before connecting', async () => {
    // An unreachable URL proves the name is checked first.
    const unreachable = 'mysql://root:pw@127.0.0.1:1/test';
    await expect(loadBehaviorIntoMySQL(HEAD, { url: unreachable, table: 'a`b' })).rejects.toThrow(
      /invalid table: "a`b"/,
    );
    await expect(
      loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table: "x'; DROP TABLE y; --" }),
    ).rejects.toThrow(DataError);
    await expect(analyzeBehaviorSql(unreachable, 'a`b')).rejects.toThrow(/invalid table: "a`b"/);
    await expect(loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table: 'a'.repeat(58) })).rejects.toThrow(
      /at most 57 characters/,
    );
  });

  it('a missing file fails before connecting, as an InputFileError', async () => {
    await expect(
      loadBehaviorIntoMySQL('no/such/file.csv', {
        url: 'mysql://root:pw@127.0.0.1:1/test',
        table: `${prefix}nofile`,
      }),
    ).rejects.toThrow(
      expect.objectContaining({ name: 'InputFileError', message: 'no/such/file.csv: no such file' }),
    );
  });

  it('an unreachable server fails with a clear message', async () => {
    await expect(
      loadBehaviorIntoMySQL(HEAD, { url: 'mysql://root:s3cr3t@127.0.0.1:1/test', table: `${prefix}x` }),
    ).rejects.toThrow(/cannot connect to mysql:\/\/root:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/);
  });

  it('falls back to INSERTs when the server refuses local infile, or fails when strict', async () => {
    const table = `${prefix}noinfile`;
    const [before] = await db.query<RowDataPacket[]>('SELECT @@GLOBAL.local_infile AS v');
    const previous = Number(before[0]?.v);
    await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table });
    try {
      await db.query('SET GLOBAL local_infile = 0');
      await expect(loadBehaviorIntoMySQL(bigFile, { url: MYSQL_URL, table, strict: true })).rejects.toThrow(
        /refuses LOAD DATA LOCAL INFILE .*SET GLOBAL local_infile = 1/,
      );
      expect(await count(table)).toBe(4320); // previous load intact
      expect(await tablesWithPrefix(db, table)).toEqual([table]);
      const result = await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table, insertBatchRows: 1000 });
      expect(result.mode).toBe('insert');
      expect(result.fallbackReason).toMatch(/not allowed|disabled/i);
      expect(result.rows).toBe(4320);
    } finally {
      await db.query('SET GLOBAL local_infile = ?', [previous]);
    }
    expect(await count(table)).toBe(4320);
    const report = await analyzeBehaviorSql(MYSQL_URL, table);
    expect(report.overview.rows).toBe(4320);
    expect(report.overview.rejectedByReason.outOfWindow).toBe(1);
  });

  it('a load aborted half-way leaves the previous table intact; the re-run replaces it once', async () => {
    const table = `${prefix}abort`;
    await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table });
    let calls = 0;
    await expect(
      loadBehaviorIntoMySQL(bigFile, {
        url: MYSQL_URL,
        table,
        onProgress: (p) => {
          if (p.phase === 'load' && ++calls === 3) throw new Error('stop here');
        },
      }),
    ).rejects.toThrow(/stop here/);
    expect(calls).toBe(3);
    expect(await count(table)).toBe(4320);
    expect(await tablesWithPrefix(db, table)).toEqual([table]);
    expect(await metaRows(table)).toBe(1);
    expect((await analyzeBehaviorSql(db, table)).overview.rows).toBe(4320);

    const rerun = await loadBehaviorIntoMySQL(bigFile, { url: MYSQL_URL, table });
    expect(rerun.replaced).toBe(true);
    expect(rerun.rows + rerun.rejected + rerun.headerLines).toBe(rerun.linesRead);
    expect(await count(table)).toBe(rerun.rows);
    expect(await tablesWithPrefix(db, table)).toEqual([table]);
    expect(await metaRows(table)).toBe(1);
  });

  it('a killed loader process leaves the previous table; the next run drops its staging table', async () => {
    const table = `${prefix}kill`;
    await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table });
    const script = path.join(dir, 'child.ts');
    fs.writeFileSync(
      script,
      `const { loadBehaviorIntoMySQL } = require(${JSON.stringify(path.join(__dirname, '../../lib/mysql'))});
let n = 0;
loadBehaviorIntoMySQL(${JSON.stringify(bigFile)}, { url: ${JSON.stringify(MYSQL_URL)}, table: ${JSON.stringify(table)},
  onProgress: (p) => { if (p.phase === 'load' && ++n === 2) { process.stdout.write('HALF\\n'); } } });
setInterval(() => undefined, 1000);
`,
    );
    // node itself (not the tsx wrapper, which would leave its own node child running after a SIGKILL)
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const closed = new Promise<void>((resolve, reject) => {
      child.on('close', () => resolve());
      child.on('error', reject);
    });
    child.stdout.on('data', (data: Buffer) => {
      if (data.toString().includes('HALF')) child.kill('SIGKILL');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60000);
    await closed;
    clearTimeout(killer);
    expect(child.signalCode).toBe('SIGKILL');
    // The killed run got as far as its staging table; the live table is untouched.
    expect(await tablesWithPrefix(db, table)).toEqual([table, `${table}__stage`]);
    expect(await count(table)).toBe(4320);
    expect((await analyzeBehaviorSql(db, table)).overview.rows).toBe(4320);

    const rerun = await loadBehaviorIntoMySQL(bigFile, { url: MYSQL_URL, table });
    expect(rerun.cleanedUp).toEqual([`${table}__stage`]);
    expect(await tablesWithPrefix(db, table)).toEqual([table]);
    expect(await count(table)).toBe(rerun.rows);
    expect(await metaRows(table)).toBe(1);
  });

  it('a second load of the same table waits for the first one, then fails clearly', async () => {
    const table = `${prefix}locked`;
    await db.query("SELECT GET_LOCK(CONCAT('ecomlab:', SHA1(CONCAT(DATABASE(), '/', ?))), 0)", [
      `ecomlab_load:${table}`,
    ]);
    try {
      await expect(
        loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table, lockTimeoutSeconds: 0 }),
      ).rejects.toThrow(/another load into table t_fault_\d+_locked is running/);
    } finally {
      await db.query("SELECT RELEASE_LOCK(CONCAT('ecomlab:', SHA1(CONCAT(DATABASE(), '/', ?))))", [
        `ecomlab_load:${table}`,
      ]);
    }
    expect((await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table, lockTimeoutSeconds: 0 })).rows).toBe(
      4320,
    );
  });

  it('re-running the same load leaves one copy of the data and one metadata row', async () => {
    const table = `${prefix}rerun`;
    const first = await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table });
    const second = await loadBehaviorIntoMySQL(HEAD, { url: MYSQL_URL, table });
    expect(first.replaced).toBe(false);
    expect(second.replaced).toBe(true);
    expect(second.cleanedUp).toEqual([]);
    expect(await count(table)).toBe(4320);
    expect(await metaRows(table)).toBe(1);
    expect(await tablesWithPrefix(db, table)).toEqual([table]);
    const [indexes] = await db.query<RowDataPacket[]>(`SHOW INDEX FROM \`${table}\``);
    expect([...new Set(indexes.map((row) => String(row.Key_name)))].sort()).toEqual([
      'PRIMARY',
      'ix_behavior_category',
      'ix_date_user',
      'ix_hour_user',
      'ix_user_date',
    ]);
  });

  it('a borrowed connection stays open and gets its session settings back', async () => {
    const table = `${prefix}borrowed`;
    await db.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
    await loadBehaviorIntoMySQL(HEAD, { connection: db, table });
    const [rows] = await db.query<RowDataPacket[]>(
      'SELECT @@SESSION.unique_checks AS u, @@SESSION.foreign_key_checks AS f',
    );
    expect([Number(rows[0]?.u), Number(rows[0]?.f)]).toEqual([1, 1]);
    expect((await analyzeBehaviorSql(db, table)).overview.rows).toBe(4320);
  });

  it('refuses to analyse or replace a table it did not load', async () => {
    const table = `${prefix}foreign`;
    await db.query(`CREATE TABLE \`${table}\` (x INT)`);
    await db.query(`INSERT INTO \`${table}\` VALUES (42)`);
    await expect(analyzeBehaviorSql(db, table)).rejects.toThrow(/no ecomlab load metadata/);
    await expect(loadBehaviorIntoMySQL(HEAD, { connection: db, table })).rejects.toThrow(
      /exists and was not created by ecomlab; refusing to replace it/,
    );
    expect(await count(table)).toBe(1);
    expect(await tablesWithPrefix(db, table)).toEqual([table]);
    await expect(analyzeBehaviorSql(db, `${prefix}missing`)).rejects.toThrow(/no such table/);
  });

  it('never drops a foreign table that happens to have the staging name', async () => {
    const table = `${prefix}guard`;
    await db.query(`CREATE TABLE \`${table}__stage\` (x INT)`);
    await db.query(`INSERT INTO \`${table}__stage\` VALUES (7)`);
    await expect(loadBehaviorIntoMySQL(HEAD, { connection: db, table })).rejects.toThrow(
      /needs the name \w+__stage .* not created by ecomlab/,
    );
    expect(await count(`${table}__stage`)).toBe(1);
    expect(await tablesWithPrefix(db, table)).toEqual([`${table}__stage`]);
  });

  it("never drops a user's table that ecomlab loaded under the name <table>__stage or <table>__old", async () => {
    const table = `${prefix}named`;
    // The user loads two tables of their own whose names happen to be the loader's scratch names of `table`.
    await loadBehaviorIntoMySQL(HEAD, { connection: db, table: `${table}__stage` });
    await expect(loadBehaviorIntoMySQL(HEAD, { connection: db, table })).rejects.toThrow(
      /needs the name \w+_named__stage .* is not a leftover of a load of \w+_named \(ecomlab loaded it as table \w+_named__stage\); it is never dropped/,
    );
    expect(await count(`${table}__stage`)).toBe(4320);
    expect((await analyzeBehaviorSql(db, `${table}__stage`)).overview.rows).toBe(4320);

    const other = `${prefix}named2`;
    await loadBehaviorIntoMySQL(HEAD, { connection: db, table: other });
    await loadBehaviorIntoMySQL(HEAD, { connection: db, table: `${other}__old` });
    await expect(loadBehaviorIntoMySQL(HEAD, { connection: db, table: other })).rejects.toThrow(
      /needs the name \w+_named2__old .* is not a leftover of a load of \w+_named2 /,
    );
    expect(await count(`${other}__old`)).toBe(4320);
    expect(await count(other)).toBe(4320);
    expect((await analyzeBehaviorSql(db, `${other}__old`)).overview.rows).toBe(4320);
    expect(await tablesWithPrefix(db, `${prefix}named`)).toEqual([other, `${other}__old`, `${table}__stage`]);
  });

  it('the table-name limit in the message is the real one (57)', async () => {
    for (const length of [58, 64, 65, 100]) {
      await expect(
        loadBehaviorIntoMySQL(HEAD, { connection: db, table: 'a'.repeat(length) }),
      ).rejects.toThrow(
        `(at most 57 characters: the loader appends __stage, and MySQL names have at most 64; it has ${length})`,
      );
    }
    await expect(loadBehaviorIntoMySQL(HEAD, { connection: db, table: 'a-b' })).rejects.toThrow(
      /letters, digits and _ only, not starting with a digit, at most 57 characters/,
    );
  });

  it('refuses a table that changed after its load', async () => {
    const table = `${prefix}changed`;
    await loadBehaviorIntoMySQL(HEAD, { connection: db, table });
    await db.query(`DELETE FROM \`${table}\` WHERE row_no = 1`);
    await expect(analyzeBehaviorSql(db, table)).rejects.toThrow(/has 4319 rows but its load .* kept 4320/);
  });
});
