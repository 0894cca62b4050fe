/**
 * The lifecycle report's story, computed: the churn label's horizon sensitivity (churn rate and recall with
 * and without SMOTE per horizon), SHAP drivers on the chart's own rows, the at-risk customer list, the CSV
 * hand-offs (RFM table for BI tools, modelling table), an exploration of the raw lines before cleaning, and
 * each lifecycle claim beside its computed counterpart.
 */
import { churnDataset, featureRows, type ChurnFeature } from '../churn/churn-features';
import { check, DataError } from '../errors';
import type { RetailReport, RetailCustomerRow } from '../lifecycle/types';
import { classificationMetrics } from '../model/classification-metrics';
import { fitLogistic, predictProba } from '../model/logistic';
import { fitStandardScaler, transform } from '../model/standardize';
import type { RetailTable } from '../retail/types';
import { applyQuintileBins, fitQuintileBins } from '../rfm';
import { smote } from '../sample/smote';
import { stratifiedSplit, take } from '../sample/split';
import { claimNumber, claimOf, claimSource, type ReportClaims } from './claims';
import { formatCount, formatPoints, formatShare } from './format';
import type { ClaimComparison } from './behavior-story';

/** Clean purchases and cancellations, as `cleanRetail` returns them. */
export interface CleanRetailLines {
  clean: RetailTable;
  cancellations: RetailTable;
}

/** Options of {@link churnHorizonSensitivity} (the model options of `analyzeRetail`, same defaults). */
export interface HorizonOptions {
  /** Label windows in days. Default `[30, 60, 90, 180, 240]`. */
  horizons?: number[];
  seed?: number;
  testSize?: number;
  C?: number;
  smoteK?: number;
  threshold?: number;
}

/** One label horizon: the churn rate and the test-part recall of the models without and with SMOTE. */
export interface HorizonRow {
  horizonDays: number;
  cutoff: string;
  customers: number;
  churned: number;
  churnRate: number;
  recallWithout: number;
  recallWith: number;
  precisionWithout: number;
  precisionWith: number;
  /** Recall of the *retained* class (1 − false-alarm rate on buyers) with SMOTE. */
  specificityWith: number;
}

const SCORES = [
  { score: 'rScore', raw: 'recency', reverse: true },
  { score: 'fScore', raw: 'frequency', reverse: false },
  { score: 'mScore', raw: 'monetary', reverse: false },
] as const;

/** The pipeline's score re-binning (training-fitted quintiles), as analyzeRetail does it. */
function rebin(train: Float64Array[], rows: Float64Array[], names: readonly ChurnFeature[]): Float64Array[] {
  const out = rows.map((row) => Float64Array.from(row));
  for (const { score, raw, reverse } of SCORES) {
    const j = names.indexOf(raw);
    const target = names.indexOf(score);
    const bins = fitQuintileBins(
      train.map((row) => row[j] as number),
      { reverse },
    );
    const scores = applyQuintileBins(
      bins,
      rows.map((row) => row[j] as number),
    );
    out.forEach((row, k) => (row[target] = scores[k] as number));
  }
  return out;
}

/**
 * Re-runs the churn model for several label horizons on the same clean data: for each, the default cutoff
 * (data end − horizon), the churn rate, and recall/precision on the test part without and with SMOTE. Same
 * steps and seed as `analyzeRetail` (stratified split, training-fitted score bins and scaler, SMOTE on the
 * training part only), so the 90-day row equals the report's model metrics (tested).
 *
 * Complexity: O(horizons · customers · (d² + minority·d)).
 * @param lines Clean purchases and cancellations (`cleanRetail(await loadRetail(file))`).
 * @param options See {@link HorizonOptions}.
 * @throws DataError `invalid horizons: [0]` for a horizon that is not a positive integer, or when a horizon
 *   leaves a class too small to model.
 * @example
 * (await churnHorizonSensitivity(cleanRetail(await loadRetail(file)))).map((r) => r.horizonDays); // => [30, 60, 90, 180, 240]
 */
