/**
 * The command line's one argument parser, used by every command, and the value parsers they share. One error
 * style: `unknown option --x` / `missing value after --x` / `unexpected argument "x"` / `invalid --flag: "value"
 * (expected ...)`, each followed by the command's usage line on a second line. Every numeric flag is checked
 * against its documented range (lib/options.ts, docs/reliability.md) before any work starts.
 */
import { DataError } from '../lib/errors';
import {
  describeRange,
  inRange,
  OPTION_RANGES,
  type DocumentedRange,
  type RangedOption,
} from '../lib/options';

/** Thrown by {@link parseFlags} for `--help` / `-h`: the dispatcher prints `usage` and exits 0. */
export class UsageRequest extends Error {
  readonly usage: string;
  constructor(usage: string) {
    super(usage);
    this.name = 'UsageRequest';
    this.usage = usage;
  }
}

/**
 * A malformed command line (unknown option, missing value or argument, an extra argument, flags that need each
 * other): the dispatcher prints the first line and a pointer to `--help`, and exits 2. The message's second line
 * is the command's usage.
 */
export class UsageError extends DataError {
  readonly usage: string;
  constructor(problem: string, usage: string) {
    super(`${problem}\n${usage}`);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

/** Which flags a command accepts. */
export interface FlagSpec {
  /** Flags that take a value: `--flag VALUE` or `--flag=VALUE`. */
  values: readonly string[];
  /** Flags without a value, such as `--json`. */
  booleans?: readonly string[];
  /** Usage line appended to every error. */
  usage: string;
}

/** Tokenized arguments: positionals in order, the last value of each value flag, the boolean flags seen. */
export interface ParsedFlags {
  positionals: string[];
  values: Map<string, string>;
  booleans: Set<string>;
}

/**
 * Splits `args` into positionals, value flags and boolean flags.
 *
 * @throws UsageError `unknown option --x` or `missing value after --x`, with the usage line.
 * @example
 * parseFlags(['in.csv', '--workers=2', '--json'], { values: ['--workers'], booleans: ['--json'], usage: '' })
 * // => { positionals: ['in.csv'], values: Map { '--workers' => '2' }, booleans: Set { '--json' } }
 */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  if (args.includes('--help') || args.includes('-h')) throw new UsageRequest(spec.usage);
  const valueFlags = new Set(spec.values);
  const booleanFlags = new Set(spec.booleans ?? []);
  const parsed: ParsedFlags = { positionals: [], values: new Map(), booleans: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (valueFlags.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`missing value after ${name}`, spec.usage);
      parsed.values.set(name, value);
    } else if (booleanFlags.has(name) && name === arg) {
      parsed.booleans.add(name);
    } else {
      throw new UsageError(`unknown option ${arg}`, spec.usage);
    }
  }
  return parsed;
}

/**
 * A numeric flag value checked against its range in `OPTION_RANGES` (lib/options.ts), where the flag must be
 * listed (so the table in docs/reliability.md, generated from it, names every numeric flag). `_` separators
 * are allowed (`1_000_000`).
 *
 * @throws DataError `invalid --clv-months: "10000000" (expected an integer from 1 to 120)`.
 * @example
 * rangedFlag('--clv-months', '24', 'clvMonths') // => 24
 */
export function rangedFlag(flag: string, text: string, range: RangedOption): number {
  const bounds: DocumentedRange = OPTION_RANGES[range];
  if (!bounds.flags.some((listed) => listed === flag || listed.endsWith(` ${flag}`)))
    throw new Error(`internal: ${flag} is not listed under OPTION_RANGES.${range}.flags`);
  const clean = text.trim().replace(/_/g, '');
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean) ? Number(clean) : NaN;
  if (!inRange(value, bounds))
    throw new DataError(`invalid ${flag}: ${JSON.stringify(text)} (expected ${describeRange(bounds)})`, {
      column: flag,
      value: text,
    });
  return value;
}

/**
 * {@link rangedFlag} for an optional flag: `fallback` when the flag was not given.
 *
 * @example
 * rangedFlagOr(new Map(), '--seed', 'seed', 1) // => 1
 */
export function rangedFlagOr<F extends number | undefined>(
  values: ReadonlyMap<string, string>,
  flag: string,
  range: RangedOption,
  fallback: F,
): number | F {
  const text = values.get(flag);
  return text === undefined ? fallback : rangedFlag(flag, text, range);
}

/**
 * The library option a numeric flag sets and its range: the entry of `OPTION_RANGES` that lists the flag, and
 * the library option at the same position (`--out-of-window-rate` is the first of `rate`'s flags and sets its
 * first option, `outOfWindowRate`).
 *
 * @throws Error (internal) when no range lists the flag with a library option.
 * @example
 * flagRange('--clv-months') // => ['clvMonths', 'clvMonths']
 */
