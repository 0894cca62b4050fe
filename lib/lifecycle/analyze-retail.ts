/**
 * The retail lifecycle pipeline: load → clean → RFM → LTV → churn dataset → split → scale → logistic model
 * with and without SMOTE → metrics → SHAP → per-customer scores. Deterministic for a seed.
 */
import { churnDataset, featureRows, parseCutoff, type ChurnFeature } from '../churn/churn-features';
import { DataError } from '../errors';
import { checkCallback, checkOption } from '../options';
import { linearShap, shapBeeswarm, shapImportance } from '../explain/linear-shap';
import { classificationMetrics, precisionRecallCurve, rocCurve } from '../model/classification-metrics';
import { fitLogistic, predictProba, type LogisticModel } from '../model/logistic';
import { fitStandardScaler, transform } from '../model/standardize';
import { historicalLtv, ltvBySegment, probabilisticLtv } from '../ltv';
import { checkPurchasesLeft, cleanRetail, loadRetail } from '../retail';
import { applyQuintileBins, fitQuintileBins, rfmTable, segmentTable, type QuintileBins } from '../rfm';
import { smote } from '../sample/smote';
import { stratifiedSplit, take } from '../sample/split';
import {
  RETAIL_STAGES,
  type ChurnDriver,
  type RetailAnalysisOptions,
  type RetailModelResult,
  type RetailReport,
  type RetailStage,
} from './types';

/** The model's score features and the raw feature each is binned from (recency reversed: 5 = most recent). */
const SCORE_FEATURES = [
  { score: 'rScore', raw: 'recency', reverse: true },
  { score: 'fScore', raw: 'frequency', reverse: false },
  { score: 'mScore', raw: 'monetary', reverse: false },
] as const;

type ScoreBins = RetailReport['model']['scoreBins'];

/** Quintile bins of recency/frequency/monetary fitted on the (raw) training rows only. */
function fitScoreBins(trainRows: readonly Float64Array[], names: readonly ChurnFeature[]): ScoreBins {
  const bins = {} as Record<(typeof SCORE_FEATURES)[number]['score'], QuintileBins>;
  for (const { score, raw, reverse } of SCORE_FEATURES) {
    const j = names.indexOf(raw);
    bins[score] = fitQuintileBins(
      trainRows.map((row) => row[j] as number),
      { reverse },
    );
  }
  return bins;
}

