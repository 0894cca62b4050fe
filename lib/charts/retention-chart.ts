import type { BehaviorRetention } from '../behavior/types';
import type { ChartOptions, Figure, Layout, Trace } from './figure';
import { baseLayout, BLUES, PALETTE, percent, requireRows } from './figure';

function curveTrace(retention: BehaviorRetention, axes: { xaxis?: string; yaxis?: string } = {}): Trace {
  const rate = retention.headline.rate;
  return {
    type: 'scatter',
    name: `Cohort ${retention.headline.date || '(none)'}`,
    mode: 'lines+markers+text',
    x: rate.map((_, offset) => offset),
    y: rate,
    text: rate.map((value) => percent(value, 0)),
    textposition: 'top center',
    line: { color: PALETTE[0], width: 2 },
    hovertemplate: 'day +%{x}: %{y:.1%}<extra></extra>',
    ...axes,
  };
}

function heatmapTrace(retention: BehaviorRetention, axes: { xaxis?: string; yaxis?: string } = {}): Trace {
  const width = Math.max(...retention.cohorts.map((cohort) => cohort.rate.length));
  const z = retention.cohorts.map((cohort) =>
    Array.from({ length: width }, (_, offset) => (offset < cohort.rate.length ? cohort.rate[offset]! : null)),
  );
  return {
    type: 'heatmap',
    name: 'Retention by cohort',
    x: Array.from({ length: width }, (_, offset) => offset),
    y: retention.cohorts.map((cohort) => `${cohort.date} (${cohort.users.toLocaleString('en-US')})`),
    z,
    text: z.map((row) => row.map((value) => (value === null ? '' : percent(value, 0)))),
    texttemplate: '%{text}',
    textfont: { size: 11 },
    colorscale: BLUES,
    zmin: 0,
    zmax: 1,
    colorbar: { title: { text: 'Retained', side: 'right' }, tickformat: '.0%' },
    hovertemplate: 'cohort %{y}, day +%{x}: %{z:.1%}<extra></extra>',
    ...axes,
  };
}

/**
 * Retention curve of the headline cohort (users first active on the window's first day): the share of them
 * active again on day +k, k = 0 .. last day (day 0 is 100% by definition). Reads `retention.headline.rate`.
 *
 * Complexity: O(days).
 * @param retention - The report's `retention` section.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `scatter` trace.
 * @throws DataError when the headline cohort is empty.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * retentionCurveChart(report.retention).data[0].y[0]
 * // => 1
 */
export function retentionCurveChart(retention: BehaviorRetention, options: ChartOptions = {}): Figure {
  requireRows(retention.headline.rate, 'retentionCurveChart', 'retention.headline.rate');
  const layout = baseLayout(
    `Retention of the ${retention.headline.date} cohort (${retention.headline.users.toLocaleString('en-US')} users)`,
    'Days after first activity',
    'Share of the cohort active',
    options,
  );
  layout.yaxis = { ...(layout.yaxis as object), tickformat: '.0%', range: [0, 1.1] };
  layout.xaxis = { ...(layout.xaxis as object), dtick: 1 };
  layout.showlegend = false;
  return { data: [curveTrace(retention)], layout };
}

/**
 * Cohort retention heatmap: one row per first-active date (labelled with its size), one column per day offset,
 * each cell the share of the cohort active that day; cells past the window's end are empty. Reads
 * `retention.cohorts[].rate`.
 *
 * Complexity: O(cohorts × days).
 * @param retention - The report's `retention` section.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `heatmap` trace.
 * @throws DataError when there are no cohorts.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * cohortHeatmapChart(report.retention).data[0].z[0][0]
 * // => 1
 */
export function cohortHeatmapChart(retention: BehaviorRetention, options: ChartOptions = {}): Figure {
  requireRows(retention.cohorts, 'cohortHeatmapChart', 'retention.cohorts');
  const layout = baseLayout(
    'Retention by cohort (first active date)',
    'Days after first activity',
    'Cohort (users)',
    options,
  );
  layout.yaxis = { ...(layout.yaxis as object), autorange: 'reversed', type: 'category' };
  layout.xaxis = { ...(layout.xaxis as object), dtick: 1 };
  return { data: [heatmapTrace(retention)], layout };
}

/**
 * Both retention views side by side in one figure (the README's retention image): the headline cohort's curve
 * on the left, the cohort heatmap on the right.
 *
 * Complexity: O(cohorts × days).
 * @param retention - The report's `retention` section.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with a `scatter` trace (axes x/y) and a `heatmap` trace (axes x2/y2).
 * @throws DataError when the headline cohort or the cohort list is empty.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * retentionChart(report.retention).data.map((trace) => trace.type)
 * // => ['scatter', 'heatmap']
 */
export function retentionChart(retention: BehaviorRetention, options: ChartOptions = {}): Figure {
  requireRows(retention.headline.rate, 'retentionChart', 'retention.headline.rate');
  requireRows(retention.cohorts, 'retentionChart', 'retention.cohorts');
  const layout: Layout = baseLayout(
    `Retention: ${retention.headline.date} cohort (left) and every cohort (right)`,
    'Days after first activity',
    'Share of the cohort active',
    { height: 500, ...options },
  );
  layout.xaxis = { ...(layout.xaxis as object), domain: [0, 0.36], dtick: 1 };
  layout.yaxis = { ...(layout.yaxis as object), tickformat: '.0%', range: [0, 1.12] };
  // The gap between the panels holds the cohort labels ("2017-11-25 (6,282)": date and users), so the heatmap's
  // y axis has no title of its own and no tick marks: the labels say what the rows are.
  layout.xaxis2 = {
    title: { text: 'Days after first activity (rows: cohort date, users)', standoff: 12 },
    domain: [0.56, 0.93],
    anchor: 'y2',
    dtick: 1,
    automargin: true,
  };
  layout.yaxis2 = {
    anchor: 'x2',
    autorange: 'reversed',
    type: 'category',
    ticks: '',
    ticksuffix: '  ',
    automargin: true,
  };
  layout.showlegend = false;
  layout.margin = { l: 70, r: 30, t: 90, b: 60 };
  const heatmap = heatmapTrace(retention, { xaxis: 'x2', yaxis: 'y2' });
  heatmap.colorbar = {
    title: { text: 'Retained', side: 'right' },
    tickformat: '.0%',
    x: 0.95,
    thickness: 18,
  };
  return { data: [curveTrace(retention), heatmap], layout };
}
