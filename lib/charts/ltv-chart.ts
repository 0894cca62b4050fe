import type { LtvSegmentRow } from '../ltv/types';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, PALETTE, requireRows, wrapLabel } from './figure';

/**
 * LTV per RFM value tier, both ways, as grouped bars: the report's historical estimate (mean of average order
 * value × purchases per year × margin × lifespan: a profit) and, when computed, the probabilistic CLV (mean
 * discounted BG/NBD + Gamma-Gamma CLV; `analyzeRetail` computes it with lifetimes' default margin of 1, so it is
 * revenue, not profit). The legend names both bases, so the two bars are not read as the same quantity.
 * Segments with no customers are left out; bars are labelled in pounds.
 *
 * Complexity: O(segments).
 * @param segments - The LTV segment table (`LtvSegmentRow[]`).
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `bar` trace (historical), plus a second `bar` trace (CLV) when any
 *   `meanClv` is a number.
 * @throws DataError when no segment has customers.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * ltvChart(report.ltv.segments).data.map((trace) => trace.name)
 * // => ['Historical LTV (mean; profit over the lifespan)', 'Probabilistic CLV (mean; discounted revenue, no margin)']
 */
export function ltvChart(segments: readonly LtvSegmentRow[], options: ChartOptions = {}): Figure {
  const rows = segments.filter((row) => row.customers > 0);
  requireRows(rows, 'ltvChart', 'segments (with customers)');
  const labels = rows.map(
    (row) => `${wrapLabel(row.label)}<br><i>${row.customers.toLocaleString('en-US')} customers</i>`,
  );
  // Bar labels: £ and 3 significant figures (£3.57k, £392), short enough that neighbouring bars' labels never touch.
  const money = (value: number): string =>
    Math.abs(value) >= 1000
      ? `£${(value / 1000).toFixed(value >= 10_000 ? 1 : 2)}k`
      : `£${Math.round(value)}`;
  const layout = baseLayout(
    'Customer lifetime value per RFM tier',
    'RFM tier',
    'Mean LTV per customer (£)',
    options,
  );
  layout.barmode = 'group';
  layout.bargap = 0.22;
  layout.bargroupgap = 0.08;
  layout.xaxis = { ...(layout.xaxis as object), tickangle: 0, tickfont: { size: 11 } };
  layout.height = options.height ?? 520;
  layout.legend = { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom' };
  layout.margin = { l: 70, r: 30, t: 90, b: 110 };
  const data: Figure['data'] = [
    {
      type: 'bar',
      name: 'Historical LTV (mean; profit over the lifespan)',
      x: labels,
      y: rows.map((row) => row.meanLtv),
      text: rows.map((row) => money(row.meanLtv)),
      textposition: 'outside',
      textfont: { size: 12 },
      cliponaxis: false,
      marker: { color: PALETTE[0] },
      hovertemplate: '%{x}: £%{y:,.0f}<extra>historical</extra>',
    },
  ];
  if (rows.some((row) => Number.isFinite(row.meanClv))) {
    data.push({
      type: 'bar',
      name: 'Probabilistic CLV (mean; discounted revenue, no margin)',
      x: labels,
      y: rows.map((row) => (Number.isFinite(row.meanClv) ? row.meanClv : null)),
      text: rows.map((row) => (Number.isFinite(row.meanClv) ? money(row.meanClv) : '')),
      textposition: 'outside',
      textfont: { size: 12 },
      cliponaxis: false,
      marker: { color: PALETTE[1] },
      hovertemplate: '%{x}: £%{y:,.0f}<extra>BG/NBD + Gamma-Gamma</extra>',
    });
  }
  return { data, layout };
}