export function flagRange(flag: string): [option: string, range: RangedOption] {
  for (const [name, value] of Object.entries(OPTION_RANGES)) {
    const range: DocumentedRange = value;
    const index = range.flags.indexOf(flag);
    const option = range.library[index];
    if (index >= 0 && option !== undefined) return [option, name as RangedOption];
  }
  throw new Error(`internal: no OPTION_RANGES entry lists ${flag} with a library option`);
}

/**
 * Sets, for every numeric flag in `flags` that was given, the library option it maps to (see {@link flagRange}),
 * checked by {@link rangedFlag}.
 *
 * @example
 * const options = {}; numericFlags(new Map([['--seed', '3']]), ['--seed'], options) // options.seed === 3
 */
export function numericFlags(
  values: ReadonlyMap<string, string>,
  flags: readonly string[],
  target: object,
): void {
  for (const flag of flags) {
    const [option, range] = flagRange(flag);
    const text = values.get(flag);
    if (text !== undefined) (target as Record<string, unknown>)[option] = rangedFlag(flag, text, range);
  }
}

/**
 * Copies the text flags that were given into `target` (flag => option name).
 *
 * @example
 * copyFlags(new Map([['--start', '2010-12-01']]), { '--start': 'start' }, options) // options.start === '2010-12-01'
 */
export function copyFlags(
  values: ReadonlyMap<string, string>,
  flags: Readonly<Record<string, string>>,
  target: object,
): void {
  for (const [flag, option] of Object.entries(flags)) {
    const text = values.get(flag);
    if (text !== undefined) (target as Record<string, unknown>)[option] = text;
  }
}

/** The value of a flag the command cannot run without. @throws UsageError `missing --rows`. */
export function requiredFlag(values: ReadonlyMap<string, string>, flag: string, usage: string): string {
  const text = values.get(flag);
  if (text === undefined || text === '') throw new UsageError(`missing ${flag}`, usage);
  return text;
}

/**
 * At most one positional argument; `what` names it in the error.
 *
 * @throws UsageError `unexpected argument "b.csv" (one FILE only)` with the usage line.
 */
export function onePositional(
  positionals: readonly string[],
  what: string,
  usage: string,
): string | undefined {
  if (positionals.length > 1)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])} (one ${what} only)`, usage);
  return positionals[0];
}

/** No positional argument allowed. @throws UsageError `unexpected argument "x"` with the usage line. */
export function noPositional(positionals: readonly string[], usage: string): void {
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, usage);
}

/** `--header auto|yes|no`. @throws DataError `invalid --header: "x" (expected auto, yes or no)`. */
export function headerFlag(text: string): 'auto' | boolean {
  const modes: Record<string, 'auto' | boolean> = { auto: 'auto', yes: true, no: false };
  const mode = modes[text];
  if (mode === undefined)
    throw new DataError(`invalid --header: ${JSON.stringify(text)} (expected auto, yes or no)`, {
      column: '--header',
      value: text,
    });
  return mode;
}

/** One of `choices`. @throws DataError `invalid --mode: "x" (expected auto, local-infile or insert)`. */
export function choiceFlag<C extends string>(flag: string, text: string, choices: readonly C[]): C {
  const found = choices.find((choice) => choice === text);
  if (found === undefined)
    throw new DataError(
      `invalid ${flag}: ${JSON.stringify(text)} (expected ${choices.slice(0, -1).join(', ')}${choices.length > 1 ? ' or ' : ''}${choices[choices.length - 1]})`,
      { column: flag, value: text },
    );
  return found;
}

/**
 * `--rfm-thresholds R,F`: explicit RFM thresholds (recent <=> R <= recency, frequent <=> F >= frequency).
 *
 * @throws DataError `invalid --rfm-thresholds: "4" (expected R,F such as 4,4)`.
 * @example
 * rfmThresholdsFlag('4,4') // => { recency: 4, frequency: 4 }
 */
export function rfmThresholdsFlag(text: string): { recency: number; frequency: number } {
  const parts = text.split(',');
  if (parts.length !== 2)
    throw new DataError(`invalid --rfm-thresholds: ${JSON.stringify(text)} (expected R,F such as 4,4)`, {
      column: '--rfm-thresholds',
      value: text,
    });
  const [recency, frequency] = parts.map((part) => rangedFlag('--rfm-thresholds', part, 'rfmThreshold'));
  return { recency: recency!, frequency: frequency! };
}
