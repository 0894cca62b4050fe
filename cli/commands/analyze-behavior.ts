/**
 * `ecomlab analyze behavior FILE [options]`: the UserBehavior report from the streaming engine. FILE `-` reads
 * standard input (a pipe or device as FILE is read the same way).
 *
 *   --json                   print the report as JSON (stable camelCase fields, docs/behavior-engine.md)
 *   --rfm-thresholds R,F     explicit RFM thresholds (default: dynamic, mean R and mean F over buyers)
 *   --from DATE --to DATE    window days YYYY-MM-DD (default 2017-11-25..2017-12-03)
 *   --utc-offset +08:00      UTC offset of days and hours (default +08:00)
 *   --rejects FILE           write every rejected line to FILE (line<TAB>reason<TAB>text)
 *   --workers N              worker threads (default: 2 on 2+ cores for plain files >= 16 MiB, else 1)
 *   --chunk-rows N           rows per parsed chunk (default 65536)
 *   --max-reject-samples N   reject samples in the report (default 20)
 *   --header auto|yes|no     first-line header handling (default auto)
 *   --progress               progress on stderr even when stderr is not a terminal
 *   --cache [--cache-dir DIR] read the file's columnar cache when valid, else parse and write it (README)
 *   --breakdown [--breakdown-top N]  per-category funnel, conversion, leak and Pareto position (same pass)
 *   filters: --category, --item, --user, --users FILE, --behavior, --dates, --hours, --users-who (cli/where-flags.ts)
 *   --mysql ...              run the same report on MySQL/MariaDB (cli/commands/analyze-behavior-mysql.ts)
 */
import {
  copyFlags,
  headerFlag,
  numericFlags,
  onePositional,
  parseFlags,
  rangedFlag,
  rfmThresholdsFlag,
  UsageError,
} from '../args';
import { WINDOW_FLAGS, WINDOW_USAGE, windowFlags } from '../window-flags';
import { analyzeBehavior, type AnalyzeBehaviorOptions } from '../../lib/behavior/analyze';
import type { BehaviorReport } from '../../lib/behavior/types';
import { withInputFile } from '../input';
import { WHERE_FLAGS, WHERE_USAGE, whereFlags } from '../where-flags';
import type { QueryInfo } from '../../lib/query/types';
import type { CategoryBreakdown } from '../../lib/query/breakdown';
import { reportJson } from '../report-json';
import { assertOutputNotInput } from '../../lib/io/atomic-output';
import { int, progressPrinter } from '../progress';

const USAGE =
  `usage: ecomlab analyze behavior FILE [--json] [--rfm-thresholds R,F] ${WINDOW_USAGE} ` +
  '[--rejects FILE] [--workers N] [--chunk-rows N] [--max-reject-samples N] ' +
  `[--header auto|yes|no] [--progress] [--cache] [--cache-dir DIR] ${WHERE_USAGE} ` +
  '[--users-who B,...[@FROM[..TO]]] [--breakdown [--breakdown-top N]] [--mysql ...]';

const BEHAVIOR_NUMERIC = ['--workers', '--chunk-rows', '--max-reject-samples'] as const;

/** Parsed command line. */
export interface AnalyzeBehaviorArgs {
  file: string;
  json: boolean;
  progress: boolean;
  options: AnalyzeBehaviorOptions;
}

/** Parses the arguments after `analyze behavior`. @throws {DataError} naming the bad flag or value. */
export function parseAnalyzeBehaviorArgs(args: string[]): AnalyzeBehaviorArgs {
  const { positionals, values, booleans } = parseFlags(args, {
    values: [
      '--rfm-thresholds',
      ...WINDOW_FLAGS,
      '--rejects',
      '--workers',
      '--chunk-rows',
      '--max-reject-samples',
      '--header',
      '--cache-dir',
      '--breakdown-top',
      ...WHERE_FLAGS,
    ],
    booleans: ['--json', '--progress', '--cache', '--breakdown'],
    usage: USAGE,
  });
  const options: AnalyzeBehaviorOptions = windowFlags(values);
  const rfm = values.get('--rfm-thresholds');
  if (rfm !== undefined) options.rfmThresholds = rfmThresholdsFlag(rfm);
  copyFlags(values, { '--rejects': 'rejectsPath' }, options);
  numericFlags(values, BEHAVIOR_NUMERIC, options);
  const header = values.get('--header');
  if (header !== undefined) options.header = headerFlag(header);
  const where = whereFlags(values);
  if (where !== undefined) options.where = where;
  if (booleans.has('--cache')) options.cache = true;
  const top = values.get('--breakdown-top');
  if (top !== undefined && !booleans.has('--breakdown'))
    throw new UsageError(`invalid --breakdown-top: ${JSON.stringify(top)} (give --breakdown too)`, USAGE);
  if (booleans.has('--breakdown'))
    options.breakdown =
      top === undefined ? true : { top: rangedFlag('--breakdown-top', top, 'breakdownTop') };
  const cacheDir = values.get('--cache-dir');
  if (cacheDir !== undefined) {
    if (!booleans.has('--cache'))
      throw new UsageError(`invalid --cache-dir: ${JSON.stringify(cacheDir)} (give --cache too)`, USAGE);
    options.cacheDir = cacheDir;
  }
  const file = onePositional(positionals, 'FILE', USAGE);
  if (file === undefined) throw new UsageError(`missing FILE`, USAGE);
  return {
    file,
    json: booleans.has('--json'),
    progress: booleans.has('--progress'),
    options,
  };
}

