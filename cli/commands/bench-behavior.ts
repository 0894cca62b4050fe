/**
 * `npm run bench -- behavior --rows N [--workers N|auto] [--threads T] [--seed S] [--dir .bench]
 *  [--engine auto|dist|src] [--skip-duckdb] [--duckdb-memory-limit 8GB] [--json FILE]`
 *
 * Generates (or reuses, cached under `.bench/`) N seeded rows, then times, each in its own child process,
 * ecomlab's streaming engine and the DuckDB reference (2 threads) computing the same report from the same
 * CSV; prints wall seconds, rows/s and peak RSS of both, the ratios against the targets (ecomlab <= 1/3 of
 * DuckDB's wall time, <= 1 GB peak RSS) and whether the two reports agree field by field.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../lib/io/atomic-output';
import { BEHAVIOR_GENERATOR_VERSION, generateBehavior } from '../../lib/generate';
import { firstMismatch, formatMismatch } from '../../bench/compare-reports';
import { freshEngine, runBenchChild, type ChildTiming } from '../bench-child';
import { ROOT } from '../root';
import { choiceFlag, noPositional, parseFlags, rangedFlag, rangedFlagOr, requiredFlag } from '../args';

const USAGE =
  'usage: ecomlab bench behavior --rows N [--workers N|auto] [--threads T] [--seed S] [--dir DIR] ' +
  '[--engine auto|dist|src] [--skip-duckdb] [--duckdb-memory-limit SIZE] [--json FILE]';

/** Parsed command line of the behaviour benchmark. */
export interface BenchBehaviorArgs {
  rows: number;
  workers: number | 'auto';
  threads: number;
  seed: number;
  dir: string;
  engine: 'auto' | 'dist' | 'src';
  skipDuckdb: boolean;
  duckdbMemoryLimit?: string;
  json?: string;
}

