/**
 * `ecomlab analyze behavior --mysql URL --table T [--json] [--rfm-thresholds R,F] [--max-reject-samples N]`:
 * the UserBehavior report computed in SQL on a table loaded by `ecomlab load mysql` (lib/mysql). Same
 * report type, same text and JSON output as the streaming `analyze behavior FILE`. Reject samples come from
 * the load's metadata, so `--max-reject-samples` shows at most the samples the load stored (its own
 * `--max-reject-samples`, default 20).
 */
import { noPositional, numericFlags, parseFlags, rfmThresholdsFlag, UsageError } from '../args';
import { analyzeBehaviorSql, redactUrl, type AnalyzeBehaviorSqlOptions } from '../../lib/mysql';
import { formatBehaviorReport } from './analyze-behavior';
import { WHERE_FLAGS, whereFlags } from '../where-flags';
import { reportJson } from '../report-json';

const USAGE =
  'usage: ecomlab analyze behavior --mysql mysql://user:pass@host:port/db --table T [--json] ' +
  '[--rfm-thresholds R,F] [--max-reject-samples N] [filter flags: --category, --item, --user/--users FILE, ' +
  '--behavior, --dates, --hours, --users-who]';

/** Parsed command line. */
export interface AnalyzeBehaviorMysqlArgs {
  url: string;
  table: string;
  json: boolean;
  options: AnalyzeBehaviorSqlOptions;
}

/** Parses the arguments of `analyze behavior --mysql ...`. @throws {DataError} naming the bad flag or value. */
export function parseAnalyzeBehaviorMysqlArgs(args: string[]): AnalyzeBehaviorMysqlArgs {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--mysql', '--table', '--rfm-thresholds', '--max-reject-samples', ...WHERE_FLAGS],
    booleans: ['--json'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const options: AnalyzeBehaviorSqlOptions = {};
  const rfm = values.get('--rfm-thresholds');
  if (rfm !== undefined) options.rfmThresholds = rfmThresholdsFlag(rfm);
  numericFlags(values, ['--max-reject-samples'], options);
  const url = values.get('--mysql');
  if (url === undefined || url === '') throw new UsageError(`missing URL after --mysql`, USAGE);
  const where = whereFlags(values);
  if (where !== undefined) options.where = where;
  return { url, table: values.get('--table') ?? 'user_behavior', json: booleans.has('--json'), options };
}

/** Runs the command (called by `analyze-behavior.ts` when its arguments contain `--mysql`). */
export async function run(args: string[]): Promise<void> {
  const { url, table, json, options } = parseAnalyzeBehaviorMysqlArgs(args);
  const report = await analyzeBehaviorSql(url, table, options);
  process.stdout.write(
    json ? reportJson(report, 2) : `${formatBehaviorReport(`${redactUrl(url)} table ${table}`, report)}\n`,
  );
}
