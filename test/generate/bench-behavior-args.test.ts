/** Command-line parsing of `npm run bench -- behavior` (the benchmark itself is a script, not a timed test). */
import * as path from 'node:path';
import { parseBenchArgs } from '../../cli/commands/bench-behavior';

describe('parseBenchArgs', () => {
  test('defaults: engine workers auto, DuckDB 2 threads, seed 1, cache in .bench/', () => {
    const args = parseBenchArgs(['--rows', '10_000_000']);
    expect(args).toMatchObject({
      rows: 10_000_000,
      workers: 'auto',
      threads: 2,
      seed: 1,
      engine: 'auto',
      skipDuckdb: false,
    });
    expect(path.basename(args.dir)).toBe('.bench');
  });

  test('explicit options', () => {
    expect(
      parseBenchArgs([
        '--rows',
        '5',
        '--workers',
        '2',
        '--threads',
        '1',
        '--seed',
        '9',
        '--engine',
        'src',
        '--skip-duckdb',
      ]),
    ).toMatchObject({ rows: 5, workers: 2, threads: 1, seed: 9, engine: 'src', skipDuckdb: true });
  });

  test('errors name the argument and the value', () => {
    expect(() => parseBenchArgs([])).toThrow(/missing --rows/);
    expect(() => parseBenchArgs(['--rows', '0'])).toThrow(/invalid --rows: "0"/);
    expect(() => parseBenchArgs(['--rows', '1', '--workers', 'many'])).toThrow(/invalid --workers: "many"/);
    expect(() => parseBenchArgs(['--rows', '1', '--engine', 'gpu'])).toThrow(/invalid --engine: "gpu"/);
    expect(() => parseBenchArgs(['--rows', '1', '--fast'])).toThrow(/unknown option --fast/);
  });
});
