/**
 * The command line's one argument tokenizer and the value parsers the commands share. Every error is a
 * `DataError` naming the flag and the value, followed by the command's usage line.
 */
import { DataError } from '../lib/errors';

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
 * @throws DataError `unknown option --x` or `missing value after --x`, with the usage line.
 * @example
 * parseFlags(['in.csv', '--workers=2', '--json'], { values: ['--workers'], booleans: ['--json'], usage: '' })
 * // => { positionals: ['in.csv'], values: Map { '--workers' => '2' }, booleans: Set { '--json' } }
 */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
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
      if (value === undefined) throw new DataError(`missing value after ${name}\n${spec.usage}`);
      parsed.values.set(name, value);
    } else if (booleanFlags.has(name) && name === arg) {
      parsed.booleans.add(name);
    } else {
      throw new DataError(`unknown option ${arg}\n${spec.usage}`);
    }
  }
  return parsed;
}

/**
 * An integer flag value of at least `min`.
 *
 * @throws DataError `invalid --workers: "0" (expected an integer >= 1)`.
 * @example
 * integerFlag('--workers', '2', 1) // => 2
 */
export function integerFlag(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new DataError(`invalid ${flag}: ${JSON.stringify(text)} (expected an integer >= ${min})`);
  return Number(text);
}

/**
 * `--rfm-thresholds R,F`: explicit RFM thresholds (recent <=> R <= recency, frequent <=> F >= frequency).
 *
 * @throws DataError `invalid --rfm-thresholds: "4" (expected R,F such as 4,4)`.
 * @example
 * rfmThresholdsFlag('4,4') // => { recency: 4, frequency: 4 }
 */
export function rfmThresholdsFlag(text: string): { recency: number; frequency: number } {
  const match = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(text);
  if (!match)
    throw new DataError(`invalid --rfm-thresholds: ${JSON.stringify(text)} (expected R,F such as 4,4)`);
  return { recency: Number(match[1]), frequency: Number(match[2]) };
}

/** The window flags shared by the commands that read a UserBehavior file. */
export const WINDOW_FLAGS = ['--from', '--to', '--utc-offset'] as const;

/**
 * `--from`, `--to` and `--utc-offset` as window options (validated later by `resolveBehaviorWindow`).
 *
 * @example
 * windowFlags(new Map([['--from', '2017-11-25']])) // => { from: '2017-11-25' }
 */
export function windowFlags(values: ReadonlyMap<string, string>): {
  from?: string;
  to?: string;
  utcOffset?: string;
} {
  const window: { from?: string; to?: string; utcOffset?: string } = {};
  if (values.has('--from')) window.from = values.get('--from');
  if (values.has('--to')) window.to = values.get('--to');
  if (values.has('--utc-offset')) window.utcOffset = values.get('--utc-offset');
  return window;
}

/**
 * A finite number flag value (`_` separators allowed: `--rows 1_000_000`).
 *
 * @param name - The flag without its dashes, as named in the error.
 * @throws DataError `invalid --rows: "many" (usage…)`.
 * @example
 * numberFlag('rows', '1_000', 'usage: …') // => 1000
 */
export function numberFlag(name: string, text: string | undefined, usage: string): number {
  const value = text === undefined ? NaN : Number(text.replace(/_/g, ''));
  if (text === undefined || text.trim() === '' || !Number.isFinite(value))
    throw new DataError(`invalid --${name}: ${JSON.stringify(text ?? null)} (${usage})`, {
      column: name,
      value: text,
    });
  return value;
}
