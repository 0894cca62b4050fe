/**
 * Pure HTML builders behind `show`: the once-per-page plotly.js loader, one figure as a div + script with a static
 * fallback inside the div, and plain HTML tables. No I/O, no rendering.
 */
import type { Figure } from '../charts/figure';

/**
 * Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values (as numeric character references).
 *
 * Complexity: O(text length).
 * @example
 * escapeHtml('<b>"R&D"</b>')
 * // => '&#60;b&#62;&#34;R&#38;D&#34;&#60;/b&#62;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * JSON safe to embed inside a `<script>` element (no `</script>`, no U+2028/2029 line breaks).
 *
 * Complexity: O(JSON length).
 * @example
 * scriptJson({ label: '</script>' })
 * // => '{"label":"\\u003c/script\\u003e"}'
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The script element that defines `window.Plotly` from the given plotly.js source, unless a previous one already
 * did. The source is embedded as is (plotly.js-dist-min is a UMD bundle that sets `window.Plotly`).
 *
 * Complexity: O(source length).
 * @param plotlySource - The text of `plotly.min.js`.
 * @returns `<script>…</script>` HTML.
 * @example
 * plotlyLoaderHtml('window.Plotly = {};').startsWith('<script')
 * // => true
 */
export function plotlyLoaderHtml(plotlySource: string): string {
  const safe = plotlySource.replace(/<\/script/gi, '<\\/script');
  return `<script type="text/javascript">if (!window.Plotly) {\n${safe}\n}</script><!-- ecomlab: plotly.js loaded offline -->`;
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** The div's id. Default: `ecomlab-fig-` plus a number derived from the figure JSON (stable for equal figures). */
  id?: string;
  /** HTML shown inside the div until (or unless) plotly.js draws: e.g. an `<img>` or a data table. Default: {@link figureSummaryHtml}. */
  fallback?: string;
  /** Plotly config. Default `{responsive: true, displaylogo: false}`. */
  config?: Record<string, unknown>;
}

/** FNV-1a 32-bit hash of a string, as 8 hex digits (stable ids). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The title text of a figure: `layout.title` as a string or `layout.title.text` ('' when none).
 *
 * Complexity: O(1).
 * @example
 * figureTitle({ data: [], layout: { title: { text: 'Funnel' } } })
 * // => 'Funnel'
 */
export function figureTitle(figure: Figure): string {
  const title = figure.layout.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string')
    return (title as { text: string }).text;
  return '';
}

function cell(value: unknown): string {
  if (typeof value === 'number')
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toPrecision(4);
  if (value === null || value === undefined) return '';
  // Chart labels may carry Plotly's line breaks and styling tags (<br>, <i>): show them as plain text.
  return escapeHtml(
    String(value)
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<\/?(?:i|b|sup|sub|em|span)[^>]*>/gi, ''),
  );
}

/**
 * A static, script-free summary of a figure: its title and, per trace, a small table of its first `maxPoints`
 * (x, y) or heatmap rows. Shown inside the figure's div when scripts do not run (an untrusted notebook, a
 * sanitising viewer), so the reader still sees the numbers.
 *
 * Complexity: O(traces × maxPoints).
 * @param figure - The figure.
 * @param maxPoints - Points per trace at most. Default 24.
 * @returns HTML.
 * @example
 * figureSummaryHtml({ data: [{ type: 'bar', name: 'n', x: ['a'], y: [1] }], layout: { title: { text: 'T' } } })
 * // => '<div class="ecomlab-fallback">…<td>a</td><td>1</td>…</div>'
 */
