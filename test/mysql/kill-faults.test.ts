/**
 * kill -9 fault tests on a PRIVATE MariaDB server (own data directory, port and socket; the shared server is
 * never touched): the server killed mid-transfer and mid-index, the CLI process killed mid-load, and the npm
 * process a user holds after `npm run load` killed mid-load. Each time the live table keeps its exact row count
 * and checksum, and the next load cleans up and replaces it once.
 *
 * No timing assumption: each kill waits for the state it needs to observe (rows transferred; the ALTER TABLE
 * that builds the indexes running on the server, seen in its process list; progress lines of the CLI), and
 * waits for the killed processes to be gone before comparing. A synchronous backstop kills the server before
 * the swap if the ALTER was never seen running (a starved poll on a loaded machine), and that attempt is
 * repeated, so the test neither flakes nor proves less.
 *
 * Needs the compiled CLI (`npm run build`; `npm test` builds first).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { generateBehaviorText } from '../../lib/generate';
import { loadBehaviorIntoMySQL } from '../../lib/mysql';
import { PrivateMariaDb } from './private-server';

jest.setTimeout(300000);

const ROOT = path.join(__dirname, '../..');
const HEAD = path.join(ROOT, 'data/taobao/UserBehavior_head_4321rows.csv');
const TABLE = 'ub';
let server: PrivateMariaDb;
let dir: string;
let bigFile: string;

async function withDb<T>(work: (db: Connection) => Promise<T>): Promise<T> {
  const db = await server.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Row count and CHECKSUM TABLE of the live table, and the tables present. */
async function snapshot(): Promise<{ rows: number; checksum: string; tables: string[] }> {
  return withDb(async (db) => {
    const [count] = await db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${TABLE}\``);
    const [sum] = await db.query<RowDataPacket[]>(`CHECKSUM TABLE \`${TABLE}\` EXTENDED`);
    const [tables] = await db.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = 't' ORDER BY 1",
    );
    return {
      rows: Number(count[0]?.n),
      checksum: String(sum[0]?.Checksum),
      tables: tables.map((row) => String(row.name)),
    };
  });
}

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      parent.set(Number(entry), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function running(pid: number): boolean {
  try {
    const state = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]/.test(state.slice(state.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/**
 * Runs `command args` and SIGKILLs the PID we spawned once its stderr shows transfer progress with rows > 0.
 * Returns the PIDs that were its descendants at that moment.
 */
async function killMidLoad(
  command: string,
  args: string[],
): Promise<{ descendants: number[]; stderr: string }> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let below: number[] = [];
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 120000);
  let killed = false;
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
    // Once only: after the kill, the orphaned node child may still write progress into the pipe, and by then it
    // is no longer a descendant of the killed PID (a second look would find none; this was the flake under load).
    if (!killed && /load: [\d.]+% [1-9]/.test(stderr)) {
      killed = true;
      below = descendants(child.pid!);
      child.kill('SIGKILL');
    }
  });
  await closed;
  clearTimeout(killer);
  expect(child.signalCode).toBe('SIGKILL');
  return { descendants: below, stderr };
}

/**
 * One load of the big file during which the server is killed with -9 while its ALTER TABLE (the index build)
 * runs: a second connection, opened before the load, polls the process list from the index phase on and kills
 * the server as soon as the ALTER is running. Backstop: if the load reaches its swap first (the poll was starved),
 * the server is killed synchronously in the progress callback, before the swap's statements are sent.
 * Returns `mid-index: <statement head> (<state>)` or `backstop: ...`.
 */
