/**
 * `ecomlab load mysql FILE [options]`: load a UserBehavior CSV into MySQL/MariaDB (lib/mysql).
 *
 *   --url mysql://user:pass@host:port/db   server (default: $ECOMLAB_MYSQL_URL)
 *   --table T                  target table (default user_behavior)
 *   --strict                   fail when the server refuses LOAD DATA LOCAL INFILE (default: fall back to INSERTs)
 *   --mode auto|local-infile|insert   transfer path (default auto)
 *   --from DATE --to DATE      window days YYYY-MM-DD (default 2017-11-25..2017-12-03)
 *   --utc-offset +08:00        UTC offset of event_date / event_hour (default +08:00)
 *   --skip-binlog              SET sql_log_bin = 0 for the load (privileged; not replicated)
 *   --header auto|yes|no       first-line header handling, as in `analyze behavior FILE` (default auto)
 *   --max-reject-samples N     reject samples stored with the load (default 20); `analyze behavior --mysql`
 *                              can show at most these
 *   --json                     print the load result as JSON
 *   --progress                 progress on stderr even when stderr is not a terminal
 */
import { choiceFlag, headerFlag, numericFlags, onePositional, parseFlags, UsageError } from '../args';
import { WINDOW_FLAGS, WINDOW_USAGE, windowFlags } from '../window-flags';
import { loadBehaviorIntoMySQL, redactUrl, type LoadBehaviorOptions } from '../../lib/mysql';
import { withInputFile } from '../input';
import { int, progressPrinter } from '../progress';

const USAGE =
  'usage: ecomlab load mysql FILE --url mysql://user:pass@host:port/db [--table T] [--strict] ' +
  `[--mode auto|local-infile|insert] ${WINDOW_USAGE} [--skip-binlog] ` +
  '[--header auto|yes|no] [--max-reject-samples N] [--json] [--progress]';

/** Parsed command line of `load mysql`. */
export interface LoadMysqlArgs {
  file: string;
  json: boolean;
  progress: boolean;
  options: LoadBehaviorOptions & { url: string };
}

const MODES = ['auto', 'local-infile', 'insert'] as const;

/** Parses the arguments after `load mysql`. @throws {DataError} naming the bad flag or value. */
export function parseLoadMysqlArgs(args: string[], env: NodeJS.ProcessEnv = process.env): LoadMysqlArgs {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--url', '--table', '--mode', '--header', '--max-reject-samples', ...WINDOW_FLAGS],
    booleans: ['--strict', '--skip-binlog', '--json', '--progress'],
    usage: USAGE,
  });
  const options: LoadBehaviorOptions = windowFlags(values);
  const table = values.get('--table');
  if (table !== undefined) options.table = table;
  const mode = values.get('--mode');
  if (mode !== undefined) options.mode = choiceFlag('--mode', mode, MODES);
  const header = values.get('--header');
  if (header !== undefined) options.header = headerFlag(header);
  numericFlags(values, ['--max-reject-samples'], options);
  if (booleans.has('--strict')) options.strict = true;
  if (booleans.has('--skip-binlog')) options.skipBinlog = true;
  const file = onePositional(positionals, 'FILE', USAGE);
  if (file === undefined) throw new UsageError(`missing FILE`, USAGE);
  const url = values.get('--url') ?? env.ECOMLAB_MYSQL_URL;
  if (url === undefined || url === '')
    throw new UsageError(`missing --url (or set ECOMLAB_MYSQL_URL)`, USAGE);
  return {
    file,
    json: booleans.has('--json'),
    progress: booleans.has('--progress'),
    options: { ...options, url },
  };
}

/** Runs the command. Errors propagate to the dispatcher, which prints one line and exits 1. */
export async function run(args: string[]): Promise<void> {
  const { file, json, progress, options } = parseLoadMysqlArgs(args);
  const started = Date.now();
  if (progress || process.stderr.isTTY) {
    const print = progressPrinter(started);
    options.onProgress = (point) => print(point.phase, point, point.phase !== 'load');
  }
  const result = await withInputFile(file, (input, source) =>
    loadBehaviorIntoMySQL(input, { ...options, source }),
  );
  if (options.onProgress) process.stderr.write('\n');
  if (json) {
    process.stdout.write(`${JSON.stringify({ url: redactUrl(options.url), ...result }, null, 2)}\n`);
    return;
  }
  const reasons = Object.entries(result.rejectedByReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${int(n)}`)
    .join(', ');
  const s = result.seconds;
  const lines = [
    `loaded ${file} into ${redactUrl(options.url)} table ${result.table} (${result.replaced ? 'replaced the previous load' : 'new table'})`,
    `lines ${int(result.linesRead)} = ${result.headerLines ? 'header 1 + ' : ''}kept ${int(result.rows)} + rejected ${int(result.rejected)}${reasons ? ` (${reasons})` : ''}`,
    `window ${result.window.from}..${result.window.to} at UTC${result.window.utcOffset}`,
    `transfer ${result.mode}${result.fallbackReason ? ` (fallback: the server refused local infile: ${result.fallbackReason})` : ''}: ` +
      `${s.load.toFixed(2)} s (${int(Math.round(result.rows / Math.max(s.load, 1e-9)))} rows/s), indexes ${s.index.toFixed(2)} s, ` +
      `swap ${s.swap.toFixed(2)} s, total ${s.total.toFixed(2)} s`,
  ];
  if (result.cleanedUp.length > 0)
    lines.push(`dropped leftovers of an interrupted run: ${result.cleanedUp.join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
