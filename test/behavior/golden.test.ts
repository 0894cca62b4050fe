/**
 * Golden tests: ecomlab's streaming engine vs the independent DuckDB reference
 * (scripts/reference/behavior-duckdb.ts -> test/fixtures/behavior/*.report.json). Counts must match exactly,
 * ratios within 1e-12; a failure names the JSON path of the first mismatch.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../../lib/behavior';
import type { BehaviorReport } from '../../lib/behavior/types';
import { generateBehavior, type BehaviorGeneratorOptions } from '../../lib/generate';
import { firstMismatch, formatMismatch } from '../../bench/compare-reports';

interface Fixture {
  description: string;
  source: {
    file?: string;
    generate?: BehaviorGeneratorOptions & { fileName: string };
    sha256?: string;
  };
  options: {
    from?: string;
    to?: string;
    utcOffset?: string;
    rfmThresholds?: { recency: number; frequency: number };
    maxRejectSamples?: number;
  };
  report: BehaviorReport;
}

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'behavior');
const names = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.report.json'))
  .sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-golden-'));
const generated = new Map<string, Promise<string>>();

function load(name: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Fixture;
}

/** The input file of a fixture: committed, or regenerated from its seed with the sha256 checked. */
function inputOf(fixture: Fixture): Promise<string> {
  if (fixture.source.file !== undefined) return Promise.resolve(path.join(ROOT, fixture.source.file));
  const { fileName, ...options } = fixture.source.generate as BehaviorGeneratorOptions & { fileName: string };
  const key = JSON.stringify(fixture.source.generate);
  let pending = generated.get(key);
  if (pending === undefined) {
    pending = generateBehavior({ ...options, out: path.join(tmp, fileName) }).then((result) => {
      expect(result.sha256).toBe(fixture.source.sha256);
      return result.out;
    });
    generated.set(key, pending);
  }
  return pending;
}

function expectSameReport(expected: BehaviorReport, actual: BehaviorReport): void {
  const mismatch = firstMismatch(expected, JSON.parse(JSON.stringify(actual)));
  if (mismatch) throw new Error(`engine != DuckDB reference at ${formatMismatch(mismatch)}`);
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('golden: analyzeBehavior equals the DuckDB reference', () => {
  test('every fixture is present', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'head.report.json',
        'tail.report.json',
        'slice.report.json',
        'dirty.report.json',
        'generated-200k.report.json',
      ]),
    );
  });

  test.each(names)('%s (one worker)', async (name) => {
    const fixture = load(name);
    const input = await inputOf(fixture);
    const report = await analyzeBehavior(input, { ...fixture.options, workers: 1 });
    expectSameReport(fixture.report, report);
  });

  test.each(['slice.report.json', 'generated-200k.report.json'])('%s (two workers)', async (name) => {
    const fixture = load(name);
    const input = await inputOf(fixture);
    const report = await analyzeBehavior(input, { ...fixture.options, workers: 2 });
    expectSameReport(fixture.report, report);
  });
});

describe('golden: the fixtures themselves', () => {
  test('the comparison fails on a one-count change and names its path', () => {
    const fixture = load('head.report.json');
    const changed = JSON.parse(JSON.stringify(fixture.report)) as BehaviorReport;
    (changed.pareto.ranking[3] as { buys: number }).buys += 1;
    expect(formatMismatch(firstMismatch(fixture.report, changed)!)).toMatch(
      /^\$\.pareto\.ranking\[3\]\.buys: expected/,
    );
    const ratio = JSON.parse(JSON.stringify(fixture.report)) as BehaviorReport;
    ratio.funnel.userConversion += 1e-9;
    expect(firstMismatch(fixture.report, ratio)?.path).toBe('$.funnel.userConversion');
    ratio.funnel.userConversion -= 1e-9 - 1e-14;
    expect(firstMismatch(fixture.report, ratio)).toBeUndefined();
  });

  test('line accounting holds in every fixture: linesRead = header + rows + rejected', () => {
    for (const name of names) {
      const o = load(name).report.overview;
      const byReason = Object.values(o.rejectedByReason).reduce((a, b) => a + b, 0);
      expect([name, o.linesRead]).toEqual([name, o.headerLines + o.rows + o.rejected]);
      expect([name, o.rejected]).toEqual([name, byReason]);
    }
  });

  test('real cuts match their documented statistics (data/taobao/PROVENANCE.md)', () => {
    const head = load('head.report.json').report.overview;
    expect([head.linesRead, head.rejectedByReason.outOfWindow, head.users]).toEqual([4321, 1, 43]);
    const tail = load('tail.report.json').report.overview;
    expect([tail.linesRead, tail.rejectedByReason.outOfWindow, tail.users]).toEqual([10000, 4, 114]);
    const slice = load('slice.report.json').report.overview;
    expect([slice.rows, slice.users, slice.items, slice.categories]).toEqual([96168, 58732, 75384, 3757]);
  });

  test('the dirty fixture exercises every reject reason and the header', () => {
    const o = load('dirty.report.json').report.overview;
    expect(o.headerLines).toBe(1);
    for (const count of Object.values(o.rejectedByReason)) expect(count).toBeGreaterThan(0);
  });
});
