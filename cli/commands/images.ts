/**
 * `npm run images` (after the build): computes both reports on the default data and renders every README figure
 * to PNG through headless Debian Chromium (plotly.js from the installed package, no network) into images/:
 * pareto, funnel, rfm_customers, rfm_orders, retention, hourly (behaviour); ltv, confusion, roc, shap_summary
 * (retail); `ECOMLAB_SEED` sets the retail seed as in notebook 02. Options: `--out DIR` (default images/), `--behavior FILE`, `--retail FILE` (defaults: the env vars
 * ECOMLAB_BEHAVIOR_FILE / ECOMLAB_RETAIL_FILE, else the bundled data).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertOutputNotInput, writeFileAtomic } from '../../lib/io/atomic-output';
import { analyzeBehavior } from '../../lib/behavior';
import type { BehaviorReport } from '../../lib/behavior/types';
import type { RetailReport } from '../../lib/lifecycle/types';
import { behaviorFigures, churnRocCurves, type Figure, retailFigures } from '../../lib/charts';
import { renderFiguresToPng } from '../../lib/display';
import { analyzeRetail } from '../../lib/lifecycle';
import { noPositional, parseFlags, rangedFlag } from '../args';
import { ROOT } from '../root';

/** The default behaviour input: `$ECOMLAB_BEHAVIOR_FILE`, else the first data/behavior/*.csv.gz, else the largest real Taobao cut. */
export function defaultBehaviorFile(): string {
  if (process.env.ECOMLAB_BEHAVIOR_FILE) return process.env.ECOMLAB_BEHAVIOR_FILE;
  const dir = path.join(ROOT, 'data', 'behavior');
  const bundled = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.csv.gz'))
        .sort()
    : [];
  if (bundled.length > 0) return path.join(dir, bundled[0]!);
  return path.join(ROOT, 'data', 'taobao', 'UserBehavior_2017-11-26_0900-1055_96168rows.csv');
}

/** The default retail input: `$ECOMLAB_RETAIL_FILE`, else the bundled UCI file. */
export function defaultRetailFile(): string {
  return process.env.ECOMLAB_RETAIL_FILE || path.join(ROOT, 'data', 'online-retail', 'online_retail.csv.gz');
}

/**
 * Options for `analyzeRetail` from the environment: `$ECOMLAB_SEED` (split and SMOTE), read as notebook 02 reads
 * it, so the images and the dashboard of one `npm start` show the same model as the notebook.
 *
 * @throws DataError when `$ECOMLAB_SEED` is set but not an integer (`invalid ECOMLAB_SEED: "x" (expected an integer ...)`).
 * @example
 * retailOptionsFromEnv() // with ECOMLAB_SEED=7
 * // => { seed: 7 }
 */
export function retailOptionsFromEnv(): { seed?: number } {
  const text = process.env.ECOMLAB_SEED;
  if (!text) return {};
  return { seed: rangedFlag('ECOMLAB_SEED', text, 'seed') };
}

/** Both reports, when already computed (e.g. handed over by the notebooks of `npm start`). */
export interface KnownReports {
  behavior?: BehaviorReport;
  retail?: RetailReport;
}

/**
 * Computes the reports `reports` lacks, once each, into it: the retail report (images and dashboard both need it)
 * and, when `images`, the behaviour report. Logs what it computes.
 */
export async function completeReports(
  reports: KnownReports,
  needs: { images: boolean },
  log: (line: string) => void = () => undefined,
  files: { behavior?: string; retail?: string } = {},
): Promise<KnownReports> {
  if (needs.images && reports.behavior === undefined) {
    const behaviorFile = files.behavior ?? defaultBehaviorFile();
    const started = Date.now();
    reports.behavior = await analyzeBehavior(behaviorFile);
    log(
      `images: behaviour report of ${path.relative(process.cwd(), behaviorFile)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  if (reports.retail === undefined) {
    const retailFile = files.retail ?? defaultRetailFile();
    const started = Date.now();
    reports.retail = await analyzeRetail(retailFile, retailOptionsFromEnv());
    log(
      `images: retail report of ${path.relative(process.cwd(), retailFile)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return reports;
}

/** Image name → figure, for both reports (computing, once each, the ones `reports` does not carry). */
export async function computeFigures(
  files: { behavior?: string; retail?: string } = {},
  log: (line: string) => void = () => undefined,
  reports: KnownReports = {},
): Promise<Record<string, Figure>> {
  const { behavior, retail } = await completeReports({ ...reports }, { images: true }, log, files);
  return { ...behaviorFigures(behavior!), ...retailFigures(retail!, churnRocCurves(retail!)) };
}

/** Renders every figure to `outDir/<name>.png`; returns the written paths. */
export async function renderImages(
  outDir: string,
  log: (line: string) => void = () => undefined,
  files: { behavior?: string; retail?: string } = {},
  reports: KnownReports = {},
): Promise<string[]> {
  const figures = await computeFigures(files, log, reports);
  const names = Object.keys(figures);
  const started = Date.now();
  const pngs = await renderFiguresToPng(
    names.map((name) => figures[name]!),
    { width: 1000 },
  );
  fs.mkdirSync(outDir, { recursive: true });
  const target = {
    inputs: [files.behavior, files.retail].filter((f): f is string => f !== undefined),
    option: '--out',
  };
  const written = names.map((name) => path.join(outDir, `${name}.png`));
  for (const file of written) assertOutputNotInput(file, target.inputs, target.option); // before writing any
  written.forEach((file, index) => writeFileAtomic(file, pngs[index]!, target));
  log(
    `images: ${written.length} PNGs rendered by Chromium in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return written;
}

const USAGE = 'usage: ecomlab images [--out DIR] [--behavior FILE] [--retail FILE] (npm run images -- ...)';

export async function run(args: string[]): Promise<void> {
  const { positionals, values } = parseFlags(args, {
    values: ['--out', '--behavior', '--retail'],
    usage: USAGE,
  });
  noPositional(positionals, USAGE);
  const outDir = path.resolve(values.get('--out') ?? path.join(ROOT, 'images'));
  const written = await renderImages(outDir, (line) => process.stderr.write(`${line}\n`), {
    behavior: values.get('--behavior'),
    retail: values.get('--retail'),
  });
  for (const file of written) process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
}
