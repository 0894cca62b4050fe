/**
 * The churn features without leakage: per-customer features from transactions strictly before a cutoff (the
 * label, from the `horizonDays` days that follow it, is in label.ts). Day arithmetic uses whole UTC days of the
 * wall-clock times (see lib/retail/types.ts): dayOf(t) = floor(t / 1 day).
 */
import { type RetailTable } from '../retail/types';
import { quintileScores } from '../rfm/rfm-score';
import { ledgerOfTables } from '../retail/customer-ledger';
import { churnTableFromLedger } from './churn-ledger';
import { type ChurnOptions } from './label';

/**
 * Feature columns, in model order. Each is documented in {@link ChurnFeatures}.
 * @example
 * CHURN_FEATURES.length; // => 12
 * CHURN_FEATURES[0]; // => 'recency'
 */
export const CHURN_FEATURES = [
  'recency',
  'frequency',
  'monetary',
  'rScore',
  'fScore',
  'mScore',
  'intervalMean',
  'intervalStd',
  'uniqueProducts',
  'tenure',
  'avgBasketValue',
  'returnRate',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];

/** The score features: quintile scores of recency (reversed), frequency and monetary. */
export const SCORE_FEATURES = ['rScore', 'fScore', 'mScore'] as const;
/** The raw features (every feature but the scores), computed from the transactions alone. */
export type RawChurnFeature = Exclude<ChurnFeature, (typeof SCORE_FEATURES)[number]>;

/**
 * Per-customer features at the cutoff, one `Float64Array` per feature (customers in `customerId` order).
 * Only purchases and cancellations with invoice time < cutoff are used. cutoffDay = cutoff / 1 day.
 */
export type ChurnFeatures = Record<ChurnFeature, Float64Array>;
/*
 * recency        cutoffDay − dayOf(last purchase)                (≥ 1)
 * frequency      distinct purchase invoices
 * monetary       Σ lineTotal of purchases
 * rScore/fScore/mScore  quintile scores 1..5 (lib/rfm `quintileScores`: pandas qcut of rank(method='first')
 *                over customers in id order; recency reversed, 5 = most recent)
 * intervalMean   mean gap in days between consecutive distinct purchase days; with one purchase day:
 *                cutoffDay − that day (the open gap so far)
 * intervalStd    population standard deviation (ddof 0) of those gaps; 0 with fewer than 3 purchase days
 * uniqueProducts distinct StockCodes purchased
 * tenure         cutoffDay − dayOf(first purchase)               (≥ 1)
 * avgBasketValue monetary / frequency
 * returnRate     cancellation invoices / (purchase invoices + cancellation invoices), in [0, 1]
 */

/** Counts that account for every purchase line: `beforeCutoff + inLabelWindow + afterLabelWindow = lines`. */
export interface ChurnLineCounts {
  lines: number;
  beforeCutoff: number;
  inLabelWindow: number;
  afterLabelWindow: number;
  /** Cancellation lines used (time < cutoff) and not used. */
  cancellationsBeforeCutoff: number;
  cancellationsIgnored: number;
}

/**
 * The churn table before scoring: population, labels and the raw features. The score features are added by a
 * fitted step: over the whole population in {@link churnDataset}, fitted on training rows only in the lifecycle
 * model (lib/churn/score-bins.ts).
 */
export type ChurnTable = Omit<ChurnDataset, 'features' | 'featureNames'> & {
  features: Record<RawChurnFeature, Float64Array>;
};

/** The churn modelling table. */
export interface ChurnDataset {
  /** Cutoff (epoch ms, a UTC midnight) and as `YYYY-MM-DD`. */
  cutoff: number;
  cutoffDate: string;
  horizonDays: number;
  /** Midnight after the last purchase day (epoch ms). */
  dataEnd: number;
  /** Population: customers with a purchase before the cutoff, sorted by id. */
  customerId: string[];
  /** 1 = churned (no purchase in [cutoff, cutoff + horizonDays days)), 0 = purchased again. */
  label: Uint8Array;
  features: ChurnFeatures;
  featureNames: ChurnFeature[];
  /** Population size, churned count and churn rate. */
  customers: number;
  churned: number;
  churnRate: number;
  lineCounts: ChurnLineCounts;
}

/**
 * The churn table before scoring: the cutoff and label window (label.ts), the population, its labels and its
 * raw features, computed by {@link churnTableFromLedger} from the purchases' and cancellations' ledger (the
 * streaming path builds the same ledger without a table). Every feature reads only lines with invoice time <
 * cutoff, so changing any later line changes no feature (only labels).
 *
 * Complexity: O(n + c log c) for n lines and c customers.
 * @throws DataError as {@link churnDataset}, and for a purchase without a customer id.
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * churnTable(clean, cancellations, { horizonDays: 90 }).features.recency.length; // => 3370 (customers before the cutoff)
 */
export function churnTable(
  purchases: RetailTable,
  cancellations: RetailTable,
  options: ChurnOptions = {},
): ChurnTable {
  return churnTableFromLedger(ledgerOfTables(purchases, cancellations), options);
}

/**
 * Builds the churn table from clean purchases and the cancellations kept aside by `cleanRetail`, with the
 * score features as quintiles over the whole population (lib/rfm `quintileScores`, as the pandas reference).
 * Every feature reads only lines with invoice time < cutoff. The population is every customer with a purchase
 * before the cutoff. (The lifecycle model does not use these population scores: it fits its score bins on the
 * training rows, see lib/churn/score-bins.ts.)
 *
 * Complexity: O(n + c log c) for n lines and c customers.
 * @param purchases Clean purchases (`cleanRetail(...).clean`).
 * @param cancellations Cancellation lines (`cleanRetail(...).cancellations`); may be empty.
 * @param options See {@link ChurnOptions}.
 * @throws DataError for an unparseable cutoff, a label window that does not fit in the data, a cutoff with
 *   no purchase before it, or a bad horizon.
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * const ds = churnDataset(clean, cancellations, { horizonDays: 90 });
 * ds.cutoffDate; // => '2011-09-11'
 */
export function churnDataset(
  purchases: RetailTable,
  cancellations: RetailTable,
  options: ChurnOptions = {},
): ChurnDataset {
  const table = churnTable(purchases, cancellations, options);
  const f = table.features;
  const features: ChurnFeatures = {
    recency: f.recency,
    frequency: f.frequency,
    monetary: f.monetary,
    rScore: quintileScores(f.recency, true),
    fScore: quintileScores(f.frequency),
    mScore: quintileScores(f.monetary),
    intervalMean: f.intervalMean,
    intervalStd: f.intervalStd,
    uniqueProducts: f.uniqueProducts,
    tenure: f.tenure,
    avgBasketValue: f.avgBasketValue,
    returnRate: f.returnRate,
  };
  return { ...table, features, featureNames: [...CHURN_FEATURES] };
}

/**
 * The features as rows (one `Float64Array` per customer) in `featureNames` order, for the model.
 *
 * Complexity: O(c·d).
 * @example
 * const { clean, cancellations } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * const ds = churnDataset(clean, cancellations, { horizonDays: 90 });
 * featureRows(ds)[0]!.length; // => 12
 */
export function featureRows(
  ds: Pick<ChurnDataset, 'features' | 'featureNames' | 'customerId'>,
): Float64Array[] {
  const cols = ds.featureNames.map((name) => ds.features[name]);
  return ds.customerId.map((_, k) => Float64Array.from(cols, (column) => column[k] as number));
}
