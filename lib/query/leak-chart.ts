/**
 * `leakChart`: the categories that leak most interest — for the busiest categories of a breakdown, the share of
 * interested users (fav or cart) who never bought there, as horizontal bars with the interested users behind
 * each bar. Returns a Plotly figure (never renders).
 */
import { check } from '../errors';
import type { ChartOptions, Figure } from '../charts/figure';
import { baseLayout, PALETTE, percent, requireRows, thousands } from '../charts/figure';
import type { CategoryBreakdown, CategoryBreakdownRow } from './breakdown';

/** Options of {@link leakChart} and {@link leakiestCategories}. */
export interface LeakChartOptions extends ChartOptions {
  /** Bars shown. Default 10. */
  count?: number;
  /** Only categories with at least this many interested users (small ones leak by chance). Default 30. */
  minInterestUsers?: number;
}

/**
 * The leakiest categories of a breakdown: at least `minInterestUsers` interested users, by leak share (desc),
 * ties by more interested users, then smaller id. O(categories · log categories).
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv', { breakdown: true });
 * leakiestCategories(report.breakdown!, { count: 3, minInterestUsers: 3 }).map((row) => row.categoryId)
 * // => [3607361, 4756105, 982926] (all three: interested users, no buyer)
 */
export function leakiestCategories(
  breakdown: CategoryBreakdown,
  { count = 10, minInterestUsers = 30 }: LeakChartOptions = {},
): CategoryBreakdownRow[] {
  check(Number.isInteger(count) && count >= 1, 'count', count, 'expected an integer >= 1');
  check(Number.isFinite(minInterestUsers) && minInterestUsers >= 0, 'minInterestUsers', minInterestUsers);
  return breakdown.rows
    .filter((row) => row.interestUsers >= minInterestUsers)
    .sort(
      (a, b) => b.leakShare - a.leakShare || b.interestUsers - a.interestUsers || a.categoryId - b.categoryId,
    )
    .slice(0, count);
}

/**
 * A bar chart of the leakiest categories (see {@link leakiestCategories}). O(categories · log categories).
 * @throws {DataError} when no category has enough interested users.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv', { breakdown: true });
 * leakChart(report.breakdown!, { minInterestUsers: 3 }).data[0].type // => 'bar'
 */
export function leakChart(breakdown: CategoryBreakdown, options: LeakChartOptions = {}): Figure {
  const rows = leakiestCategories(breakdown, options);
  requireRows(rows, 'leakChart', 'breakdown.rows (with enough interested users)');
  const worst = rows[0]!;
  const layout = baseLayout(
    `Category ${worst.categoryId} leaks most interest: ${percent(worst.leakShare)} of its ` +
      `${thousands(worst.interestUsers)} interested users never bought there`,
    'Interested users who never bought in the category',
    'Category',
    options,
  );
  layout.xaxis = { ...(layout.xaxis as object), tickformat: '.0%', range: [0, 1] };
  layout.yaxis = { ...(layout.yaxis as object), type: 'category', autorange: 'reversed' };
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: rows.map((row) => row.leakShare),
        y: rows.map((row) => `#${row.rank} · ${row.categoryId}`),
        marker: { color: PALETTE[3] },
        text: rows.map((row) => `${percent(row.leakShare)} of ${thousands(row.interestUsers)}`),
        textposition: 'auto',
        hovertemplate: '%{y}: %{text}<extra></extra>',
        name: 'leak share',
      },
    ],
    layout,
  };
}
