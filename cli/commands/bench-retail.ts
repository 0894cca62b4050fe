/**
 * `npm run bench -- retail [FILE | --rows N [--data-dir .bench]] [--seed N] [--horizon-days N]
 *  [--out bench/retail-results.json]`
 * Times the whole retail pipeline in TypeScript through the CLI a user runs (`node dist/cli/ecomlab.js analyze
 * retail FILE --json`) against the same
 * pipeline in pandas + scikit-learn + imbalanced-learn (`/usr/bin/python3 scripts/reference/retail_pipeline.py`),
 * one run each as child processes: wall seconds and peak RSS (`/usr/bin/time`, else /proc VmHWM polling).
 * Then compares the key outputs (cleaning counts, churn population and rate, SMOTE count, BG/NBD and
 * Gamma-Gamma parameters). FILE defaults to the bundled UCI file (541,909 lines); when that file is absent,
 * the benchmark generates 541,909 lines of the same format (seeded, cached under .bench/) and times those.
 * `--rows N` generates (once, cached in `--data-dir`) a seeded log of N lines and times that. The table shows
 * wall time, peak RSS, the TypeScript/Python ratios and whether the target for that size is met; a side
 * that fails (e.g. Python out of memory at 50M lines) is reported with its exit code, not thrown.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertOutputNotInput, writeFileAtomic } from '../../lib/io/atomic-output';
import { DataError, InputFileError } from '../../lib/errors';
import type { RetailReport } from '../../lib/lifecycle';
import { generateRetail } from '../../lib/retail';
import { onePositional, parseFlags, rangedFlag, rangedFlagOr, UsageError } from '../args';
import { DEFAULT_RETAIL_FILE } from './analyze-retail';
import { freshEngine } from '../bench-child';
import { ROOT } from '../root';

const USAGE =
  'usage: ecomlab bench retail [FILE | --rows N [--data-dir DIR]] [--seed N] [--horizon-days N] [--out FILE]';

const PYTHON = '/usr/bin/python3';

interface Measured {
  wallSeconds: number;
  peakRssMb: number;
  method: string;
  stdout: string;
  /** Exit code (0 = success); a failed peer is reported, not thrown. */
  code: number;
  /** Last lines of standard error when it failed. */
  error: string;
}

async function measure(command: string, args: string[]): Promise<Measured> {
  const useTime = fs.existsSync('/usr/bin/time');
  const timeFile = path.join(os.tmpdir(), `ecomlab-bench-${process.pid}-${Date.now()}.txt`);
  const argv = useTime ? ['-f', '%e %M', '-o', timeFile, command, ...args] : args;
  const start = performance.now();
  const child = spawn(useTime ? '/usr/bin/time' : command, argv, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let hwm = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {
          // exited
        }
      }, 10);
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const wall = (performance.now() - start) / 1000;
  if (poll) clearInterval(poll);
  const error = code === 0 ? '' : stderr.trim().split('\n').slice(-3).join(' | ').slice(-500);
  if (useTime) {
    const [elapsed, maxKb] = fs
      .readFileSync(timeFile, 'utf8')
      .trim()
      .split('\n')
      .pop()!
      .split(' ')
      .map(Number);
    fs.rmSync(timeFile, { force: true });
    return {
      wallSeconds: elapsed!,
      peakRssMb: maxKb! / 1024,
      method: '/usr/bin/time -f "%e %M"',
      stdout,
      code,
      error,
    };
  }
  return {
    wallSeconds: wall,
    peakRssMb: hwm / 1024,
    method: '/proc/PID/status VmHWM polled every 10 ms',
    stdout,
    code,
    error,
  };
}

function ensureBuilt(): void {
  if (freshEngine('lib/lifecycle/analyze-retail.js') === 'dist') return;
  process.stderr.write('bench retail: compiling lib/ to dist/ (not timed)…\n');
  const r = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0 && !fs.existsSync(path.join(ROOT, 'dist/lib/lifecycle/analyze-retail.js')))
    throw new DataError('bench retail: `tsc -p tsconfig.build.json` failed');
  if (r.status !== 0)
    process.stderr.write('bench retail: tsc reported errors; using the emitted JavaScript\n');
}