async function killMidIndex(): Promise<string> {
  const watcher = await server.connect();
  let outcome = '';
  let watching: Promise<void> | undefined;
  const watch = async (): Promise<void> => {
    while (outcome === '') {
      const [rows] = await watcher
        .query<RowDataPacket[]>(
          "SELECT STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE INFO LIKE 'ALTER TABLE%'",
        )
        .catch(() => [[] as RowDataPacket[]]);
      const alter = rows.find((row) => !/metadata lock/i.test(String(row.state)));
      if (alter !== undefined && outcome === '') {
        outcome = `mid-index: ${String(alter.info).replace(/\s+/g, ' ').slice(0, 40)} (${String(alter.state)})`;
        await server.kill9();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  try {
    await expect(
      loadBehaviorIntoMySQL(bigFile, {
        url: server.url,
        table: TABLE,
        onProgress: (p) => {
          if (p.phase === 'index' && watching === undefined) watching = watch();
          if (p.phase === 'swap' && outcome === '') {
            outcome = 'backstop: the ALTER TABLE was not seen running';
            process.kill(server.pid, 'SIGKILL');
          }
        },
      }),
    ).rejects.toThrow();
    await watching;
    await server.kill9(); // waits for the server process to be gone
    return outcome;
  } finally {
    watcher.destroy();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-kill-'));
  bigFile = path.join(dir, 'big.csv');
  fs.writeFileSync(bigFile, generateBehaviorText({ rows: 800000, seed: 3, dirtyRate: 0.001 }));
  server = await PrivateMariaDb.create('kill');
  await loadBehaviorIntoMySQL(HEAD, { url: server.url, table: TABLE });
});

afterAll(async () => {
  if (server) await server.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 never replaces or damages the live table', () => {
  let before: { rows: number; checksum: string; tables: string[] };

  beforeAll(async () => {
    before = await snapshot();
    expect(before.rows).toBe(4320);
    expect(before.tables).toEqual(['ecomlab_load_meta', TABLE]);
  });

  test('the server killed mid-transfer: same row count and checksum after restart', async () => {
    let events = 0;
    const phases = new Set<string>();
    await expect(
      loadBehaviorIntoMySQL(bigFile, {
        url: server.url,
        table: TABLE,
        onProgress: (p) => {
          phases.add(p.phase);
          if (p.phase === 'load' && p.rows > 0 && ++events === 2) void server.kill9();
        },
      }),
    ).rejects.toThrow();
    expect(events).toBeGreaterThanOrEqual(2);
    expect([...phases]).toEqual(['cleanup', 'load']); // killed during the transfer, before the indexes
    await server.start();
    const after = await snapshot();
    expect({ rows: after.rows, checksum: after.checksum }).toEqual({
      rows: before.rows,
      checksum: before.checksum,
    });
  });

  test('the server killed mid-index: same row count and checksum after restart', async () => {
    // Up to 3 attempts: an attempt counts when the ALTER TABLE was seen running when the server was killed.
    const attempts: string[] = [];
    for (let attempt = 1; attempt <= 3 && !attempts.some((a) => a.startsWith('mid-index')); attempt++) {
      attempts.push(await killMidIndex());
      await server.start();
      const after = await snapshot();
      expect({ rows: after.rows, checksum: after.checksum }).toEqual({
        rows: before.rows,
        checksum: before.checksum,
      });
    }
    expect(attempts[attempts.length - 1]).toMatch(/^mid-index: ALTER TABLE `ub__stage` ADD/);
  }, 900000);

  test('the CLI process (node dist/cli/ecomlab.js load mysql) killed mid-load: live table unchanged', async () => {
    const cli = path.join(ROOT, 'dist/cli/ecomlab.js');
    expect(fs.existsSync(cli)).toBe(true);
    await killMidLoad(process.execPath, [
      cli,
      'load',
      'mysql',
      bigFile,
      '--url',
      server.url,
      '--table',
      TABLE,
      '--progress',
    ]);
    const after = await snapshot(); // the killed process is gone (close event): it can swap nothing in any more
    expect({ rows: after.rows, checksum: after.checksum }).toEqual({
      rows: before.rows,
      checksum: before.checksum,
    });
  });

  test('the npm PID of `npm run load` killed mid-load: the work stops with it, the live table is never replaced', async () => {
    const { descendants: below, stderr } = await killMidLoad('npm', [
      'run',
      '--silent',
      'load',
      '--',
      'mysql',
      bigFile,
      '--url',
      server.url,
      '--table',
      TABLE,
      '--progress',
    ]);
    expect(below.length).toBeGreaterThan(0); // the node process running the load
    // The launcher watch stops the node child within 200 ms of npm's death on a quiet machine; on a loaded one it
    // may take longer, so wait (bounded generously) for it to be gone rather than for a fixed time. Once no
    // process of the run is left, nothing can swap a table in any more, so the comparison below is final.
    const deadline = Date.now() + 60000;
    while (below.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(below.filter(running)).toEqual([]);
    const after = await snapshot();
    expect({ rows: after.rows, checksum: after.checksum }).toEqual({
      rows: before.rows,
      checksum: before.checksum,
    });
    expect(stderr).toMatch(/load: /);
  });

  test('the next load drops the leftovers and replaces the table once', async () => {
    const result = await loadBehaviorIntoMySQL(bigFile, { url: server.url, table: TABLE });
    expect(result.replaced).toBe(true);
    const after = await snapshot();
    expect(after.rows).toBe(result.rows);
    expect(after.tables).toEqual(['ecomlab_load_meta', TABLE]);
  });
});

test('PrivateMariaDb.create removes its folder (and its server) when the install or the start fails', async () => {
  const tag = `cleanup${process.pid}`;
  const leftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`ecomlab-${tag}-`));
  await expect(PrivateMariaDb.create(tag, '/bin/false')).rejects.toThrow(/mariadb-install-db failed/);
  expect(leftovers()).toEqual([]);
  // An "install" that creates nothing: the server finds no system tables and exits.
  await expect(PrivateMariaDb.create(tag, '/bin/true')).rejects.toThrow(/private MariaDB did not start/);
  expect(leftovers()).toEqual([]);
});