const pct = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const pad = (value: string | number, width: number) => String(value).padStart(width);

/** The readable summary printed without `--json`. */
export function formatBehaviorReport(
  file: string,
  report: BehaviorReport & { query?: QueryInfo; breakdown?: CategoryBreakdown },
): string {
  const { overview: o, funnel: f, pareto: p, rfm, retention } = report;
  const out: string[] = [];
  const w = o.window;
  out.push(`UserBehavior report: ${file}`);
  out.push(`window ${w.from}..${w.to} at UTC${w.utcOffset} (${w.days.length} days)`);
  const reasons = Object.entries(o.rejectedByReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${int(n)}`)
    .join(', ');
  out.push(
    `lines ${int(o.linesRead)} = ${o.headerLines ? 'header 1 + ' : ''}kept ${int(o.rows)} + ` +
      `${report.query?.where ? `filtered out ${int(report.query.filteredOut)} + ` : ''}rejected ${int(o.rejected)}` +
      (reasons ? ` (${reasons})` : ''),
  );
  const query = report.query;
  if (query?.where !== undefined)
    out.push(
      `filter ${JSON.stringify(query.where)}: kept ${int(o.rows)} rows, left out ${int(query.filteredOut)} clean rows`,
    );
  if (query !== undefined && query.cache.mode !== 'off')
    out.push(
      `cache ${query.cache.mode === 'hit' ? 'read' : `written (${query.cache.miss})`}: ${query.cache.dir} ` +
        `(${int(query.cache.bytes ?? 0)} bytes)`,
    );
  out.push(`users ${int(o.users)}, items ${int(o.items)}, categories ${int(o.categories)}`);
  const share = (n: number) => (o.rows ? ` (${pct(n / o.rows)})` : '');
  out.push(
    `events pv ${int(o.events.pv)}${share(o.events.pv)}, fav ${int(o.events.fav)}${share(o.events.fav)}, ` +
      `cart ${int(o.events.cart)}${share(o.events.cart)}, buy ${int(o.events.buy)}${share(o.events.buy)}`,
  );
  out.push('', 'Funnel');
  out.push(
    `  users ${int(f.users)}: with pv ${int(f.pvUsers)}, interest (fav/cart) ${int(f.interestUsers)}, ` +
      `buyers ${int(f.buyers)}; UV conversion ${pct(f.userConversion)}`,
  );
  out.push(`  interest users who never bought: ${int(f.interestNoBuy)} (${pct(f.interestNoBuyShare)})`);
  out.push(
    `  events pv ${int(f.events.pv)} -> fav+cart ${int(f.events.interest)} (${pct(f.eventRates.pvToInterest, 2)}) ` +
      `-> buy ${int(f.events.buy)} (${pct(f.eventRates.interestToBuy, 2)}; ${pct(f.eventRates.pvToBuy, 2)} of pv)`,
  );
  out.push(
    '',
    'Daily',
    `  ${'date'.padEnd(10)} ${pad('pv', 12)} ${pad('active users', 12)} ${pad('buys', 10)}`,
  );
  for (const row of report.daily)
    out.push(
      `  ${row.date} ${pad(int(row.pv), 12)} ${pad(int(row.activeUsers), 12)} ${pad(int(row.buys), 10)}`,
    );
  out.push(
    '',
    `Hourly (UTC${w.utcOffset}, all days)`,
    `  hour ${pad('pv', 12)} ${pad('active', 10)} ${pad('buyers', 10)} ${pad('buys', 10)} ${pad('conversion', 10)}`,
  );
  for (const row of report.hourly)
    out.push(
      `  ${pad(row.hour, 4)} ${pad(int(row.pv), 12)} ${pad(int(row.activeUsers), 10)} ${pad(int(row.buyers), 10)} ` +
        `${pad(int(row.buys), 10)} ${pad(pct(row.conversion), 10)}`,
    );
  out.push('', 'Pareto of categories by buys');
  out.push(
    `  ${int(p.categoriesWithBuys)} categories with buys; the top ${int(p.k80)} (${pct(p.share80)}) make 80% of ` +
      `${int(p.totalBuys)} buys`,
  );
  for (const row of p.ranking.slice(0, 10))
    out.push(
      `  #${pad(row.rank, 2)} category ${pad(row.categoryId, 8)} ${pad(int(row.buys), 9)} buys ${pad(pct(row.share, 2), 7)} ` +
        `cumulative ${pct(row.cumulativeShare, 2)}`,
    );
  const t = rfm.thresholds;
  out.push(
    '',
    `RFM over ${int(rfm.buyers)} buyers: recent R <= ${+t.recency.toFixed(3)} days, frequent F >= ${+t.frequency.toFixed(3)} buys ` +
      `(${t.dynamic ? 'dynamic: mean R and mean F' : 'explicit'})`,
  );
  for (const s of rfm.segments)
    out.push(
      `  ${s.segment.padEnd(17)} ${s.labelZh} ${s.label.padEnd(34)} users ${pad(int(s.users), 9)} (${pad(pct(s.userShare), 6)}) ` +
        `buys ${pad(int(s.buys), 9)} (${pad(pct(s.buyShare), 6)}) ${s.buysPerUser.toFixed(2)}/user`,
    );
  const h = retention.headline;
  out.push('', `Retention of the ${h.date} cohort (${int(h.users)} users)`);
  if (h.users > 0) out.push(`  ${h.rate.map((rate, k) => `day+${k} ${pct(rate)}`).join(', ')}`);
  const breakdown = report.breakdown;
  if (breakdown !== undefined) {
    out.push(
      '',
      `Categories by traffic (${int(Math.min(breakdown.rows.length, 15))} of ${int(breakdown.categories)})`,
    );
    out.push(
      `  ${'rank'.padStart(4)} ${'category'.padStart(9)} ${pad('events', 10)} ${pad('users', 8)} ${pad('interest', 8)} ` +
        `${pad('buyers', 7)} ${pad('conv', 7)} ${pad('leak', 7)} ${pad('pareto', 6)}`,
    );
    for (const row of breakdown.rows.slice(0, 15))
      out.push(
        `  ${pad(row.rank, 4)} ${pad(row.categoryId, 9)} ${pad(int(row.events), 10)} ${pad(int(row.users), 8)} ` +
          `${pad(int(row.interestUsers), 8)} ${pad(int(row.buyers), 7)} ${pad(pct(row.userConversion), 7)} ` +
          `${pad(pct(row.leakShare), 7)} ${pad(row.paretoRank || '-', 6)}`,
      );
  }
  if (o.rejectSamples.length > 0) {
    out.push('', `Rejected lines (first ${o.rejectSamples.length})`);
    for (const s of o.rejectSamples) out.push(`  line ${s.line} ${s.reason}: ${JSON.stringify(s.text)}`);
  }
  return out.join('\n');
}

/** Runs the command. Errors propagate to the dispatcher, which prints one line and exits 1. */
export async function run(args: string[]): Promise<void> {
  if (args.includes('--mysql')) {
    const mysql = require('./analyze-behavior-mysql') as { run(args: string[]): Promise<void> };
    return mysql.run(args);
  }
  const { file, json, progress, options } = parseAnalyzeBehaviorArgs(args);
  // Named as the user typed it (the library checks it again as rejectsPath).
  if (options.rejectsPath !== undefined) assertOutputNotInput(options.rejectsPath, [file], '--rejects');
  if (progress || process.stderr.isTTY) {
    const print = progressPrinter();
    options.onProgress = (point) => print(`analyzing ${file}`, point, point.bytesDone >= point.bytesTotal);
  }
  const report = await withInputFile(file, (input) => analyzeBehavior(input, options));
  if (options.onProgress) process.stderr.write('\n');
  process.stdout.write(json ? reportJson(report, 2) : `${formatBehaviorReport(file, report)}\n`);
}
