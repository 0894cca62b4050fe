import { parseBenchRetailArgs } from '../../cli/commands/bench-retail';

describe('bench retail arguments', () => {
  test('--rows generates into --data-dir; FILE alone is timed as is', () => {
    expect(parseBenchRetailArgs(['--rows', '10_000_000', '--data-dir', '/tmp/x'])).toMatchObject({
      rows: 10_000_000,
      dataDir: '/tmp/x',
      seed: 42,
      horizon: 90,
    });
    expect(parseBenchRetailArgs(['f.csv']).file).toBe('f.csv');
    expect(parseBenchRetailArgs([]).dataDir).toBe('.bench');
  });
  test('bad values name the flag', () => {
    expect(() => parseBenchRetailArgs(['--rows', '0'])).toThrow(/invalid --rows: "0"/);
    expect(() => parseBenchRetailArgs(['--rows', '1.5'])).toThrow(/invalid --rows: "1.5"/);
    expect(() => parseBenchRetailArgs(['--rows', 'many'])).toThrow(/invalid --rows: "many"/);
    expect(() => parseBenchRetailArgs(['f.csv', '--rows', '10'])).toThrow(/FILE and --rows together/);
    expect(() => parseBenchRetailArgs(['--data-dir'])).toThrow(/missing value after --data-dir/);
    expect(() => parseBenchRetailArgs(['--wat'])).toThrow(/unknown option --wat/);
  });
});
