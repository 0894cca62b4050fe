/**
 * The score features of the churn model as a fitted step, like the scaler: quintile bin edges of recency
 * (reversed: 5 = most recent), frequency and monetary are fitted on the training rows only
 * ({@link fitScoreBins}) and applied to any rows ({@link scoredRows}: training, test, scoring), so the test
 * rows never shape a training feature.
 */
import { applyQuintileBins, fitQuintileBins, type QuintileBins } from '../rfm/rfm-score';
import { CHURN_FEATURES, type ChurnTable, type RawChurnFeature } from './churn-features';

/** Fitted bins of the three score features (plain JSON, reported as `model.scoreBins`). */
export interface ScoreBins {
  rScore: QuintileBins;
  fScore: QuintileBins;
  mScore: QuintileBins;
}

/** Each score feature and the raw feature it is binned from. */
const SCORE_SOURCES = [
  { score: 'rScore', raw: 'recency', reverse: true },
  { score: 'fScore', raw: 'frequency', reverse: false },
  { score: 'mScore', raw: 'monetary', reverse: false },
] as const;

const pick = (column: Float64Array, rows: readonly number[]): Float64Array =>
  Float64Array.from(rows, (k) => column[k] as number);

/**
 * Fits the score bins on the given rows (population indexes, e.g. the training part) of a churn table.
 * O(rows log rows).
 * @throws DataError when `rows` is empty.
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * const table = churnTable(clean, cancellations, { horizonDays: 90 });
 * fitScoreBins(table, table.customerId.map((_, k) => k)).rScore.edges; // => [20, 52, 98.8, 172] (days)
 */
export function fitScoreBins(table: Pick<ChurnTable, 'features'>, rows: readonly number[]): ScoreBins {
  const bins = {} as ScoreBins;
  for (const { score, raw, reverse } of SCORE_SOURCES)
    bins[score] = fitQuintileBins(pick(table.features[raw], rows), { reverse });
  return bins;
}

/**
 * The model rows (one `Float64Array` per row, features in {@link CHURN_FEATURES} order) of the given rows of a
 * churn table, the score features binned by `bins`. O(rows · features).
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * const table = churnTable(clean, cancellations, { horizonDays: 90 });
 * const bins = fitScoreBins(table, table.customerId.map((_, k) => k));
 * scoredRows(table, bins)[0]!.length; // => 12
 */
export function scoredRows(
  table: Pick<ChurnTable, 'features' | 'customerId'>,
  bins: ScoreBins,
  rows: readonly number[] = table.customerId.map((_, k) => k),
): Float64Array[] {
  const scores: Record<string, Float64Array> = {};
  for (const { score, raw } of SCORE_SOURCES)
    scores[score] = applyQuintileBins(bins[score], pick(table.features[raw], rows));
  const columns = CHURN_FEATURES.map(
    (name) => scores[name] ?? pick(table.features[name as RawChurnFeature], rows),
  );
  return rows.map((_, i) => Float64Array.from(columns, (column) => column[i] as number));
}