interface PythonResult {
  cleaning: { step: string; removed: number; remaining: number }[];
  customers: number;
  revenue: number;
  bgnbd: Record<'r' | 'alpha' | 'a' | 'b' | 'logLikelihood', number>;
  gammaGamma: Record<'p' | 'q' | 'v' | 'logLikelihood', number>;
  churn: { cutoff: string; customers: number; churned: number; churnRate: number };
  smote: { trainRows: number; generated: number };
  withoutSmote: { recall: number; rocAuc: number };
  withSmote: { recall: number; rocAuc: number };
  timings: Record<string, number>;
}

/** Key outputs side by side; `same` is exact equality for counts and a relative tolerance for floats. */
export function compareRetailOutputs(
  ts: RetailReport,
  py: PythonResult,
): { name: string; typescript: number | string; python: number | string; same: boolean }[] {
  const rows: { name: string; typescript: number | string; python: number | string; same: boolean }[] = [];
  const exact = (name: string, a: number | string, b: number | string): void => {
    rows.push({ name, typescript: a, python: b, same: a === b });
  };
  const close = (name: string, a: number, b: number, rel: number): void => {
    rows.push({
      name,
      typescript: a,
      python: b,
      same: Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)),
    });
  };
  for (const step of py.cleaning) {
    const t = ts.cleaning.steps.find((s) => s.step === step.step);
    exact(`cleaning ${step.step} (remaining)`, t?.remaining ?? NaN, step.remaining);
  }
  exact('customers', ts.cleaning.customers, py.customers);
  close('revenue', ts.cleaning.revenue, py.revenue, 1e-9);
  exact('churn cutoff', ts.churn.cutoff, py.churn.cutoff);
  exact('churn population', ts.churn.customers, py.churn.customers);
  exact('churned', ts.churn.churned, py.churn.churned);
  close('churn rate', ts.churn.churnRate, py.churn.churnRate, 1e-12);
  exact('train rows', ts.model.split.train, py.smote.trainRows);
  exact('SMOTE rows generated', ts.model.smote.generated, py.smote.generated);
  close('BG/NBD log-likelihood', ts.ltv.bgNbd.logLikelihood, py.bgnbd.logLikelihood, 1e-5);
  close('BG/NBD r', ts.ltv.bgNbd.r, py.bgnbd.r, 1e-2);
  close('BG/NBD alpha', ts.ltv.bgNbd.alpha, py.bgnbd.alpha, 1e-2);
  close('Gamma-Gamma p', ts.ltv.gammaGamma.p, py.gammaGamma.p, 1e-3);
  close('Gamma-Gamma q', ts.ltv.gammaGamma.q, py.gammaGamma.q, 1e-3);
  close('Gamma-Gamma v', ts.ltv.gammaGamma.v, py.gammaGamma.v, 1e-3);
  return rows;
}

const show = (v: number | string): string =>
  typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(7) : String(v);

/** The real UCI file when present, else a generated file of the same size (541,909 lines), cached by seed. */
async function defaultBenchFile(seed: number): Promise<string> {
  if (fs.existsSync(DEFAULT_RETAIL_FILE)) return DEFAULT_RETAIL_FILE;
  const generated = path.join('.bench', `online-retail-generated-541909-seed${seed}.csv.gz`);
  if (!fs.existsSync(generated)) {
    process.stderr.write(
      `bench retail: ${DEFAULT_RETAIL_FILE} absent; generating 541,909 lines → ${generated}\n`,
    );
    fs.mkdirSync(path.dirname(generated), { recursive: true });
    await generateRetail(generated, { rows: 541_909, seed }); // atomic: unique temp file + rename
  }
  return generated;
}