export function churnHorizonSensitivity(
  lines: CleanRetailLines,
  {
    horizons = [30, 60, 90, 180, 240],
    seed = 42,
    testSize = 0.3,
    C = 1,
    smoteK = 5,
    threshold = 0.5,
  }: HorizonOptions = {},
): HorizonRow[] {
  check(
    horizons.length > 0 && horizons.every((h) => Number.isInteger(h) && h >= 1),
    'horizons',
    horizons,
    'positive integers',
  );
  return horizons.map((horizonDays) => {
    const ds = churnDataset(lines.clean, lines.cancellations, { horizonDays });
    const names = ds.featureNames;
    const X = featureRows(ds);
    const y = Array.from(ds.label);
    const split = stratifiedSplit(y, { testSize, seed });
    const trainRaw = take(X, split.train);
    const Xtrain0 = rebin(trainRaw, trainRaw, names);
    const Xtest0 = rebin(trainRaw, take(X, split.test), names);
    const ytrain = take(y, split.train);
    const ytest = take(y, split.test);
    const churnedTrain = ytrain.reduce((a, v) => a + v, 0);
    if (Math.min(churnedTrain, ytrain.length - churnedTrain) <= smoteK)
      throw new DataError(`invalid horizons: ${horizonDays} leaves too few customers in one class to model`, {
        column: 'horizons',
        value: horizonDays,
      });
    const scaler = fitStandardScaler(Xtrain0);
    const Xtrain = transform(scaler, Xtrain0);
    const Xtest = transform(scaler, Xtest0);
    const base = fitLogistic(Xtrain, ytrain, { C, featureNames: names });
    const resampled = smote(Xtrain, ytrain, { k: smoteK, seed });
    const withSmote = fitLogistic(resampled.X, resampled.y, { C, featureNames: names });
    const before = classificationMetrics(ytest, predictProba(base, Xtest), threshold);
    const after = classificationMetrics(ytest, predictProba(withSmote, Xtest), threshold);
    const { tn, fp } = after.confusion;
    return {
      horizonDays,
      cutoff: ds.cutoffDate,
      customers: ds.customers,
      churned: ds.churned,
      churnRate: ds.churnRate,
      recallWithout: before.recall,
      recallWith: after.recall,
      precisionWithout: before.precision,
      precisionWith: after.precision,
      specificityWith: tn + fp > 0 ? tn / (tn + fp) : 0,
    };
  });
}

/** SHAP importance computed on the rows the SHAP chart draws (`report.shap.matrix`). */
export interface ShapOnRows {
  rows: number;
  importance: Array<{ feature: string; meanAbs: number; rank: number }>;
}

/**
 * Mean |SHAP| per feature over the chart's rows, ranked, so a sentence about the chart's customers uses their numbers.
 *
 * Complexity: O(rows · features).
 * @example
 * shapOnChartRows({ featureNames: ['a'], values: [[0.5], [-0.1]] }).importance[0]; // => { feature: 'a', meanAbs: 0.3, rank: 1 }
 */
export function shapOnChartRows(matrix: {
  featureNames: readonly string[];
  values: readonly (readonly number[])[];
}): ShapOnRows {
  const importance = matrix.featureNames
    .map((feature, j) => ({
      feature,
      meanAbs:
        matrix.values.length > 0
          ? matrix.values.reduce((sum, row) => sum + Math.abs(row[j] ?? 0), 0) / matrix.values.length
          : 0,
      rank: 0,
    }))
    .sort((x, y) => y.meanAbs - x.meanAbs || x.feature.localeCompare(y.feature));
  importance.forEach((row, i) => (row.rank = i + 1));
  return { rows: matrix.values.length, importance };
}

/** A customer a retention team would call: churn probability × expected value. */
export interface AtRiskCustomer extends RetailCustomerRow {
  /** churnProbability × clv: expected revenue lost if nothing is done. */
  valueAtRisk: number;
}

