/**
 * `npm run generate -- behavior --rows N --out FILE [--seed S] [--users U] [--categories C] [--items I]
 *  [--dirty-rate P] [--out-of-window-rate P] [--header] [--crlf] [--gzip-level L] [--quiet]`
 * Writes a seeded synthetic UserBehavior log (gzip when FILE ends in .gz) and prints what it wrote.
 */
import { DataError } from '../../lib/errors';
import { generateBehavior, type GenerateBehaviorOptions } from '../../lib/generate';
import { numberFlag } from '../args';

const USAGE =
  'usage: generate behavior --rows N --out FILE [--seed S] [--users U] [--categories C] [--items I] ' +
  '[--dirty-rate P] [--out-of-window-rate P] [--header] [--crlf] [--gzip-level L] [--quiet]';

const numberArg = (name: string, text: string | undefined): number => numberFlag(name, text, USAGE);

/** Parses the command line into generator options (exported for tests). */
export function parseGenerateArgs(args: string[]): GenerateBehaviorOptions & { quiet: boolean } {
  let rows: number | undefined;
  let out: string | undefined;
  const options: Partial<GenerateBehaviorOptions> = {};
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = (): string | undefined => args[++i];
    switch (arg) {
      case '--rows':
        rows = numberArg('rows', next());
        break;
      case '--out':
        out = next();
        break;
      case '--seed':
        options.seed = numberArg('seed', next());
        break;
      case '--users':
        options.users = numberArg('users', next());
        break;
      case '--categories':
        options.categories = numberArg('categories', next());
        break;
      case '--items':
        options.items = numberArg('items', next());
        break;
      case '--dirty-rate':
        options.dirtyRate = numberArg('dirty-rate', next());
        break;
      case '--out-of-window-rate':
        options.outOfWindowRate = numberArg('out-of-window-rate', next());
        break;
      case '--gzip-level':
        options.gzipLevel = numberArg('gzip-level', next());
        break;
      case '--header':
        options.header = true;
        break;
      case '--crlf':
        options.lineEnding = '\r\n';
        break;
      case '--quiet':
        quiet = true;
        break;
      default:
        throw new DataError(`unknown argument: ${arg} (${USAGE})`, { value: arg });
    }
  }
  if (rows === undefined) throw new DataError(`missing --rows (${USAGE})`);
  if (out === undefined || out === '') throw new DataError(`missing --out (${USAGE})`);
  return { ...options, rows, out, quiet };
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
