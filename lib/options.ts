/**
 * The valid range of every numeric option of the library and the CLI, in one table, checked up front (before
 * any file is read or any query runs) with a message naming the option and the value. A value outside its
 * range would hang (`clvMonths: 1e7` spins for minutes), overflow (`lifespanYears: 1e308` puts Infinity in the
 * report) or fail deep inside with a raw error (`C: 1e308`, `horizonDays: 1e9`, `chunkRows: 2^32`). The table
 * in docs/reliability.md is generated from {@link OPTION_RANGES}.
 */
import { DataError } from './errors';

/** A closed (or half-open) numeric range. */
export interface OptionRange {
  min: number;
  max: number;
  /** Only integers. Default false. */
  integer?: boolean;
  /** `min` itself is not allowed. */
  minExclusive?: boolean;
  /** `max` itself is not allowed. */
  maxExclusive?: boolean;
}

/** A documented range: the library option(s) and command-line flags it bounds, and why it is bounded. */
export interface DocumentedRange extends OptionRange {
  /** Command-line flags (and environment variables) checked against this range; empty for library-only options. */
  flags: readonly string[];
  /** Library options checked against it (`opts.name`); empty for command-line-only ranges. */
  library: readonly string[];
  /** Why a bound (what happened without it), for docs/reliability.md. */
  why?: string;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const RATE_FLAGS = [
  '--out-of-window-rate',
  '--missing-customer-rate',
  '--cancellation-rate',
  '--duplicate-rate',
  '--zero-price-rate',
] as const;

/**
 * Every numeric option of the library and every numeric flag of the command line, with its range. The table in
 * docs/reliability.md is generated from this (`npx tsx scripts/option-ranges.ts`; test/options.test.ts fails
 * when they differ), and `rangedFlag` (cli/args.ts) refuses a flag that is not listed here under its range.
 */
export const OPTION_RANGES = {
  // behaviour engine and reader
  chunkRows: {
    min: 1,
    max: 4_194_304,
    integer: true,
    flags: ['--chunk-rows'],
    library: ['chunkRows'],
    why: '`--chunk-rows 4294967296` failed with `Array buffer allocation failed`',
  },
  workers: { min: 1, max: 64, integer: true, flags: ['--workers'], library: ['workers'] },
  maxRejectSamples: {
    min: 0,
    max: 100_000,
    integer: true,
    flags: ['--max-reject-samples'],
    library: ['maxRejectSamples'],
    why: 'samples are kept in memory and in the report',
  },
  rfmThreshold: {
    min: 0,
    max: 1_000_000,
    flags: ['--rfm-thresholds'],
    library: ['rfmThresholds.recency', 'rfmThresholds.frequency'],
    why: 'NaN used to be refused only after 2.2 s of SQL queries',
  },
  breakdownTop: { min: 1, max: 10_000_000, integer: true, flags: ['--breakdown-top'], library: [] },
  rowsPerFile: {
    min: 1,
    max: 16_777_216,
    integer: true,
    flags: ['--rows-per-file'],
    library: [],
    why: 'rows are buffered per day before a Parquet file is written',
  },
  // MySQL loader
  insertBatchRows: { min: 1, max: 100_000, integer: true, flags: [], library: ['insertBatchRows'] },
  lockTimeoutSeconds: { min: 0, max: 86_400, flags: [], library: ['lockTimeoutSeconds'] },
  // retail pipeline
  horizonDays: {
    min: 1,
    max: 3650,
    integer: true,
    flags: ['--horizon-days'],
    library: ['horizonDays'],
    why: '`1e9` failed with `Invalid time value`',
  },
  seed: { min: -SAFE, max: SAFE, integer: true, flags: ['--seed', 'ECOMLAB_SEED'], library: ['seed'] },
  testSize: {
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
    flags: ['--test-size'],
    library: ['testSize'],
  },
  C: {
    min: 1e-6,
    max: 1e6,
    flags: ['--C'],
    library: ['C'],
    why: '`1e308` failed with `Matrix is not symmetric`',
  },
  smoteK: { min: 1, max: 100, integer: true, flags: [], library: ['smoteK'] },
  threshold: { min: 0, max: 1, flags: [], library: ['threshold'] },
  margin: {
    min: 0,
    max: 1,
    flags: ['--margin'],
    library: ['margin'],
    why: "a number: `'0.2'` is refused",
  },
  lifespanYears: {
    min: 0,
    max: 100,
    minExclusive: true,
    flags: ['--lifespan-years'],
    library: ['lifespanYears'],
    why: '`1e308` put Infinity in 4,351 fields (`null` in JSON) with exit 0',
  },
  clvMonths: {
    min: 1,
    max: 120,
    integer: true,
    flags: ['--clv-months'],
    library: ['clvMonths', 'months'],
    why: '`10000000` spun the CPU for over 10 minutes; 600 months took 53 s, against 12 s for 12',
  },
  discountRate: { min: -1, max: 1, minExclusive: true, flags: [], library: ['discountRate'] },
  topDrivers: { min: 1, max: 100, integer: true, flags: ['--top-drivers'], library: ['topDrivers'] },
  beeswarmRows: {
    min: 0,
    max: 100_000,
    integer: true,
    flags: ['--beeswarm-rows'],
    library: ['beeswarmRows'],
  },
  // generators
  rows: { min: 0, max: 10_000_000_000, integer: true, flags: ['--rows'], library: ['rows'] },
  users: { min: 1, max: 50_000_000, integer: true, flags: ['--users'], library: ['users'] },
  categories: {
    min: 1,
    max: 10_000_000,
    integer: true,
    flags: ['--categories'],
    library: ['categories'],
  },
  items: { min: 1, max: 100_000_000, integer: true, flags: ['--items'], library: ['items'] },
  products: { min: 1, max: 80_000, integer: true, flags: ['--products'], library: ['products'] },
  rate: {
    min: 0,
    max: 1,
    flags: RATE_FLAGS,
    library: ['outOfWindowRate', 'missingCustomerRate', 'cancellationRate', 'duplicateRate', 'zeroPriceRate'],
  },
  dirtyRate: { min: 0, max: 1, maxExclusive: true, flags: ['--dirty-rate'], library: ['dirtyRate'] },
  gzipLevel: { min: 0, max: 9, integer: true, flags: ['--gzip-level'], library: ['gzipLevel'] },
  // command line only: benchmarks, notebooks
  benchRows: {
    min: 1,
    max: 10_000_000_000,
    integer: true,
    flags: ['bench behavior --rows', 'bench query --rows'],
    library: [],
  },
  benchMysqlRows: {
    min: 1,
    max: 4_294_967_295,
    integer: true,
    flags: ['bench mysql --rows', 'bench mysql --insert-rows'],
    library: [],
    why: 'the MySQL schema stores ids as unsigned 32-bit integers',
  },
  benchRetailRows: { min: 1, max: 1_000_000_000, integer: true, flags: ['bench retail --rows'], library: [] },
  threads: { min: 1, max: 256, integer: true, flags: ['--threads'], library: [] },
  repeat: { min: 1, max: 100, integer: true, flags: ['--repeat'], library: [] },
  timeoutSeconds: {
    min: 1,
    max: 604_800,
    integer: true,
    flags: ['--timeout'],
    library: [],
    why: 'per notebook cell; a week at most',
  },
  port: { min: 1, max: 65_535, integer: true, flags: ['--port'], library: [] },
} as const satisfies Record<string, DocumentedRange>;

/** Name of an option with a range in {@link OPTION_RANGES}. */
export type RangedOption = keyof typeof OPTION_RANGES;

/**
 * The range in words.
 *
 * @example
 * describeRange(OPTION_RANGES.clvMonths) // => 'an integer from 1 to 120'
 * describeRange(OPTION_RANGES.lifespanYears) // => 'a number > 0 and <= 100'
 */
export function describeRange(range: OptionRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  const fmt = (n: number) =>
    Math.abs(n) === SAFE
      ? `${n < 0 ? '-' : ''}2^53-1`
      : n.toLocaleString('en-US', { maximumFractionDigits: 12 });
  if (!range.minExclusive && !range.maxExclusive)
    return `${kind} from ${fmt(range.min)} to ${fmt(range.max)}`;
  return `${kind} ${range.minExclusive ? '>' : '>='} ${fmt(range.min)} and ${range.maxExclusive ? '<' : '<='} ${fmt(range.max)}`;
}

/** True when `value` is a number inside `range`. */
export function inRange(value: unknown, range: OptionRange): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (range.integer && !Number.isInteger(value)) return false;
  if (range.minExclusive ? value <= range.min : value < range.min) return false;
  if (range.maxExclusive ? value >= range.max : value > range.max) return false;
  return true;
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value); // NaN and Infinity stay visible
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Checks a numeric option against its range. Strings, NaN and Infinity are refused (a string `'0.2'` is not
 * silently coerced).
 *
 * @param name the option as the caller named it (`clvMonths`, or `--clv-months` from the CLI)
 * @param range the range, by default `OPTION_RANGES[name]`
 * @throws {DataError} `invalid clvMonths: 10000000 (expected an integer from 1 to 120)`
 * @example
 * checkOption('margin', 0.2) // => undefined
 * checkOption('margin', '0.2') // => throws DataError: invalid margin: "0.2" (expected a number from 0 to 1)
 */
