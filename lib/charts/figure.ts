/**
 * The Plotly figure shape every chart builder returns: plain JSON (`{data, layout}`), never rendered here.
 * Rendering happens in `lib/display` (inline in a notebook), `npm run images` (PNG through Chromium) and the
 * dashboard. See https://plotly.com/javascript/reference/ for the meaning of each trace and layout field.
 */
import { DataError } from '../errors';

/** One Plotly trace: a `type` plus any Plotly trace attributes. */
export interface Trace {
  /** Plotly trace type (`bar`, `scatter`, `heatmap`, `funnel`, ...). */
  type: string;
  /** Legend name. */
  name?: string;
  [attribute: string]: unknown;
}

/** A Plotly layout: any Plotly layout attributes (title, axes, shapes, annotations ...). */
export type Layout = Record<string, unknown>;

/** A complete Plotly figure: plain JSON, serialisable with `JSON.stringify`. */
export interface Figure {
  data: Trace[];
  layout: Layout;
}

/** Options shared by every chart builder. */
export interface ChartOptions {
  /** Figure title. Default: a title naming the chart and its main number. */
  title?: string;
  /** Figure width in pixels. Default: undefined (Plotly's autosize in notebooks; 900 for images). */
  width?: number;
  /** Figure height in pixels. Default: chart-specific (about 450). */
  height?: number;
}

/** The palette used across ecomlab's charts (colour-blind friendly, Okabe-Ito order). */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  // Okabe-Ito's eighth colour is black, which reads as a hole in a bar chart: its grey instead.
  '#999999',
];

/**
 * The font stack of every chart: DejaVu Sans (Latin), then CJK fonts for the Chinese segment names
 * (Noto Sans CJK from Debian's fonts-noto-cjk, WenQuanYi Micro Hei from fonts-wqy-microhei), then generic
 * fallbacks. The browser picks each glyph from the first family that has it.
 */
export const FONT_FAMILY =
  "DejaVu Sans, 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', Arial, sans-serif";

/**
 * A "nice" axis from 0 to at least `max`: a tick step of 1, 2, 2.5 or 5 × 10^k giving about `ticks` ticks, and
 * the top of the range at the first step at or above `max` (so the largest value is never above the top tick).
 *
 * Complexity: O(1).
 * @example
 * niceAxis(0.199)
 * // => { range: [0, 0.2], dtick: 0.05 }
 */
export function niceAxis(max: number, ticks = 4): { range: [number, number]; dtick: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { range: [0, 1], dtick: 0.25 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((candidate) => candidate >= raw)!;
  const top = Math.ceil(max / step - 1e-9) * step;
  return { range: [0, Number(top.toPrecision(12))], dtick: Number(step.toPrecision(12)) };
}

/** Sequential colour scale for heatmaps: light (low) to dark blue (high). */
export const BLUES: Array<[number, string]> = [
  [0, '#f7fbff'],
  [0.5, '#6baed6'],
  [1, '#08306b'],
];

/**
 * A layout with ecomlab's defaults: a title, axis titles, readable fonts and margins.
 *
 * Complexity: O(1).
 * @param title - Figure title.
 * @param xTitle - X axis title.
 * @param yTitle - Y axis title.
 * @param options - Width and height overrides.
 * @returns A Plotly layout.
 * @example
 * baseLayout('Buys', 'Hour', 'Events').xaxis
 * // => { title: { text: 'Hour', standoff: 12 }, automargin: true, zeroline: false }
 */
export function baseLayout(
  title: string,
  xTitle: string,
  yTitle: string,
  options: ChartOptions = {},
): Layout {
  const layout: Layout = {
    title: { text: options.title ?? title, x: 0.02, xanchor: 'left', font: { size: 18 } },
    // standoff + automargin: Plotly pushes the margin so an axis title never sits on its tick labels
    xaxis: { title: { text: xTitle, standoff: 12 }, automargin: true, zeroline: false },
    yaxis: { title: { text: yTitle, standoff: 10 }, automargin: true, zeroline: false },
    font: { family: FONT_FAMILY, size: 13 },
    margin: { l: 70, r: 30, t: 70, b: 60 },
    height: options.height ?? 450,
    plot_bgcolor: '#ffffff',
    paper_bgcolor: '#ffffff',
    legend: { orientation: 'h', x: 0, y: -0.2 },
  };
  if (options.width !== undefined) layout.width = options.width;
  return layout;
}

/**
 * A second y axis on the right of the plot (`layout.yaxis2`, for a trace with `yaxis: 'y2'`): overlaying the first,
 * without its own grid, its title and `axis` (tick format, range...) as given.
 *
 * Complexity: O(1).
 * @example
 * rightAxis('Conversion', { tickformat: '.0%' })
 * // => { title: { text: 'Conversion' }, overlaying: 'y', side: 'right', tickformat: '.0%', showgrid: false, automargin: true }
 */
export function rightAxis(
  title: string,
  axis: Record<string, unknown>,
  { standoff }: { standoff?: number } = {},
): Record<string, unknown> {
  return {
    title: standoff === undefined ? { text: title } : { text: title, standoff },
    overlaying: 'y',
    side: 'right',
    ...axis,
    showgrid: false,
    automargin: true,
  };
}

/**
 * Throws a `DataError` naming the chart and the field when `values` is empty.
 *
 * Complexity: O(1).
 * @throws DataError `invalid <field>: [] (<chart> needs at least one row)`.
 * @example
 * requireRows([], 'hourlyChart', 'hourly')
 * // => throws DataError: invalid hourly: [] (hourlyChart needs at least one row)
 */
export function requireRows(values: ArrayLike<unknown>, chart: string, field: string): void {
  if (values.length === 0)
    throw new DataError(`invalid ${field}: [] (${chart} needs at least one row)`, {
      column: field,
      value: [],
    });
}

/**
 * Formats a ratio in [0, 1] as a percentage with `digits` decimals.
 *
 * Complexity: O(1).
 * @example
 * percent(0.1234)
 * // => '12.3%'
 */
export function percent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * Formats a number, rounded to an integer, with thousands separators.
 *
 * Complexity: O(digits).
 * @example
 * thousands(1234567.4)
 * // => '1,234,567'
 */
export function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * Wraps a label onto several lines (Plotly `<br>`) at spaces so no line is much longer than `width` characters.
 *
 * Complexity: O(label length).
 * @param label - The text.
 * @param width - Target line length. Default 14.
 * @returns The label with `<br>` between lines.
 * @example
 * wrapLabel('Important development (high-value new)')
 * // => 'Important<br>development<br>(high-value<br>new)'
 */
export function wrapLabel(label: string, width = 14): string {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('<br>');
}
