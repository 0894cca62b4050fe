import type { HourlyRow } from '../behavior/types';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, niceAxis, PALETTE, percent, requireRows, rightAxis } from './figure';

/**
 * Dual-axis hourly chart: page views per hour of day as bars (left axis) and conversion (distinct buyers /
 * distinct active users in that hour) as a line (right axis, percent). Hours are at the report's UTC offset, all
 * days together. Reads `hourly[].pv` and `hourly[].conversion`.
 *
 * Complexity: O(24).
 * @param hourly - The report's `hourly` rows.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with a `bar` trace on `y` and a `scatter` trace on `y2`.
 * @throws DataError when there are no rows.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * hourlyChart(report.hourly).data[1].yaxis
 * // => 'y2'
 */
export function hourlyChart(hourly: readonly HourlyRow[], options: ChartOptions = {}): Figure {
  requireRows(hourly, 'hourlyChart', 'hourly');
  let peak = hourly[0]!;
  let best = hourly[0]!;
  for (const row of hourly) {
    if (row.pv > peak.pv) peak = row;
    if (row.conversion > best.conversion) best = row;
  }
  const layout = baseLayout(
    `Traffic vs conversion by hour: traffic peaks at ${peak.hour}:00, conversion at ${best.hour}:00 (${percent(best.conversion)})`,
    'Hour of day',
    'Page views',
    options,
  );
  layout.xaxis = { ...(layout.xaxis as object), dtick: 1, range: [-0.5, 23.5] };
  // Round percent ticks (0%, 5%, 10% ...) with the best hour below the top tick.
  const axis = niceAxis(best.conversion, 4);
  const tickformat = Number.isInteger(Math.round(axis.dtick * 1e6) / 1e4) ? '.0%' : '.1%';
  layout.yaxis2 = rightAxis(
    'Conversion (buyers / active users)',
    { tickformat, range: axis.range, dtick: axis.dtick },
    { standoff: 10 },
  );
  layout.margin = { l: 70, r: 80, t: 70, b: 60 };
  return {
    data: [
      {
        type: 'bar',
        name: 'Page views',
        x: hourly.map((row) => row.hour),
        y: hourly.map((row) => row.pv),
        marker: { color: PALETTE[5] },
        hovertemplate: '%{x}:00 — %{y:,} page views<extra></extra>',
      },
      {
        type: 'scatter',
        name: 'Conversion',
        mode: 'lines+markers',
        x: hourly.map((row) => row.hour),
        y: hourly.map((row) => row.conversion),
        yaxis: 'y2',
        line: { color: PALETTE[3], width: 3 },
        hovertemplate: '%{x}:00 — %{y:.2%} converted<extra></extra>',
      },
    ],
    layout,
  };
}
