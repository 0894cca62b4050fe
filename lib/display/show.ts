/**
 * Inline display in a tslab notebook: `show(figure)`, `markdown(text)`, `table(rows)`. Output goes through
 * tslab's display API, or through any sink with the same methods (tests, other kernels). A figure is one
 * display bundle (Plotly JSON + self-loading HTML + text, see `figureBundle`): it does not depend on any other
 * output of the session. plotly.js comes from the installed `plotly.js-dist-min` package (served by the notebook
 * server, or inline once per document); nothing is ever fetched from a CDN.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Figure } from '../charts/figure';
import {
  figureBundle,
  type FigureHtmlOptions,
  plotlyInlineHtml,
  tableHtml,
  type TableHtmlOptions,
} from './html';

/** Where displayed output goes: tslab's `display` object satisfies it. */
export interface DisplaySink {
  html(html: string): void;
  markdown(markdown: string): void;
  /** One output with several MIME types (the client picks the richest it renders). Without it, `show` sends the HTML part. */
  bundle?(data: Record<string, unknown>): void;
}

let defaultSink: DisplaySink | undefined;
let plotlySource: string | undefined;

/** tslab's internal writer of `display_data` messages (tslab 1.0.x `dist/jupyter.js`), which takes a whole bundle. */
interface TslabJupyter {
  lastWriteDisplayData:
    | ((
        message: {
          data: Record<string, unknown>;
          metadata: Record<string, unknown>;
          transient: Record<string, unknown>;
        },
        update: boolean,
      ) => void)
    | null;
}

/** tslab's display, loaded lazily so the library works (and tests run) outside a kernel. */
function tslabSink(): DisplaySink {
  if (defaultSink === undefined) {
    // tslab is only present (and only works) inside a tslab kernel; require it on first use. Prefer the copy the
    // kernel runs: a tslab kernel hands over to the tslab installed in a node_modules above its working directory
    // (the notebook's folder) when there is one, so resolve from there first; another copy (e.g. one installed
    // under a copied ecomlab package) would not be connected to the kernel ("Not ready").
    let resolved = 'tslab';
    try {
      // then the kernel's own script (a global tslab with no local copy to hand over to)
      const kernel = require.main?.filename;
      resolved = require.resolve('tslab', {
        paths: [process.cwd(), ...(kernel ? [path.dirname(kernel)] : [])],
      });
    } catch {
      // no tslab there: fall back to normal resolution
    }
    const tslab = require(resolved) as { display: DisplaySink };
    // tslab's public `display.raw(mime, text)` sends one MIME type per output; a figure needs one output with
    // several, which tslab's own message writer (the function `display.raw` calls) accepts as is.
    let found: TslabJupyter | undefined;
    try {
      found = require(path.join(path.dirname(require.resolve(resolved)), 'jupyter.js')) as TslabJupyter;
    } catch {
      found = undefined;
    }
    const writer = found;
    defaultSink = {
      html: (html) => tslab.display.html(html),
      markdown: (markdown) => tslab.display.markdown(markdown),
      ...(writer && 'lastWriteDisplayData' in writer
        ? {
            bundle: (data: Record<string, unknown>) => {
              if (typeof writer.lastWriteDisplayData !== 'function') throw new Error('Not ready');
              writer.lastWriteDisplayData({ data, metadata: {}, transient: {} }, false);
            },
          }
        : {}),
    };
  }
  return defaultSink;
}

/**
 * The text of plotly.js (`plotly.js-dist-min/plotly.min.js`), read once from the installed package.
 *
 * Complexity: O(bundle size) on the first call, O(1) after.
 * @returns The minified plotly.js source (about 4.8 MB).
 * @throws Error when the package is not installed.
 * @example
 * plotlyBundle().includes('window.Plotly')
 * // => true
 */
export function plotlyBundle(): string {
  if (plotlySource === undefined)
    plotlySource = fs.readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  return plotlySource;
}

/** Options of {@link show}, {@link markdown} and {@link table}. */
export interface DisplayOptions {
  /** Where to send the output. Default: tslab's `display`. */
  sink?: DisplaySink;
}

/**
 * Puts plotly.js inline into this cell's output (about 4.8 MB, inert until a chart needs it), so the saved notebook
 * draws its charts without a Jupyter server that serves the project's `node_modules` (e.g. exported to HTML by
 * hand, or opened from another folder). Once per document is enough: every chart on the page finds it. `npm start`
 * does this by itself for the executed copies in `output/`.
 *
 * Complexity: O(bundle size).
 * @param options - The sink.
 * @example
 * const shown: string[] = [];
 * const sink = { html: (html: string) => shown.push(html), markdown: (text: string) => shown.push(text) };
 * embedPlotly({ sink }); // the cell's output now carries plotly.js
 * shown[0].startsWith('<script type="application/x-ecomlab-plotly">'); // => true
 */
export function embedPlotly({ sink = tslabSink() }: DisplayOptions = {}): void {
  sink.html(plotlyInlineHtml(plotlyBundle()));
}

/** @deprecated Old name of {@link embedPlotly}. */
export const initPlotly = embedPlotly;

