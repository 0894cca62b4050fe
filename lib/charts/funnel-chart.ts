import type { BehaviorFunnel } from '../behavior/types';
import { check } from '../errors';
import type { ChartOptions, Figure } from './figure';
import { baseLayout, PALETTE } from './figure';

/** Options of {@link funnelChart}. */
export interface FunnelChartOptions extends ChartOptions {
  /** `'users'` (distinct users per step, the report's UV funnel) or `'events'` (event counts). Default `'users'`. */
  basis?: 'users' | 'events';
}

/**
 * Conversion funnel: page view → interest (fav or cart) → buy, as a Plotly `funnel` trace showing each step's
 * count and its share of the first step. By users (default) it reads `pvUsers`, `interestUsers`, `buyers`; by
 * events it reads `events.pv`, `events.interest`, `events.buy`. See https://plotly.com/javascript/funnel-charts/.
 *
 * Complexity: O(1).
 * @param funnel - The report's `funnel` section.
 * @param options - `basis` plus title and size overrides.
 * @returns A Plotly figure with one `funnel` trace of three steps.
 * @throws DataError for an unknown `basis`.
 * @example
 * const report = await analyzeBehavior('data/taobao/UserBehavior_head_4321rows.csv');
 * funnelChart({ ...report.funnel }, { basis: 'events' }).data[0].type
 * // => 'funnel'
 */
export function funnelChart(
  funnel: BehaviorFunnel,
  { basis = 'users', ...options }: FunnelChartOptions = {},
): Figure {
  check(basis === 'users' || basis === 'events', 'basis', basis, "use 'users' or 'events'");
  const steps =
    basis === 'users'
      ? ['Users with a page view', 'Users with a fav or cart', 'Buyers']
      : ['Page views', 'Favs + carts', 'Buys'];
  const values =
    basis === 'users'
      ? [funnel.pvUsers, funnel.interestUsers, funnel.buyers]
      : [funnel.events.pv, funnel.events.interest, funnel.events.buy];
  const layout = baseLayout(
    basis === 'users' ? 'Conversion funnel (distinct users)' : 'Conversion funnel (events)',
    basis === 'users' ? 'Users' : 'Events',
    'Step',
    options,
  );
  layout.showlegend = false;
  layout.yaxis = { ...(layout.yaxis as object), title: { text: '' } };
  layout.margin = { l: 190, r: 30, t: 70, b: 60 };
  return {
    data: [
      {
        type: 'funnel',
        name: basis === 'users' ? 'Users' : 'Events',
        y: steps,
        x: values,
        textinfo: 'value+percent initial',
        texttemplate: '%{value:,}<br>%{percentInitial:.1%} of the first step',
        textfont: { size: 15 },
        marker: { color: [PALETTE[0], PALETTE[1], PALETTE[2]] },
        connector: { line: { color: '#888', width: 1 } },
      },
    ],
    layout,
  };
}
