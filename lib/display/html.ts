/**
 * Pure HTML builders behind `show`: the once-per-page plotly.js loader, one figure as a div + script with a static
 * fallback inside the div, and plain HTML tables. No I/O, no rendering.
 */
import { randomBytes } from 'node:crypto';
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

/** The `type` of the inert script element that carries plotly.js inside a document (never executed by itself). */
export const PLOTLY_INLINE_TYPE = 'application/x-ecomlab-plotly';

/**
 * plotly.js inline as an inert script element (`<script type="application/x-ecomlab-plotly">`): the browser does
 * not run it; the loader of the first chart that needs `window.Plotly` finds it in the page and runs it once. So a
 * document carries the library at most once (in its first chart output), and charts above or below it wait for it.
 * `</script` and `<!--` in the source are escaped (they would end or confuse the element).
 *
 * Complexity: O(source length).
 * @param plotlySource - The text of `plotly.min.js`.
 * @returns HTML.
 * @example
 * plotlyInlineHtml('window.Plotly = {};')
 * // => '<script type="application/x-ecomlab-plotly">window.Plotly = {};</script><!-- ecomlab: plotly.js inline -->'
 */
export function plotlyInlineHtml(plotlySource: string): string {
  const safe = plotlySource.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  return `<script type="${PLOTLY_INLINE_TYPE}">${safe}</script><!-- ecomlab: plotly.js inline -->`;
}

/** @deprecated Old name of {@link plotlyInlineHtml}. */
export const plotlyLoaderHtml = plotlyInlineHtml;

/**
 * The page-wide plotly.js loader, as JavaScript: defines `window.ecomlabPlotly()` once per page (a later copy
 * returns at once), a function returning a promise of `window.Plotly`. It tries, in order and at most once per page:
 * `window.Plotly` itself; an inline copy anywhere in the page ({@link plotlyInlineHtml}); the Jupyter server the page
 * came from (`nbextensions/ecomlab/plotly.min.js`, then `files/<folder>/node_modules/plotly.js-dist-min/plotly.min.js`
 * for the notebook's folder and each folder above it); then it keeps looking for an inline copy for 30 s (one
 * further down the page may not be rendered yet). Every figure output carries this text, so each draws by itself
 * whatever ran before it, in whichever session or tab.
 *
 * Complexity: O(1) (about 2 kB).
 * @example
 * plotlyLoaderScript().includes('window.ecomlabPlotly')
 * // => true
 */
export function plotlyLoaderScript(): string {
  return `if (!window.ecomlabPlotly) (function () {
  var pending = null;
  function inline() {
    var el = document.querySelector('script[type="${PLOTLY_INLINE_TYPE}"]');
    if (!el || window.Plotly) return !!window.Plotly;
    var s = document.createElement('script');
    s.text = el.textContent;
    document.head.appendChild(s);
    return !!window.Plotly;
  }
  function serverUrls() {
    if (!/^https?:$/.test(location.protocol)) return [];
    var body = document.body, base = body && body.getAttribute('data-base-url'), nbPath = body && body.getAttribute('data-notebook-path');
    var config = document.getElementById('jupyter-config-data');
    if (!base && config) { try { base = JSON.parse(config.textContent).baseUrl; } catch (e) {} }
    var m = /^(.*?\\/)(?:notebooks|lab\\/tree|doc\\/tree|lab\\/workspaces\\/[^/]+\\/tree|voila\\/render)\\/(.*)$/.exec(decodeURIComponent(location.pathname));
    if (!base) base = m ? m[1] : '/';
    if (!nbPath && m) nbPath = m[2];
    if (base.charAt(base.length - 1) !== '/') base += '/';
    var urls = [base + 'nbextensions/ecomlab/plotly.min.js'];
    var dirs = (nbPath || '').split('/').slice(0, -1);
    for (var i = dirs.length; i >= 0; i--)
      urls.push(base + 'files/' + dirs.slice(0, i).map(encodeURIComponent).join('/') + (i ? '/' : '') + 'node_modules/plotly.js-dist-min/plotly.min.js');
    return urls;
  }
  function fromUrls(urls, done) {
    if (window.Plotly || urls.length === 0) return done();
    var s = document.createElement('script');
    s.src = urls[0];
    s.onload = function () { done(); };
    s.onerror = function () { s.parentNode && s.parentNode.removeChild(s); fromUrls(urls.slice(1), done); };
    document.head.appendChild(s);
  }
  window.ecomlabPlotly = function () {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!pending) pending = new Promise(function (resolve, reject) {
      if (inline()) return resolve(window.Plotly);
      fromUrls(serverUrls(), function () {
        var tries = 0;
        (function wait() {
          if (window.Plotly || inline()) return resolve(window.Plotly);
          if (tries++ < 60) return setTimeout(wait, 500);
          pending = null;
          reject(new Error('plotly.js not found'));
        })();
      });
    });
    return pending;
  };
})();`;
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** The div's id. Default: `ecomlab-fig-` plus 16 random hex digits, new for every call (the same figure shown twice gets two divs that both draw). */
  id?: string;
  /** HTML shown inside the div until (or unless) plotly.js draws: e.g. an `<img>` or a data table. Default: {@link figureSummaryHtml}. */
  fallback?: string;
  /** Plotly config. Default `{responsive: true, displaylogo: false}`. */
  config?: Record<string, unknown>;
}

