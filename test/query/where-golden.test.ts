/**
 * Filtered reports vs the DuckDB reference (scripts/reference/query-fixtures.ts -> test/fixtures/query): every
 * filter kind, on real, dirty and generated data, from the CSV (1 and 2 workers) and from the columnar cache.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior';
import type { BehaviorReport } from '../../lib/behavior/types';
import { generateBehavior, type BehaviorGeneratorOptions } from '../../lib/generate';
import type { BehaviorWhere } from '../../lib/query/where';
import { firstMismatch, formatMismatch } from '../../bench/compare-reports';

interface QueryFixture {
  source: { file?: string; generate?: BehaviorGeneratorOptions & { fileName: string }; sha256?: string };
  options: {
    from?: string;
    to?: string;
    utcOffset?: string;
    maxRejectSamples?: number;
    where: BehaviorWhere;
    breakdown?: boolean;
  };
  filteredOut: number;
  report: BehaviorReport;
}

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'query');
const names = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.report.json'))
  .sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-query-golden-'));
const generated = new Map<string, Promise<string>>();
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function load(name: string): QueryFixture {
  const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as QueryFixture;
  const users = fixture.options.where.users;
  if (users && !Array.isArray(users))
    fixture.options.where.users = { file: path.join(ROOT, (users as { file: string }).file) };
  return fixture;
}

function inputOf(fixture: QueryFixture): Promise<string> {
  if (fixture.source.file !== undefined) return Promise.resolve(path.join(ROOT, fixture.source.file));
  const { fileName, ...options } = fixture.source.generate!;
  let pending = generated.get(fileName);
  if (pending === undefined) {
    pending = generateBehavior({ ...options, out: path.join(tmp, fileName) }).then((result) => {
      expect(result.sha256).toBe(fixture.source.sha256);
      return result.out;
    });
    generated.set(fileName, pending);
  }
  return pending;
}

function expectSame(expected: BehaviorReport, actual: BehaviorReport): void {
  const { query: _query, ...report } = actual as BehaviorReport & { query?: unknown };
  const mismatch = firstMismatch(expected, JSON.parse(JSON.stringify(report)));
  if (mismatch) throw new Error(`engine != DuckDB reference at ${formatMismatch(mismatch)}`);
}

describe('filtered reports equal the DuckDB reference', () => {
  test('fixtures cover every filter kind', () => {
    const kinds = new Set(names.flatMap((name) => Object.keys(load(name).options.where)));
    expect([...kinds].sort()).toEqual(
      ['behaviors', 'categories', 'dates', 'hours', 'items', 'users', 'usersWho'].sort(),
    );
  });

  test.each(names)('%s: CSV, 1 and 2 workers, and the cache (write, then read)', async (name) => {
    const fixture = load(name);
    const input = await inputOf(fixture);
    const cacheDir = path.join(tmp, `cache-${name}`);
    const runs = [
      { workers: 1 },
      { workers: 2 },
      { workers: 2, cache: true, cacheDir },
      { workers: 1, cache: true, cacheDir },
      { workers: 2, cache: true, cacheDir },
    ];
    const modes: string[] = [];
    for (const run of runs) {
      const report = await analyzeBehavior(input, { ...fixture.options, ...run });
      expectSame(fixture.report, report);
      expect(report.query!.filteredOut).toBe(fixture.filteredOut);
      const o = report.overview;
      expect(o.linesRead).toBe(o.headerLines + o.rows + report.query!.filteredOut + o.rejected);
      modes.push(report.query!.cache.mode);
    }
    expect(modes).toEqual(['off', 'off', 'written', 'hit', 'hit']);
  });
});
