/**
 * `npm run generate -- behavior --rows N --out FILE [--seed S] [--users U] [--categories C] [--items I]
 *  [--dirty-rate P] [--out-of-window-rate P] [--header] [--crlf] [--gzip-level L] [--quiet]`
 * Writes a seeded synthetic UserBehavior log (gzip when FILE ends in .gz) and prints what it wrote.
 */
import { generateBehavior, type GenerateBehaviorOptions } from '../../lib/generate';
import { noPositional, numericFlags, parseFlags, requiredFlag } from '../args';

const USAGE =
  'usage: ecomlab generate behavior --rows N --out FILE [--seed S] [--users U] [--categories C] [--items I] ' +
  '[--dirty-rate P] [--out-of-window-rate P] [--header] [--crlf] [--gzip-level L] [--quiet]';

const NUMERIC = [
  '--rows',
  '--seed',
  '--users',
  '--categories',
  '--items',
  '--dirty-rate',
  '--out-of-window-rate',
  '--gzip-level',
];

/** Parses the command line into generator options (exported for tests). */
export function parseGenerateArgs(args: string[]): GenerateBehaviorOptions & { quiet: boolean } {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--out', ...NUMERIC],
    booleans: ['--header', '--crlf', '--quiet'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const options: Partial<GenerateBehaviorOptions> = {};
  numericFlags(values, NUMERIC, options);
  if (booleans.has('--header')) options.header = true;
  if (booleans.has('--crlf')) options.lineEnding = '\r\n';
  requiredFlag(values, '--rows', USAGE);
  const out = requiredFlag(values, '--out', USAGE);
  return { ...options, rows: options.rows!, out, quiet: booleans.has('--quiet') };
}

/** Entry point called by cli/ecomlab.ts. */
export async function run(args: string[]): Promise<void> {
  const { quiet, ...options } = parseGenerateArgs(args);
  let lastPercent = -1;
  const result = await generateBehavior({
    ...options,
    onProgress: quiet
      ? undefined
      : ({ rows, rowsTotal }) => {
          const percent = rowsTotal > 0 ? Math.floor((100 * rows) / rowsTotal) : 100;
          if (process.stderr.isTTY && percent !== lastPercent) {
            lastPercent = percent;
            process.stderr.write(`\rgenerate behavior: ${percent}%`);
          }
        },
  });
  if (!quiet && process.stderr.isTTY) process.stderr.write('\r');
  process.stdout.write(
    `${result.out}: ${result.rows} rows (${result.outOfWindowRows} outside the window, ${result.dirtyLines} dirty lines), ` +
      `${result.users} users, ${result.bytes} bytes uncompressed, sha256 ${result.sha256}, ` +
      `${result.seconds.toFixed(2)} s (${Math.round(result.rows / Math.max(result.seconds, 1e-9)).toLocaleString('en-US')} rows/s)\n`,
  );
}
