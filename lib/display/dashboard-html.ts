/**
 * The customer dashboard (the report's Tableau board, without Tableau): one self-contained offline HTML page with
 * three views (customers per RFM segment, value contribution per segment, the R × F behaviour matrix), a segment
 * filter and headline numbers. Every view is precomputed for every filter value by the `lib/charts` builders, so
 * the page's script only swaps figures (`Plotly.react`); plotly.js is inlined. Pure: returns the HTML text.
 */
import {
  type CustomerPoint,
  type Figure,
  FONT_FAMILY,
  rfmMatrixChart,
  segmentCustomersChart,
  segmentValueChart,
} from '../charts';
import { CUSTOMER_RFM_COLUMNS, toCsv } from '../story/csv';
import { escapeHtml, scriptJson } from './html';

/** Options of {@link dashboardHtml}. */
export interface DashboardOptions {
  /** Page title. Default `ecomlab customer dashboard`. */
  title?: string;
  /** Segment labels in display order. Default: first-appearance order in `customers`. */
  segmentOrder?: readonly string[];
  /** A line under the title (e.g. the source file and date). Default none. */
  subtitle?: string;
  /** Name of the CSV written beside the page, linked from it. Default `customers.csv`. */
  csvName?: string;
}

/** Headline numbers of one filter value. */
export interface DashboardKpis {
  customers: number;
  spend: number;
  meanLtv: number;
  meanChurnProbability: number;
}

function kpis(customers: readonly CustomerPoint[]): DashboardKpis {
  let spend = 0;
  let ltv = 0;
  let churn = 0;
  let scored = 0;
  for (const customer of customers) {
    spend += customer.monetary;
    ltv += Number.isFinite(customer.ltv) ? customer.ltv : 0;
    if (Number.isFinite(customer.churnProbability)) {
      churn += customer.churnProbability;
      scored++;
    }
  }
  return {
    customers: customers.length,
    spend,
    meanLtv: customers.length ? ltv / customers.length : 0,
    meanChurnProbability: scored ? churn / scored : Number.NaN,
  };
}

/**
 * The three views and the headline numbers for one filter value: with `highlight`, the segment views keep every
 * segment and grey out the others, while the R × F matrix and the headline numbers cover the selected segment.
 *
 * Complexity: O(customers).
 * @param customers - Per-customer points (`customerPoints(report)`).
 * @param segmentOrder - Segment labels in display order.
 * @param highlight - The selected segment label. Default: none (all customers).
 * @returns The customers, value and R × F figures plus the headline numbers.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * dashboardViews(customerPoints(report), ['Important value', 'Important re-engagement'], 'Important value').kpis.customers
 * // => 942
 */
export function dashboardViews(
  customers: readonly CustomerPoint[],
  segmentOrder: readonly string[],
  highlight?: string,
): { figures: [Figure, Figure, Figure]; kpis: DashboardKpis } {
  const selected =
    highlight === undefined ? customers : customers.filter((customer) => customer.segmentLabel === highlight);
  const matrix = rfmMatrixChart(selected, { height: 460 });
  if (highlight !== undefined) (matrix.layout.title as { text: string }).text = `R × F matrix: ${highlight}`;
  return {
    figures: [
      segmentCustomersChart(customers, { segmentOrder, highlight, height: 480 }),
      segmentValueChart(customers, { segmentOrder, highlight, height: 480 }),
      matrix,
    ],
    kpis: kpis(selected),
  };
}

/**
 * Builds the dashboard page from per-customer points.
 *
 * Complexity: O(customers × segments) to precompute every filter value.
 * @param customers - Per-customer points (see `customerPoints(report)`).
 * @param plotlySource - The text of plotly.js (`plotlyBundle()`), inlined into the page.
 * @param options - Title, subtitle, segment order, CSV name.
 * @returns The HTML text.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * dashboardHtml(customerPoints(report), plotlyBundle()).includes('<select id="segment"')
 * // => true
 */