export function figureSummaryHtml(figure: Figure, maxPoints = 24): string {
  const parts = [
    `<div class="ecomlab-fallback"><p><b>${escapeHtml(figureTitle(figure))}</b> <i>(static summary; run the cell or trust the notebook for the interactive chart)</i></p>`,
  ];
  for (const trace of figure.data) {
    const x = Array.isArray(trace.x) ? (trace.x as unknown[]) : [];
    const y = Array.isArray(trace.y) ? (trace.y as unknown[]) : [];
    if (trace.type === 'heatmap' && Array.isArray(trace.z)) {
      const z = trace.z as unknown[][];
      const header = `<tr><th></th>${x
        .slice(0, maxPoints)
        .map((v) => `<th>${cell(v)}</th>`)
        .join('')}</tr>`;
      const body = z
        .slice(0, maxPoints)
        .map(
          (row, r) =>
            `<tr><th>${cell(y[r])}</th>${row
              .slice(0, maxPoints)
              .map((v) => `<td>${cell(v)}</td>`)
              .join('')}</tr>`,
        )
        .join('');
      parts.push(`<table><caption>${escapeHtml(trace.name ?? trace.type)}</caption>${header}${body}</table>`);
      continue;
    }
    const n = Math.min(Math.max(x.length, y.length), maxPoints);
    if (n === 0) continue;
    const rows = Array.from(
      { length: n },
      (_, i) => `<tr><td>${cell(x[i])}</td><td>${cell(y[i])}</td></tr>`,
    ).join('');
    const more =
      Math.max(x.length, y.length) > n
        ? `<tr><td colspan="2">… ${Math.max(x.length, y.length) - n} more</td></tr>`
        : '';
    parts.push(`<table><caption>${escapeHtml(trace.name ?? trace.type)}</caption>${rows}${more}</table>`);
  }
  parts.push('</div>');
  return parts.join('');
}

/**
 * One figure as HTML: a div holding the static fallback, and a script that (once `window.Plotly` exists, waiting
 * up to 10 s for a loader further up the page) clears the div and draws the figure with `Plotly.newPlot`.
 *
 * Complexity: O(figure JSON size).
 * @param figure - A Plotly figure.
 * @param options - Div id, fallback HTML, Plotly config.
 * @returns HTML.
 * @example
 * figureHtml({ data: [], layout: {} }, { id: 'f1', fallback: '' }).slice(0, 46)
 * // => '<div id="f1" class="ecomlab-figure" style="min'
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const json = scriptJson(figure);
  const id = options.id ?? `ecomlab-fig-${hash(json)}`;
  const config = scriptJson(options.config ?? { responsive: true, displaylogo: false });
  const fallback = options.fallback ?? figureSummaryHtml(figure);
  return (
    `<div id="${escapeHtml(id)}" class="ecomlab-figure" style="min-height:${Number(figure.layout.height ?? 450)}px">${fallback}</div>` +
    `<script type="text/javascript">(function () {\n` +
    `  var figure = ${json};\n` +
    `  var tries = 0;\n` +
    `  function draw() {\n` +
    `    var el = document.getElementById(${scriptJson(id)});\n` +
    `    if (!el) return;\n` +
    `    if (!window.Plotly) { if (tries++ < 100) setTimeout(draw, 100); return; }\n` +
    `    el.innerHTML = '';\n` +
    `    window.Plotly.newPlot(el, figure.data, figure.layout, ${config});\n` +
    `  }\n` +
    `  draw();\n` +
    `})();</script>`
  );
}

/** Options of {@link tableHtml}. */
export interface TableHtmlOptions {
  /** Columns to show, in order. Default: the keys of the first row. */
  columns?: readonly string[];
  /** Header text per column. Default: the column name. */
  headers?: Readonly<Record<string, string>>;
  /** Caption above the table. Default: none. */
  caption?: string;
  /** Formatter per column. Default: integers with thousands separators, other numbers to 4 significant digits. */
  format?: Readonly<Record<string, (value: unknown) => string>>;
}

/**
 * An HTML table from an array of records (numbers right-aligned, values escaped).
 *
 * Complexity: O(rows × columns).
 * @param rows - The records.
 * @param options - Columns, headers, caption and formatters.
 * @returns HTML.
 * @example
 * tableHtml([{ step: 'read', lines: 1200 }])
 * // => '<table class="ecomlab-table"><thead><tr><th>step</th><th>lines</th></tr></thead><tbody><tr><td>read</td><td style="text-align:right">1,200</td></tr></tbody></table>'
 */
export function tableHtml(
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  options: TableHtmlOptions = {},
): string {
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  const head = `<thead><tr>${columns.map((c) => `<th>${escapeHtml(options.headers?.[c] ?? c)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${columns
          .map((c) => {
            const value = row[c];
            const text = options.format?.[c] ? escapeHtml(options.format[c]!(value)) : cell(value);
            return typeof value === 'number'
              ? `<td style="text-align:right">${text}</td>`
              : `<td>${text}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="ecomlab-table">${caption}${head}<tbody>${body}</tbody></table>`;
}