/**
 * Customers ranked by value at risk (churn probability × 12-month CLV), highest first; customers without a
 * CLV or probability are left out.
 *
 * Complexity: O(customers · log customers).
 * @param report The retail report.
 * @param options `top` (default 20), `minProbability` (default 0.5: likely churners only).
 * @example
 * atRiskCustomers(report, { top: 3 }).length; // => 3
 */
export function atRiskCustomers(
  report: Pick<RetailReport, 'customers'>,
  { top = 20, minProbability = 0.5 }: { top?: number; minProbability?: number } = {},
): AtRiskCustomer[] {
  check(Number.isInteger(top) && top >= 1, 'top', top, 'a positive integer');
  check(minProbability >= 0 && minProbability <= 1, 'minProbability', minProbability, 'in [0, 1]');
  return report.customers
    .filter(
      (c) =>
        Number.isFinite(c.clv) && Number.isFinite(c.churnProbability) && c.churnProbability >= minProbability,
    )
    .map((c) => ({ ...c, valueAtRisk: c.churnProbability * c.clv }))
    .sort((a, b) => b.valueAtRisk - a.valueAtRisk || a.customerId.localeCompare(b.customerId))
    .slice(0, top);
}

function csvCell(value: unknown): string {
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text (header first, LF, RFC 4180 quoting; non-finite numbers as empty cells). */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  return (
    [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n') + '\n'
  );
}

/**
 * The RFM table for BI tools (the report's `rfm_for_tableau.csv`): one row per customer with R, F, M, scores,
 * tier, historical LTV, CLV and churn probability.
 *
 * Complexity: O(customers).
 * @example
 * rfmTableCsv(report).split('\n')[0]; // => 'customerId,recency,frequency,monetary,rScore,...'
 */
export function rfmTableCsv(report: Pick<RetailReport, 'customers' | 'rfm'>): string {
  const labels = new Map(report.rfm.segments.map((s) => [s.segment, s.label]));
  const columns = [
    'customerId',
    'recency',
    'frequency',
    'monetary',
    'rScore',
    'fScore',
    'mScore',
    'segment',
    'segmentLabel',
    'ltv',
    'clv',
    'probabilityAlive',
    'churnProbability',
  ];
  return toCsv(
    columns,
    report.customers.map((c) => ({ ...c, segmentLabel: labels.get(c.segment) ?? c.segment })),
  );
}

/**
 * The modelling table (the report's `rfm_final_for_modeling.csv`): one row per customer of the churn
 * population with the model's features (before the training-fitted re-binning and scaling) and the label.
 *
 * Complexity: O(customers · features).
 * @param lines Clean purchases and cancellations.
 * @param options `horizonDays` (default 90), `cutoff` (default data end − horizon).
 * @example
 * modellingTableCsv(lines).split('\n')[0].endsWith(',churned'); // => true
 */
export function modellingTableCsv(
  lines: CleanRetailLines,
  { horizonDays = 90, cutoff }: { horizonDays?: number; cutoff?: string } = {},
): string {
  const ds = churnDataset(lines.clean, lines.cancellations, { horizonDays, cutoff });
  const X = featureRows(ds);
  const columns = ['customerId', ...ds.featureNames, 'churned'];
  return toCsv(
    columns,
    ds.customerId.map((customerId, k) => ({
      customerId,
      ...Object.fromEntries(ds.featureNames.map((name, j) => [name, X[k]![j]])),
      churned: ds.label[k],
    })),
  );
}

/** Quantiles of a distribution. */
export interface Quantiles {
  n: number;
  min: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function quantiles(values: Float64Array): Quantiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const at = (q: number): number =>
    n === 0 ? NaN : (sorted[Math.min(n - 1, Math.floor(q * (n - 1)))] as number);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n,
    min: at(0),
    p10: at(0.1),
    p25: at(0.25),
    median: at(0.5),
    p75: at(0.75),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
    mean: n > 0 ? sum / n : NaN,
  };
}

