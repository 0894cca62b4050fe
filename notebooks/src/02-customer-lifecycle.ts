// %% [markdown]
// # Customer lifecycle: value tiers, lifetime value and churn drivers
//
// **Background.** The UCI *Online Retail* log holds every invoice line of a UK online gift retailer over about a
// year (invoice, product, quantity, time, unit price, customer, country). The original report took it from
// cleaning to a churn model a growth team can act on: RFM value tiers, lifetime value per tier, a churn label,
// behavioural features, SMOTE to lift the model's recall, logistic regression and SHAP attribution. This notebook
// follows that report with ecomlab's library, live from the file, and sets each of its claims (kept as data in
// `data/reports/claims.json`, with their source section) beside the number computed here, with a computed sentence
// explaining any difference. It adds what a retention team needs next: the customers to call (churn probability
// times expected value) and the report's CSV hand-offs.
//
// Every number in the text is computed by a cell (`display.markdown`); the markdown cells only define terms.
//
// **Run it.** In JupyterLab on the TypeScript (tslab) kernel, *Run All*. The input comes from the parameters cell.

// %% tags=["parameters"]
// Parameters: environment variables, defaulting to the data bundled with ecomlab.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tslab from 'tslab';
import * as ecomlab from 'ecomlab';

const { display } = ecomlab;
/** The ecomlab project folder (where `node_modules/ecomlab` points). */
const ROOT = path.dirname(require.resolve('ecomlab/package.json'));
const RETAIL_FILE =
  process.env.ECOMLAB_RETAIL_FILE ||
  path.join(ROOT, 'data', 'online-retail', 'online_retail.csv.gz');
/** Where the CSV hand-offs go (created if missing). */
const OUTPUT_DIR = process.env.ECOMLAB_OUTPUT_DIR || path.join(ROOT, 'output');
/** The original reports' claims, bundled with ecomlab. */
const CLAIMS = ecomlab.loadReportClaims(path.join(ROOT, 'data', 'reports', 'claims.json'));
/** Seed of the train/test split and of SMOTE: same seed, same numbers. */
const SEED = Number(process.env.ECOMLAB_SEED || 42);
if (!Number.isSafeInteger(SEED))
  throw new Error(
    `invalid ECOMLAB_SEED: ${JSON.stringify(process.env.ECOMLAB_SEED)} (expected an integer such as 42)`,
  );

// %% [markdown]
// ## Exploring the raw lines (before cleaning)
//
// What the file holds before any line is removed: revenue by month and by country (net of cancellations, which
// carry negative quantities), the size of an order and the unit prices, the best-selling products, and the
// data-quality counts the cleaning acts on next.

