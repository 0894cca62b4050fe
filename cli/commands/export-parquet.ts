/**
 * `ecomlab export parquet FILE --out DIR [--from DATE --to DATE] [--utc-offset +08:00] [--header auto|yes|no]
 *  [--rows-per-file N] [filter flags]`: the clean events as Parquet partitioned by local day (lib/query/export-parquet.ts).
 */
import { exportParquet, type ExportParquetOptions } from '../../lib/query/export-parquet';
import { headerFlag, onePositional, parseFlags, rangedFlag, UsageError } from '../args';
import { WINDOW_FLAGS, WINDOW_USAGE, windowFlags } from '../window-flags';
import { WHERE_FLAGS, WHERE_USAGE, whereFlags } from '../where-flags';

const USAGE =
  `usage: ecomlab export parquet FILE --out DIR ${WINDOW_USAGE} [--header auto|yes|no] [--rows-per-file N] ` +
  WHERE_USAGE;

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
    throw new UsageError(
      `invalid --users-who: not supported by the export (filter the report instead)`,
      USAGE,
    );
  if (where !== undefined) options.where = where;
  const header = values.get('--header');
  if (header !== undefined) options.header = headerFlag(header);
  const rowsPerFile = values.get('--rows-per-file');
  if (rowsPerFile !== undefined)
    options.rowsPerFile = rangedFlag('--rows-per-file', rowsPerFile, 'rowsPerFile');
  const out = values.get('--out');
  const file = onePositional(positionals, 'FILE', USAGE);
  if (file === undefined) throw new UsageError('missing FILE', USAGE);
  if (out === undefined || out === '') throw new UsageError('missing --out DIR', USAGE);
  return { file, out, options };
}

/** Runs the command. */
export async function run(args: string[]): Promise<void> {
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
