/**
 * No report ever holds NaN, Infinity or null where a number is promised (JSON.stringify writes NaN and
 * Infinity as null, so a non-finite number becomes a silent null in `--json` output).
 *
 * Every report any test builds is checked by the suite-wide hook (test/setup/check-reports.ts, proven able to
 * fail by test/setup/check-reports.test.ts). This file (1) keeps the hook complete and its allow-list honest:
 * the wrapped builders are exactly lib's public functions that return a report type, and the allow-list is
 * exactly the report fields typed `| null` (read with the TypeScript compiler) and is documented; (2) builds
 * the reports the rest of the suite would not: the behaviour reports of every bundled UserBehavior file and of
 * edge cases (empty window, one row, only buys, explicit thresholds, chunk size 7, 2 workers) and the retail
 * reports at the ends of every option range.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBehavior } from '../lib/behavior/analyze';
import { generateBehaviorText } from '../lib/generate';
import { analyzeRetail } from '../lib/lifecycle';
import { OPTION_RANGES } from '../lib/options';
import { REPORT_BUILDERS } from './setup/check-reports';
import { badNumbers, NULLABLE_FIELDS } from './setup/report-numbers';
import { nullablePaths, reportBuilderNames } from './setup/report-types';

const ROOT = path.join(__dirname, '..');
const RETAIL = path.join(ROOT, 'data/online-retail/online_retail_2010-12.csv');
let dir: string;

test('the hook wraps every public report builder; the allow-list is the fields typed | null, documented', () => {
  expect(REPORT_BUILDERS.map(([, name]) => name).sort()).toEqual(reportBuilderNames());
  expect(NULLABLE_FIELDS.map((field) => `${field.kind} ${field.path}`).sort()).toEqual(nullablePaths());
  const doc = fs.readFileSync(path.join(ROOT, 'docs/reliability.md'), 'utf8');
  for (const field of NULLABLE_FIELDS)
    expect(doc).toContain(`| ${field.kind} | \`${field.path}\` | ${field.why} |`);
});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-numbers-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('behaviour reports: every bundled file and the edge cases', async () => {
  const files = [
    ...fs
      .readdirSync(path.join(ROOT, 'data/taobao'))
      .filter((name) => /\.csv(\.gz)?$/.test(name))
      .map((name) => path.join(ROOT, 'data/taobao', name)),
  ];
  const dirty = path.join(dir, 'dirty.csv');
  fs.writeFileSync(dirty, generateBehaviorText({ rows: 20000, seed: 5, dirtyRate: 0.05 }));
  const oneRow = path.join(dir, 'one.csv');
  fs.writeFileSync(oneRow, '1,2,3,pv,1511544070\n');
  const onlyBuys = path.join(dir, 'buys.csv');
  fs.writeFileSync(onlyBuys, '1,2,3,buy,1511544070\n2,2,3,buy,1511630470\n');
  const cases: Array<[string, Parameters<typeof analyzeBehavior>[1]]> = [
    ...files.map((file): [string, Parameters<typeof analyzeBehavior>[1]] => [file, {}]),
    [dirty, {}],
    [dirty, { workers: 2, chunkRows: 7 }],
    [dirty, { rfmThresholds: { recency: 0, frequency: 1_000_000 } }],
    [dirty, { from: '2010-01-01', to: '2010-01-02' }], // empty window: every row out of window
    [oneRow, {}],
    [onlyBuys, { utcOffset: '-12:00' }],
  ];
  expect(files.length).toBeGreaterThanOrEqual(3);
  for (const [file, options] of cases) {
    const report = await analyzeBehavior(file, options);
    expect({ file, options, bad: badNumbers(report, 'behavior') }).toEqual({ file, options, bad: [] });
  }
});

test('retail reports at the ends of every option range', async () => {
  const R = OPTION_RANGES;
  const cases = [
    {},
    { clvMonths: R.clvMonths.max, lifespanYears: R.lifespanYears.max, margin: 1, discountRate: 1 },
    { clvMonths: R.clvMonths.min, lifespanYears: 0.001, margin: 0, discountRate: -0.99 },
    { C: R.C.max, threshold: 0, testSize: 0.5 },
    { C: R.C.min, threshold: 1, smoteK: 1, beeswarmRows: 0, topDrivers: R.topDrivers.max },
    { horizonDays: 14 },
  ];
  for (const options of cases) {
    // One month of data: a 7-day label horizon (the default 90 days does not fit in December 2010).
    const report = await analyzeRetail(RETAIL, { horizonDays: 7, ...options });
    const bad = badNumbers(report, 'retail');
    expect({ options, bad: bad.slice(0, 10), count: bad.length }).toEqual({ options, bad: [], count: 0 });
  }
});
