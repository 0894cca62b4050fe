import type { BehaviorPareto } from '../behavior/types';
import { check } from '../errors';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, PALETTE, percent, requireRows, thousands } from './figure';

/**
 * Category Pareto chart: the cumulative share of buys (area) over categories ranked by buys, a dashed
 * horizontal line at 80% and a marker plus a dashed vertical line at `k80`, the fewest top categories whose buys
 * reach 80% of all buys. Reads `pareto.ranking[].cumulativeShare`, `pareto.k80` and `pareto.share80` as they
 * are; it computes nothing new. See https://en.wikipedia.org/wiki/Pareto_principle.
 *
 * Complexity: O(categories).
 * @param pareto - The report's `pareto` section.
 * @param options - Title and size overrides.
 * @returns A Plotly figure with two traces: the `scatter` area and the `scatter` k80 marker.
 * @throws DataError when the ranking is empty or `k80` is outside 1..ranking length.
 * @example
 * const fig = paretoChart({ totalBuys: 10, categoriesWithBuys: 2, k80: 1, share80: 0.5, ranking: [
 *   { rank: 1, categoryId: 7, buys: 8, share: 0.8, cumulativeShare: 0.8 },
 *   { rank: 2, categoryId: 9, buys: 2, share: 0.2, cumulativeShare: 1 } ] });
 * fig.layout.shapes[0].y0
 * // => 0.8
 */
export function paretoChart(pareto: BehaviorPareto, options: ChartOptions = {}): Figure {
  requireRows(pareto.ranking, 'paretoChart', 'pareto.ranking');
  check(
    Number.isInteger(pareto.k80) && pareto.k80 >= 1 && pareto.k80 <= pareto.ranking.length,
    'pareto.k80',
    pareto.k80,
    `must be within 1..${pareto.ranking.length}`,
  );
  const ranks = pareto.ranking.map((row) => row.rank);
  const cumulative = pareto.ranking.map((row) => row.cumulativeShare);
  const atK80 = pareto.ranking[pareto.k80 - 1]!;
  const layout = baseLayout(
    `Category Pareto: ${thousands(pareto.k80)} of ${thousands(pareto.categoriesWithBuys)} categories (${percent(pareto.share80)}) make 80% of buys`,
    'Categories ranked by buys',
    'Cumulative share of buys',
    options,
  );
  layout.yaxis = { ...(layout.yaxis as object), tickformat: '.0%', range: [0, 1.05] };
  layout.xaxis = { ...(layout.xaxis as object), range: [0.5, pareto.ranking.length + 0.5] };
  layout.shapes = [
    {
      type: 'line',
      xref: 'paper',
      x0: 0,
      x1: 1,
      y0: 0.8,
      y1: 0.8,
      line: { color: PALETTE[3], dash: 'dash', width: 2 },
    },
    {
      type: 'line',
      x0: pareto.k80,
      x1: pareto.k80,
      y0: 0,
      y1: 0.8,
      line: { color: PALETTE[3], dash: 'dot', width: 2 },
    },
  ];
  layout.annotations = [
    {
      x: pareto.k80,
      y: atK80.cumulativeShare,
      text: `k80 = ${thousands(pareto.k80)} (${percent(pareto.share80)} of categories)`,
      showarrow: true,
      arrowhead: 2,
      ax: 60,
      ay: 40,
      font: { size: 13 },
    },
    {
      xref: 'paper',
      x: 1,
      y: 0.8,
      text: '80% of buys',
      showarrow: false,
      xanchor: 'right',
      yanchor: 'bottom',
    },
  ];
  layout.showlegend = false;
  return {
    data: [
      {
        type: 'scatter',
        name: 'Cumulative share of buys',
        mode: 'lines',
        x: ranks,
        y: cumulative,
        fill: 'tozeroy',
        line: { color: PALETTE[0], width: 2 },
        hovertemplate: 'top %{x} categories: %{y:.1%} of buys<extra></extra>',
      },
      {
        type: 'scatter',
        name: 'k80',
        mode: 'markers',
        x: [pareto.k80],
        y: [atK80.cumulativeShare],
        marker: { color: PALETTE[3], size: 11 },
        hovertemplate: 'k80 = %{x}: %{y:.1%} of buys<extra></extra>',
      },
    ],
    layout,
  };
}
