/**
 * The churn label's horizon sensitivity: the lifecycle model re-run for several label windows on the same clean
 * lines, with the steps of `analyzeRetail` (churn table, seeded stratified split, score bins and scaler fitted on
 * the training rows, logistic without and with SMOTE), so the 90-day row equals the report's model metrics.
 */
import { CHURN_FEATURES, churnTable } from '../churn/churn-features';
import { fitScoreBins, scoredRows } from '../churn/score-bins';
import { check, DataError } from '../errors';
import { classificationMetrics } from '../model/classification-metrics';
import { fitLogistic, predictProba } from '../model/logistic';
import { fitStandardScaler, transform } from '../model/standardize';
import type { RetailTable } from '../retail/types';
import { smote } from '../sample/smote';
import { stratifiedSplit, take } from '../sample/split';

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

/** The label windows of the horizon table, in days. */
const DEFAULT_HORIZONS = [30, 60, 90, 180, 240];

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
 * const lines = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * churnHorizonSensitivity(lines, { horizons: [90] })[0].churnRate; // => 0.42997 (1,449 of 3,370 customers)
 */
export function churnHorizonSensitivity(lines: CleanRetailLines, options: HorizonOptions = {}): HorizonRow[] {
  const {
    horizons = DEFAULT_HORIZONS,
    seed = 42,
    testSize = 0.3,
    C = 1,
    smoteK = 5,
    threshold = 0.5,
  } = options;
  check(
    horizons.length > 0 && horizons.every((h) => Number.isInteger(h) && h >= 1),
    'horizons',
    horizons,
    'positive integers',
  );
  const names = [...CHURN_FEATURES];
  return horizons.map((horizonDays) => {
    const table = churnTable(lines.clean, lines.cancellations, { horizonDays });
    const y = Array.from(table.label);
    const split = stratifiedSplit(y, { testSize, seed });
    const bins = fitScoreBins(table, split.train);
    const ytrain = take(y, split.train);
    const ytest = take(y, split.test);
    const churnedTrain = ytrain.reduce((a, v) => a + v, 0);
    if (Math.min(churnedTrain, ytrain.length - churnedTrain) <= smoteK)
      throw new DataError(`invalid horizons: ${horizonDays} leaves too few customers in one class to model`, {
        column: 'horizons',
        value: horizonDays,
      });
    const XtrainRaw = scoredRows(table, bins, split.train);
    const scaler = fitStandardScaler(XtrainRaw);
    const Xtrain = transform(scaler, XtrainRaw);
    const Xtest = transform(scaler, scoredRows(table, bins, split.test));
    const base = fitLogistic(Xtrain, ytrain, { C, featureNames: names });
    const resampled = smote(Xtrain, ytrain, { k: smoteK, seed });
    const withSmote = fitLogistic(resampled.X, resampled.y, { C, featureNames: names });
    const before = classificationMetrics(ytest, predictProba(base, Xtest), threshold);
    const after = classificationMetrics(ytest, predictProba(withSmote, Xtest), threshold);
    const { tn, fp } = after.confusion;
    return {
      horizonDays,
      cutoff: table.cutoffDate,
      customers: table.customers,
      churned: table.churned,
      churnRate: table.churnRate,
      recallWithout: before.recall,
      recallWith: after.recall,
      precisionWithout: before.precision,
      precisionWith: after.precision,
      specificityWith: tn + fp > 0 ? tn / (tn + fp) : 0,
    };
  });
}