/** What the raw lines look like before cleaning. */
export interface RetailExploration {
  lines: number;
  invoices: number;
  /** Lines whose invoice starts with `C` (cancellations), without a customer id, with quantity ≤ 0, with price ≤ 0. */
  quality: {
    cancellations: number;
    missingCustomer: number;
    nonPositiveQuantity: number;
    nonPositivePrice: number;
  };
  /** Revenue (Σ quantity × price, cancellations included, so net) and lines per calendar month `YYYY-MM`. */
  months: Array<{ month: string; revenue: number; lines: number; invoices: number }>;
  /** Countries by revenue, all of them. */
  countries: Array<{ country: string; revenue: number; share: number; customers: number }>;
  /** Per invoice (non-cancelled): value and lines. */
  orderValue: Quantiles;
  orderLines: Quantiles;
  /** Unit price of lines with a positive price. */
  unitPrice: Quantiles;
  /** Products by revenue (non-cancelled lines), top 10. */
  topProducts: Array<{
    stockCode: string;
    description: string;
    revenue: number;
    quantity: number;
    share: number;
  }>;
  totalRevenue: number;
}

/**
 * Explores the raw invoice lines before cleaning: revenue by month and country, order size and price
 * distributions, top products, and the data-quality counts the cleaning then acts on.
 *
 * Complexity: O(lines · log lines).
 * @param table The loaded lines (`(await loadRetail(file)).table`).
 * @example
 * exploreRetail(table).months[0].month; // => '2010-12'
 */
export function exploreRetail(table: RetailTable): RetailExploration {
  const months = new Map<string, { revenue: number; lines: number; invoices: Set<string> }>();
  const countries = new Map<string, { revenue: number; customers: Set<string> }>();
  const invoices = new Map<string, { value: number; lines: number }>();
  const products = new Map<string, { description: string; revenue: number; quantity: number }>();
  const quality = { cancellations: 0, missingCustomer: 0, nonPositiveQuantity: 0, nonPositivePrice: 0 };
  const prices: number[] = [];
  let totalRevenue = 0;
  let saleRevenue = 0;
  for (let i = 0; i < table.length; i++) {
    const invoice = table.invoiceNo[i] as string;
    const cancelled = invoice.startsWith('C');
    const quantity = table.quantity[i] as number;
    const price = table.unitPrice[i] as number;
    const revenue = table.lineTotal[i] as number;
    const customer = table.customerId[i];
    if (cancelled) quality.cancellations++;
    if (customer === null || customer === undefined) quality.missingCustomer++;
    if (!(quantity > 0)) quality.nonPositiveQuantity++;
    if (!(price > 0)) quality.nonPositivePrice++;
    else prices.push(price);
    totalRevenue += revenue;
    const month = new Date(table.invoiceDate[i] as number).toISOString().slice(0, 7);
    const m = months.get(month) ?? { revenue: 0, lines: 0, invoices: new Set<string>() };
    m.revenue += revenue;
    m.lines++;
    m.invoices.add(invoice);
    months.set(month, m);
    const country = table.country[i] as string;
    const c = countries.get(country) ?? { revenue: 0, customers: new Set<string>() };
    c.revenue += revenue;
    if (customer) c.customers.add(customer);
    countries.set(country, c);
    if (!cancelled && quantity > 0 && price > 0) {
      const inv = invoices.get(invoice) ?? { value: 0, lines: 0 };
      inv.value += revenue;
      inv.lines++;
      invoices.set(invoice, inv);
      const code = table.stockCode[i] as string;
      const p = products.get(code) ?? { description: table.description[i] ?? '', revenue: 0, quantity: 0 };
      p.revenue += revenue;
      p.quantity += quantity;
      products.set(code, p);
      saleRevenue += revenue;
    }
  }
  const invoiceSet = new Set(table.invoiceNo);
  return {
    lines: table.length,
    invoices: invoiceSet.size,
    quality,
    months: [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ month, revenue: m.revenue, lines: m.lines, invoices: m.invoices.size })),
    countries: [...countries.entries()]
      .map(([country, c]) => ({
        country,
        revenue: c.revenue,
        share: totalRevenue !== 0 ? c.revenue / totalRevenue : 0,
        customers: c.customers.size,
      }))
      .sort((a, b) => b.revenue - a.revenue || a.country.localeCompare(b.country)),
    orderValue: quantiles(Float64Array.from([...invoices.values()].map((v) => v.value))),
    orderLines: quantiles(Float64Array.from([...invoices.values()].map((v) => v.lines))),
    unitPrice: quantiles(Float64Array.from(prices)),
    topProducts: [...products.entries()]
      .map(([stockCode, p]) => ({
        stockCode,
        description: p.description,
        revenue: p.revenue,
        quantity: p.quantity,
        share: saleRevenue > 0 ? p.revenue / saleRevenue : 0,
      }))
      .sort((a, b) => b.revenue - a.revenue || a.stockCode.localeCompare(b.stockCode))
      .slice(0, 10),
    totalRevenue,
  };
}