/** A generated log of `rows` lines (seeded, plain CSV), cached in `dir` by rows and seed. */
async function generatedBenchFile(rows: number, seed: number, dir: string): Promise<string> {
  const file = path.join(dir, `online-retail-generated-${rows}-seed${seed}.csv`);
  if (!fs.existsSync(file)) {
    process.stderr.write(
      `bench retail: generating ${rows.toLocaleString('en-US')} lines → ${file} (not timed)…\n`,
    );
    fs.mkdirSync(dir, { recursive: true });
    const partial = path.join(dir, `partial-${process.pid}-${path.basename(file)}`);
    await generateRetail(partial, { rows, seed });
    fs.renameSync(partial, file);
  }
  return file;
}

/** Parsed `bench retail` arguments (exported for tests). */
export interface BenchRetailArgs {
  file?: string;
  rows?: number;
  dataDir: string;
  seed: number;
  horizon: number;
  out: string;
}

/** Parses `bench retail` arguments. @throws DataError naming the flag and the value. */
export function parseBenchRetailArgs(args: string[]): BenchRetailArgs {
  const { positionals, values } = parseFlags(args, {
    values: ['--seed', '--horizon-days', '--out', '--rows', '--data-dir'],
    usage: USAGE,
  });
  const rowsText = values.get('--rows');
  const out = values.get('--out') ?? path.join('bench', 'retail-results.json');
  const dataDir = values.get('--data-dir') ?? '.bench';
  if (out === '') throw new UsageError(`invalid --out: "" (expected a file path)`, USAGE);
  if (dataDir === '') throw new UsageError(`invalid --data-dir: "" (expected a folder path)`, USAGE);
  const parsed: BenchRetailArgs = {
    file: onePositional(positionals, 'FILE', USAGE),
    dataDir,
    seed: rangedFlagOr(values, '--seed', 'seed', 42),
    horizon: rangedFlagOr(values, '--horizon-days', 'horizonDays', 90),
    out,
  };
  if (rowsText !== undefined) {
    parsed.rows = rangedFlag('--rows', rowsText, 'benchRetailRows');
    if (parsed.file !== undefined)
      throw new UsageError(`invalid arguments: FILE and --rows together (give one)`, USAGE);
  }
  return parsed;
}

/** The targets for a run of `lines` lines (time ratio TS/Python and TS peak RSS). */
function targetsFor(lines: number, uci: boolean): { time?: number; rssMb?: number; label: string } {
  if (uci) return { time: 1 / 2, label: 'UCI log through the CLI: time <= 1/2 of Python' };
  if (lines >= 50_000_000) return { rssMb: 2048, label: '50M lines: completes within 2 GB RSS' };
  if (lines >= 10_000_000)
    return { time: 1 / 3, rssMb: 1024, label: '10M lines: time <= 1/3 of Python and RSS <= 1 GB' };
  return { label: 'no target for this size' };
}