/** Parses the command line (exported for tests). */
export function parseBenchArgs(args: string[]): BenchBehaviorArgs {
  const { positionals, values, booleans } = parseFlags(args, {
    values: [
      '--rows',
      '--workers',
      '--threads',
      '--seed',
      '--dir',
      '--engine',
      '--duckdb-memory-limit',
      '--json',
    ],
    booleans: ['--skip-duckdb'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const rows = requiredFlag(values, '--rows', USAGE);
  const workers = values.get('--workers');
  const engine = values.get('--engine');
  return {
    rows: rangedFlag('--rows', rows, 'benchRows'),
    workers:
      workers === undefined || workers === 'auto' ? 'auto' : rangedFlag('--workers', workers, 'workers'),
    threads: rangedFlagOr(values, '--threads', 'threads', 2),
    seed: rangedFlagOr(values, '--seed', 'seed', 1),
    dir: values.get('--dir') ?? path.join(ROOT, '.bench'),
    engine: engine === undefined ? 'auto' : choiceFlag('--engine', engine, ['auto', 'dist', 'src'] as const),
    skipDuckdb: booleans.has('--skip-duckdb'),
    duckdbMemoryLimit: values.get('--duckdb-memory-limit'),
    json: values.get('--json'),
  };
}

/** 'dist' when the compiled engine exists and is newer than every lib/ source, else 'src' (run through tsx). */
function chooseEngine(wanted: BenchBehaviorArgs['engine']): 'dist' | 'src' {
  return wanted !== 'auto' ? wanted : freshEngine('lib/behavior/analyze.js');
}

async function ensureData(args: BenchBehaviorArgs): Promise<{ file: string; bytes: number; sha256: string }> {
  fs.mkdirSync(args.dir, { recursive: true });
  const file = path.join(
    args.dir,
    `behavior-${args.rows}-seed${args.seed}-v${BEHAVIOR_GENERATOR_VERSION}.csv`,
  );
  const metaFile = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { bytes: number; sha256: string };
    if (fs.statSync(file).size === meta.bytes) {
      process.stdout.write(`data: reusing ${path.relative(ROOT, file)} (${mb(meta.bytes)})\n`);
      return { file, bytes: meta.bytes, sha256: meta.sha256 };
    }
  }
  const result = await generateBehavior({ rows: args.rows, seed: args.seed, out: file });
  writeFileAtomic(
    metaFile,
    `${JSON.stringify({ rows: result.rows, seed: args.seed, bytes: result.bytes, sha256: result.sha256 }, null, 1)}\n`,
  );
  process.stdout.write(
    `data: generated ${path.relative(ROOT, file)}: ${result.rows.toLocaleString('en-US')} rows, ${mb(result.bytes)} ` +
      `in ${result.seconds.toFixed(1)} s (${rate(result.rows, result.seconds)} rows/s)\n`,
  );
  return { file, bytes: result.bytes, sha256: result.sha256 };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

function rate(rows: number, seconds: number): string {
  return Math.round(rows / Math.max(seconds, 1e-9)).toLocaleString('en-US');
}

/** Entry point called by cli/ecomlab.ts. */
export async function run(argv: string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`;
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  process.stdout.write(
    `machine: ${machine}; load average at start ${load} (shared machine: other work may run)\n`,
  );
  const data = await ensureData(args);
  const engine = chooseEngine(args.engine);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-bench-'));
  try {
    const engineJson = path.join(out, 'ecomlab.json');
    process.stdout.write(`running ecomlab (${engine}, workers ${args.workers}) ...\n`);
    const ours = await runBenchChild('behavior-engine-run.ts', [
      data.file,
      engineJson,
      String(args.workers),
      engine,
    ]);
    process.stdout.write(
      `  ecomlab: ${ours.wallSeconds.toFixed(2)} s wall, peak RSS ${(ours.maxRssBytes / 2 ** 20).toFixed(0)} MiB\n`,
    );
    let theirs: ChildTiming | undefined;
    let agreement = 'not checked (--skip-duckdb)';
    if (!args.skipDuckdb) {
      const duckJson = path.join(out, 'duckdb.json');
      process.stdout.write(`running DuckDB reference (${args.threads} threads) ...\n`);
      const duckArgs = [data.file, duckJson, String(args.threads)];
      if (args.duckdbMemoryLimit) duckArgs.push(args.duckdbMemoryLimit);
      try {
        theirs = await runBenchChild('behavior-duckdb-run.ts', duckArgs);
        const mismatch = firstMismatch(
          JSON.parse(fs.readFileSync(duckJson, 'utf8')),
          JSON.parse(fs.readFileSync(engineJson, 'utf8')),
        );
        agreement = mismatch
          ? `DISAGREE at ${formatMismatch(mismatch)}`
          : 'identical (counts exact, ratios within 1e-12)';
      } catch (error) {
        agreement = `not checked: DuckDB failed (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    const row = (name: string, r: ChildTiming): string =>
      `${name.padEnd(28)} ${r.wallSeconds.toFixed(2).padStart(8)} ${r.seconds.toFixed(2).padStart(10)} ` +
      `${rate(args.rows, r.wallSeconds).padStart(14)} ${(r.maxRssBytes / 2 ** 20).toFixed(0).padStart(10)}`;
    const lines = [
      `rows ${args.rows.toLocaleString('en-US')} (${mb(data.bytes)}, seed ${args.seed}, sha256 ${data.sha256.slice(0, 16)}...)`,
      `${'engine'.padEnd(28)} ${'wall s'.padStart(8)} ${'analysis s'.padStart(10)} ${'rows/s (wall)'.padStart(14)} ${'peak MiB'.padStart(10)}`,
      row(`ecomlab (workers ${args.workers})`, ours),
    ];
    if (theirs) {
      lines.push(row(`DuckDB (${args.threads} threads)`, theirs));
      const wallRatio = ours.wallSeconds / theirs.wallSeconds;
      lines.push(
        `ratio ecomlab/DuckDB: wall ${wallRatio.toFixed(3)} (target <= 0.333: ${wallRatio <= 1 / 3 ? 'met' : 'MISSED'}), ` +
          `peak RSS ${(ours.maxRssBytes / theirs.maxRssBytes).toFixed(3)}`,
      );
    }
    const rssOk = ours.maxRssBytes <= 2 ** 30;
    lines.push(
      `ecomlab peak RSS ${(ours.maxRssBytes / 2 ** 20).toFixed(0)} MiB (target <= 1 GiB: ${rssOk ? 'met' : 'MISSED'})`,
    );
    lines.push(`reports: ${agreement}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (args.json) {
      writeFileAtomic(
        args.json,
        `${JSON.stringify({ rows: args.rows, seed: args.seed, bytes: data.bytes, machine, loadAverage: os.loadavg(), engine, workers: args.workers, threads: args.threads, ecomlab: ours, duckdb: theirs, agreement }, null, 1)}\n`,
      );
    }
    if (agreement.startsWith('DISAGREE')) process.exitCode = 1;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