// %%
const loaded = await ecomlab.loadRetail(RETAIL_FILE);
const eda = ecomlab.exploreRetail(loaded.table);
const bestMonth = eda.months.reduce((a, b) => (b.revenue > a.revenue ? b : a), eda.months[0]!);
const home = eda.countries[0]!;
display.markdown(
  `**Finding.** ${display.int(eda.lines)} lines in ${display.int(eda.invoices)} invoices, ${display.int(eda.months.length)} calendar months, ` +
    `net revenue £${display.int(eda.totalRevenue)}. The best month is **${bestMonth.month}** (£${display.int(bestMonth.revenue)}); ` +
    `**${home.country}** brings ${display.pct(home.share)} of revenue and the next ${display.int(Math.min(9, eda.countries.length - 1))} countries ` +
    `${display.pct(eda.countries.slice(1, 10).reduce((a, c) => a + c.share, 0))}. A typical order (median) is worth £${eda.orderValue.median.toFixed(2)} ` +
    `with ${display.int(eda.orderLines.median)} lines, but the mean is £${eda.orderValue.mean.toFixed(2)}: a few large wholesale orders pull it up ` +
    `(the top percentile starts at £${display.int(eda.orderValue.p99)}). Unit prices have a median of £${eda.unitPrice.median.toFixed(2)}. ` +
    `Before cleaning: ${display.int(eda.quality.missingCustomer)} lines without a customer id, ${display.int(eda.quality.cancellations)} cancellation lines, ` +
    `${display.int(eda.quality.nonPositiveQuantity)} with a quantity of zero or less and ${display.int(eda.quality.nonPositivePrice)} with a price of zero or less.`,
);
display.show(ecomlab.monthlyRevenueChart(eda));
display.show(ecomlab.countryRevenueChart(eda));
const money = (value: number) => `£${value.toFixed(2)}`;
display.table(
  (
    [
      ['order value (£)', eda.orderValue, money],
      ['lines per order', eda.orderLines, (value: number) => display.int(value)],
      ['unit price (£)', eda.unitPrice, money],
    ] as const
  ).map(([name, q, format]) => ({
    distribution: name,
    n: display.int(q.n),
    p10: format(q.p10),
    p25: format(q.p25),
    median: format(q.median),
    p75: format(q.p75),
    p90: format(q.p90),
    p99: format(q.p99),
    max: format(q.max),
    mean: format(q.mean),
  })),
  { caption: 'Order size and price distributions (orders: non-cancelled invoices, positive lines)' },
);
display.table(
  eda.topProducts.map((product) => ({
    product: `${product.stockCode} ${product.description}`,
    revenue: `£${display.int(product.revenue)}`,
    quantity: display.int(product.quantity),
    'share of sales': display.pct(product.share),
  })),
  { caption: 'Top products by revenue' },
);

// %% [markdown]
// **Strategy.** Plan stock and campaigns around the seasonal peak month; treat the home market and the few large
// export markets as separate audiences; and keep wholesale-sized orders in view when reading any average, since
// they dominate the mean order value.

// %% [markdown]
// ## Data and cleaning
//
// `analyzeRetail` runs the whole pipeline: load (rejecting unparseable lines by reason), clean, RFM, LTV, churn
// dataset, split, models, SHAP and per-customer scores. Cleaning removes, in this order: lines the loader could
// not parse, lines without a customer id, cancellations (invoice numbers starting with `C`, kept aside for the
// return-rate feature), lines with a non-positive quantity or price, and exact duplicate lines.

