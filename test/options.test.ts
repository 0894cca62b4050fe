/**
 * Every numeric option has a documented range checked up front (CLI and library), with a message naming the
 * option and the value; library misuse gets a DataError, not a TypeError; one CLI parser and error style.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAnalyzeBehaviorArgs } from '../cli/commands/analyze-behavior';
import { parseAnalyzeBehaviorMysqlArgs } from '../cli/commands/analyze-behavior-mysql';
import { parseRetailArgs } from '../cli/commands/analyze-retail';
import { parseBenchArgs } from '../cli/commands/bench-behavior';
import { parseBenchMysqlArgs } from '../cli/commands/bench-mysql';
import { parseBenchRetailArgs } from '../cli/commands/bench-retail';
import { parseGenerateArgs } from '../cli/commands/generate-behavior';
import { parseGenerateRetailArgs } from '../cli/commands/generate-retail';
import { parseLoadMysqlArgs } from '../cli/commands/load-mysql';
import { flagRange, rangedFlag } from '../cli/args';
import { analyzeBehavior } from '../lib/behavior/analyze';
import { DataError } from '../lib/errors';
import { readBehaviorChunks } from '../lib/io/load-behavior';
import { analyzeRetail } from '../lib/lifecycle';
import { historicalLtv } from '../lib/ltv';
import { fitLogistic } from '../lib/model';
import { analyzeBehaviorSql, loadBehaviorIntoMySQL, parseMysqlUrl } from '../lib/mysql';
import { checkOption, describeRange, OPTION_RANGES, type DocumentedRange } from '../lib/options';
import { optionRangesTable } from '../scripts/option-ranges';

const ROOT = path.join(__dirname, '..');
const HEAD = path.join(ROOT, 'data/taobao/UserBehavior_head_4321rows.csv');
const RETAIL = path.join(ROOT, 'data/online-retail/online_retail_2010-12.csv');
const UNREACHABLE = 'mysql://root:S3cret_pw@127.0.0.1:1/test';

describe('CLI: every numeric flag is range-checked, naming the flag and the value', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'analyze retail --clv-months 10000000 (spun > 10 min)',
      () => parseRetailArgs(['--clv-months', '10000000']),
      /^invalid --clv-months: "10000000" \(expected an integer from 1 to 120\)$/,
    ],
    [
      'analyze retail --lifespan-years 1e308 (Infinity in 4,351 fields)',
      () => parseRetailArgs(['--lifespan-years', '1e308']),
      /^invalid --lifespan-years: "1e308" \(expected a number > 0 and <= 100\)$/,
    ],
    ['analyze retail --C 1e308', () => parseRetailArgs(['--C', '1e308']), /^invalid --C: "1e308"/],
    [
      'analyze retail --horizon-days 1e9',
      () => parseRetailArgs(['--horizon-days', '1e9']),
      /^invalid --horizon-days: "1e9" \(expected an integer from 1 to 3,650\)$/,
    ],
    ['analyze retail --margin 1.5', () => parseRetailArgs(['--margin', '1.5']), /^invalid --margin: "1.5"/],
    [
      'analyze retail --test-size 1',
      () => parseRetailArgs(['--test-size', '1']),
      /^invalid --test-size: "1"/,
    ],
    ['analyze retail --seed 1.5', () => parseRetailArgs(['--seed', '1.5']), /^invalid --seed: "1.5"/],
    [
      'analyze retail --top-drivers 0',
      () => parseRetailArgs(['--top-drivers', '0']),
      /^invalid --top-drivers/,
    ],
    ['analyze retail --beeswarm-rows NaN', () => parseRetailArgs(['--beeswarm-rows', 'NaN']), /"NaN"/],
    [
      'analyze behavior --chunk-rows 4294967296 (Array buffer allocation failed)',
      () => parseAnalyzeBehaviorArgs([HEAD, '--chunk-rows', '4294967296']),
      /^invalid --chunk-rows: "4294967296" \(expected an integer from 1 to 4,194,304\)$/,
    ],
    [
      'analyze behavior --workers 65',
      () => parseAnalyzeBehaviorArgs([HEAD, '--workers', '65']),
      /--workers: "65"/,
    ],
    [
      'analyze behavior --max-reject-samples 1e9',
      () => parseAnalyzeBehaviorArgs([HEAD, '--max-reject-samples', '1e9']),
      /^invalid --max-reject-samples: "1e9"/,
    ],
    [
      'analyze behavior --mysql --max-reject-samples -1',
      () => parseAnalyzeBehaviorMysqlArgs(['--mysql', 'mysql://x/db', '--max-reject-samples', '-1']),
      /^invalid --max-reject-samples: "-1"/,
    ],
    [
      'load mysql --max-reject-samples x',
      () => parseLoadMysqlArgs(['f.csv', '--url', 'mysql://x/db', '--max-reject-samples', 'x']),
      /^invalid --max-reject-samples: "x"/,
    ],
    [
      'load mysql --mode fast',
      () => parseLoadMysqlArgs(['f.csv', '--url', 'mysql://x/db', '--mode', 'fast']),
      /^invalid --mode: "fast" \(expected auto, local-infile or insert\)$/,
    ],
    [
      'generate behavior --rows 1e11',
      () => parseGenerateArgs(['--rows', '1e11', '--out', 'x']),
      /^invalid --rows: "1e11" \(expected an integer from 0 to 10,000,000,000\)$/,
    ],
    [
      'generate behavior --gzip-level 10',
      () => parseGenerateArgs(['--rows', '1', '--out', 'x', '--gzip-level', '10']),
      /--gzip-level: "10"/,
    ],
    [
      'generate behavior --dirty-rate 1',
      () => parseGenerateArgs(['--rows', '1', '--out', 'x', '--dirty-rate', '1']),
      /--dirty-rate: "1"/,
    ],
    [
      'generate retail --products 0',
      () => parseGenerateRetailArgs(['--rows', '1', '--out', 'x', '--products', '0']),
      /--products: "0"/,
    ],
    [
      'generate retail --cancellation-rate 2',
      () => parseGenerateRetailArgs(['--rows', '1', '--out', 'x', '--cancellation-rate', '2']),
      /--cancellation-rate: "2"/,
    ],
    ['bench behavior --rows 0', () => parseBenchArgs(['--rows', '0']), /^invalid --rows: "0"/],
    [
      'bench behavior --threads 1000',
      () => parseBenchArgs(['--rows', '1', '--threads', '1000']),
      /--threads: "1000"/,
    ],
    [
      'bench mysql --repeat 1000',
      () => parseBenchMysqlArgs(['--rows', '1', '--repeat', '1000']),
      /--repeat: "1000"/,
    ],
    [
      'bench retail --horizon-days 0',
      () => parseBenchRetailArgs(['--horizon-days', '0']),
      /--horizon-days: "0"/,
    ],
  ];
  test.each(cases)('%s', (_, parse, message) => {
    expect(parse).toThrow(DataError);
    expect(parse).toThrow(message);
  });

  test('one error style for unknown options and extra arguments in every command', () => {
    for (const parse of [
      () => parseRetailArgs(['--bogus']),
      () => parseAnalyzeBehaviorArgs([HEAD, '--bogus']),
      () => parseGenerateArgs(['--bogus']),
      () => parseGenerateRetailArgs(['--bogus']),
      () => parseBenchArgs(['--bogus']),
      () => parseBenchMysqlArgs(['--bogus']),
      () => parseBenchRetailArgs(['--bogus']),
      () => parseLoadMysqlArgs(['--bogus']),
      () => parseAnalyzeBehaviorMysqlArgs(['--bogus']),
    ])
      expect(parse).toThrow(/^unknown option --bogus\nusage: ecomlab /);
    expect(() => parseGenerateArgs(['x', '--rows', '1', '--out', 'y'])).toThrow(/^unexpected argument "x"/);
  });

  test('values in range pass, with _ separators', () => {
    expect(
      parseRetailArgs(['--clv-months', '120', '--lifespan-years', '0.5', '--C', '1e-3']).options,
    ).toEqual({
      clvMonths: 120,
      lifespanYears: 0.5,
      C: 0.001,
    });
    expect(rangedFlag('--rows', '1_000_000', 'rows')).toBe(1000000);
  });

  test('the real CLI: exit 1 at once with one line; --help prints the usage, exit 0', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), 'cli/ecomlab.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60000,
      });
    const started = Date.now();
    const bad = cli('analyze', 'retail', RETAIL, '--clv-months', '10000000');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'ecomlab: invalid --clv-months: "10000000" (expected an integer from 1 to 120)\n',
    );
    expect(Date.now() - started).toBeLessThan(30000);
    const help = cli('generate', 'behavior', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: ecomlab generate behavior --rows N --out FILE/);
  });
});

describe('library: ranges checked before any work, DataError for misuse', () => {
  test('analyzeRetail refuses out-of-range and mistyped options before reading the file', async () => {
    for (const [options, message] of [
      [{ clvMonths: 1e7 }, /^invalid clvMonths: 10000000 \(expected an integer from 1 to 120\)$/],
      [{ lifespanYears: 1e308 }, /^invalid lifespanYears: 1e\+308/],
      [{ C: 1e308 }, /^invalid C: 1e\+308/],
      [{ horizonDays: 1e9 }, /^invalid horizonDays: 1000000000/],
      [{ margin: '0.2' }, /^invalid margin: "0.2" \(expected a number from 0 to 1\)$/],
      [{ threshold: NaN }, /^invalid threshold: NaN/],
      [{ onProgress: 'x' }, /^invalid onProgress: "x" \(expected a function\)$/],
    ] as const) {
      const started = Date.now();
      await expect(analyzeRetail('no/such/file.csv', options as never)).rejects.toThrow(DataError);
      await expect(analyzeRetail('no/such/file.csv', options as never)).rejects.toThrow(message);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    await expect(analyzeRetail(undefined as never)).rejects.toThrow(/^invalid file: undefined/);
  });

  test('analyzeBehavior / readBehaviorChunks / loadBehaviorIntoMySQL', async () => {
    await expect(analyzeBehavior(HEAD, { chunkRows: 2 ** 32 })).rejects.toThrow(
      /^invalid chunkRows: 4294967296 \(expected an integer from 1 to 4,194,304\)$/,
    );
    await expect(analyzeBehavior(HEAD, { onProgress: 'x' as never })).rejects.toThrow(
      /^invalid onProgress: "x" \(expected a function\)$/,
    );
    await expect(analyzeBehavior(HEAD, { workers: '2' as never })).rejects.toThrow(/^invalid workers: "2"/);
    await expect(analyzeBehavior(undefined as never)).rejects.toThrow(DataError);
    expect(() => readBehaviorChunks(HEAD, { maxRejectSamples: Infinity })).toThrow(
      /^invalid maxRejectSamples: Infinity/,
    );
    await expect(
      loadBehaviorIntoMySQL(HEAD, { url: UNREACHABLE, table: 't', onProgress: 'x' as never }),
    ).rejects.toThrow(/^invalid onProgress: "x"/);
  });

  test('analyzeBehaviorSql: misuse and NaN thresholds are DataErrors before any connection', async () => {
    await expect(analyzeBehaviorSql(undefined as never, 'ub')).rejects.toThrow(DataError);
    await expect(analyzeBehaviorSql(undefined as never, 'ub')).rejects.toThrow(
      /^invalid target: undefined \(expected a mysql:\/\/ URL/,
    );
    await expect(analyzeBehaviorSql(42 as never, 'ub')).rejects.toThrow(/^invalid target: number/);
    // An unreachable server: a connection attempt would fail with ECONNREFUSED instead of these messages.
    await expect(
      analyzeBehaviorSql(UNREACHABLE, 'ub', { rfmThresholds: { recency: NaN, frequency: 1 } }),
    ).rejects.toThrow(/^invalid rfmThresholds.recency: NaN/);
    await expect(analyzeBehaviorSql(UNREACHABLE, 'ub', { maxRejectSamples: -1 })).rejects.toThrow(
      /^invalid maxRejectSamples: -1/,
    );
    await expect(analyzeBehaviorSql(UNREACHABLE, 'ub', { onQuery: 'x' as never })).rejects.toThrow(
      /^invalid onQuery: "x"/,
    );
  });

  test('a malformed percent-escape in a MySQL URL names the part and never the password', async () => {
    const url = 'mysql://root:pa%zzword@127.0.0.1:3306/test';
    expect(() => parseMysqlUrl(url)).toThrow(DataError);
    expect(() => parseMysqlUrl(url)).toThrow(
      'invalid mysql url: "mysql://root:***@127.0.0.1:3306/test" (malformed percent-escape in the password; write a literal % as %25)',
    );
    for (const attempt of [
      analyzeBehaviorSql(url, 'ub'),
      loadBehaviorIntoMySQL(HEAD, { url, table: 'ub' }),
    ]) {
      const error = (await attempt.catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(DataError);
      expect(`${error.message}${error.stack}`).not.toContain('pa%zz');
      expect(error.message).not.toMatch(/URI malformed/);
    }
  });

  test('building blocks: historicalLtv, fitLogistic and checkOption', () => {
    expect(() => historicalLtv({} as never, { margin: '0.2' as never })).toThrow(/^invalid margin: "0.2"/);
    expect(() => fitLogistic([[1], [2]], [0, 1], { C: 1e308 })).toThrow(/^invalid C: 1e\+308/);
    expect(() => checkOption('clvMonths', 121)).toThrow(/expected an integer from 1 to 120/);
    expect(describeRange(OPTION_RANGES.testSize)).toBe('a number > 0 and < 1');
  });
});

describe('the option-range table cannot drift', () => {
  const sources = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(rel);
      return entry.name.endsWith('.ts') ? [fs.readFileSync(path.join(ROOT, rel), 'utf8')] : [];
    });
  const cli = sources('cli').join('\n');

  test('docs/reliability.md holds the table generated from OPTION_RANGES (npx tsx scripts/option-ranges.ts)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/reliability.md'), 'utf8');
    const start = doc.indexOf('<!-- option-ranges:start -->');
    const end = doc.indexOf('<!-- option-ranges:end -->');
    expect(start).toBeGreaterThan(0);
    expect(doc.slice(start + '<!-- option-ranges:start -->'.length, end).trim()).toBe(optionRangesTable());
  });

  test('every numeric flag of the CLI is checked against a range that lists it, and every listed flag exists', () => {
    const used: Array<[string, string]> = [];
    for (const match of cli.matchAll(/rangedFlag\(\s*'([^']+)',[^;]*?'(\w+)'\s*\)/g))
      used.push([match[1]!, match[2]!]);
    for (const match of cli.matchAll(/rangedFlagOr\(\s*[\w.]+,\s*'([^']+)',\s*'(\w+)'/g))
      used.push([match[1]!, match[2]!]);
    // numericFlags lists: each flag maps to its range and library option through OPTION_RANGES (flagRange).
    for (const list of cli.matchAll(/NUMERIC = \[([^\]]*)\]|numericFlags\(values, \[([^\]]*)\]/g))
      for (const flag of (list[1] ?? list[2] ?? '').matchAll(/'(--[\w-]+)'/g))
        used.push([flag[1]!, flagRange(flag[1]!)[1]]);
    expect(used.length).toBeGreaterThan(40);
    const ranges: Record<string, DocumentedRange> = OPTION_RANGES;
    const unlisted = used.filter(
      ([flag, range]) => !ranges[range]?.flags.some((f) => f === flag || f.endsWith(` ${flag}`)),
    );
    expect(unlisted).toEqual([]);
    const listed = Object.values(ranges).flatMap((range) => range.flags.map((f) => f.split(' ').pop()!));
    expect(listed.filter((flag) => !cli.includes(`'${flag}'`))).toEqual([]);
    // No numeric flag parsed around the table: integerFlag is gone, and no flag value goes through Number().
    expect(cli).not.toMatch(/integerFlag|Number\(values\.get|Number\(flags\.values/);
  });
});
