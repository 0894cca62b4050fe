/**
 * `npm run bench -- query --rows N [--seed S] [--dir DIR] [--skip-duckdb] [--json FILE]`
 *
 * "The next question in seconds": on N generated rows, times in separate child processes (one run each, all in
 * this one invocation so both sides share the machine's conditions):
 * - ecomlab from the CSV: the full report, one category, one hour range (filtered passes vs the full pass);
 * - ecomlab's first pass that also writes the columnar cache (the overhead of writing it) and the cache's size;
 * - ecomlab from the cache: the full report and the filtered questions (one category, hours 20-23, users who
 *   carted on Dec 1-2 at hours 20-23);
 * - DuckDB (2 threads) loading the file once into a persisted database (load time reported on its own) and
 *   answering the same questions from it; every answer is compared field by field with ecomlab's.
 * Prints seconds, peak RSS and the ratios against the issue's targets.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { noPositional, parseFlags, rangedFlag, rangedFlagOr, requiredFlag } from '../args';
import { writeFileAtomic } from '../../lib/io/atomic-output';
import { BEHAVIOR_GENERATOR_VERSION, generateBehavior } from '../../lib/generate';
import type { BehaviorReport } from '../../lib/behavior/types';
import type { BehaviorWhere } from '../../lib/query/where';
import { firstMismatch, formatMismatch } from '../../bench/compare-reports';

import { freshEngine, runBenchChild, type ChildTiming } from '../bench-child';
import { ROOT } from '../root';
const USAGE = 'usage: ecomlab bench query --rows N [--seed S] [--dir DIR] [--skip-duckdb] [--json FILE]';

/** Parsed command line. */
export interface BenchQueryArgs {
  rows: number;
  seed: number;
  dir: string;
  skipDuckdb: boolean;
  json?: string;
}

