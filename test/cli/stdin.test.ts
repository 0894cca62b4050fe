/**
 * FILE = `-` reads standard input; a pipe (FIFO) as FILE works from the command line; the library refuses a
 * FIFO with a one-line message naming it (it used to fail with `ESPIPE: invalid seek`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import { InputFileError } from '../../lib/errors';

const ROOT = path.join(__dirname, '../..');
const HEAD = path.join(ROOT, 'data/taobao/UserBehavior_head_4321rows.csv');
let dir: string;

const cli = (args: string[], input?: Buffer) =>
  spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), 'cli/ecomlab.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60000,
  });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-stdin-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('analyze behavior - reads standard input (plain and gzip): the same report as the file', async () => {
  const expected = JSON.parse(JSON.stringify(await analyzeBehavior(HEAD)));
  for (const input of [fs.readFileSync(HEAD), gzipSync(fs.readFileSync(HEAD))]) {
    const result = cli(['analyze', 'behavior', '-', '--json'], input);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected);
  }
});

test('errors about standard input name "-", never a temporary file', () => {
  const result = cli(['analyze', 'behavior', '-'], Buffer.from('a,b\n'.repeat(1500)));
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^ecomlab: - \(standard input\): not a UserBehavior file/);
  expect(result.stderr).not.toMatch(/ecomlab-input-/);
});

test('a FIFO as FILE: the command line reads it; the library refuses it naming the pipe', async () => {
  const fifo = path.join(dir, 'events.fifo');
  execFileSync('mkfifo', [fifo]);
  await expect(analyzeBehavior(fifo)).rejects.toThrow(InputFileError);
  await expect(analyzeBehavior(fifo)).rejects.toThrow(
    `${fifo}: is a pipe (FIFO), not a regular file; save it to a file first (the command line reads standard input when FILE is -)`,
  );
  const writer = spawn('dd', [`if=${HEAD}`, `of=${fifo}`, 'status=none'], { stdio: 'ignore' });
  const written = new Promise((resolve) => writer.on('close', resolve));
  const result = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), 'cli/ecomlab.ts', 'analyze', 'behavior', fifo, '--json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  result.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  let stdout = '';
  result.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  const code = await new Promise<number | null>((resolve) => result.on('close', resolve));
  await written;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(JSON.parse(stdout).overview.rows).toBe(4320);
});

test('load mysql - records "-" (standard input) as the source, never the temporary copy', async () => {
  const { connectOrExplain, dropTablesWithPrefix, MYSQL_URL, tablePrefix } =
    require('../mysql/server') as typeof import('../mysql/server');
  const prefix = tablePrefix('stdin');
  const table = `${prefix}ub`;
  const db = await connectOrExplain();
  try {
    const result = cli(
      ['load', 'mysql', '-', '--url', MYSQL_URL, '--table', table, '--json'],
      fs.readFileSync(HEAD),
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: '-', rows: 4320 });
    const [rows] = await db.query<import('mysql2/promise').RowDataPacket[]>(
      'SELECT source_file FROM ecomlab_load_meta WHERE table_name = ?',
      [table],
    );
    expect(rows.map((row) => row.source_file)).toEqual(['-']);
  } finally {
    await dropTablesWithPrefix(db, prefix);
    await db.end();
  }
});
