/**
 * Regenerates the golden fixtures test/fixtures/behavior/*.report.json with the DuckDB reference
 * (scripts/reference/behavior-duckdb.ts). Run: `npx tsx scripts/reference/behavior-fixtures.ts`.
 *
 * Each fixture is `{ description, source, options, report }`:
 * - `source.file`: a committed input (repo-relative path), or
 * - `source.generate`: generator options (lib/generate) plus `sha256` of the uncompressed text; the golden
 *   test regenerates the file from them and checks the hash first, so generator drift is caught.
 * - `options`: analysis options shared by the reference and the engine (window, rfmThresholds, maxRejectSamples).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateBehavior, type BehaviorGeneratorOptions } from '../../lib/generate';
import { duckdbBehaviorReport, type DuckdbBehaviorOptions } from './behavior-duckdb';

/** Analysis options recorded in a fixture. */
export interface FixtureOptions {
  from?: string;
  to?: string;
  utcOffset?: string;
  rfmThresholds?: { recency: number; frequency: number };
  maxRejectSamples?: number;
}

/** One golden case. */
export interface BehaviorFixtureCase {
  name: string;
  description: string;
  file?: string;
  generate?: BehaviorGeneratorOptions & { fileName: string };
  options: FixtureOptions;
}

const ROOT = path.join(__dirname, '..', '..');
const HEAD = 'data/taobao/UserBehavior_head_4321rows.csv';
const TAIL = 'data/taobao/UserBehavior_tail_10000rows.csv';
const SLICE = 'data/taobao/UserBehavior_2017-11-26_0900-1055_96168rows.csv';

/** Every golden case (the test file reads the same list from the fixtures directory). */
export const FIXTURE_CASES: BehaviorFixtureCase[] = [
  { name: 'head', description: 'real: first 4,321 rows of UserBehavior.csv', file: HEAD, options: {} },
  {
    name: 'head.rfm44',
    description: 'real head, explicit RFM thresholds 4,4 (the report table)',
    file: HEAD,
    options: { rfmThresholds: { recency: 4, frequency: 4 } },
  },
  {
    name: 'head.utc-window',
    description: 'real head, window 2017-11-27..2017-12-01 at UTC+00:00',
    file: HEAD,
    options: { from: '2017-11-27', to: '2017-12-01', utcOffset: '+00:00' },
  },
  { name: 'tail', description: 'real: last 10,000 rows of UserBehavior.csv', file: TAIL, options: {} },
  {
    name: 'tail.rfm44',
    description: 'real tail, explicit RFM thresholds 4,4',
    file: TAIL,
    options: { rfmThresholds: { recency: 4, frequency: 4 } },
  },
  {
    name: 'slice',
    description: 'real: all rows of 2017-11-26 09:00-10:55 (96,168 rows, sorted by time)',
    file: SLICE,
    options: {},
  },
  {
    name: 'slice.rfm44',
    description: 'real time slice, explicit RFM thresholds 4,4',
    file: SLICE,
    options: { rfmThresholds: { recency: 4, frequency: 4 } },
  },
  {
    name: 'dirty',
    description:
      'hand-made dirty file: header, CRLF/LF mix, every reject reason, edge values, no final newline',
    file: 'test/fixtures/behavior/dirty.csv',
    options: { maxRejectSamples: 100 },
  },
  ...['empty', 'header-only', 'blank-only', 'bom-header'].map((edge) => ({
    name: `edge-${edge}`,
    description: `edge case: ${edge}.csv (empty file / only a header / only blank lines / UTF-8 BOM + header, CRLF)`,
    file: `test/fixtures/behavior/edge/${edge}.csv`,
    options: {},
  })),
  {
    name: 'bundled-1m',
    description: 'bundled default dataset data/behavior (1M generated rows, seed 20171125, gzip)',
    file: 'data/behavior/UserBehavior_generated_1M_seed20171125.csv.gz',
    options: {},
  },
  {
    name: 'generated-200k',
    description: 'generated: 200,000 rows, seed 20171125',
    generate: { rows: 200_000, seed: 20171125, fileName: 'generated-200k.csv' },
    options: {},
  },
  {
    name: 'generated-dirty-gz',
    description: 'generated: 30,000 rows, seed 7, 2% dirty lines, header, CRLF, gzip',
    generate: {
      rows: 30_000,
      seed: 7,
      dirtyRate: 0.02,
      header: true,
      lineEnding: '\r\n',
      fileName: 'generated-dirty.csv.gz',
    },
    options: { rfmThresholds: { recency: 4, frequency: 4 }, maxRejectSamples: 50 },
  },
];

/** Directory where generated inputs are written (outside the repo). */
export function generatedDir(): string {
  return path.join(os.tmpdir(), 'ecomlab-behavior-fixtures');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  fs.mkdirSync(generatedDir(), { recursive: true });
  for (const fixture of FIXTURE_CASES) {
    if (only.length > 0 && !only.includes(fixture.name)) continue;
    let input: string;
    let source: Record<string, unknown>;
    if (fixture.file !== undefined) {
      input = path.join(ROOT, fixture.file);
      source = { file: fixture.file };
    } else {
      const { fileName, ...generate } = fixture.generate as BehaviorGeneratorOptions & { fileName: string };
      input = path.join(generatedDir(), fileName);
      const result = await generateBehavior({ ...generate, out: input });
      source = {
        generate: { ...generate, fileName },
        sha256: result.sha256,
        rows: result.rows,
        dirtyLines: result.dirtyLines,
      };
    }
    const options: DuckdbBehaviorOptions = { ...fixture.options, threads: 2 };
    const started = Date.now();
    const report = await duckdbBehaviorReport(input, options);
    const out = path.join(ROOT, 'test', 'fixtures', 'behavior', `${fixture.name}.report.json`);
    const body = {
      description: fixture.description,
      generatedBy:
        'scripts/reference/behavior-duckdb.ts (DuckDB, via scripts/reference/behavior-fixtures.ts)',
      source,
      options: fixture.options,
      report,
    };
    fs.writeFileSync(out, `${JSON.stringify(body, null, 1)}\n`);
    process.stdout.write(
      `${fixture.name}: ${report.overview.rows} rows kept, ${Date.now() - started} ms -> ${path.relative(ROOT, out)}\n`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`behavior-fixtures: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
