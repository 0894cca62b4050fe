/**
 * `npm run dashboard` (after the build): runs the retail pipeline on the default data (or `--retail FILE`,
 * `$ECOMLAB_RETAIL_FILE`) and writes output/dashboard/ (or `--out DIR`):
 *   index.html     one self-contained offline page: customers per RFM segment, value contribution per segment,
 *                  the R x F behaviour matrix, a segment filter and headline numbers (plotly.js inlined)
 *   customers.csv  the per-customer table that fed it (customer, R, F, M, scores, segment, LTV, churn probability)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertOutputNotInput, writeFileAtomic } from '../../lib/io/atomic-output';
import { customerPoints } from '../../lib/charts';
import { customersCsv, dashboardHtml, plotlyBundle } from '../../lib/display';
import { analyzeRetail } from '../../lib/lifecycle';
import type { RetailReport } from '../../lib/lifecycle/types';
import { noPositional, parseFlags } from '../args';
import { defaultRetailFile, retailOptionsFromEnv } from './images';
import { ROOT } from '../root';

/** Writes the dashboard and its CSV into `outDir`; returns both paths. */
export async function writeDashboard(
  retailFile: string,
  outDir: string,
  log: (line: string) => void = () => undefined,
  /** The retail report of `retailFile` when already computed (npm start hands over notebook 02's). */
  known?: RetailReport,
): Promise<{ html: string; csv: string; customers: number }> {
  const csv = path.join(outDir, 'customers.csv');
  const html = path.join(outDir, 'index.html');
  const target = { inputs: [retailFile], option: '--out' };
  // Before the analysis: neither output may be the input (same path, or a link to it).
  for (const file of [csv, html]) assertOutputNotInput(file, target.inputs, target.option);
  const started = Date.now();
  const report = known ?? (await analyzeRetail(retailFile, retailOptionsFromEnv()));
  if (!known)
    log(
      `dashboard: retail report of ${path.relative(process.cwd(), retailFile)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  const points = customerPoints(report);
  fs.mkdirSync(outDir, { recursive: true });
  writeFileAtomic(csv, customersCsv(points), target);
  writeFileAtomic(
    html,
    dashboardHtml(points, plotlyBundle(), {
      segmentOrder: report.rfm.segments.map((row) => row.label),
      subtitle: `${points.length.toLocaleString('en-US')} customers of ${path.basename(retailFile)}, ${report.cleaning.firstInvoiceDate.slice(0, 10)} to ${report.cleaning.lastInvoiceDate.slice(0, 10)}; RFM at ${report.rfm.snapshot.slice(0, 10)}; churn probability over the next ${report.churn.horizonDays} days`,
      csvName: 'customers.csv',
    }),
    target,
  );
  return { html, csv, customers: points.length };
}

const USAGE = 'usage: ecomlab dashboard [--retail FILE] [--out DIR] (npm run dashboard -- ...)';

export async function run(args: string[]): Promise<void> {
  const { positionals, values } = parseFlags(args, { values: ['--retail', '--out'], usage: USAGE });
  noPositional(positionals, USAGE);
  const outDir = path.resolve(values.get('--out') ?? path.join(ROOT, 'output', 'dashboard'));
  const result = await writeDashboard(values.get('--retail') ?? defaultRetailFile(), outDir, (line) =>
    process.stderr.write(`${line}\n`),
  );
  process.stdout.write(
    `${path.relative(process.cwd(), result.html)}\n${path.relative(process.cwd(), result.csv)} (${result.customers} customers)\n`,
  );
}