/** Entry point called by cli/ecomlab.ts. */
export async function run(args: string[]): Promise<void> {
  const { rows, dataDir, seed, horizon, out, ...rest } = parseBenchRetailArgs(args);
  let file = rest.file;
  if (rows !== undefined) file = await generatedBenchFile(rows, seed, dataDir);
  if (file === undefined) file = await defaultBenchFile(seed);
  if (!fs.existsSync(file)) throw new InputFileError(file, 'not found');
  assertOutputNotInput(out, [file], '--out'); // before any work: the result must never replace the input
  if (!fs.existsSync(PYTHON))
    throw new InputFileError(PYTHON, 'not found (install python3-pandas, python3-sklearn, python3-imblearn)');
  ensureBuilt();
  const cli = path.join(ROOT, 'dist', 'cli', 'ecomlab.js');
  process.stderr.write(
    `bench retail: TypeScript pipeline through the CLI (node ${path.relative(ROOT, cli)}) on ${file}…\n`,
  );
  const ts = await measure(process.execPath, [
    cli,
    'analyze',
    'retail',
    file,
    '--json',
    '--quiet',
    '--seed',
    String(seed),
    '--horizon-days',
    String(horizon),
  ]);
  process.stderr.write('bench retail: pandas + scikit-learn + imbalanced-learn pipeline…\n');
  const py = await measure(PYTHON, [
    path.join('scripts', 'reference', 'retail_pipeline.py'),
    file,
    '--seed',
    String(seed),
    '--horizon-days',
    String(horizon),
  ]);
  const tsReport = ts.code === 0 ? (JSON.parse(ts.stdout) as RetailReport) : null;
  const pyReport = py.code === 0 ? (JSON.parse(py.stdout) as PythonResult) : null;
  ts.stdout = '';
  py.stdout = '';
  const comparison = tsReport && pyReport ? compareRetailOutputs(tsReport, pyReport) : [];
  const lines = tsReport?.input.dataLines ?? rows ?? NaN;
  const uci = path.resolve(file) === path.resolve(ROOT, DEFAULT_RETAIL_FILE);
  const target = targetsFor(lines, uci);
  const timeRatio = ts.wallSeconds / py.wallSeconds;
  const rssRatio = ts.peakRssMb / py.peakRssMb;
  const met =
    ts.code === 0 &&
    (target.time === undefined || (py.code === 0 && timeRatio <= target.time)) &&
    (target.rssMb === undefined || ts.peakRssMb <= target.rssMb);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1m: os.loadavg()[0] ?? NaN,
      note: 'shared machine: other engineers ran builds and tests at the same time',
    },
    file,
    lines,
    typescript: {
      command: `node ${path.relative(ROOT, cli)} analyze retail FILE --json --quiet`,
      ok: ts.code === 0,
      error: ts.error,
      wallSeconds: ts.wallSeconds,
      peakRssMb: Math.round(ts.peakRssMb),
      stagesMs: tsReport?.timingsMs ?? null,
      recallWithoutSmote: tsReport?.model.withoutSmote.metrics.recall ?? null,
      recallWithSmote: tsReport?.model.withSmote.metrics.recall ?? null,
    },
    python: {
      ok: py.code === 0,
      error: py.error,
      wallSeconds: py.wallSeconds,
      peakRssMb: Math.round(py.peakRssMb),
      stagesSeconds: pyReport?.timings ?? null,
      recallWithoutSmote: pyReport?.withoutSmote.recall ?? null,
      recallWithSmote: pyReport?.withSmote.recall ?? null,
    },
    method: ts.method,
    timeRatio,
    rssRatio,
    speedup: py.wallSeconds / ts.wallSeconds,
    target: { ...target, met },
    comparison,
  };
  writeFileAtomic(out, `${JSON.stringify(result, null, 1)}\n`, { inputs: [file], option: '--out' });
  const line = (name: string, m: Measured): string =>
    `${name.padEnd(44)} ${m.wallSeconds.toFixed(2).padStart(8)} s ${Math.round(m.peakRssMb).toString().padStart(7)} MB` +
    (m.code === 0 ? '' : `  FAILED (exit ${m.code}): ${m.error}`);
  process.stdout.write(
    [
      `Retail pipeline on ${file} (${Number.isFinite(lines) ? lines.toLocaleString('en-US') : '?'} lines), one run each, ` +
        `${result.machine.cpus} cores (shared), load ${result.machine.loadAverage1m.toFixed(1)}`,
      `${'implementation'.padEnd(44)} ${'wall'.padStart(10)} ${'peak RSS'.padStart(10)}`,
      line('TypeScript (node dist/cli/ecomlab.js)', ts),
      line('pandas + scikit-learn + imbalanced-learn', py),
      `${'ratio TypeScript / Python'.padEnd(44)} ${timeRatio.toFixed(3).padStart(8)}   ${rssRatio.toFixed(3).padStart(7)}`,
      `target: ${target.label}: ${met ? 'met' : 'NOT met'}`,
      '',
      ...(comparison.length > 0
        ? [
            'key outputs',
            ...comparison.map(
              (c) =>
                `  ${c.same ? 'same' : 'DIFF'}  ${c.name.padEnd(44)} ${show(c.typescript).padStart(14)} ${show(c.python).padStart(14)}`,
            ),
          ]
        : ['key outputs: not compared (a side failed)']),
      `written to ${out}`,
    ].join('\n') + '\n',
  );
}