// %%
const progress = tslab.newDisplay();
const started = Date.now();
const report = await ecomlab.analyzeRetail(RETAIL_FILE, {
  seed: SEED,
  onProgress: (stage) =>
    progress.text(`stage: ${stage} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
});
progress.text(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// %%
const cleaning = report.cleaning;
const kept = cleaning.steps[cleaning.steps.length - 1]!;
const read = cleaning.steps[0]!;
display.markdown(
  `**${display.int(read.remaining)}** invoice lines read from \`${path.relative(ROOT, RETAIL_FILE)}\`; ` +
    `**${display.int(kept.remaining)}** purchase lines kept (${display.pct(kept.remaining / read.remaining)}), from ` +
    `**${display.int(cleaning.customers)}** customers and ${display.int(cleaning.invoices)} invoices, ` +
    `${cleaning.firstInvoiceDate.slice(0, 10)} to ${cleaning.lastInvoiceDate.slice(0, 10)}, revenue £${display.int(cleaning.revenue)}. ` +
    `${display.int(cleaning.cancellationLines)} cancellation lines are kept aside for return rates.`,
);
// The same cleaning on the lines loaded above, for the horizon table and the modelling table below.
const lines = ecomlab.cleanRetail(loaded);
const horizons = ecomlab.churnHorizonSensitivity(lines, { seed: SEED });
const claimsSideBySide = ecomlab.lifecycleStory(report, CLAIMS, { horizons });
/** Renders one claim beside its computed counterpart, as a quoted block. */
function showClaim(id: string): void {
  const row = claimsSideBySide.find((c) => c.id === id);
  if (!row) throw new Error(`no comparison for claim ${id}`);
  display.markdown(
    `> **Report** (${row.source}): “${row.quote}”\n>\n> Report: **${row.reference}** · This run: **${row.computed}** ` +
      `${row.agrees ? '(agrees)' : '(differs)'}\n>\n> ${row.note}`,
  );
}
showClaim('lifecycle.rows');

// %% [markdown]
// The cleaning table, step by step (a danfojs frame, shown as a table):

// %%
import * as dfd from 'danfojs-node';
const steps = new dfd.DataFrame(
  cleaning.steps.map((step) => ({
    step: step.label,
    removed: step.removed,
    remaining: step.remaining,
  })),
);
display.table(steps, { caption: 'Cleaning steps: lines removed and left' });

// %% [markdown]
// ## RFM value tiers
//
// At the snapshot (the day after the last invoice): R = whole days since the customer's last purchase, F =
// distinct invoices, M = total spend. Each is scored 1 to 5 by quintiles (5 = best), and the scores map to the
// classic value tiers (important value, important development, ... general re-engagement).

// %%
const segments = report.rfm.segments;
const best = segments[0]!;
const largest = segments.reduce((a, b) => (b.customers > a.customers ? b : a));
display.markdown(
  `**Finding.** The **${best.label}** tier is ${display.pct(best.share)} of customers and brings ` +
    `**${display.pct(best.revenueShare)}** of revenue (mean spend £${display.int(best.meanMonetary)}, ` +
    `${best.meanFrequency.toFixed(1)} invoices, last purchase ${best.meanRecency.toFixed(0)} days before the snapshot). ` +
    `The largest tier is **${largest.label}** (${display.pct(largest.share)} of customers, ${display.pct(largest.revenueShare)} of revenue).`,
);
display.table(
  segments.map((row) => ({
    tier: `${row.label} (${row.labelZh})`,
    customers: row.customers,
    'share of customers': display.pct(row.share),
    'share of revenue': display.pct(row.revenueShare),
    'mean R (days)': row.meanRecency.toFixed(1),
    'mean F': row.meanFrequency.toFixed(2),
    'mean M (£)': row.meanMonetary.toFixed(0),
  })),
  { caption: `RFM tiers at the snapshot ${report.rfm.snapshot.slice(0, 10)}` },
);
const points = ecomlab.customerPoints(report);
display.show(
  ecomlab.segmentCustomersChart(points, { segmentOrder: segments.map((row) => row.label) }),
);
display.show(ecomlab.rfmMatrixChart(points));

// %% [markdown]
// **Strategy.** Treat the top tier as an account list (service, early access, no blanket discounts); move the
// development tiers up with a second-purchase programme; and cap spend on any tier whose share of customers is
// far above its share of revenue.

// %% [markdown]
// ## Lifetime value, two ways
//
// *Historical* LTV (the report's estimate): average order value × purchases per year × margin × expected lifespan,
// a profit. *Probabilistic* CLV: a BG/NBD model of repeat purchases and a Gamma-Gamma model of spend, fitted by
// maximum likelihood on every customer's purchase history, give the expected discounted spend over a horizon
// (with no margin applied, as in lifetimes' default, so revenue, not profit). The two answer different questions
// and are not on the same basis: compare tiers within one measure, not one measure against the other.

// %%
const ltv = report.ltv;
const topLtv = ltv.segments[0]!;
const bottomLtv = ltv.segments[ltv.segments.length - 1]!;
display.markdown(
  `**Finding.** With a margin of ${display.pct(ltv.margin, 0)} and a lifespan of ${ltv.lifespanYears} years, an ` +
    `**${topLtv.label}** customer is worth £${display.int(topLtv.meanLtv)} of profit historically, and BG/NBD + Gamma-Gamma ` +
    `expects £${display.int(topLtv.meanClv)} of discounted revenue from them over the next ${ltv.clvMonths} months, against ` +
    `£${display.int(bottomLtv.meanLtv)} and £${display.int(bottomLtv.meanClv)} for **${bottomLtv.label}** ` +
    `(${(topLtv.meanLtv / bottomLtv.meanLtv).toFixed(1)}× and ${(topLtv.meanClv / bottomLtv.meanClv).toFixed(1)}× apart). Fitted BG/NBD: r = ${ltv.bgNbd.r.toFixed(3)}, α = ${ltv.bgNbd.alpha.toFixed(2)}, ` +
    `a = ${ltv.bgNbd.a.toFixed(4)}, b = ${ltv.bgNbd.b.toFixed(3)}; Gamma-Gamma: p = ${ltv.gammaGamma.p.toFixed(2)}, ` +
    `q = ${ltv.gammaGamma.q.toFixed(2)}, v = ${ltv.gammaGamma.v.toFixed(1)}.`,
);
display.show(ecomlab.ltvChart(ltv.segments));
display.show(ecomlab.segmentValueChart(points, { segmentOrder: segments.map((row) => row.label) }));
showClaim('lifecycle.ltv');

// %% [markdown]
// **Strategy.** Size retention budgets by tier from the historical profit: what a tier is worth bounds what it is
// worth spending to keep it. Use the probabilistic CLV to rank customers by the spend still expected from them:
// within a tier, those with a high CLV are the ones to nurture first, those with a low one are not worth a
// discount.

// %% [markdown]
// ## Churn label
//
// Features are computed only from transactions before a cutoff date; a customer *churns* when they make no
// purchase in the following horizon (no leakage from the label window into the features). Features: R, F, M and
// their scores, mean and standard deviation of the purchase interval, unique products, tenure, average basket
// value and return rate.

// %%
const churn = report.churn;
display.markdown(
  `**Finding.** Cutoff **${churn.cutoff}**, horizon ${churn.horizonDays} days: of ${display.int(churn.customers)} customers ` +
    `with a purchase before the cutoff, **${display.int(churn.churned)}** (**${display.pct(churn.churnRate)}**) made no purchase ` +
    `in the following ${churn.horizonDays} days. Features: ${churn.featureNames.join(', ')}.`,
);

// %% [markdown]
// ### How the label horizon changes the problem
//
// The churn rate, and so how rare churners are for the model, depends on the horizon of the label. The same
// pipeline (split, training-fitted bins and scaler, SMOTE on the training part only) is re-run for several horizons;
// the model's default horizon above is one of them.

// %%
const majority = horizons.filter((row) => row.churnRate > 0.5);
const smoteHurts = horizons.filter((row) => row.recallWith < row.recallWithout);
display.markdown(
  `**Finding.** From ${horizons[0]!.horizonDays} to ${horizons[horizons.length - 1]!.horizonDays} days the churn rate falls from ` +
    `**${display.pct(horizons[0]!.churnRate)}** to **${display.pct(horizons[horizons.length - 1]!.churnRate)}**. ` +
    (majority.length
      ? `At ${majority.map((row) => row.horizonDays).join(' and ')} days churners are the majority, so SMOTE oversamples the retained customers; `
      : '') +
    (smoteHurts.length
      ? `SMOTE lowers churn recall at ${smoteHurts.map((row) => `${row.horizonDays} days (${display.pct(row.recallWithout)} → ${display.pct(row.recallWith)})`).join(', ')}. `
      : 'SMOTE raises churn recall at every horizon. ') +
    `Where churners are rare it helps most: at ${horizons[horizons.length - 1]!.horizonDays} days recall goes ` +
    `${display.pct(horizons[horizons.length - 1]!.recallWithout)} → ${display.pct(horizons[horizons.length - 1]!.recallWith)}.`,
);
display.table(
  horizons.map((row) => ({
    'horizon (days)': row.horizonDays,
    cutoff: row.cutoff,
    customers: row.customers,
    'churn rate': display.pct(row.churnRate),
    'recall without SMOTE': display.pct(row.recallWithout),
    'recall with SMOTE': display.pct(row.recallWith),
    'precision without / with': `${display.pct(row.precisionWithout)} / ${display.pct(row.precisionWith)}`,
  })),
  { caption: 'Churn label horizon sensitivity (test part of a seeded stratified split)' },
);
display.show(ecomlab.horizonChart(horizons));

// %% [markdown]
// ## SMOTE and the model before and after
//
// A stratified, seeded split holds out a test part; standardisation is fitted on the training part only. SMOTE
// then adds synthetic churners to the training part only (each on the segment between a churner and one of its
// nearest churner neighbours) until the classes balance. A logistic regression is fitted with and without SMOTE,
// and both are scored on the same untouched test part.

// %%
const model = report.model;
const before = model.withoutSmote.metrics;
const after = model.withSmote.metrics;
display.markdown(
  `**Finding.** Training on ${display.int(model.split.train)} customers (${display.int(model.split.trainChurned)} churners), ` +
    `SMOTE generated **${display.int(model.smote.generated)}** synthetic churners. On the ${display.int(model.split.test)} test customers, ` +
    `recall went from **${display.pct(before.recall)}** to **${display.pct(after.recall)}** ` +
    `(${model.recallGain >= 0 ? '+' : ''}${(model.recallGain * 100).toFixed(1)} points), precision from ${display.pct(before.precision)} to ` +
    `${display.pct(after.precision)}, ROC AUC ${before.rocAuc.toFixed(3)} → ${after.rocAuc.toFixed(3)}.`,
);
display.table(
  (
    [
      ['Before SMOTE', before],
      ['After SMOTE', after],
    ] as const
  ).map(([name, metrics]) => ({
    model: name,
    accuracy: metrics.accuracy.toFixed(3),
    precision: metrics.precision.toFixed(3),
    recall: metrics.recall.toFixed(3),
    f1: metrics.f1.toFixed(3),
    'ROC AUC': metrics.rocAuc.toFixed(3),
    'PR AUC': metrics.averagePrecision.toFixed(3),
  })),
  { caption: `Test-part metrics at threshold ${after.threshold}` },
);
display.show(
  ecomlab.confusionChart([
    { title: 'Before SMOTE', counts: before.confusion },
    { title: 'After SMOTE', counts: after.confusion },
  ]),
);
const rocCurves = ecomlab.churnRocCurves(report);
display.show(ecomlab.rocChart(rocCurves));
showClaim('lifecycle.recall');

// %% [markdown]
// **Strategy.** For a retention campaign a missed churner usually costs more than a wasted voucher, so prefer the
// model with the higher recall as long as its precision stays affordable, and use it to pick who receives
// win-back offers.

// %% [markdown]
// ## SHAP: what drives churn
//
// Exact SHAP values of the linear model in log-odds units: each feature's contribution to a customer's churn
// score relative to the average customer. Global importance is the mean absolute contribution over the test
// customers; the text and the chart rank the features by the same numbers.

// %%
const drivers = report.shap.topDrivers;
display.markdown(
  `**Finding.** The strongest drivers, by mean |SHAP| over all ${display.int(report.model.split.test)} test customers: ` +
    drivers
      .map(
        (driver) =>
          `**${ecomlab.featureLabel(driver.feature)}** (${driver.meanAbs.toFixed(3)}, ${driver.direction})`,
      )
      .join('; ') +
    '. The chart ranks by the same numbers; its dots are a sample of the test customers.',
);
display.show(ecomlab.retailShapChart(report));
showClaim('lifecycle.shap');

// %% [markdown]
// **Strategy.** Act on the top drivers a team can move, in the order the model ranks them above: frequency and
// product breadth respond to cross-sell and replenishment reminders; recency to outreach triggered as soon as the
// gap since the last order grows past the customer's usual interval. Treat a driver the model ranks low as a
// hypothesis to test, whatever the original report said about it.

// %% [markdown]
// ## Who to call: customers at risk
//
// For every customer, the model's probability of no purchase in the label horizon (scored on features up to the
// end of the data) times the expected revenue over the CLV horizon: the revenue at risk if nothing is done. The
// list keeps likely churners (probability at least one half) and ranks them by revenue at risk.

// %%
const atRisk = ecomlab.atRiskCustomers(report, { top: 20 });
const likely = report.customers.filter((c) => c.churnProbability >= 0.5 && Number.isFinite(c.clv));
const valueAtRisk = likely.reduce((a, c) => a + c.churnProbability * c.clv, 0);
const labelOf = new Map(segments.map((row) => [row.segment, row.label]));
display.markdown(
  `**Finding.** **${display.int(likely.length)}** customers (${display.pct(likely.length / Math.max(1, report.customers.length))}) are likely to churn; ` +
    `their expected revenue at risk is **£${display.int(valueAtRisk)}**. The ${display.int(atRisk.length)} below carry ` +
    `£${display.int(atRisk.reduce((a, c) => a + c.valueAtRisk, 0))} of it ` +
    `(${display.pct(atRisk.reduce((a, c) => a + c.valueAtRisk, 0) / Math.max(1e-9, valueAtRisk))}): a call list, not a mailing list.`,
);
display.table(
  atRisk.map((c) => ({
    customer: c.customerId,
    tier: labelOf.get(c.segment) ?? c.segment,
    'churn probability': display.pct(c.churnProbability),
    [`CLV ${report.ltv.clvMonths} months (£)`]: display.int(c.clv),
    'revenue at risk (£)': display.int(c.valueAtRisk),
    'days since last purchase': c.recency,
    invoices: c.frequency,
  })),
  { caption: 'Customers at risk, by churn probability × CLV' },
);

// %% [markdown]
// **Strategy.** Give this list to the retention team first: personal contact for the top of it, a tailored offer
// for the rest; measure the campaign against a held-out part of the list so the model's value can be counted.

// %% [markdown]
// ## Hand-offs: CSV files for BI tools and for modelling
//
// As in the original pipeline, two files leave the notebook: the RFM table for BI tools (one row per customer:
// R, F, M, scores, tier, LTV, CLV, churn probability) and the modelling table (one row per customer of the churn
// population: the features before scaling and the label). Both are written atomically: a temporary file in the
// same folder, renamed when complete.

// %%
fs.mkdirSync(OUTPUT_DIR, { recursive: true });
const handOffs = [
  { file: path.join(OUTPUT_DIR, 'rfm_for_bi.csv'), text: ecomlab.rfmTableCsv(report) },
  {
    file: path.join(OUTPUT_DIR, 'churn_modelling_table.csv'),
    text: ecomlab.modellingTableCsv(lines, { horizonDays: churn.horizonDays, cutoff: churn.cutoff }),
  },
];
for (const handOff of handOffs) ecomlab.writeFileAtomic(handOff.file, handOff.text, { inputs: [RETAIL_FILE] });
display.table(
  handOffs.map((handOff) => ({
    file: path.relative(ROOT, handOff.file),
    rows: handOff.text.split('\n').length - 2,
    columns: handOff.text.slice(0, handOff.text.indexOf('\n')).split(',').length,
    bytes: display.int(Buffer.byteLength(handOff.text)),
  })),
  { caption: 'Files written' },
);
showClaim('lifecycle.outputs');

// %% [markdown]
// ## The report's claims beside this run

// %%
display.table(ecomlab.claimTable(claimsSideBySide), {
  caption: 'Lifecycle report: every claim beside the computed figure',
});

// %% [markdown]
// ## Summary

// %%
display.table([
  {
    figure: 'Purchase lines kept / read',
    value: `${display.int(kept.remaining)} / ${display.int(read.remaining)}`,
  },
  { figure: 'Customers', value: display.int(cleaning.customers) },
  { figure: `${best.label}: share of revenue`, value: display.pct(best.revenueShare) },
  { figure: 'Churn rate', value: display.pct(churn.churnRate) },
  {
    figure: 'Recall before → after SMOTE',
    value: `${display.pct(before.recall)} → ${display.pct(after.recall)}`,
  },
  { figure: 'Top churn driver', value: drivers[0]?.feature ?? '' },
  { figure: 'Customers at risk (likely churners)', value: display.int(likely.length) },
  {
    figure: 'Report claims this run agrees with',
    value: `${claimsSideBySide.filter((row) => row.agrees).length} of ${claimsSideBySide.length}`,
  },
]);
