/**
 * The valid range of every numeric option of the library and the CLI, in one table, checked up front (before
 * any file is read or any query runs) with a message naming the option and the value. A value outside its
 * range would hang (`clvMonths: 1e7` spins for minutes), overflow (`lifespanYears: 1e308` puts Infinity in the
 * report) or fail deep inside with a raw error (`C: 1e308`, `horizonDays: 1e9`, `chunkRows: 2^32`). The ranges
 * are listed in docs/reliability.md.
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

const SAFE = Number.MAX_SAFE_INTEGER;

/** Every numeric option and its range (library option name => range). */
export const OPTION_RANGES = {
  // behaviour engine and reader
  chunkRows: { min: 1, max: 4_194_304, integer: true },
  workers: { min: 1, max: 64, integer: true },
  maxRejectSamples: { min: 0, max: 100_000, integer: true },
  // MySQL loader
  insertBatchRows: { min: 1, max: 100_000, integer: true },
  lockTimeoutSeconds: { min: 0, max: 86_400 },
  // retail pipeline
  horizonDays: { min: 1, max: 3650, integer: true },
  seed: { min: -SAFE, max: SAFE, integer: true },
  testSize: { min: 0, max: 1, minExclusive: true, maxExclusive: true },
  C: { min: 1e-6, max: 1e6 },
  smoteK: { min: 1, max: 100, integer: true },
  threshold: { min: 0, max: 1 },
  margin: { min: 0, max: 1 },
  lifespanYears: { min: 0, max: 100, minExclusive: true },
  clvMonths: { min: 1, max: 120, integer: true },
  discountRate: { min: -1, max: 1, minExclusive: true },
  topDrivers: { min: 1, max: 100, integer: true },
  beeswarmRows: { min: 0, max: 100_000, integer: true },
  // generators
  rows: { min: 0, max: 10_000_000_000, integer: true },
  users: { min: 1, max: 50_000_000, integer: true },
  categories: { min: 1, max: 10_000_000, integer: true },
  items: { min: 1, max: 100_000_000, integer: true },
  products: { min: 1, max: 80_000, integer: true },
  rate: { min: 0, max: 1 },
  gzipLevel: { min: 0, max: 9, integer: true },
} as const satisfies Record<string, OptionRange>;

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
 * checkOption('margin', '0.2') // throws DataError: invalid margin: "0.2" (expected a number from 0 to 1)
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
