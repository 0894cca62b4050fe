/**
 * `ecomlab export parquet FILE --out DIR [--from DATE --to DATE] [--utc-offset +08:00] [--header auto|yes|no]
 *  [--rows-per-file N] [filter flags]`: the clean events as Parquet partitioned by local day (lib/query/export-parquet.ts).
 */
import { DataError } from '../../lib/errors';
import { exportParquet, type ExportParquetOptions } from '../../lib/query/export-parquet';
import { integerFlag, parseFlags, WINDOW_FLAGS, windowFlags } from '../args';
import { WHERE_FLAGS, whereFlags } from '../where-flags';

const USAGE =
  'usage: ecomlab export parquet FILE --out DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--utc-offset +08:00] ' +
  '[--header auto|yes|no] [--rows-per-file N] [--category ID,...] [--item ID,...] [--user ID,... | --users FILE] ' +
  '[--behavior B,...] [--dates FROM[..TO]] [--hours H-H|H,...]';

/** Parsed command line. */
export interface ExportParquetArgs {
  file: string;
  out: string;
  options: ExportParquetOptions;
}

/** Parses the arguments after `export parquet`. @throws {DataError} naming the bad flag or value. */
export function parseExportParquetArgs(args: string[]): ExportParquetArgs {
  const { positionals, values } = parseFlags(args, {
    values: ['--out', ...WINDOW_FLAGS, '--header', '--rows-per-file', ...WHERE_FLAGS],
    usage: USAGE,
  });
  const options: ExportParquetOptions = windowFlags(values);
  const where = whereFlags(values);
  if (where?.usersWho !== undefined)
    throw new DataError(
      `invalid --users-who: not supported by the export (filter the report instead)\n${USAGE}`,
    );
  if (where !== undefined) options.where = where;
  const header = values.get('--header');
  if (header !== undefined) {
    const modes: Record<string, 'auto' | boolean> = { auto: 'auto', yes: true, no: false };
    const mode = modes[header];
    if (mode === undefined)
      throw new DataError(`invalid --header: ${JSON.stringify(header)} (expected auto, yes or no)`);
    options.header = mode;
  }
  const rowsPerFile = values.get('--rows-per-file');
  if (rowsPerFile !== undefined) options.rowsPerFile = integerFlag('--rows-per-file', rowsPerFile, 1);
  const out = values.get('--out');
  if (positionals.length === 0) throw new DataError(`missing FILE\n${USAGE}`);
  if (positionals.length > 1)
    throw new DataError(`unexpected argument ${JSON.stringify(positionals[1])} (one FILE only)\n${USAGE}`);
  if (out === undefined || out === '') throw new DataError(`missing --out DIR\n${USAGE}`);
  return { file: positionals[0]!, out, options };
}

/** Runs the command. */
export async function run(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { file, out, options } = parseExportParquetArgs(args);
  const started = Date.now();
  const result = await exportParquet(file, out, options);
  process.stdout.write(
    `${out}: ${result.rows.toLocaleString('en-US')} rows in ${result.files} Parquet files over ${result.days.length} days ` +
      `(${(result.bytes / 2 ** 20).toFixed(1)} MiB; ${result.rejected.toLocaleString('en-US')} rejected lines of ` +
      `${result.linesRead.toLocaleString('en-US')}), ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      result.days
        .map((d) => `  date=${d.date}: ${d.rows.toLocaleString('en-US')} rows, ${d.files} files`)
        .join('\n') +
      '\n',
  );
}
