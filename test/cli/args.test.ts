import { parseFlags, rangedFlag, rfmThresholdsFlag, UsageError } from '../../cli/args';
import { windowFlags } from '../../cli/window-flags';
import { DataError } from '../../lib/errors';

const spec = { values: ['--workers', '--from'], booleans: ['--json'], usage: 'usage: x FILE' };

describe('parseFlags', () => {
  test('positionals, --flag VALUE, --flag=VALUE and booleans; the last value wins', () => {
    const parsed = parseFlags(['a.csv', '--workers', '1', '--json', '--workers=2', 'b.csv'], spec);
    expect(parsed.positionals).toEqual(['a.csv', 'b.csv']);
    expect([...parsed.values]).toEqual([['--workers', '2']]);
    expect([...parsed.booleans]).toEqual(['--json']);
  });
  test('a value may itself start with a dash or contain "="', () => {
    expect(parseFlags(['--from', '-03:30'], spec).values.get('--from')).toBe('-03:30');
    expect(parseFlags(['--from=a=b'], spec).values.get('--from')).toBe('a=b');
  });
  test('errors name the flag and carry the usage line; they are UsageErrors (exit 2), a kind of DataError', () => {
    expect(() => parseFlags(['--bogus'], spec)).toThrow(UsageError);
    expect(() => parseFlags(['--bogus'], spec)).toThrow(DataError);
    expect(() => parseFlags(['--bogus'], spec)).toThrow(/^unknown option --bogus\nusage: x FILE$/);
    expect(() => parseFlags(['--json=1'], spec)).toThrow(/^unknown option --json=1/);
    expect(() => parseFlags(['--workers'], spec)).toThrow(/^missing value after --workers\nusage/);
  });
  test('does not mutate its input', () => {
    const args = Object.freeze(['x', '--json']);
    parseFlags(args, spec);
    expect(args).toEqual(['x', '--json']);
  });
});

describe('value parsers', () => {
  test('rangedFlag: the range of OPTION_RANGES, which must list the flag', () => {
    expect(rangedFlag('--workers', '2', 'workers')).toBe(2);
    expect(() => rangedFlag('--workers', '0', 'workers')).toThrow(
      /^invalid --workers: "0" \(expected an integer from 1 to 64\)$/,
    );
    expect(() => rangedFlag('--workers', '1.5', 'workers')).toThrow(/invalid --workers: "1.5"/);
    expect(() => rangedFlag('--threads', '2', 'workers')).toThrow(
      'internal: --threads is not listed under OPTION_RANGES.workers.flags',
    );
  });
  test('rfmThresholdsFlag', () => {
    expect(rfmThresholdsFlag('4,4.5')).toEqual({ recency: 4, frequency: 4.5 });
    expect(() => rfmThresholdsFlag('4')).toThrow(
      /invalid --rfm-thresholds: "4" \(expected R,F such as 4,4\)/,
    );
    expect(() => rfmThresholdsFlag('4,1e9')).toThrow(
      /^invalid --rfm-thresholds: "1e9" \(expected a number from 0 to 1,000,000\)$/,
    );
  });
  test('windowFlags keeps only the flags given', () => {
    expect(windowFlags(new Map([['--utc-offset', '+00:00']]))).toEqual({ utcOffset: '+00:00' });
  });
});
