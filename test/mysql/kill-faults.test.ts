/**
 * kill -9 fault tests on a PRIVATE MariaDB server (own data directory, port and socket; the shared server is
 * never touched): the server killed mid-transfer and mid-index, the CLI process killed mid-load, and the npm
 * process a user holds after `npm run load` killed mid-load. Each time the live table keeps its exact row count
 * and checksum, and the next load cleans up and replaces it once.
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
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
    if (child.signalCode === null && /load: [\d.]+% [1-9]/.test(stderr)) {
      below = descendants(child.pid!);
      child.kill('SIGKILL');
    }
  });
  await closed;
  clearTimeout(killer);
  expect(child.signalCode).toBe('SIGKILL');
  return { descendants: below, stderr };
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
    await expect(
      loadBehaviorIntoMySQL(bigFile, {
        url: server.url,
        table: TABLE,
        onProgress: (p) => {
          if (p.phase === 'load' && p.rows > 0 && ++events === 2) void server.kill9();
        },
      }),
    ).rejects.toThrow();
    expect(events).toBeGreaterThanOrEqual(2);
    await server.start();
    const after = await snapshot();
    expect({ rows: after.rows, checksum: after.checksum }).toEqual({
      rows: before.rows,
      checksum: before.checksum,
    });
  });

  test('the server killed mid-index: same row count and checksum after restart', async () => {
    let indexing = false;
    await expect(
      loadBehaviorIntoMySQL(bigFile, {
        url: server.url,
        table: TABLE,
        onProgress: (p) => {
          if (p.phase === 'index' && !indexing) {
            indexing = true;
            setTimeout(() => void server.kill9(), 300); // the ALTER TABLE is running by then
          }
        },
      }),
    ).rejects.toThrow();
    expect(indexing).toBe(true);
    await server.start();
    const after = await snapshot();
    expect({ rows: after.rows, checksum: after.checksum }).toEqual({
      rows: before.rows,
      checksum: before.checksum,
    });
  });

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
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = await snapshot();
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
    const deadline = Date.now() + 5000;
    while (below.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(below.filter(running)).toEqual([]);
    // An orphan would have finished and swapped its table in within seconds; give it the time to prove it did not.
    await new Promise((resolve) => setTimeout(resolve, 5000));
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