/** A fresh DOM id for one displayed figure. */
function freshId(): string {
  return `ecomlab-fig-${randomBytes(8).toString('hex')}`;
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
 * figureSummaryHtml({ data: [{ type: 'bar', name: 'n', x: ['a'], y: [1] }], layout: { title: { text: 'T' } } }).slice(-70)
 * // => '<table><caption>n</caption><tr><td>a</td><td>1</td></tr></table></div>'
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
 * One figure as HTML: a div holding the static fallback, and a script that gets `window.Plotly` through the page-wide
 * loader ({@link plotlyLoaderScript}, included) and then replaces the fallback with the chart (`Plotly.newPlot`).
 * When plotly.js cannot be found the fallback stays, with a line saying so.
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
  const id = options.id ?? freshId();
  const config = scriptJson(options.config ?? DEFAULT_CONFIG);
  const fallback = options.fallback ?? figureSummaryHtml(figure);
  return (
    `<div id="${escapeHtml(id)}" class="ecomlab-figure" style="min-height:${Number(figure.layout.height ?? 450)}px">${fallback}</div>` +
    `<script type="text/javascript">${plotlyLoaderScript()}\n(function () {\n` +
    `  var figure = ${json};\n` +
    `  var id = ${scriptJson(id)};\n` +
    `  window.ecomlabPlotly().then(function (Plotly) {\n` +
    `    var el = document.getElementById(id);\n` +
    `    if (!el) return;\n` +
    `    el.innerHTML = '';\n` +
    `    return Plotly.newPlot(el, figure.data, figure.layout, ${config});\n` +
    `  }, function () {\n` +
    `    var el = document.getElementById(id);\n` +
    `    if (el) el.insertAdjacentHTML('afterbegin', '<p class="ecomlab-noplotly"><i>plotly.js not found: open the notebook with npm run notebook, or run display.embedPlotly() in a cell.</i></p>');\n` +
    `  });\n` +
    `})();</script>`
  );
}

const DEFAULT_CONFIG = { responsive: true, displaylogo: false };

/**
 * A plain-text rendering of a figure (the `text/plain` part of its display bundle): the title, then per trace its
 * name and first points as `x: y`.
 *
 * Complexity: O(traces × maxPoints).
 * @param figure - The figure.
 * @param maxPoints - Points per trace at most. Default 12.
 * @returns Text.
 * @example
 * figureText({ data: [{ type: 'bar', name: 'n', x: ['a', 'b'], y: [1, 2] }], layout: { title: { text: 'T' } } })
 * // => 'T\n  n (bar): a: 1, b: 2'
 */
export function figureText(figure: Figure, maxPoints = 12): string {
  const plain = (value: unknown): string =>
    typeof value === 'number'
      ? Number.isInteger(value)
        ? value.toLocaleString('en-US')
        : value.toPrecision(4)
      : String(value ?? '')
          .replace(/<br\s*\/?>/gi, ' ')
          .replace(/<[^>]*>/g, '');
  const lines = [plain(figureTitle(figure)) || 'Plotly figure'];
  for (const trace of figure.data) {
    const x = Array.isArray(trace.x) ? (trace.x as unknown[]) : [];
    const y = Array.isArray(trace.y) ? (trace.y as unknown[]) : [];
    const n = Math.max(x.length, y.length);
    const shown = Array.from({ length: Math.min(n, maxPoints) }, (_, i) =>
      trace.type === 'heatmap' ? plain(y[i]) : `${plain(x[i])}: ${plain(y[i])}`,
    );
    const more = n > maxPoints ? `, … ${n - maxPoints} more` : '';
    lines.push(`  ${plain(trace.name ?? '') || trace.type} (${trace.type}): ${shown.join(', ')}${more}`);
  }
  return lines.join('\n');
}

/** The MIME bundle of one displayed figure (what a Jupyter `display_data` message carries). */
export interface FigureBundle {
  /** The figure itself, for clients that render Plotly JSON natively (JupyterLab with the plotly extension, VS Code, nteract). */
  'application/vnd.plotly.v1+json': {
    data: Figure['data'];
    layout: Figure['layout'];
    config: Record<string, unknown>;
  };
  /** {@link figureHtml}: draws in the classic Notebook, JupyterLab and nbconvert HTML; holds the static fallback. */
  'text/html': string;
  /** {@link figureText}. */
  'text/plain': string;
}

/**
 * The display bundle of a figure: Plotly JSON, HTML that loads plotly.js by itself, and text. Each client shows the
 * richest part it can render.
 *
 * Complexity: O(figure JSON size).
 * @param figure - A Plotly figure.
 * @param options - Div id, fallback HTML, Plotly config.
 * @returns The bundle.
 * @example
 * Object.keys(figureBundle({ data: [], layout: {} }))
 * // => ['application/vnd.plotly.v1+json', 'text/html', 'text/plain']
 */
export function figureBundle(figure: Figure, options: FigureHtmlOptions = {}): FigureBundle {
  return {
    'application/vnd.plotly.v1+json': {
      data: figure.data,
      layout: figure.layout,
      config: options.config ?? DEFAULT_CONFIG,
    },
    'text/html': figureHtml(figure, options),
    'text/plain': figureText(figure),
  };
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
