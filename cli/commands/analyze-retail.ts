/**
 * `npm run analyze -- retail [FILE] [--json] [--cutoff YYYY-MM-DD] [--horizon-days 90] [--seed 42]
 *  [--test-size 0.3] [--C 1] [--margin 0.2] [--lifespan-years 3] [--clv-months 12] [--beeswarm-rows 300]
 *  [--date-format mdy|dmy]`
 * `--date-format` settles the day/month order of slash dates when the data cannot (see RetailLoadOptions).
 * Runs the whole retail lifecycle pipeline (cleaning, RFM, LTV, churn model with and without SMOTE, SHAP) and
 * prints a text report, or the full `RetailReport` as JSON with `--json`.
 * FILE defaults to data/online-retail/online_retail.csv.gz.
 */
import * as path from 'node:path';
import { analyzeRetail, type RetailAnalysisOptions, type RetailReport } from '../../lib/lifecycle';
import { choiceFlag, copyFlags, numericFlags, onePositional, parseFlags } from '../args';
import { reportJson } from '../report-json';

const USAGE =
  'usage: ecomlab analyze retail [FILE] [--json] [--cutoff YYYY-MM-DD] [--horizon-days N] [--seed N] [--test-size P] ' +
  '[--C C] [--margin P] [--lifespan-years Y] [--clv-months M] [--beeswarm-rows N] [--top-drivers N] ' +
  '[--date-format mdy|dmy] [--quiet]';

export const DEFAULT_RETAIL_FILE = path.join('data', 'online-retail', 'online_retail.csv.gz');

/** Numeric flags and the library option (and range) each sets. */
const NUMERIC = [
  '--horizon-days',
  '--seed',
  '--test-size',
  '--C',
  '--margin',
  '--lifespan-years',
  '--clv-months',
  '--beeswarm-rows',
  '--top-drivers',
];

/** Parsed command line (exported for tests). */
export interface RetailArgs {
  file: string;
  json: boolean;
  quiet: boolean;
  options: RetailAnalysisOptions;
}

