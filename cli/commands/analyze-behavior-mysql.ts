/**
 * `ecomlab analyze behavior --mysql URL --table T [--json] [--rfm-thresholds R,F] [--max-reject-samples N]`:
 * the UserBehavior report computed in SQL on a table loaded by `ecomlab load mysql` (lib/mysql). Same
 * report type, same text and JSON output as the streaming `analyze behavior FILE`.
 */
import { DataError } from '../../lib/errors';
import { analyzeBehaviorSql, redactUrl, type AnalyzeBehaviorSqlOptions } from '../../lib/mysql';
import { formatBehaviorReport } from './analyze-behavior';

const USAGE =
  'usage: ecomlab analyze behavior --mysql mysql://user:pass@host:port/db --table T [--json] ' +
  '[--rfm-thresholds R,F] [--max-reject-samples N]';

const VALUE_FLAGS = new Set(['--mysql', '--table', '--rfm-thresholds', '--max-reject-samples']);

/** Parsed command line. */
export interface AnalyzeBehaviorMysqlArgs {
  url: string;
  table: string;
  json: boolean;
  options: AnalyzeBehaviorSqlOptions;
}

/** Parses the arguments of `analyze behavior --mysql ...`. @throws {DataError} naming the bad flag or value. */
export function parseAnalyzeBehaviorMysqlArgs(args: string[]): AnalyzeBehaviorMysqlArgs {
  const options: AnalyzeBehaviorSqlOptions = {};
  let url: string | undefined;
  let table = 'user_behavior';
  let json = false;
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (VALUE_FLAGS.has(arg) && value === undefined) {
      value = args[++i];
      if (value === undefined) throw new DataError(`missing value after ${arg}\n${USAGE}`);
    }
    switch (arg) {
      case '--mysql':
        url = value;
        break;
      case '--table':
        table = value!;
        break;
      case '--json':
        json = true;
        break;
      case '--rfm-thresholds': {
        const match = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(value!);
        if (!match)
          throw new DataError(
            `invalid --rfm-thresholds: ${JSON.stringify(value)} (expected R,F such as 4,4)`,
          );
        options.rfmThresholds = { recency: Number(match[1]), frequency: Number(match[2]) };
        break;
      }
      case '--max-reject-samples':
        if (!/^\d+$/.test(value!))
          throw new DataError(
            `invalid --max-reject-samples: ${JSON.stringify(value)} (expected an integer >= 0)`,
          );
        options.maxRejectSamples = Number(value);
        break;
      default:
        throw new DataError(
          `${arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${JSON.stringify(arg)} (the data is in the table)`}\n${USAGE}`,
        );
    }
  }
  if (url === undefined || url === '') throw new DataError(`missing URL after --mysql\n${USAGE}`);
  return { url, table, json, options };
}

/** Runs the command (called by `analyze-behavior.ts` when its arguments contain `--mysql`). */
export async function run(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { url, table, json, options } = parseAnalyzeBehaviorMysqlArgs(args);
  const report = await analyzeBehaviorSql(url, table, options);
  process.stdout.write(
    json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatBehaviorReport(`${redactUrl(url)} table ${table}`, report)}\n`,
  );
}