export function dashboardHtml(
  customers: readonly CustomerPoint[],
  plotlySource: string,
  options: DashboardOptions = {},
): string {
  const title = options.title ?? 'ecomlab customer dashboard';
  const order: string[] = [...(options.segmentOrder ?? [])];
  for (const customer of customers)
    if (!order.includes(customer.segmentLabel)) order.push(customer.segmentLabel);
  const views: Record<string, ReturnType<typeof dashboardViews>> = { all: dashboardViews(customers, order) };
  order.forEach((label, index) => {
    views[`s${index}`] = dashboardViews(customers, order, label);
  });
  const counts = order.map((label) => customers.filter((customer) => customer.segmentLabel === label).length);
  const choices = [
    `<option value="all">All segments (${customers.length.toLocaleString('en-US')})</option>`,
    ...order.map(
      (label, index) =>
        `<option value="s${index}">${escapeHtml(label)} (${counts[index]!.toLocaleString('en-US')})</option>`,
    ),
  ].join('');
  const csv = options.csvName ?? 'customers.csv';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: ${FONT_FAMILY}; margin: 0; background: #f5f6f8; color: #222; }
header { background: #0b3d66; color: #fff; padding: 16px 24px; }
header h1 { margin: 0; font-size: 22px; } header p { margin: 4px 0 0; opacity: 0.85; font-size: 14px; }
.bar { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; padding: 12px 24px; background: #fff; border-bottom: 1px solid #ddd; }
.kpi b { display: block; font-size: 20px; } .kpi span { font-size: 12px; color: #555; }
select { font-size: 15px; padding: 4px; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; padding: 16px 24px; }
.view { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; min-width: 0; }
.view.wide { grid-column: 1 / -1; }
footer { padding: 8px 24px 24px; font-size: 13px; color: #555; }
</style>
<script type="text/javascript">${plotlySource.replace(/<\/script/gi, '<\\/script')}</script>
</head><body>
<header><h1>${escapeHtml(title)}</h1>${options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : ''}</header>
<div class="bar">
<label>Segment <select id="segment">${choices}</select></label>
<div class="kpi"><b id="kpi-customers"></b><span>customers</span></div>
<div class="kpi"><b id="kpi-spend"></b><span>total spend</span></div>
<div class="kpi"><b id="kpi-ltv"></b><span>mean historical LTV</span></div>
<div class="kpi"><b id="kpi-churn"></b><span>mean churn probability</span></div>
</div>
<main>
<div class="view"><div id="view-customers" class="dashboard-figure"></div></div>
<div class="view"><div id="view-value" class="dashboard-figure"></div></div>
<div class="view wide"><div id="view-matrix" class="dashboard-figure"></div></div>
</main>
<footer>Data: the per-customer table that fed this board, <a href="${escapeHtml(csv)}">${escapeHtml(csv)}</a> (customer, R, F, M, scores, segment, LTV, CLV, churn probability). Built by ecomlab; works offline.</footer>
<script type="text/javascript">
(function () {
  var VIEWS = ${scriptJson(views)};
  var IDS = ['view-customers', 'view-value', 'view-matrix'];
  var config = { responsive: true, displaylogo: false };
  function money(x) { return '\\u00a3' + Math.round(x).toLocaleString('en-US'); }
  function show(key) {
    var view = VIEWS[key];
    IDS.forEach(function (id, i) { Plotly.react(id, view.figures[i].data, view.figures[i].layout, config); });
    var k = view.kpis;
    document.getElementById('kpi-customers').textContent = k.customers.toLocaleString('en-US');
    document.getElementById('kpi-spend').textContent = money(k.spend);
    document.getElementById('kpi-ltv').textContent = money(k.meanLtv);
    document.getElementById('kpi-churn').textContent = k.meanChurnProbability === null ? 'n/a' : (100 * k.meanChurnProbability).toFixed(1) + '%';
    document.body.setAttribute('data-segment', key);
  }
  document.getElementById('segment').addEventListener('change', function (event) { show(event.target.value); });
  show('all');
})();
</script>
</body></html>
`;
}

/** CSV columns of the dashboard's per-customer table, in order: fields of {@link CustomerPoint} (type-checked). */
export const DASHBOARD_CSV_COLUMNS = [
  ...CUSTOMER_RFM_COLUMNS,
  'ltv',
  'clv',
  'churnProbability',
] as const satisfies ReadonlyArray<keyof CustomerPoint>;

/**
 * The per-customer CSV that feeds the dashboard (header + one line per customer; RFC 4180 quoting; numbers with
 * up to 6 decimals; NaN as an empty cell).
 *
 * Complexity: O(customers).
 * @param customers - Per-customer points.
 * @returns CSV text ending with a newline.
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz');
 * customersCsv(customerPoints(report)).split('\n')[0]
 * // => 'customerId,recency,frequency,monetary,rScore,fScore,mScore,segment,segmentLabel,ltv,clv,churnProbability'
 */
export function customersCsv(customers: readonly CustomerPoint[]): string {
  return toCsv(DASHBOARD_CSV_COLUMNS, customers, { digits: 6 });
}
