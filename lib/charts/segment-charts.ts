import type { RetailCustomerRow } from '../lifecycle/types';
import { check } from '../errors';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, BLUES, PALETTE, percent } from './figure';

/**
 * One customer as the segment charts and the dashboard draw it: a {@link RetailCustomerRow} (the one
 * customer-row type) with its segment's label; `clv` may be absent and `segment` any key.
 */
export type CustomerPoint = Omit<RetailCustomerRow, 'segment' | 'clv' | 'probabilityAlive'> & {
  /** Segment key, e.g. `importantValue`. */
  segment: string;
  /** Segment label, e.g. `Important value`. */
  segmentLabel: string;
  /** Probabilistic CLV (BG/NBD + Gamma-Gamma) when computed; NaN or absent otherwise. */
  clv?: number;
};

interface SegmentTotals {
  label: string;
  customers: number;
  monetary: number;
  ltv: number;
  clv: number;
}

/** Customers per segment label, in first-appearance order of `segmentOrder` (then any other label). */
function totalsBySegment(
  customers: readonly CustomerPoint[],
  segmentOrder: readonly string[],
): SegmentTotals[] {
  const totals = new Map<string, SegmentTotals>();
  for (const label of segmentOrder) totals.set(label, { label, customers: 0, monetary: 0, ltv: 0, clv: 0 });
  for (const customer of customers) {
    let entry = totals.get(customer.segmentLabel);
    if (entry === undefined) {
      entry = { label: customer.segmentLabel, customers: 0, monetary: 0, ltv: 0, clv: 0 };
      totals.set(customer.segmentLabel, entry);
    }
    entry.customers += 1;
    entry.monetary += customer.monetary;
    entry.ltv += Number.isFinite(customer.ltv) ? customer.ltv : 0;
    entry.clv += customer.clv !== undefined && Number.isFinite(customer.clv) ? customer.clv : 0;
  }
  return Array.from(totals.values());
}

/** Options of the segment charts. */
export interface SegmentChartOptions extends ChartOptions {
  /** Segment labels in display order (segments absent from the data still get a zero bar). Default: data order. */
  segmentOrder?: readonly string[];
  /** A segment label to emphasise: the other segments' bars are drawn in grey. Default: none. */
  highlight?: string;
}

const GREY = '#c8ccd2';

function barColours(
  totals: readonly SegmentTotals[],
  highlight: string | undefined,
  colour: (index: number) => string | undefined,
) {
  return totals.map((row, index) =>
    highlight === undefined || row.label === highlight ? colour(index) : GREY,
  );
}

/**
 * The segment axis of the segment charts: segments top to bottom in display order, full labels on the left
 * (horizontal bars, so long names such as "Important development (high-value new)" never collide or clip).
 */
function segmentAxis(layout: Record<string, unknown>): void {
  const x = layout.xaxis as Record<string, unknown>;
  const y = layout.yaxis as Record<string, unknown>;
  layout.xaxis = { ...x, title: y.title };
  layout.yaxis = { ...y, title: { text: '' }, autorange: 'reversed', type: 'category', ticksuffix: '  ' };
}

/**
 * Customers per RFM segment, as horizontal bars labelled with count and share, from per-customer points (so a
 * dashboard filter can pass any subset).
 *
 * Complexity: O(customers).
 * @param customers - Per-customer points.
 * @param options - Segment order, title and size.
 * @returns A Plotly figure with one horizontal `bar` trace (x = customers, y = segment labels).
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * const [point] = customerPoints(report);
 * segmentCustomersChart([{ ...point, segmentLabel: 'Important value' }]).data[0].x
 * // => [1]
 */
export function segmentCustomersChart(
  customers: readonly CustomerPoint[],
  { segmentOrder = [], highlight, ...options }: SegmentChartOptions = {},
): Figure {
  const totals = totalsBySegment(customers, segmentOrder);
  const all = customers.length;
  const layout = baseLayout(
    `Customers per RFM segment (${all.toLocaleString('en-US')} customers)`,
    'RFM segment',
    'Customers',
    options,
  );
  segmentAxis(layout);
  const most = Math.max(1, ...totals.map((row) => row.customers));
  // room on the right for the longest bar's label
  layout.xaxis = { ...(layout.xaxis as object), range: [0, most * 1.45] };
  layout.showlegend = false;
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        name: 'Customers',
        x: totals.map((row) => row.customers),
        y: totals.map((row) => row.label),
        text: totals.map(
          (row) => `${row.customers.toLocaleString('en-US')} (${percent(all ? row.customers / all : 0)})`,
        ),
        textposition: 'outside',
        textangle: 0,
        textfont: { size: 12 },
        constraintext: 'none',
        cliponaxis: false,
        hovertemplate: '%{y}: %{text}<extra></extra>',
        marker: { color: barColours(totals, highlight, (index) => PALETTE[index % PALETTE.length]) },
      },
    ],
    layout,
  };
}

