/**
 * Chart builders for the story sections of the notebooks: daily engagement and returning users, the churn
 * horizon sensitivity, and the retail exploration (revenue by month and country). Pure: report objects in,
 * Plotly `{data, layout}` out.
 */
import type { BehaviorEngagement } from '../behavior/types';
import type { HorizonRow } from '../story/churn-horizons';
import type { RetailExploration } from '../story/explore-retail';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, PALETTE, requireRows, rightAxis } from './figure';

/**
 * Page views per active user for each day (bars) and the share of earlier users returning that day (line,
 * right axis), with weekday names: the weekday and warm-up effects in one view. Reads `report.engagement`.
 *
 * Complexity: O(days).
 * @throws DataError when there are no days.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * engagementChart(report.engagement).data.length; // => 2
 */
export function engagementChart(engagement: BehaviorEngagement, options: ChartOptions = {}): Figure {
  requireRows(engagement.days, 'engagementChart', 'engagement.days');
  const labels = engagement.days.map((d) => `${d.date.slice(5)} ${d.weekday.slice(0, 3)}`);
  const layout = baseLayout(
    'Pages per active user and returning users, by day',
    'Day (weekday)',
    'Page views per active user',
    options,
  );
  layout.yaxis2 = rightAxis('Earlier users active that day', { tickformat: '.0%', rangemode: 'tozero' });
  layout.margin = { l: 70, r: 80, t: 70, b: 70 };
  return {
    data: [
      {
        type: 'bar',
        name: 'Page views per active user',
        x: labels,
        y: engagement.days.map((d) => d.pvPerActiveUser),
        marker: { color: PALETTE[5] },
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'Returning users',
        // The first day has no earlier users: no point.
        x: labels.slice(1),
        y: engagement.returning.slice(1).map((d) => d.rate),
        yaxis: 'y2',
        line: { color: PALETTE[3], width: 3 },
      },
    ],
    layout,
  };
}

/**
 * Churn rate and test recall without / with SMOTE for each label horizon.
 *
 * Complexity: O(horizons).
 * @throws DataError when there are no rows.
 * @example
 * const rows = [{ horizonDays: 90, cutoff: '2011-09-10', customers: 3000, churned: 1000, churnRate: 1 / 3, recallWithout: 0.6,
 *   recallWith: 0.7, precisionWithout: 0.5, precisionWith: 0.45, specificityWith: 0.8 }];
 * horizonChart(rows).data.map((t) => t.name); // => ['Churn rate', 'Recall without SMOTE', 'Recall with SMOTE']
 */
export function horizonChart(rows: readonly HorizonRow[], options: ChartOptions = {}): Figure {
  requireRows(rows, 'horizonChart', 'rows');
  const layout = baseLayout(
    'Churn label horizon: churn rate and recall',
    'Label horizon (days)',
    'Share',
    options,
  );
  layout.yaxis = { ...(layout.yaxis as object), tickformat: '.0%', range: [0, 1] };
  const x = rows.map((r) => r.horizonDays);
  const line = (name: string, y: number[], color: string | undefined, dash = 'solid') => ({
    type: 'scatter',
    mode: 'lines+markers',
    name,
    x,
    y,
    line: { color, width: 3, dash },
  });
  return {
    data: [
      line(
        'Churn rate',
        rows.map((r) => r.churnRate),
        PALETTE[7],
        'dot',
      ),
      line(
        'Recall without SMOTE',
        rows.map((r) => r.recallWithout),
        PALETTE[5],
      ),
      line(
        'Recall with SMOTE',
        rows.map((r) => r.recallWith),
        PALETTE[3],
      ),
    ],
    layout,
  };
}

/**
 * Net revenue (cancellations included) per calendar month of the raw lines.
 *
 * Complexity: O(months).
 * @throws DataError when there are no months.
 * @example
 * const eda = exploreRetail((await loadRetail('data/online-retail/online_retail_2010-12.csv')).table);
 * monthlyRevenueChart(eda).data[0].type; // => 'bar'
 */
export function monthlyRevenueChart(eda: RetailExploration, options: ChartOptions = {}): Figure {
  requireRows(eda.months, 'monthlyRevenueChart', 'months');
  const layout = baseLayout(
    'Revenue by month, before cleaning (net of cancellations)',
    'Month',
    'Revenue (£)',
    options,
  );
  return {
    data: [
      {
        type: 'bar',
        name: 'Revenue',
        x: eda.months.map((m) => m.month),
        y: eda.months.map((m) => m.revenue),
        marker: { color: PALETTE[5] },
      },
    ],
    layout,
  };
}

/**
 * Revenue of the top countries (horizontal bars, largest on top).
 *
 * Complexity: O(countries).
 * @throws DataError when there are no countries.
 * @example
 * const eda = exploreRetail((await loadRetail('data/online-retail/online_retail_2010-12.csv')).table);
 * countryRevenueChart(eda, { top: 5 }).data[0].y; // => ['Netherlands', 'EIRE', 'France', 'Germany', 'United Kingdom']
 */
export function countryRevenueChart(
  eda: RetailExploration,
  options: ChartOptions & { top?: number } = {},
): Figure {
  requireRows(eda.countries, 'countryRevenueChart', 'countries');
  const top = eda.countries.slice(0, options.top ?? 10).reverse();
  const layout = baseLayout(
    'Revenue by country, before cleaning (top countries)',
    'Revenue (£)',
    'Country',
    options,
  );
  layout.margin = { l: 140, r: 30, t: 70, b: 60 };
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        name: 'Revenue',
        x: top.map((c) => c.revenue),
        y: top.map((c) => c.country),
        marker: { color: PALETTE[5] },
      },
    ],
    layout,
  };
}
