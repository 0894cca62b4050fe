/**
 * Regenerates the filtered golden fixtures test/fixtures/query/*.report.json with the DuckDB reference
 * (scripts/reference/behavior-duckdb.ts, whose `where` translation is its own SQL, independent of lib/query).
 * Run: `npx tsx scripts/reference/query-fixtures.ts`. One case per filter kind, on real, dirty and generated data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateBehavior, type BehaviorGeneratorOptions } from '../../lib/generate';
import type { BehaviorWhere } from '../../lib/query/where';
import { duckdbBehaviorReport } from './behavior-duckdb';
import { generatedDir } from './behavior-fixtures';

/** One filtered golden case. */
export interface QueryFixtureCase {
  name: string;
  description: string;
  file?: string;
  generate?: BehaviorGeneratorOptions & { fileName: string };
  options: {
    from?: string;
    to?: string;
    utcOffset?: string;
    maxRejectSamples?: number;
    where: BehaviorWhere;
    breakdown?: boolean;
  };
}

const ROOT = path.join(__dirname, '..', '..');
const GEN_200K = { rows: 200_000, seed: 20171125, fileName: 'generated-200k.csv' };
const GEN_DIRTY = {
  rows: 30_000,
  seed: 7,
  dirtyRate: 0.02,
  header: true,
  lineEnding: '\r\n' as const,
  fileName: 'generated-dirty.csv.gz',
};

export const QUERY_CASES: QueryFixtureCase[] = [
  {
    name: 'head.categories',
    description: 'real head, the three largest categories',
    file: 'data/taobao/UserBehavior_head_4321rows.csv',
    options: { where: { categories: [3607361, 4145813, 4756105] } },
  },
  {
    name: 'head.users-file.items',
    description: 'real head, users from a file (header + comment) and a pv-only behaviour list',
    file: 'data/taobao/UserBehavior_head_4321rows.csv',
    options: { where: { users: { file: 'test/fixtures/query/users.txt' }, behaviors: ['pv'] } },
  },
  {
    name: 'dirty.behaviors-hours',
    description: 'hand-made dirty file (every reject reason), buys and carts of hours 0-12',
    file: 'test/fixtures/behavior/dirty.csv',
    options: { maxRejectSamples: 100, where: { behaviors: ['buy', 'cart'], hours: { from: 0, to: 12 } } },
  },
  {
    name: 'generated-200k.dates-hours',
    description: 'generated 200k, Dec 1-2 evenings (hours 20-23)',
    generate: GEN_200K,
    options: { where: { dates: { from: '2017-12-01', to: '2017-12-02' }, hours: { from: 20, to: 23 } } },
  },
  {
    name: 'generated-200k.users-who-carted',
    description: 'generated 200k, all events of users who carted on Dec 1-2',
    generate: GEN_200K,
    options: {
      where: { usersWho: { behaviors: ['cart'], dates: { from: '2017-12-01', to: '2017-12-02' } } },
      breakdown: true,
    },
  },
  {
    name: 'generated-200k.items-wrap-hours',
    description: 'generated 200k, items 1..5000 at night (hours 22-2, wrapping midnight), buyers only',
    generate: GEN_200K,
    options: {
      where: {
        items: Array.from({ length: 5000 }, (_, i) => i + 1),
        hours: { from: 22, to: 2 },
        usersWho: { behaviors: ['buy'] },
      },
    },
  },
  {
    name: 'generated-dirty-gz.dates',
    description: 'generated dirty gzip (header, CRLF, 2% dirty), the first three days',
    generate: GEN_DIRTY,
    options: { maxRejectSamples: 50, where: { dates: { to: '2017-11-27' } } },
  },
  {
    name: 'slice.breakdown',
    description: 'real slice, no filter, with the per-category breakdown',
    file: 'data/taobao/UserBehavior_2017-11-26_0900-1055_96168rows.csv',
    options: { where: {}, breakdown: true },
  },
  {
    name: 'dirty.breakdown-buyers',
    description: 'hand-made dirty file, rows of buyers only, with the per-category breakdown',
    file: 'test/fixtures/behavior/dirty.csv',
    options: { maxRejectSamples: 100, where: { usersWho: { behaviors: ['buy'] } }, breakdown: true },
  },
  {
    name: 'slice.nothing',
    description: 'real slice, a category that does not occur: an empty report',
    file: 'data/taobao/UserBehavior_2017-11-26_0900-1055_96168rows.csv',
    options: { where: { categories: [4294967295] } },
  },
];

async function main(): Promise<void> {
  fs.mkdirSync(generatedDir(), { recursive: true });
  const outDir = path.join(ROOT, 'test', 'fixtures', 'query');
  for (const fixture of QUERY_CASES) {
    let input: string;
    let source: Record<string, unknown>;
    if (fixture.file !== undefined) {
      input = path.join(ROOT, fixture.file);
      source = { file: fixture.file };
    } else {
      const { fileName, ...generate } = fixture.generate!;
      input = path.join(generatedDir(), fileName);
      const result = await generateBehavior({ ...generate, out: input });
      source = { generate: fixture.generate, sha256: result.sha256 };
    }
    let filteredOut = -1;
    const where = JSON.parse(JSON.stringify(fixture.options.where)) as BehaviorWhere;
    if (where.users && !Array.isArray(where.users))
      where.users = { file: path.join(ROOT, (where.users as { file: string }).file) };
    const report = await duckdbBehaviorReport(input, {
      ...fixture.options,
      where,
      threads: 2,
      onFiltered: (n) => (filteredOut = n),
    });
    const body = {
      description: fixture.description,
      generatedBy: 'scripts/reference/behavior-duckdb.ts (DuckDB, via scripts/reference/query-fixtures.ts)',
      source,
      options: fixture.options,
      filteredOut,
      report,
    };
    fs.writeFileSync(path.join(outDir, `${fixture.name}.report.json`), `${JSON.stringify(body, null, 1)}\n`);
    process.stdout.write(`${fixture.name}: ${report.overview.rows} rows, ${filteredOut} filtered out\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`query-fixtures: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
