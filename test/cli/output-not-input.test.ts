/**
 * An output path that is an input, by any route (the same path, a symbolic link, a hard link), is refused by
 * every command that takes both, before any work, with exit 1; the input is left byte for byte.
 * (`npm start` / run-notebooks: test/cli/run-notebooks-atomic.test.ts; the library: test/io/atomic-output.test.ts.)
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/ecomlab.js');
const HEAD = path.join(ROOT, 'data/taobao/UserBehavior_head_4321rows.csv');
const RETAIL = path.join(ROOT, 'data/online-retail/online_retail_2010-12.csv');
let dir: string;

function cli(args: string[]): Promise<{ status: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('close', (status) => resolve({ status, stderr, ms: Date.now() - started }));
  });
}

/** `input` copied into the folder, plus a symbolic and a hard link to it. */
function routes(input: string, name: string): { file: string; symlink: string; hardlink: string } {
  const file = path.join(dir, name);
  fs.copyFileSync(input, file);
  const symlink = path.join(dir, `symlink-${name}`);
  fs.symlinkSync(file, symlink);
  const hardlink = path.join(dir, `hardlink-${name}`);
  fs.linkSync(file, hardlink);
  return { file, symlink, hardlink };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-out-in-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('analyze behavior --rejects', async () => {
  const { file, symlink, hardlink } = routes(HEAD, 'events.csv');
  const before = fs.readFileSync(file);
  for (const out of [file, symlink, hardlink]) {
    const run = await cli(['analyze', 'behavior', file, '--rejects', out]);
    expect([run.status, run.stderr]).toEqual([
      1,
      expect.stringMatching(/^ecomlab: invalid --rejects: .* is the input file/),
    ]);
  }
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

test('bench retail FILE --out: refused before the benchmark runs', async () => {
  const { file, symlink, hardlink } = routes(RETAIL, 'retail.csv');
  const before = fs.readFileSync(file);
  for (const out of [file, symlink, hardlink]) {
    const run = await cli(['bench', 'retail', file, '--out', out]);
    expect([run.status, run.stderr]).toEqual([
      1,
      expect.stringMatching(/^ecomlab: invalid --out: .* is the input file/),
    ]);
    expect(run.ms).toBeLessThan(30000); // no pipeline ran
  }
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

test('dashboard --retail FILE --out DIR whose customers.csv is FILE: refused before the analysis', async () => {
  const out = path.join(dir, 'dash');
  fs.mkdirSync(out);
  const { file } = routes(RETAIL, 'retail.csv');
  const before = fs.readFileSync(file);
  for (const link of ['symlink', 'hardlink'] as const) {
    const target = path.join(out, 'customers.csv');
    fs.rmSync(target, { force: true });
    if (link === 'symlink') fs.symlinkSync(file, target);
    else fs.linkSync(file, target);
    const run = await cli(['dashboard', '--retail', file, '--out', out]);
    expect([run.status, run.stderr]).toEqual([
      1,
      expect.stringMatching(/^ecomlab: invalid --out: .*customers\.csv" is the input file/),
    ]);
    expect(run.ms).toBeLessThan(30000);
  }
  const same = await cli(['dashboard', '--retail', path.join(out, 'customers.csv'), '--out', out]);
  expect(same.status).toBe(1);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});
