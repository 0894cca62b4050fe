/**
 * `npm start` (after the build): executes the product notebooks (the list in notebooks/product.json, never a
 * scratch notebook of yours that sits beside them) headless through Jupyter and this checkout's tslab kernel
 * (`jupyter nbconvert --to notebook --execute`, see jupyter-env.ts), exports each executed notebook to HTML, and
 * renders the README images, all into output/ (or `--out DIR`):
 *
 *   output/01-user-behavior.ipynb  output/01-user-behavior.html  ...  output/images/*.png
 *
 * One progress line per notebook on stderr. A failing cell stops the run: the command prints the notebook, the
 * cell's number and source head, and the kernel's error, and exits 1 (the partly executed notebook is still
 * written, with the error in it). When Chromium is installed, every chart's static fallback in the executed
 * notebook also gets a PNG of the chart (for viewers that do not run scripts). Each executed copy is a document
 * that stands alone: execution counts 1..n, plotly.js inline once (in the first chart's output), and an HTML
 * export with no reference to a file or server outside it. It then writes the customer dashboard to
 * output/dashboard/. Options:
 * `--only NAME` (run one notebook), `--notebooks DIR` (run every .ipynb in DIR instead of the product list),
 * `--no-images`, `--no-dashboard`,
 * `--out DIR`, `--timeout SECONDS` (per cell, default 900). `ECOMLAB_JUPYTER` overrides the `jupyter` executable.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BehaviorReport } from '../../lib/behavior/types';
import type { RetailReport } from '../../lib/lifecycle/types';
import { assertOutputNotInput, tempPathFor, writeFileAtomic } from '../../lib/io/atomic-output';
import type { Figure } from '../../lib/charts';
import {
  chromiumPath,
  escapeHtml,
  figureTitle,
  plotlyBundle,
  plotlyInlineHtml,
  renderFiguresToPng,
} from '../../lib/display';
import { DataError } from '../../lib/errors';
import { noPositional, parseFlags, rangedFlagOr } from '../args';
import { jupyterEnv, KERNEL_NAME, ROOT } from './jupyter-env';

/** The notebooks `npm start` runs, in order (notebooks/product.json). */
export function productNotebooks(root = ROOT): string[] {
  return JSON.parse(fs.readFileSync(path.join(root, 'notebooks', 'product.json'), 'utf8')) as string[];
}

/**
 * The notebook files a run executes, in order: the product list (default), or every `.ipynb` in `dir` when given;
 * `only` keeps the names that start with it.
 */
export function notebooksToRun(options: { dir?: string; only?: string } = {}, root = ROOT): string[] {
  const names = options.dir
    ? fs
        .readdirSync(path.resolve(options.dir))
        .filter((file) => file.endsWith('.ipynb'))
        .sort()
    : productNotebooks(root).map((name) => `${name}.ipynb`);
  return names.filter((file) => !options.only || file.startsWith(options.only));
}

const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** What one executed notebook produced. */
export interface NotebookRun {
  name: string;
  ipynb: string;
  html: string | null;
  seconds: number;
  /** Code cells executed. */
  cells: number;
  /** Figures shown by `show` (outputs carrying Plotly JSON). */
  charts: number;
  /** Error outputs, in cell order. */
  errors: Array<{ cell: number; source: string; ename: string; evalue: string; traceback: string }>;
}

interface NotebookJson {
  cells: Array<{
    cell_type: string;
    source: string | string[];
    outputs?: Array<Record<string, unknown>>;
    execution_count?: number | null;
  }>;
}