export function checkOption(
  name: string,
  value: unknown,
  range: OptionRange = OPTION_RANGES[name as RangedOption],
): asserts value is number {
  if (range === undefined) throw new Error(`internal: no range for option ${name}`);
  if (!inRange(value, range))
    throw new DataError(`invalid ${name}: ${show(value)} (expected ${describeRange(range)})`, {
      column: name,
      value,
    });
}

/**
 * Checks that `value` is undefined or a function (a progress callback, for instance).
 *
 * @throws {DataError} `invalid onProgress: "x" (expected a function)`
 */
export function checkCallback(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function')
    throw new DataError(`invalid ${name}: ${show(value)} (expected a function)`, { column: name, value });
}

/**
 * Checks an options argument: undefined (every default) or a plain object. An array, a string, a number or
 * `null` is refused instead of being read as "no options" or failing later with a TypeError.
 *
 * @throws {DataError} `invalid options: 42 (expected an object such as { workers: 2 })`
 * @example
 * checkOptionsObject(undefined) // => {}
 */
export function checkOptionsObject<T extends object>(value: T | undefined, name = 'options'): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DataError(`invalid ${name}: ${show(value)} (expected an object)`, { column: name, value });
  return value;
}

/**
 * Checks that `value` is undefined or a boolean (`strict: 'yes'` or `1` is refused, not read as true).
 *
 * @throws {DataError} `invalid strict: "yes" (expected true or false)`
 */
export function checkBooleanOption(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean')
    throw new DataError(`invalid ${name}: ${show(value)} (expected true or false)`, { column: name, value });
}

/**
 * Checks that `value` is undefined or a non-empty string (a path, a name).
 *
 * @throws {DataError} `invalid source: 42 (expected a non-empty string)`
 */
export function checkStringOption(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    throw new DataError(`invalid ${name}: ${show(value)} (expected a non-empty string)`, {
      column: name,
      value,
    });
}
