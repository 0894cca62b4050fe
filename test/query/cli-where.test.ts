/** The filter and cache flags of `analyze behavior`: parsed into the library's `where`, bad values named. */
import { formatBehaviorReport, parseAnalyzeBehaviorArgs } from '../../cli/commands/analyze-behavior';
import { analyzeBehavior } from '../../lib/behavior/analyze';
import { whereFlags } from '../../cli/where-flags';
import { parseExportParquetArgs } from '../../cli/commands/export-parquet';

const HEAD = 'data/taobao/UserBehavior_head_4321rows.csv';

describe('analyze behavior: filter flags', () => {
  test('every filter flag maps to one where field', () => {
    const parsed = parseAnalyzeBehaviorArgs([
      HEAD,
      '--category',
      '4756105,2520377',
      '--item=7',
      '--users',
      'ids.txt',
      '--behavior',
      'cart,buy',
      '--dates',
      '2017-12-01..2017-12-02',
      '--hours',
      '22-2',
      '--users-who',
      'cart@2017-12-01..2017-12-02',
      '--cache',
      '--cache-dir',
      '/tmp/c',
    ]);
    expect(parsed.options).toEqual({
      where: {
        categories: [4756105, 2520377],
        items: [7],
        users: { file: 'ids.txt' },
        behaviors: ['cart', 'buy'],
        dates: { from: '2017-12-01', to: '2017-12-02' },
        hours: { from: 22, to: 2 },
        usersWho: { behaviors: ['cart'], dates: { from: '2017-12-01', to: '2017-12-02' } },
      },
      cache: true,
      cacheDir: '/tmp/c',
    });
    expect(
      whereFlags(
        new Map([
          ['--hours', '9,12,20'],
          ['--dates', '2017-11-30'],
        ]),
      ),
    ).toEqual({
      hours: [9, 12, 20],
      dates: { from: '2017-11-30', to: '2017-11-30' },
    });
    expect(whereFlags(new Map())).toBeUndefined();
  });

  test.each([
    [['--hours', '20-24'], /invalid --hours: "20-24" \(expected an hour range such as 20-23/],
    [['--hours', 'evening'], /invalid --hours: "evening"/],
    [['--category', '12a'], /invalid --category: "12a" \(expected comma-separated integer ids/],
    [['--item', '4294967296'], /invalid --item: "4294967296"/],
    [['--behavior', 'click'], /invalid --behavior: "click" \(expected pv, fav, cart or buy/],
    [['--dates', '2017/12/01'], /invalid --dates: "2017\/12\/01" \(expected YYYY-MM-DD/],
    [['--users-who', 'cart@12-01'], /invalid --users-who: "12-01"/],
    [['--user', '1', '--users', 'f.txt'], /not both/],
    [['--cache-dir', '/tmp/c'], /invalid --cache-dir: "\/tmp\/c" \(give --cache too\)/],
  ])('%j is rejected naming the flag and value', (flags, message) => {
    expect(() => parseAnalyzeBehaviorArgs([HEAD, ...flags])).toThrow(message);
  });

  test('the text report states the filter and the rows it left out', async () => {
    const report = await analyzeBehavior(HEAD, { where: { categories: [3607361] } });
    const text = formatBehaviorReport(HEAD, report);
    expect(text).toContain('lines 4,321 = kept 444 + filtered out 3,876 + rejected 1');
    expect(text).toContain('filter {"categories":[3607361]}: kept 444 rows, left out 3,876 clean rows');
  });
});

describe('analyze behavior --breakdown and export parquet flags', () => {
  test('--breakdown, --breakdown-top N', () => {
    expect(parseAnalyzeBehaviorArgs([HEAD, '--breakdown']).options).toEqual({ breakdown: true });
    expect(parseAnalyzeBehaviorArgs([HEAD, '--breakdown', '--breakdown-top', '20']).options).toEqual({
      breakdown: { top: 20 },
    });
    expect(() => parseAnalyzeBehaviorArgs([HEAD, '--breakdown-top', '20'])).toThrow(/give --breakdown too/);
    expect(() => parseAnalyzeBehaviorArgs([HEAD, '--breakdown', '--breakdown-top', '0'])).toThrow(
      /invalid --breakdown-top: "0"/,
    );
  });

  test('the text report lists the categories by traffic', async () => {
    const report = await analyzeBehavior(HEAD, { breakdown: { top: 3 } });
    const text = formatBehaviorReport(HEAD, report);
    expect(text).toContain(`Categories by traffic (3 of ${report.overview.categories})`);
    expect(text).toMatch(/\n +1 +3607361 +444 +13 /);
  });

  test('export parquet: flags parsed, --out required, usersWho refused', () => {
    expect(parseExportParquetArgs([HEAD, '--out', 'o', '--hours', '20-23', '--rows-per-file', '10'])).toEqual(
      {
        file: HEAD,
        out: 'o',
        options: { where: { hours: { from: 20, to: 23 } }, rowsPerFile: 10 },
      },
    );
    expect(() => parseExportParquetArgs([HEAD])).toThrow(/missing --out DIR/);
    expect(() => parseExportParquetArgs([HEAD, '--out', 'o', '--users-who', 'buy'])).toThrow(
      /invalid --users-who: not supported by the export/,
    );
    expect(() => parseExportParquetArgs([HEAD, '--out', 'o', '--rows-per-file', '0'])).toThrow(
      /invalid --rows-per-file: "0"/,
    );
  });
});