function text(value: unknown): string {
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

/** Removes ANSI colour codes (kernel tracebacks carry them). */
export function stripAnsi(value: string): string {
  return value.replace(/\u001b\[[0-9;]*m/g, '');
}

/** The most telling line of a stderr text: a `SomethingError: ...` line, a `line:col - ...` compile error, or the first line. */
export function errorLine(stderr: string): string {
  const lines = stripAnsi(stderr)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    lines.find((line) => /^[A-Za-z]*Error\b.*:/.test(line) || /^\d+:\d+ - /.test(line)) ?? lines[0] ?? ''
  );
}

/** Reads an executed notebook: code cells, charts and error outputs. */
export function inspectNotebook(file: string): Pick<NotebookRun, 'cells' | 'charts' | 'errors'> {
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as NotebookJson;
  let cells = 0;
  let charts = 0;
  const errors: NotebookRun['errors'] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    cells++;
    for (const output of cell.outputs ?? []) {
      const data = (output.data ?? {}) as Record<string, unknown>;
      if (data[PLOTLY_MIME] !== undefined) charts++;
      // tslab reports TypeScript compile errors as a stderr stream ("5:15 - Argument of type ..."), not as an
      // error output, and stops there: count every stderr stream as an error.
      if (output.output_type === 'stream' && output.name === 'stderr')
        errors.push({
          cell: index + 1,
          source: text(cell.source),
          ename: 'stderr',
          evalue: errorLine(text(output.text)),
          traceback: text(output.text),
        });
      if (output.output_type === 'error')
        errors.push({
          cell: index + 1,
          source: text(cell.source),
          ename: String(output.ename ?? ''),
          evalue: String(output.evalue ?? ''),
          traceback: stripAnsi(text(output.traceback as unknown)),
        });
    }
  });
  return { cells, charts, errors };
}

function run(
  command: string,
  args: string[],
  cwd: string,
  stdin?: string,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
      env: jupyterEnv(),
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    child.on('error', (error) =>
      reject(new Error(`cannot run ${command}: ${error.message} (install Jupyter: see docs/notebooks.md)`)),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Jupyter executable. Default `$ECOMLAB_JUPYTER` or `jupyter`. */
  jupyter?: string;
  /** Per-cell timeout in seconds. Default 900. */
  timeout?: number;
  /** Also export HTML. Default true. */
  html?: boolean;
  /**
   * Hand the notebook's `report` variable over as JSON to this file (so `npm start` draws the images and the
   * dashboard from the report the notebook computed instead of computing it again): one extra code cell is run
   * after the notebook's last and removed from the executed copy. Nothing is written when the notebook has no
   * `report`. Default: no hand-over.
   */
  handoff?: string;
  /**
   * Put a PNG of every chart (rendered by headless Chromium) into its static fallback, so the executed notebook
   * shows the charts as images where scripts do not run. Default: true when Chromium is installed.
   */
  pngFallback?: boolean;
}

/** The figure of a `show` output (its Plotly JSON part), or undefined. */
function outputFigure(output: Record<string, unknown>): Figure | undefined {
  const data = (output.data ?? {}) as Record<string, unknown>;
  const plotly = data[PLOTLY_MIME] as { data?: Figure['data']; layout?: Figure['layout'] } | undefined;
  return plotly && Array.isArray(plotly.data)
    ? { data: plotly.data, layout: plotly.layout ?? {} }
    : undefined;
}

function writeNotebook(file: string, notebook: NotebookJson): void {
  writeFileAtomic(file, `${JSON.stringify(notebook, null, 1)}\n`);
}

/**
 * Removes the hand-over cell (see {@link ExecuteOptions.handoff}) from an executed notebook.
 *
 * @throws Error when the cell failed (e.g. the report held NaN or Infinity, which JSON would write as null).
 */
function dropHandoffCell(ipynb: string): void {
  const notebook = JSON.parse(fs.readFileSync(ipynb, 'utf8')) as NotebookJson;
  const handoff = notebook.cells.find((cell) => (cell as { id?: string }).id === 'ecomlab-handoff');
  const failed = handoff?.outputs?.find((output) => output.output_type === 'error');
  if (failed !== undefined)
    throw new Error(
      `${path.basename(ipynb, '.ipynb')}: handing the report over failed: ${String(failed.ename)}: ${String(failed.evalue)}`,
    );
  notebook.cells = notebook.cells.filter((cell) => cell !== handoff);
  writeNotebook(ipynb, notebook);
}

/**
 * Makes an executed notebook a document that stands alone: code cells numbered 1..n in order (the tslab kernel
 * does not report the count to nbconvert; a Run All numbers them so), and plotly.js inline once, in the first
 * chart's output, where every chart of the page finds it. Returns the number of charts.
 */
export function finishDocument(ipynb: string, plotlySource = plotlyBundle()): number {
  const notebook = JSON.parse(fs.readFileSync(ipynb, 'utf8')) as NotebookJson;
  let count = 0;
  let charts = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.execution_count = ++count;
    for (const output of cell.outputs ?? []) {
      if (output.output_type === 'execute_result') output.execution_count = count;
      const data = output.data as Record<string, unknown> | undefined;
      if (!data || !outputFigure(output)) continue;
      const html = text(data['text/html']).replace(
        /<script type="application\/x-ecomlab-plotly">[\s\S]*?<\/script>(<!-- ecomlab: plotly.js inline -->)?/g,
        '',
      );
      data['text/html'] = charts++ === 0 ? `${plotlyInlineHtml(plotlySource)}${html}` : html;
    }
  }
  writeNotebook(ipynb, notebook);
  return charts;
}