/** Parses `analyze retail` arguments. @throws DataError naming the bad flag or value. */
export function parseRetailArgs(args: string[]): RetailArgs {
  const { positionals, values, booleans } = parseFlags(args, {
    values: ['--cutoff', '--date-format', ...NUMERIC],
    booleans: ['--json', '--quiet'],
    usage: USAGE,
  });
  const options: RetailAnalysisOptions = {};
  numericFlags(values, NUMERIC, options);
  copyFlags(values, { '--cutoff': 'cutoff' }, options);
  const dateFormat = values.get('--date-format');
  if (dateFormat !== undefined)
    options.dateOrder = choiceFlag('--date-format', dateFormat, ['mdy', 'dmy'] as const);
  const file = onePositional(positionals, 'FILE', USAGE) ?? DEFAULT_RETAIL_FILE;
  return { file, json: booleans.has('--json'), quiet: booleans.has('--quiet'), options };
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const num = (v: number, digits = 0): string =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '-';

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  return cells
    .map((r, i) => {
      const line = r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

/** Renders the report as plain text (exported for tests). */
export function formatRetailReport(r: RetailReport): string {
  const out: string[] = [];
  out.push(`Online Retail lifecycle report: ${r.input.file}`);
  out.push(
    `${num(r.input.dataLines)} data lines, ${num(r.cleaning.customers)} customers, revenue £${num(r.cleaning.revenue, 2)}, ` +
      `${r.cleaning.firstInvoiceDate} .. ${r.cleaning.lastInvoiceDate}\n`,
  );
  out.push('Cleaning');
  out.push(
    table(
      ['step', 'removed', 'remaining'],
      r.cleaning.steps.map((s) => [s.label, num(s.removed), num(s.remaining)]),
    ),
  );
  out.push(`\nRFM segments (snapshot ${r.rfm.snapshot})`);
  out.push(
    table(
      ['segment', 'customers', 'share', 'revenue share', 'mean R', 'mean F', 'mean M'],
      r.rfm.segments.map((s) => [
        `${s.label} ${s.labelZh}`,
        num(s.customers),
        pct(s.share),
        pct(s.revenueShare),
        num(s.meanRecency, 1),
        num(s.meanFrequency, 1),
        num(s.meanMonetary, 0),
      ]),
    ),
  );
  const bg = r.ltv.bgNbd;
  const gg = r.ltv.gammaGamma;
  out.push(
    `\nLTV per segment (historical: margin ${r.ltv.margin}, lifespan ${r.ltv.lifespanYears} y; ` +
      `CLV: ${r.ltv.clvMonths} months at ${pct(r.ltv.discountRate)}/month)`,
  );
  out.push(
    table(
      ['segment', 'customers', 'mean AOV', 'orders/year', 'mean LTV', 'total LTV', 'mean CLV'],
      r.ltv.segments.map((s) => [
        s.label,
        num(s.customers),
        num(s.meanAverageOrderValue, 1),
        num(s.meanPurchasesPerYear, 2),
        num(s.meanLtv, 0),
        num(s.totalLtv, 0),
        num(s.meanClv, 0),
      ]),
    ),
  );
  out.push(
    `BG/NBD (days): r=${bg.r.toFixed(4)} alpha=${bg.alpha.toFixed(4)} a=${bg.a.toFixed(4)} b=${bg.b.toFixed(4)}; ` +
      `Gamma-Gamma: p=${gg.p.toFixed(4)} q=${gg.q.toFixed(4)} v=${gg.v.toFixed(4)}`,
  );
  const c = r.churn;
  out.push(
    `\nChurn label: cutoff ${c.cutoff}, churned = no purchase in the next ${c.horizonDays} days (to ${c.dataEnd}): ` +
      `${num(c.churned)} of ${num(c.customers)} customers (${pct(c.churnRate)})`,
  );
  const m = r.model;
  out.push(
    `Split (seed ${m.split.seed}): train ${num(m.split.train)} / test ${num(m.split.test)}; ` +
      `SMOTE (k=${m.smote.k}) added ${num(m.smote.generated)} synthetic churners to the training part`,
  );
  const row = (name: string, x: RetailReport['model']['withSmote']): (string | number)[] => [
    name,
    pct(x.metrics.recall),
    pct(x.metrics.precision),
    x.metrics.f1.toFixed(3),
    x.metrics.accuracy.toFixed(3),
    x.metrics.rocAuc.toFixed(3),
    x.metrics.averagePrecision.toFixed(3),
    `${x.metrics.confusion.tp}/${x.metrics.confusion.fp}/${x.metrics.confusion.tn}/${x.metrics.confusion.fn}`,
  ];
  out.push(
    table(
      ['model (test part)', 'recall', 'precision', 'F1', 'accuracy', 'ROC AUC', 'PR AUC', 'tp/fp/tn/fn'],
      [row('logistic', m.withoutSmote), row('logistic + SMOTE', m.withSmote)],
    ),
  );
  out.push(`Recall gain from SMOTE: ${(100 * m.recallGain).toFixed(1)} points`);
  out.push('\nTop churn drivers (SHAP, mean |phi| in log-odds on the test part; SMOTE model)');
  out.push(
    table(
      ['feature', 'mean |phi|', 'coef (std units)', 'direction'],
      r.shap.topDrivers.map((d) => [d.feature, d.meanAbs.toFixed(3), d.coef.toFixed(3), d.direction]),
    ),
  );
  out.push(
    `\nTimings (ms): ${Object.entries(r.timingsMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  return out.join('\n');
}

/** Entry point called by cli/ecomlab.ts. */
export async function run(args: string[]): Promise<void> {
  const parsed = parseRetailArgs(args);
  const progress =
    parsed.quiet || parsed.json ? undefined : (stage: string) => process.stderr.write(`retail: ${stage}…\n`);
  const report = await analyzeRetail(parsed.file, { ...parsed.options, onProgress: progress });
  if (parsed.json) process.stdout.write(reportJson(report, 1));
  else process.stdout.write(`${formatRetailReport(report)}\n`);
}
