import type { BehaviorRfm } from '../behavior/types';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, PALETTE, percent, requireRows, wrapLabel } from './figure';

function thresholdNote(rfm: BehaviorRfm): string {
  const kind = rfm.thresholds.dynamic ? 'mean' : 'fixed';
  return `recent: R ≤ ${rfm.thresholds.recency.toFixed(2)} days, frequent: F ≥ ${rfm.thresholds.frequency.toFixed(2)} buys (${kind} thresholds)`;
}

function segmentBars(rfm: BehaviorRfm, field: 'users' | 'buys', options: ChartOptions): Figure {
  requireRows(rfm.segments, field === 'users' ? 'rfmCustomersChart' : 'rfmOrdersChart', 'rfm.segments');
  const labels = rfm.segments.map((segment) =>
    wrapLabel(segment.label.charAt(0).toUpperCase() + segment.label.slice(1), 16),
  );
  const values = rfm.segments.map((segment) => segment[field]);
  const shares = rfm.segments.map((segment) => (field === 'users' ? segment.userShare : segment.buyShare));
  const layout = baseLayout(
    field === 'users' ? 'Buyers per RFM segment' : 'Buys (orders) per RFM segment',
    `RFM segment — ${thresholdNote(rfm)}`,
    field === 'users' ? 'Buyers' : 'Buy events',
    options,
  );
  layout.showlegend = false;
  return {
    data: [
      {
        type: 'bar',
        name: field === 'users' ? 'Buyers' : 'Buys',
        x: labels,
        y: values,
        text: values.map((value, index) => `${value.toLocaleString('en-US')} (${percent(shares[index]!)})`),
        textposition: 'auto',
        marker: { color: rfm.segments.map((_, index) => PALETTE[index % PALETTE.length]) },
        hovertemplate: '%{x}: %{y:,}<extra></extra>',
      },
    ],
    layout,
  };
}

/**
 * Customers (buyers) per RFM segment as bars labelled with count and share of buyers; the axis title states the
 * recency/frequency thresholds used. Reads `rfm.segments[].users` and `userShare`.
 *
 * Complexity: O(segments).
 * @param rfm - The report's `rfm` section.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `bar` trace, one bar per segment in report order.
 * @throws DataError when there are no segments.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * rfmCustomersChart(report.rfm).data[0].x
 * // => ['Important value<br>customers', 'Important<br>development<br>customers',
 * //     'Important<br>retention<br>customers', 'Important<br>re-engagement<br>customers']
 */
export function rfmCustomersChart(rfm: BehaviorRfm, options: ChartOptions = {}): Figure {
  return segmentBars(rfm, 'users', options);
}

/**
 * Orders (buy events) per RFM segment as bars labelled with count and share of all buys. Reads
 * `rfm.segments[].buys` and `buyShare`.
 *
 * Complexity: O(segments).
 * @param rfm - The report's `rfm` section.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with one `bar` trace.
 * @throws DataError when there are no segments.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * rfmOrdersChart(report.rfm).layout.yaxis.title.text
 * // => 'Buy events'
 */
export function rfmOrdersChart(rfm: BehaviorRfm, options: ChartOptions = {}): Figure {
  return segmentBars(rfm, 'buys', options);
}