/**
 * Renders every chart of an executed notebook to PNG and puts it, as a data-URI `<img>`, at the top of the chart's
 * static fallback (Plotly replaces the whole fallback when scripts run). Returns the number of charts updated.
 */
export async function addPngFallbacks(ipynb: string): Promise<number> {
  const notebook = JSON.parse(fs.readFileSync(ipynb, 'utf8')) as NotebookJson;
  const targets: Array<{ data: Record<string, unknown>; figure: Figure }> = [];
  for (const cell of notebook.cells)
    for (const output of cell.outputs ?? []) {
      const figure = outputFigure(output);
      if (figure) targets.push({ data: output.data as Record<string, unknown>, figure });
    }
  if (targets.length === 0) return 0;
  const pngs = await renderFiguresToPng(
    targets.map((target) => target.figure),
    { width: 900, scale: 1 },
  );
  targets.forEach((target, index) => {
    const image = `<img alt="${escapeHtml(figureTitle(target.figure))}" style="max-width:100%" src="data:image/png;base64,${pngs[index]!.toString('base64')}">`;
    target.data['text/html'] = text(target.data['text/html']).replace(
      /(<div id="[^"]*" class="ecomlab-figure"[^>]*>)/,
      `$1${image}`,
    );
  });
  writeNotebook(ipynb, notebook);
  return targets.length;
}

/**
 * Makes nbconvert's HTML export open offline anywhere: Debian's nbconvert points `<script src>` at
 * `file:///usr/share/javascript/...` (require.js, MathJax) that other machines lack; the notebooks need neither
 * (charts load plotly.js from the document), so those tags go. Returns the number removed.
 */
export function selfContainedHtml(html: string): { html: string; removed: number } {
  let removed = 0;
  const cleaned = html.replace(/<script\b[^>]*\bsrc="file:[^"]*"[^>]*>\s*<\/script>/gi, () => {
    removed++;
    return '';
  });
  return { html: cleaned, removed };
}

/**
 * Executes one notebook with nbconvert on the tslab kernel into `outDir` (errors are kept in the output so the
 * failing cell can be reported), then exports it to HTML.
 */