/**
 * Value contribution per RFM segment: each segment's share of customers next to its share of total spend (M)
 * and, when the points carry a probabilistic CLV, its share of total expected CLV, as grouped horizontal bars in
 * percent (segments top to bottom).
 * (Historical LTV is proportional to spend over one observation period, so it would repeat the spend bars.)
 *
 * Complexity: O(customers).
 * @param customers - Per-customer points.
 * @param options - Segment order, highlighted segment, title and size.
 * @returns A Plotly figure with two `bar` traces (customers, spend) plus a third (CLV) when any `clv` is finite.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * segmentValueChart(customerPoints(report)).data.map((trace) => trace.name)
 * // => ['Share of customers', 'Share of spend', 'Share of expected CLV']
 */
export function segmentValueChart(
  customers: readonly CustomerPoint[],
  { segmentOrder = [], highlight, ...options }: SegmentChartOptions = {},
): Figure {
  const totals = totalsBySegment(customers, segmentOrder);
  const count = totals.reduce((sum, row) => sum + row.customers, 0);
  const spend = totals.reduce((sum, row) => sum + row.monetary, 0);
  const clv = totals.reduce((sum, row) => sum + row.clv, 0);
  const hasClv = customers.some((customer) => customer.clv !== undefined && Number.isFinite(customer.clv));
  const layout = baseLayout(
    'Value contribution per RFM segment',
    'RFM segment',
    'Share of the total',
    options,
  );
  segmentAxis(layout);
  layout.xaxis = { ...(layout.xaxis as object), tickformat: '.0%', rangemode: 'tozero' };
  layout.barmode = 'group';
  // legend under the plot: beside the title it collides with it in a half-width dashboard view
  layout.legend = { orientation: 'h', x: 0, y: -0.16, yanchor: 'top', traceorder: 'normal' };
  layout.margin = { l: 70, r: 30, t: 70, b: 110 };
  const bar = (name: string, values: number[], colour: string | undefined) => ({
    type: 'bar',
    orientation: 'h',
    name,
    x: values,
    y: totals.map((row) => row.label),
    hovertemplate: `%{y}: %{x:.1%} ${name.toLowerCase()}<extra></extra>`,
    marker: {
      color: colour,
      opacity: totals.map((row) => (highlight === undefined || row.label === highlight ? 1 : 0.3)),
    },
  });
  const data = [
    bar(
      'Share of customers',
      totals.map((row) => (count ? row.customers / count : 0)),
      PALETTE[5],
    ),
    bar(
      'Share of spend',
      totals.map((row) => (spend ? row.monetary / spend : 0)),
      PALETTE[0],
    ),
  ];
  if (hasClv)
    data.push(
      bar(
        'Share of expected CLV',
        totals.map((row) => (clv ? row.clv / clv : 0)),
        PALETTE[1],
      ),
    );
  return { data, layout };
}

/**
 * The R × F behaviour matrix: customers per (recency score, frequency score) cell, 5 × 5, as an annotated
 * heatmap (R score 5 = most recent, F score 5 = most frequent); the hover shows the cell's mean spend.
 *
 * Complexity: O(customers).
 * @param customers - Per-customer points with `rScore` and `fScore` in 1..5.
 * @param options - Title and size.
 * @returns A Plotly figure with one `heatmap` trace, z[f − 1][r − 1] = customers.
 * @throws DataError when a score is not an integer 1..5.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * const [point] = customerPoints(report);
 * rfmMatrixChart([{ ...point, rScore: 5, fScore: 1 }]).data[0].z[0][4]
 * // => 1
 */
export function rfmMatrixChart(customers: readonly CustomerPoint[], options: ChartOptions = {}): Figure {
  const counts = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const spend = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  for (const customer of customers) {
    for (const [name, score] of [
      ['rScore', customer.rScore],
      ['fScore', customer.fScore],
    ] as const)
      check(
        Number.isInteger(score) && score >= 1 && score <= 5,
        name,
        score,
        `customer ${customer.customerId}: scores are 1..5`,
      );
    counts[customer.fScore - 1]![customer.rScore - 1]! += 1;
    spend[customer.fScore - 1]![customer.rScore - 1]! += customer.monetary;
  }
  const meanSpend = counts.map((row, f) => row.map((count, r) => (count ? spend[f]![r]! / count : 0)));
  const layout = baseLayout(
    'R × F behaviour matrix (customers per cell)',
    'Recency score (5 = most recent)',
    'Frequency score (5 = most frequent)',
    options,
  );
  layout.xaxis = { ...(layout.xaxis as object), dtick: 1 };
  layout.yaxis = { ...(layout.yaxis as object), dtick: 1 };
  return {
    data: [
      {
        type: 'heatmap',
        name: 'Customers',
        x: [1, 2, 3, 4, 5],
        y: [1, 2, 3, 4, 5],
        z: counts,
        text: counts.map((row) => row.map((count) => count.toLocaleString('en-US'))),
        texttemplate: '%{text}',
        customdata: meanSpend,
        colorscale: BLUES,
        colorbar: { title: { text: 'Customers' } },
        hovertemplate: 'R %{x}, F %{y}: %{z} customers, mean spend £%{customdata:,.0f}<extra></extra>',
      },
    ],
    layout,
  };
}