/** Options of {@link lifecycleStory}. */
export interface LifecycleStoryOptions {
  /** The horizon table (for the recall claim's explanation). Default none. */
  horizons?: HorizonRow[];
}

/**
 * Sets each lifecycle report claim beside the number computed from `report`, with a sentence explaining any
 * difference (label horizon, sample, definitions).
 *
 * Complexity: O(customers + features).
 * @throws DataError when a needed claim is missing.
 * @example
 * lifecycleStory(report, claims, { horizons }).map((c) => c.id); // => ['lifecycle.rows', 'lifecycle.ltv', ...]
 */
export function lifecycleStory(
  report: RetailReport,
  claims: ReportClaims,
  { horizons = [] }: LifecycleStoryOptions = {},
): ClaimComparison[] {
  const out: ClaimComparison[] = [];
  const add = (id: string, reference: string, computed: string, agrees: boolean, note: string): void => {
    const c = claimOf(claims, id);
    out.push({
      id,
      source: claimSource(claims, c),
      claim: c.summary,
      quote: c.quote,
      reference,
      computed,
      agrees,
      note,
    });
  };
  const rowsClaim = claimOf(claims, 'lifecycle.rows');
  const read = report.cleaning.steps[0]?.remaining ?? 0;
  const kept = report.cleaning.steps[report.cleaning.steps.length - 1]?.remaining ?? 0;
  add(
    'lifecycle.rows',
    `more than ${formatCount(claimNumber(rowsClaim, 'rowsAtLeast'))} lines`,
    `${formatCount(read)} lines read, ${formatCount(kept)} kept after cleaning`,
    read >= claimNumber(rowsClaim, 'rowsAtLeast'),
    read >= claimNumber(rowsClaim, 'rowsAtLeast')
      ? 'The same UCI file.'
      : `This file has fewer lines than the report's (${formatShare(read / claimNumber(rowsClaim, 'rowsAtLeast'))}): a sample or another file.`,
  );

  const ltvClaim = claimOf(claims, 'lifecycle.ltv');
  const tiers = report.ltv.segments;
  const top = tiers.reduce((a, b) => (b.meanLtv > a.meanLtv ? b : a), tiers[0]!);
  const bottom = tiers.reduce((a, b) => (b.meanLtv < a.meanLtv ? b : a), tiers[0]!);
  add(
    'lifecycle.ltv',
    `top tiers > ${formatCount(claimNumber(ltvClaim, 'topAtLeast'))}, middle ~${claimNumber(ltvClaim, 'middle')}, potential ~${claimNumber(ltvClaim, 'potential')}`,
    `${top.label} £${formatCount(top.meanLtv)} … ${bottom.label} £${formatCount(bottom.meanLtv)}`,
    top.meanLtv > claimNumber(ltvClaim, 'topAtLeast'),
    `Historical LTV = AOV × purchases per year × margin ${formatShare(report.ltv.margin, 0)} × ${report.ltv.lifespanYears} years, in pounds ` +
      `(the report writes 元 for the same file's pounds). The report's tier names are its own; ecomlab's tiers follow the RFM scores, ` +
      `so compare the spread: ${(top.meanLtv / Math.max(1e-9, bottom.meanLtv)).toFixed(1)}× from top to bottom here, ` +
      `${(claimNumber(ltvClaim, 'topAtLeast') / claimNumber(ltvClaim, 'potential')).toFixed(1)}× or more in the report.`,
  );

  const recallClaim = claimOf(claims, 'lifecycle.recall');
  const refBefore = claimNumber(recallClaim, 'recallBefore');
  const refAfter = claimNumber(recallClaim, 'recallAfter');
  const before = report.model.withoutSmote.metrics.recall;
  const after = report.model.withSmote.metrics.recall;
  const closest = horizons.length
    ? horizons.reduce((a, b) =>
        Math.abs(b.recallWithout - refBefore) < Math.abs(a.recallWithout - refBefore) ? b : a,
      )
    : undefined;
  const lowering = horizons.filter((h) => h.recallWith < h.recallWithout);
  add(
    'lifecycle.recall',
    `${formatShare(refBefore, 0)} → ${formatShare(refAfter, 0)}`,
    `${formatShare(before)} → ${formatShare(after)} (${report.churn.horizonDays}-day label, ${formatShare(report.churn.churnRate)} churners)`,
    near(before, refBefore, 0.05) && near(after, refAfter, 0.05),
    `Recall before SMOTE depends on how rare churners are, which the label horizon sets; the report does not state its horizon. ` +
      `With ${report.churn.horizonDays} days ${formatShare(report.churn.churnRate)} of customers churn and recall goes ${formatShare(before)} → ${formatShare(after)} (${formatPoints(after - before)}).` +
      (closest
        ? ` The horizon whose recall without SMOTE is closest to the report's ${formatShare(refBefore, 0)} is ${closest.horizonDays} days ` +
          `(${formatShare(closest.churnRate)} churners, ${formatShare(closest.recallWithout)} → ${formatShare(closest.recallWith)}).` +
          (lowering.length
            ? ` Where churners are the majority (${lowering.map((h) => `${h.horizonDays} days: ${formatShare(h.churnRate)}`).join(', ')}), SMOTE oversamples the retained customers instead and lowers churn recall.`
            : '')
        : ''),
  );

  const shapClaim = claimOf(claims, 'lifecycle.shap');
  const onRows = shapOnChartRows(report.shap.matrix);
  const dangerous = String(shapClaim.values.mostDangerous);
  const rankAll = report.shap.importance.findIndex((d) => d.feature === dangerous) + 1;
  const rankChart = onRows.importance.find((d) => d.feature === dangerous)?.rank ?? 0;
  if (rankAll === 0)
    throw new DataError(
      `invalid lifecycle.shap.values.mostDangerous: ${JSON.stringify(dangerous)} (not a model feature)`,
      {
        column: 'mostDangerous',
        value: dangerous,
      },
    );
  add(
    'lifecycle.shap',
    `F and M scores, purchase-interval irregularity ("most dangerous"), product breadth`,
    `top: ${report.shap.importance
      .slice(0, 3)
      .map((d) => d.feature)
      .join(', ')}; ${dangerous} ranks ${rankAll} of ${report.shap.importance.length}`,
    rankAll > 0 && rankAll <= 3,
    `Mean |SHAP| over the ${formatCount(report.model.split.test)} test customers ranks ${dangerous} ${rankAll} of ${report.shap.importance.length}; ` +
      `the SHAP chart ranks by the same numbers (on its sample of ${formatCount(onRows.rows)} customers alone it would rank ${rankChart}). ` +
      (rankAll > 3
        ? "So in this model interval irregularity is a weak signal, not the most dangerous one: the report's ranking comes from its own features and sample, and a strategy built on intervals should be tested before it is trusted."
        : 'It is among the top drivers here too.'),
  );

  const outputsClaim = claimOf(claims, 'lifecycle.outputs');
  const files = outputsClaim.values.files;
  add(
    'lifecycle.outputs',
    Array.isArray(files) ? files.join(', ') : String(files),
    'output/rfm_for_bi.csv, output/churn_modelling_table.csv',
    true,
    'Written below, atomically (a temporary file renamed when complete), from the same report and churn dataset as the model.',
  );
  return out;
}

function near(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance;
}