export async function executeNotebook(
  input: string,
  outDir: string,
  options: ExecuteOptions = {},
): Promise<NotebookRun> {
  const jupyter = options.jupyter ?? process.env.ECOMLAB_JUPYTER ?? 'jupyter';
  const name = path.basename(input, '.ipynb');
  fs.mkdirSync(outDir, { recursive: true });
  const ipynb = path.join(outDir, `${name}.ipynb`);
  const html = path.join(outDir, `${name}.html`);
  // The executed copy must never replace the notebook it runs (same folder, or a link to it).
  assertOutputNotInput(ipynb, [input], '--out');
  // nbconvert writes in place: it runs in a private staging folder inside outDir (same file system, so each
  // finished file is renamed into place atomically); a failed or killed run leaves the previous outputs.
  const staging = tempPathFor(path.join(outDir, name));
  fs.mkdirSync(staging);
  try {
    const run = await executeInto(input, name, staging, jupyter, options);
    fs.renameSync(run.ipynb, ipynb);
    if (run.html !== null) fs.renameSync(run.html, html);
    return { ...run, ipynb, html: run.html === null ? null : html };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** {@link executeNotebook}'s work, every file written into `dir` (the staging folder). */
async function executeInto(
  input: string,
  name: string,
  dir: string,
  jupyter: string,
  options: ExecuteOptions,
): Promise<NotebookRun> {
  const ipynb = path.join(dir, `${name}.ipynb`);
  const started = Date.now();
  // With a hand-over, the notebook goes in on stdin with one extra cell (the kernel still starts in its folder).
  let stdin: string | undefined;
  if (options.handoff !== undefined) {
    fs.rmSync(options.handoff, { force: true });
    const notebook = JSON.parse(fs.readFileSync(input, 'utf8')) as NotebookJson & { cells: unknown[] };
    const partial = `${options.handoff}.part`;
    notebook.cells.push({
      cell_type: 'code',
      id: 'ecomlab-handoff',
      metadata: {},
      outputs: [],
      execution_count: null,
      source:
        `// npm start: hand the report to the images and the dashboard (this cell is not kept)\n` +
        // a report must not hold NaN or Infinity (JSON would write null): the cell fails naming the field
        `require('node:fs').writeFileSync(${JSON.stringify(partial)}, JSON.stringify(report, (key: string, value: unknown) => {\n` +
        `  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(\`the report holds \${value} at \${key}\`);\n` +
        `  return value;\n}));\n` +
        `require('node:fs').renameSync(${JSON.stringify(partial)}, ${JSON.stringify(options.handoff)});`,
    });
    stdin = JSON.stringify(notebook);
  }
  const executed = await run(
    jupyter,
    [
      'nbconvert',
      '--to',
      'notebook',
      '--execute',
      '--allow-errors',
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      `--ExecutePreprocessor.timeout=${options.timeout ?? 900}`,
      // a loaded machine can take more than the default 60 s to start a kernel
      '--ExecutePreprocessor.startup_timeout=300',
      '--output-dir',
      path.resolve(dir),
      '--output',
      `${name}.ipynb`,
      ...(stdin === undefined ? [path.resolve(input)] : ['--stdin']),
    ],
    path.dirname(path.resolve(input)),
    stdin,
  );
  const seconds = (Date.now() - started) / 1000;
  if (executed.code !== 0 || !fs.existsSync(ipynb)) {
    const tail = executed.stderr
      .split('\n')
      .filter((line) => line.trim() && !/debugger|frozen|PYDEVD|^0\.00s/i.test(line));
    throw new Error(`${name}: nbconvert failed (exit ${executed.code}): ${tail.slice(-8).join(' | ')}`);
  }
  if (stdin !== undefined) dropHandoffCell(ipynb);
  finishDocument(ipynb);
  if (options.pngFallback ?? fs.existsSync(chromiumPath())) await addPngFallbacks(ipynb);
  let html: string | null = null;
  if (options.html ?? true) {
    const exported = await run(
      jupyter,
      ['nbconvert', '--to', 'html', '--output-dir', path.resolve(dir), ipynb],
      dir,
    );
    html = path.join(dir, `${name}.html`);
    if (exported.code !== 0 || !fs.existsSync(html))
      throw new Error(`${name}: HTML export failed: ${exported.stderr.split('\n').slice(-3).join(' | ')}`);
    writeFileAtomic(html, selfContainedHtml(fs.readFileSync(html, 'utf8')).html);
  }
  return { name, ipynb, html, seconds, ...inspectNotebook(ipynb) };
}

/** Formats the first error of a run for the terminal. */
export function describeFailure(runResult: NotebookRun): string {
  const first = runResult.errors[0]!;
  const source = first.source.split('\n').slice(0, 6).join('\n    ');
  const trace = first.traceback.split('\n').slice(0, 12).join('\n    ');
  return `${runResult.name}: cell ${first.cell} failed: ${first.ename}: ${first.evalue}\n  cell source:\n    ${source}\n  error:\n    ${trace}\n  (executed notebook with the error: ${runResult.ipynb})`;
}

const USAGE =
  'usage: ecomlab run-notebooks [--only NAME] [--notebooks DIR] [--out DIR] [--timeout SECONDS] [--no-images] ' +
  '[--no-dashboard] (npm start -- ...)';

export async function run_(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    values: ['--out', '--only', '--timeout', '--notebooks'],
    booleans: ['--no-images', '--no-dashboard'],
    usage: USAGE,
  });
  noPositional(flags.positionals, USAGE);
  const outDir = path.resolve(flags.values.get('--out') ?? path.join(ROOT, 'output'));
  const only = flags.values.get('--only');
  const timeout = rangedFlagOr(flags.values, '--timeout', 'timeoutSeconds', 900);
  const dirFlag = flags.values.get('--notebooks');
  const notebookDir = path.resolve(dirFlag ?? path.join(ROOT, 'notebooks'));
  const notebooks = notebooksToRun({ dir: dirFlag, only });
  if (notebooks.length === 0)
    throw new DataError(`no notebook${only ? ` matching "${only}"` : ''} in ${notebookDir}`);
  // Each report is computed once per run: the notebooks hand theirs over (ExecuteOptions.handoff), and the images
  // and the dashboard draw from them; a report no notebook handed over is computed once here for both.
  const handoffDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecomlab-reports-'));
  try {
    const reports: Reports = {};
    for (const [index, file] of notebooks.entries()) {
      process.stderr.write(`[${index + 1}/${notebooks.length}] ${file}: executing on the tslab kernel...\n`);
      const handoff = path.join(handoffDir, `${path.basename(file, '.ipynb')}.json`);
      const result = await executeNotebook(path.join(notebookDir, file), outDir, { timeout, handoff });
      if (result.errors.length > 0) {
        process.stderr.write(`${describeFailure(result)}\n`);
        process.exitCode = 1;
        return;
      }
      const kind = takeReport(handoff, reports);
      process.stderr.write(
        `[${index + 1}/${notebooks.length}] ${file}: ${result.cells} cells, ${result.charts} charts in ${result.seconds.toFixed(1)} s -> ${path.relative(process.cwd(), result.ipynb)}, ${path.relative(process.cwd(), result.html ?? '')}${kind ? ` (its ${kind} report goes to the images and the dashboard)` : ''}\n`,
      );
    }
    const images = require('./images') as typeof import('./images');
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const wantImages = !flags.booleans.has('--no-images');
    const wantDashboard = !flags.booleans.has('--no-dashboard');
    if (wantImages || wantDashboard) await images.completeReports(reports, { images: wantImages }, log);
    if (wantImages) {
      const written = await images.renderImages(path.join(outDir, 'images'), log, {}, reports);
      log(`images: ${written.length} PNGs -> ${path.relative(process.cwd(), path.join(outDir, 'images'))}`);
    }
    if (wantDashboard) {
      const dashboard = require('./dashboard') as typeof import('./dashboard');
      const written = await dashboard.writeDashboard(
        images.defaultRetailFile(),
        path.join(outDir, 'dashboard'),
        log,
        reports.retail,
      );
      log(
        `dashboard: ${path.relative(process.cwd(), written.html)}, ${path.relative(process.cwd(), written.csv)}`,
      );
    }
  } finally {
    fs.rmSync(handoffDir, { recursive: true, force: true });
  }
}

/** The reports of one run, as handed over by the notebooks or computed once. */
export interface Reports {
  behavior?: BehaviorReport;
  retail?: RetailReport;
}

/** Reads a handed-over report into `reports` by its shape; returns its kind, or undefined when there is none. */
export function takeReport(file: string, reports: Reports): 'behaviour' | 'retail' | undefined {
  if (!fs.existsSync(file)) return undefined;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if ('pareto' in report && 'funnel' in report && 'hourly' in report) {
    reports.behavior = report as unknown as BehaviorReport;
    return 'behaviour';
  }
  if ('cleaning' in report && 'shap' in report && 'customers' in report) {
    reports.retail = report as unknown as RetailReport;
    return 'retail';
  }
  return undefined;
}

export { run_ as run };