/** Copies of the rows with rScore/fScore/mScore recomputed by the given bins (inputs untouched). */
function withScoreBins(
  rows: readonly Float64Array[],
  bins: ScoreBins,
  names: readonly ChurnFeature[],
): Float64Array[] {
  const out = rows.map((row) => Float64Array.from(row));
  for (const { score, raw } of SCORE_FEATURES) {
    const j = names.indexOf(raw);
    const target = names.indexOf(score);
    const scores = applyQuintileBins(
      bins[score],
      rows.map((row) => row[j] as number),
    );
    out.forEach((row, k) => (row[target] = scores[k] as number));
  }
  return out;
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function modelResult(
  model: LogisticModel,
  yTest: ArrayLike<number>,
  proba: Float64Array,
  threshold: number,
  names: ChurnFeature[],
): RetailModelResult {
  return {
    metrics: classificationMetrics(yTest, proba, threshold),
    roc: (({ fpr, tpr }) => ({ fpr, tpr }))(rocCurve(yTest, proba)),
    pr: (({ precision, recall }) => ({ precision, recall }))(precisionRecallCurve(yTest, proba)),
    intercept: model.intercept,
    coefficients: names.map((feature, j) => ({ feature, coef: model.coef[j] as number })),
    iterations: model.iterations,
    converged: model.converged,
  };
}

/**
 * Runs the whole retail pipeline on an Online Retail file and returns the {@link RetailReport}. Modelling
 * follows the no-leakage rules: features before the cutoff only; stratified seeded split; the model's
 * `rScore`/`fScore`/`mScore` features are re-binned with quintile edges fitted on the training rows' raw
 * recency/frequency/monetary only (`fitQuintileBins`, reported as `model.scoreBins`) and applied to the
 * training, test and end-of-data scoring rows (`applyQuintileBins`), replacing churnDataset's population
 * quintiles; the scaler is fitted on the training part; SMOTE resamples the training part only; metrics are on the untouched test
 * part; SHAP explains the SMOTE model on the test rows against the training rows.
 *
 * Complexity: O(lines + customers·(d² + minority customers·d)); about 4 s on the 541,909-line UCI file
 * (shared 2-core machine, see docs/lifecycle-model.md).
 * @param file `.csv`, `.csv.gz` or `.xlsx` in the UCI Online Retail layout.
 * @param options See {@link RetailAnalysisOptions}.
 * @throws InputFileError for a missing/unreadable file; DataError for bad options (e.g. a cutoff whose label
 *   window does not fit) or data too small to model (a class with ≤ smoteK rows in training).
 * @example
 * const report = await analyzeRetail('data/online-retail/online_retail.csv.gz', { seed: 42 });
 * report.cleaning.steps.at(-1)?.remaining; // => 392692
 * report.model.withSmote.metrics.recall > report.model.withoutSmote.metrics.recall; // => true
 */
export async function analyzeRetail(
  file: string,
  {
    cutoff,
    horizonDays = 90,
    seed = 42,
    testSize = 0.3,
    C = 1,
    smoteK = 5,
    threshold = 0.5,
    margin = 0.2,
    lifespanYears = 3,
    clvMonths = 12,
    discountRate = 0.01,
    topDrivers = 5,
    beeswarmRows = 300,
    onProgress,
    dateOrder,
  }: RetailAnalysisOptions = {},
): Promise<RetailReport> {
  // Every option is checked here against its documented range (lib/options.ts, docs/reliability.md), before
  // the file is read (the steps check them again, but only after loading and cleaning a possibly large file).
  if (typeof file !== 'string' || file === '')
    throw new DataError(`invalid file: ${JSON.stringify(file)} (expected a file path)`, { column: 'file' });
  const ranged = { seed, topDrivers, beeswarmRows, horizonDays, testSize, C, smoteK, threshold, margin };
  for (const [name, value] of Object.entries(ranged)) checkOption(name, value);
  checkOption('lifespanYears', lifespanYears);
  checkOption('clvMonths', clvMonths);
  checkOption('discountRate', discountRate);
  checkCallback('onProgress', onProgress);
  if (cutoff !== undefined) parseCutoff(cutoff); // fail on a malformed date before reading the file
  const timingsMs = Object.fromEntries(
    [...RETAIL_STAGES, 'total'].map((s) => [s, 0]),
  ) as RetailReport['timingsMs'];
  const t0 = performance.now();
  let last = t0;
  let current: RetailStage | undefined;
  const stage = (next: RetailStage | undefined): void => {
    const now = performance.now();
    if (current !== undefined) timingsMs[current] = Math.round(now - last);
    last = now;
    current = next;
    if (next !== undefined) onProgress?.(next);
  };

  stage('load');
  const loaded = await loadRetail(file, dateOrder === undefined ? {} : { dateOrder });
  stage('clean');
  const cleaning = cleanRetail(loaded);
  checkPurchasesLeft(cleaning, file, loaded.rejectedByReason);
  const { clean, cancellations } = cleaning;
  stage('churn');
  const ds = churnDataset(clean, cancellations, { cutoff, horizonDays });
  const names = ds.featureNames;
  const X = featureRows(ds);
  const y = Array.from(ds.label);
  const split = stratifiedSplit(y, { testSize, seed });
  // The score features are re-binned with quintile edges fitted on the training rows only: churnDataset's
  // scores are population quintiles, so the test rows would otherwise shape the training features.
  const scoreBins = fitScoreBins(take(X, split.train), names);
  const XtrainRaw = withScoreBins(take(X, split.train), scoreBins, names);
  const ytrain = take(y, split.train);
  const XtestRaw = withScoreBins(take(X, split.test), scoreBins, names);
  const ytest = take(y, split.test);
  const trainChurned = ytrain.reduce((a, v) => a + v, 0);
  const testChurned = ytest.reduce((a, v) => a + v, 0);
  const smallest = Math.min(trainChurned, ytrain.length - trainChurned);
  if (smallest <= smoteK || testChurned === 0 || testChurned === ytest.length)
    throw new DataError(
      `invalid data: the churn population is too small to model (${ds.customers} customers, ${ds.churned} churned; ` +
        `training part ${ytrain.length} rows with ${smallest} in its smaller class, needs more than smoteK = ${smoteK}; ` +
        `test part ${ytest.length} rows with ${testChurned} churned, needs both classes)`,
      { file, value: ds.customers },
    );
  stage('rfm');
  const rfm = rfmTable(clean);
  const segments = segmentTable(rfm);
  stage('ltv');
  const historic = historicalLtv(rfm, { margin, lifespanYears });
  const probabilistic = probabilisticLtv(clean, { months: clvMonths, discountRate, horizonDays });
  const ltvSegments = ltvBySegment(rfm, historic, probabilistic.clv);
  stage('model');
  const scaler = fitStandardScaler(XtrainRaw);
  const Xtrain = transform(scaler, XtrainRaw);
  const Xtest = transform(scaler, XtestRaw);
  const base = fitLogistic(Xtrain, ytrain, { C, featureNames: names });
  const resampled = smote(Xtrain, ytrain, { k: smoteK, seed });
  const withSmoteModel = fitLogistic(resampled.X, resampled.y, { C, featureNames: names });
  const withoutSmote = modelResult(base, ytest, predictProba(base, Xtest), threshold, names);
  const withSmote = modelResult(withSmoteModel, ytest, predictProba(withSmoteModel, Xtest), threshold, names);
  stage('shap');
  const shap = linearShap(withSmoteModel, Xtest, Xtrain);
  const importance: ChurnDriver[] = shapImportance(shap, withSmoteModel.coef).map((imp) => ({
    ...imp,
    direction: imp.coef > 0 ? 'raises churn' : 'lowers churn',
  }));
  const shown = Math.min(beeswarmRows, Xtest.length);
  const beeswarm =
    shown === 0
      ? []
      : shapBeeswarm({ ...shap, values: shap.values.slice(0, shown) }, XtestRaw.slice(0, shown));
  stage('score');
  const now = churnDataset(clean, cancellations, {
    cutoff: ds.dataEnd,
    horizonDays,
    requireLabelWindow: false,
  });
  const nowProba = predictProba(
    withSmoteModel,
    transform(scaler, withScoreBins(featureRows(now), scoreBins, names)),
  );
  const probaById = new Map(now.customerId.map((id, k) => [id, nowProba[k] as number]));
  const probIndex = new Map(probabilistic.summary.customerId.map((id, k) => [id, k]));
  const customers = rfm.customerId.map((customerId, k) => {
    const p = probIndex.get(customerId);
    return {
      customerId,
      recency: rfm.recency[k] as number,
      frequency: rfm.frequency[k] as number,
      monetary: rfm.monetary[k] as number,
      rScore: rfm.rScore[k] as number,
      fScore: rfm.fScore[k] as number,
      mScore: rfm.mScore[k] as number,
      segment: rfm.segment[k] as RetailReport['customers'][number]['segment'],
      ltv: historic.ltv[k] as number,
      clv: p === undefined ? NaN : (probabilistic.clv[p] as number),
      probabilityAlive: p === undefined ? NaN : (probabilistic.probabilityAlive[p] as number),
      churnProbability: probaById.get(customerId) ?? NaN,
    };
  });
  stage(undefined);
  timingsMs.total = Math.round(performance.now() - t0);
  return {
    input: {
      file,
      dataLines: loaded.dataLines,
      rows: loaded.rows,
      rejected: loaded.rejected,
      rejectedByReason: loaded.rejectedByReason,
      rejectSamples: loaded.rejectSamples,
      dateOrder: loaded.dateOrder,
    },
    options: {
      cutoff: ds.cutoffDate,
      horizonDays,
      seed,
      testSize,
      C,
      smoteK,
      threshold,
      margin,
      lifespanYears,
      clvMonths,
      discountRate,
      topDrivers,
      beeswarmRows,
    },
    cleaning: {
      steps: cleaning.steps,
      customers: cleaning.customers,
      invoices: cleaning.invoices,
      revenue: cleaning.revenue,
      firstInvoiceDate: iso(cleaning.firstInvoiceDate),
      lastInvoiceDate: iso(cleaning.lastInvoiceDate),
      cancellationLines: cancellations.length,
    },
    rfm: { snapshot: iso(rfm.snapshot), segments },
    ltv: {
      margin: historic.margin,
      lifespanYears: historic.lifespanYears,
      observationYears: historic.observationYears,
      clvMonths,
      discountRate,
      segments: ltvSegments,
      bgNbd: probabilistic.bgnbd,
      gammaGamma: probabilistic.gammaGamma,
    },
    churn: {
      cutoff: ds.cutoffDate,
      horizonDays,
      dataEnd: day(ds.dataEnd),
      customers: ds.customers,
      churned: ds.churned,
      churnRate: ds.churnRate,
      lineCounts: ds.lineCounts,
      featureNames: names,
    },
    model: {
      split: {
        seed,
        testSize,
        train: split.train.length,
        test: split.test.length,
        trainChurned,
        testChurned,
      },
      scaler,
      scoreBins,
      smote: {
        k: smoteK,
        minorityClass: resampled.minorityClass,
        generated: resampled.nGenerated,
        trainRowsAfter: resampled.X.length,
      },
      withoutSmote,
      withSmote,
      recallGain: withSmote.metrics.recall - withoutSmote.metrics.recall,
    },
    shap: { baseValue: shap.baseValue, importance, topDrivers: importance.slice(0, topDrivers), beeswarm },
    customers,
    timingsMs,
  };
}
