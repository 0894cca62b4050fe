/**
 * Executes a notebook through the real tslab kernel at most once per input state, shared by the notebook and
 * browser tests (which may run in parallel jest workers): results are cached in the OS temp folder under a key
 * made of the notebook, the compiled library (dist/) and the input env vars, and a lock directory makes a second
 * worker wait for the first instead of executing again.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebook, inspectNotebook, type NotebookRun } from '../../cli/commands/run-notebooks';

export const ROOT = path.resolve(__dirname, '..', '..');

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function cacheKey(notebook: string): string {
  const hash = createHash('sha1');
  hash.update(fs.readFileSync(notebook));
  hash.update(fs.readFileSync(path.join(ROOT, 'cli', 'commands', 'run-notebooks.ts')));
  // Content, not mtimes: \`npm run build\` rewrites dist/ with the same bytes, which must not invalidate the cache.
  for (const file of listFiles(path.join(ROOT, 'dist', 'lib')).sort()) {
    if (file.endsWith('.js')) hash.update(file).update(fs.readFileSync(file));
  }
  for (const file of listFiles(path.join(ROOT, 'data')).sort()) {
    const stat = fs.statSync(file);
    hash.update(`${file}:${stat.size}\n`);
  }
  for (const name of ['ECOMLAB_BEHAVIOR_FILE', 'ECOMLAB_RETAIL_FILE', 'ECOMLAB_MYSQL_URL', 'ECOMLAB_SEED']) hash.update(`${name}=${process.env[name] ?? ''}\n`);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Executes `notebooks/<name>.ipynb` (or reuses the cached run) and returns the run with its HTML export. */
export async function executedNotebook(name: string): Promise<NotebookRun> {
  const input = path.join(ROOT, 'notebooks', `${name}.ipynb`);
  // The checkout is part of the folder name: several checkouts testing at once never drop each other's runs.
  const checkout = createHash('sha1').update(ROOT).digest('hex').slice(0, 8);
  const prefix = `ecomlab-notebook-test-${checkout}-${name}-`;
  const dir = path.join(os.tmpdir(), `${prefix}${cacheKey(input)}`);
  const done = path.join(dir, 'run.json');
  const lock = `${dir}.lock`;
  for (;;) {
    if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as NotebookRun;
    try {
      fs.mkdirSync(lock);
    } catch {
      // A lock left by a killed worker: older than any execution may take.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 20 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      if (!fs.existsSync(done)) {
        // Drop this checkout's earlier cached runs of this notebook (other keys) so the temp folder does not fill up.
        for (const entry of fs.readdirSync(os.tmpdir()))
          if (
            entry.startsWith(prefix) &&
            !entry.endsWith('.lock') &&
            path.join(os.tmpdir(), entry) !== dir &&
            !fs.existsSync(path.join(os.tmpdir(), `${entry}.lock`))
          )
            fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
        const run = await executeNotebook(input, dir, { timeout: 600 });
        const result = { ...run, ...inspectNotebook(run.ipynb) };
        // A run with errors is reported to this caller but not cached: a transient cause (a busy database, a
        // loaded machine) must not fail every later test run with the same inputs.
        if (result.errors.length > 0) return result;
        fs.writeFileSync(done, JSON.stringify(result));
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