/** Parses the command line (exported for tests). @throws {DataError} naming the flag and value. */
export function parseBenchQueryArgs(args: string[]): BenchQueryArgs {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--rows', '--seed', '--dir', '--json'],
    booleans: ['--skip-duckdb'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const rows = requiredFlag(values, '--rows', USAGE);
  return {
    rows: rangedFlag('--rows', rows, 'benchRows'),
    seed: rangedFlagOr(values, '--seed', 'seed', 1),
    dir: values.get('--dir') ?? path.join(ROOT, '.bench'),
    skipDuckdb: booleans.has('--skip-duckdb'),
    json: values.get('--json'),
  };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
    total += entry.isDirectory()
      ? dirBytes(path.join(dir, entry.name))
      : fs.statSync(path.join(dir, entry.name)).size;
  return total;
}

const fmt = (seconds: number) => `${seconds.toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/** Entry point called by cli/ecomlab.ts. */
export async function run(argv: string[]): Promise<void> {
  const args = parseBenchQueryArgs(argv);
  fs.mkdirSync(args.dir, { recursive: true });
  const file = path.join(
    args.dir,
    `behavior-${args.rows}-seed${args.seed}-v${BEHAVIOR_GENERATOR_VERSION}.csv`,
  );
  const metaFile = `${file}.json`;
  if (!(fs.existsSync(file) && fs.existsSync(metaFile))) {
    const result = await generateBehavior({ rows: args.rows, seed: args.seed, out: file });
    writeFileAtomic(metaFile, JSON.stringify({ rows: result.rows, seed: args.seed, bytes: result.bytes }));
  }
  const csvBytes = fs.statSync(file).size;
  const work = fs.mkdtempSync(path.join(args.dir, 'query-'));
  const cacheDir = path.join(work, 'cache');
  const database = path.join(work, 'behavior.duckdb');
  const engine = freshEngine('lib/behavior/analyze.js');
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  process.stdout.write(
    `bench query: ${args.rows.toLocaleString('en-US')} rows, ${mb(csvBytes)} CSV, ${engine}, ${machine}\n`,
  );

  const ask = async (label: string, kind: string, where: BehaviorWhere | undefined, store = cacheDir) => {
    const questionFile = path.join(work, `${label}.question.json`);
    writeFileAtomic(questionFile, JSON.stringify({ where }));
    const out = path.join(work, `${label}.json`);
    const timing = await runBenchChild(
      'query-run.ts',
      [kind, file, out, questionFile, store, engine],
      `query-run ${kind}`,
    );
    process.stdout.write(
      `  ${label.padEnd(34)} ${fmt(timing.seconds).padStart(9)}  peak RSS ${mb(timing.maxRssBytes)}\n`,
    );
    return {
      ...timing,
      report: JSON.parse(fs.readFileSync(out, 'utf8')) as BehaviorReport & { query?: unknown },
    };
  };
  try {
    const full = await ask('csv full', 'ecomlab-csv', undefined);
    const topCategory = full.report.pareto.ranking[0]?.categoryId ?? 0;
    const questions: Array<[string, BehaviorWhere | undefined]> = [
      ['full', undefined],
      [`category ${topCategory}`, { categories: [topCategory] }],
      ['hours 20-23', { hours: { from: 20, to: 23 } }],
      [
        'carted Dec 1-2, hours 20-23',
        {
          usersWho: { behaviors: ['cart'], dates: { from: '2017-12-01', to: '2017-12-02' } },
          hours: { from: 20, to: 23 },
        },
      ],
    ];
    const csvCategory = await ask(`csv ${questions[1]![0]}`, 'ecomlab-csv', questions[1]![1]);
    const csvHours = await ask('csv hours 20-23', 'ecomlab-csv', questions[2]![1]);
    const write = await ask('csv full + cache write', 'ecomlab-cache', undefined);
    const cacheBytes = dirBytes(cacheDir);
    const cached: Array<Awaited<ReturnType<typeof ask>>> = [];
    for (const [label, where] of questions) cached.push(await ask(`cache ${label}`, 'ecomlab-cache', where));
    const duck: Array<Awaited<ReturnType<typeof ask>> | undefined> = [];
    let load: ChildTiming | undefined;
    if (!args.skipDuckdb) {
      load = await ask('duckdb load (persisted)', 'duckdb-load', undefined, database);
      for (const [label, where] of questions)
        duck.push(await ask(`duckdb ${label}`, 'duckdb-db', where, database));
    }
    const lines: string[] = ['', 'targets (ratios; both sides measured in this run):'];
    const check = (name: string, value: number, limit: number, text: string) =>
      lines.push(`  ${value <= limit ? 'OK  ' : 'MISS'} ${name}: ${text} (target <= ${limit})`);
    check(
      'filtered CSV / full CSV (category)',
      ratio(csvCategory.seconds, full.seconds),
      1,
      ratio(csvCategory.seconds, full.seconds).toFixed(2),
    );
    check(
      'filtered CSV / full CSV (hours)',
      ratio(csvHours.seconds, full.seconds),
      1,
      ratio(csvHours.seconds, full.seconds).toFixed(2),
    );
    check(
      'cache write overhead',
      ratio(write.seconds, full.seconds) - 1,
      0.3,
      `${(100 * (ratio(write.seconds, full.seconds) - 1)).toFixed(0)}%`,
    );
    check(
      'cache size / CSV size',
      ratio(cacheBytes, csvBytes),
      0.5,
      `${mb(cacheBytes)} / ${mb(csvBytes)} = ${ratio(cacheBytes, csvBytes).toFixed(2)}`,
    );
    cached.forEach((answer, index) =>
      check(
        `cache ${questions[index]![0]} / first CSV pass`,
        ratio(answer.seconds, full.seconds),
        0.2,
        ratio(answer.seconds, full.seconds).toFixed(3),
      ),
    );
    duck.forEach((answer, index) => {
      if (answer === undefined) return;
      const mine = cached[index]!;
      check(
        `ecomlab cache / DuckDB table, ${questions[index]![0]}`,
        ratio(mine.seconds, answer.seconds),
        0.5,
        `${fmt(mine.seconds)} vs ${fmt(answer.seconds)} = ${ratio(mine.seconds, answer.seconds).toFixed(2)}`,
      );
      const { query: _query, ...report } = mine.report;
      const mismatch = firstMismatch(answer.report, JSON.parse(JSON.stringify(report)));
      lines.push(
        `       reports ${mismatch ? `DIFFER at ${formatMismatch(mismatch)}` : 'agree field by field'}`,
      );
    });
    const peak = Math.max(...cached.map((c) => c.maxRssBytes));
    lines.push(
      `  peak RSS from the cache: ${mb(peak)}${load ? `; DuckDB load ${fmt(load.seconds)} (reported apart)` : ''}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    if (args.json) {
      const strip = (t: ChildTiming) => ({
        seconds: t.seconds,
        wallSeconds: t.wallSeconds,
        maxRssBytes: t.maxRssBytes,
      });
      writeFileAtomic(
        args.json,
        `${JSON.stringify(
          {
            rows: args.rows,
            seed: args.seed,
            csvBytes,
            cacheBytes,
            engine,
            machine,
            csv: {
              full: strip(full),
              category: strip(csvCategory),
              hours: strip(csvHours),
              cacheWrite: strip(write),
            },
            cache: Object.fromEntries(cached.map((c, i) => [questions[i]![0], strip(c)])),
            duckdb: load
              ? {
                  load: strip(load),
                  ...Object.fromEntries(duck.map((d, i) => [questions[i]![0], strip(d!)])),
                }
              : null,
          },
          null,
          1,
        )}\n`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