/**
 * Displays a Plotly figure inline as one output that draws by itself wherever the notebook is opened: Plotly JSON
 * (JupyterLab's plotly extension, VS Code, nteract), HTML whose script loads plotly.js when the page has none (from
 * an inline copy in the document or from the notebook server, never a CDN) and a text summary. The HTML div holds a
 * static table of the figure's numbers that stays visible where scripts do not run (an untrusted notebook,
 * GitHub's viewer). Every call gets a new div id, so the same figure can be shown twice.
 *
 * Complexity: O(figure size).
 * @param figure - A figure from one of the `lib/charts` builders (or any Plotly `{data, layout}`).
 * @param options - The sink, plus {@link FigureHtmlOptions} (id, fallback HTML, Plotly config).
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * const shown: string[] = [];
 * const sink = { html: (html: string) => shown.push(html), markdown: (text: string) => shown.push(text) };
 * show(paretoChart(report.pareto), { sink }); // draws the chart below the cell
 * shown[0].startsWith('<div id='); // => true
 */
export function show(figure: Figure, options: DisplayOptions & FigureHtmlOptions = {}): void {
  const { sink = tslabSink(), ...htmlOptions } = options;
  const bundle = figureBundle(figure, htmlOptions);
  if (sink.bundle) sink.bundle({ ...bundle });
  else sink.html(bundle['text/html']);
}

/**
 * Displays markdown (a finding whose numbers a cell computed: build the text with a template string).
 *
 * Complexity: O(text length).
 * @param text - Markdown.
 * @param options - The sink.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * const shown: string[] = [];
 * const sink = { html: (html: string) => shown.push(html), markdown: (text: string) => shown.push(text) };
 * showMarkdown(`**${formatPercent(report.funnel.userConversion)}** of users bought.`, { sink });
 * shown[0]; // => '**53.5%** of users bought.'
 */
export function showMarkdown(text: string, { sink = tslabSink() }: DisplayOptions = {}): void {
  sink.markdown(text);
}

/** A danfojs-like frame: anything with `columns` and row-major `values` (danfojs `DataFrame` has both). */
export interface FrameLike {
  columns: string[];
  /** Rows, each an array of cells in `columns` order. */
  values: readonly unknown[];
}

function isFrame(value: unknown): value is FrameLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as FrameLike).columns) &&
    Array.isArray((value as FrameLike).values)
  );
}

/**
 * Displays a table: an array of records, or a danfojs `DataFrame` (its `columns` and `values`), as HTML.
 *
 * Complexity: O(rows × columns).
 * @param rows - Records or a frame.
 * @param options - The sink plus {@link TableHtmlOptions} (columns, headers, caption, formatters).
 * @example
 * const shown: string[] = [];
 * const sink = { html: (html: string) => shown.push(html), markdown: (text: string) => shown.push(text) };
 * showTable([{ step: 'read', lines: 1200 }], { sink });
 * shown[0].includes('<td style="text-align:right">1,200</td>'); // => true
 */
export function showTable(
  rows: ReadonlyArray<Readonly<Record<string, unknown>>> | FrameLike,
  options: DisplayOptions & TableHtmlOptions = {},
): void {
  const { sink = tslabSink(), ...tableOptions } = options;
  const records = isFrame(rows)
    ? rows.values.map((row) =>
        Object.fromEntries(
          rows.columns.map((column, index) => [column, Array.isArray(row) ? row[index] : row]),
        ),
      )
    : rows;
  sink.html(tableHtml(records, { columns: isFrame(rows) ? rows.columns : undefined, ...tableOptions }));
}

/**
 * Formats a ratio as a percentage for narrative text: `pct(0.6832)` → `68.3%`.
 *
 * Complexity: O(1).
 * @param ratio - A number, usually in [0, 1].
 * @param digits - Decimals. Default 1.
 * @returns The percentage text.
 * @example
 * formatPercent(0.6832)
 * // => '68.3%'
 */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * Formats a count with thousands separators for narrative text: `int(1234567)` → `1,234,567`.
 *
 * Complexity: O(1).
 * @param value - A number (rounded).
 * @returns The formatted integer.
 * @example
 * formatCount(1234567)
 * // => '1,234,567'
 */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * Displays raw HTML through the sink.
 *
 * Complexity: O(html length).
 * @param html - HTML text.
 * @param options - The sink.
 * @example
 * const shown: string[] = [];
 * const sink = { html: (html: string) => shown.push(html), markdown: (text: string) => shown.push(text) };
 * showHtml('<b>done</b>', { sink });
 * shown; // => ['<b>done</b>']
 */
export function showHtml(html: string, { sink = tslabSink() }: DisplayOptions = {}): void {
  sink.html(html);
}

/**
 * Everything a notebook needs to display results, in one object:
 * `display.show(figure)`, `display.markdown(text)`, `display.table(rows)`, `display.html(html)`,
 * `display.pct(ratio)` and `display.int(count)` for narrative numbers.
 *
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * const shown: string[] = [];
 * const sink = { html: (html: string) => shown.push(html), markdown: (text: string) => shown.push(text) };
 * display.markdown(`**${display.pct(report.funnel.userConversion)}** of users bought.`, { sink });
 * shown[0]; // => '**53.5%** of users bought.'
 */
export const display = {
  show,
  markdown: showMarkdown,
  table: showTable,
  html: showHtml,
  pct: formatPercent,
  int: formatCount,
  embedPlotly,
  initPlotly,
} as const;
