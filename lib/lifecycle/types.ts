/**
 * The retail lifecycle report: the single object behind `npm run analyze -- retail`, the notebooks' churn and
 * LTV sections and the dashboard's customer table. Plain JSON (after `Float64Array`s are turned into arrays),
 * camelCase fields, dates as ISO strings (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`, wall clock of the file).
 */
import type { ChurnFeature, ChurnLineCounts } from '../churn/churn-features';
import type { ShapImportance } from '../explain/linear-shap';
import type { ClassificationMetrics } from '../model/classification-metrics';
import type { StandardScalerModel } from '../model/standardize';
import type { QuintileBins } from '../rfm/rfm-score';
import type {
  CleaningStep,
  CustomerSegment,
  CustomerSegmentRow,
  RetailRejectReason,
  RetailRejectSample,
  RetailDateOrder,
} from '../retail/types';
import type { BgNbdModel, GammaGammaModel, LtvSegmentRow } from '../ltv/types';

/** Options of `analyzeRetail`, with their defaults. */
export interface RetailAnalysisOptions {
  /** Churn cutoff `YYYY-MM-DD`. Default: data end − horizonDays (see `churnDataset`). */
  cutoff?: string;
  /** Churn label window in days. Default `90`. */
  horizonDays?: number;
  /** Seed of the split and of SMOTE. Default `42`. */
  seed?: number;
  /** Test share of the stratified split. Default `0.3`. */
  testSize?: number;
  /** Inverse L2 strength of the logistic model (scikit-learn's C). Default `1`. */
  C?: number;
  /** Neighbours used by SMOTE. Default `5`. */
  smoteK?: number;
  /** Probability threshold for the confusion matrix, precision and recall. Default `0.5`. */
  threshold?: number;
  /** Profit margin for the historical LTV. Default `0.2`. */
  margin?: number;
  /** Expected lifespan in years for the historical LTV. Default `3`. */
  lifespanYears?: number;
  /** CLV horizon in months (BG/NBD + Gamma-Gamma). Default `12`. */
  clvMonths?: number;
  /** Monthly discount rate of the CLV. Default `0.01`. */
  discountRate?: number;
  /** Top SHAP drivers to list. Default `5`. */
  topDrivers?: number;
  /** Test rows whose SHAP values go into `shap.matrix`. Default `300` (0 = none). */
  beeswarmRows?: number;
  /** Progress callback: called at the start of each stage. Default none. */
  onProgress?: (stage: RetailStage, detail?: string) => void;
  /**
   * Field order of slash dates (`'mdy'` as the UCI export, or `'dmy'`). Default: proven from the data; an
   * ambiguous or mixed file is refused (see `RetailLoadOptions.dateOrder`). Reported as `input.dateOrder`.
   */
  dateOrder?: RetailDateOrder;
}

/** Pipeline stages, in order (also the keys of `timingsMs`). */
export const RETAIL_STAGES = ['load', 'clean', 'churn', 'rfm', 'ltv', 'model', 'shap', 'score'] as const;
export type RetailStage = (typeof RETAIL_STAGES)[number];

/** One fitted logistic model as reported. */
export interface RetailModelResult {
  /** Metrics on the held-out test part (never resampled). */
  metrics: ClassificationMetrics;
  /** ROC curve on the test part at every distinct score, from (0, 0) to (1, 1) (for the ROC chart). */
  roc: { fpr: number[]; tpr: number[] };
  /** Precision–recall points on the test part, recall ascending (thresholds descending). */
  pr: { precision: number[]; recall: number[] };
  intercept: number;
  /** Coefficients on standardised features (log-odds per standard deviation), in feature order. */
  coefficients: { feature: ChurnFeature; coef: number }[];
  iterations: number;
  converged: boolean;
}

/** SHAP values and the feature values they explain, rows × features (plain JSON arrays). */
export interface ShapMatrix {
  featureNames: string[];
  /** φ per row and feature (log-odds). */
  values: number[][];
  /** The explained rows' unscaled feature values, aligned with `values`. */
  featureValues: number[][];
}

/** A churn driver from SHAP. */
export interface ChurnDriver extends ShapImportance {
  /** `'raises churn'` when a higher feature value raises the churn log-odds (coef > 0), else `'lowers churn'`. */
  direction: 'raises churn' | 'lowers churn';
}

/** One row of the dashboard's customer table (all customers of the clean data, sorted by id). */
export interface RetailCustomerRow {
  customerId: string;
  /** RFM at the snapshot (last invoice + 1 day). */
  recency: number;
  frequency: number;
  monetary: number;
  rScore: number;
  fScore: number;
  mScore: number;
  segment: CustomerSegment;
  /** Historical LTV (AOV × purchases/year × margin × lifespan). */
  ltv: number;
  /** Discounted CLV over `clvMonths` from BG/NBD + Gamma-Gamma: expected revenue (no margin applied, as lifetimes). */
  clv: number;
  /** BG/NBD P(alive) at the end of the data. */
  probabilityAlive: number;
  /**
   * Probability of no purchase in the next `horizonDays` days, scored by the SMOTE model on features computed
   * at the end of the data (cutoff = data end), i.e. the model trained on the past window applied to today.
   */
  churnProbability: number;
}

/** The report. */
export interface RetailReport {
  /** Input file and the loader's accounting: `dataLines = rows + rejected`. */
  input: {
    file: string;
    dataLines: number;
    rows: number;
    rejected: number;
    rejectedByReason: Record<RetailRejectReason, number>;
    rejectSamples: RetailRejectSample[];
    /** Day/month order of the slash dates (given or proven); `null` when the file has none. */
    dateOrder: RetailDateOrder | null;
  };
  /** The options in effect (defaults filled in; cutoff resolved). */
  options: Required<Omit<RetailAnalysisOptions, 'onProgress' | 'dateOrder'>>;
  cleaning: {
    /** The step table; `read = Σ removed + kept`. */
    steps: CleaningStep[];
    customers: number;
    invoices: number;
    revenue: number;
    firstInvoiceDate: string;
    lastInvoiceDate: string;
    /** Cancellation lines (with a customer id) kept aside for the return-rate feature. */
    cancellationLines: number;
  };
  rfm: {
    /** Snapshot = last invoice date + 1 day. */
    snapshot: string;
    segments: CustomerSegmentRow[];
  };
  ltv: {
    /** Margin of the historical LTV only; the CLV is revenue (no margin, as lifetimes). */
    margin: number;
    lifespanYears: number;
    observationYears: number;
    clvMonths: number;
    discountRate: number;
    /** Historical LTV and mean CLV per segment. */
    segments: LtvSegmentRow[];
    /** Fitted BG/NBD (daily periods): r, alpha, a, b. */
    bgNbd: BgNbdModel;
    /** Fitted Gamma-Gamma on returning customers: p, q, v. */
    gammaGamma: GammaGammaModel;
  };
  churn: {
    cutoff: string;
    horizonDays: number;
    /** Midnight after the last purchase day. */
    dataEnd: string;
    /** Population: customers with a purchase before the cutoff. */
    customers: number;
    churned: number;
    churnRate: number;
    lineCounts: ChurnLineCounts;
    featureNames: ChurnFeature[];
  };
  model: {
    split: {
      seed: number;
      testSize: number;
      train: number;
      test: number;
      trainChurned: number;
      testChurned: number;
    };
    /** Standardisation fitted on the training part only (reused for the test part and for scoring). */
    scaler: StandardScalerModel;
    /**
     * Quintile bins of the model's score features, fitted on the training rows' raw recency (reversed),
     * frequency and monetary only, and applied to the training, test and scoring rows before scaling.
     */
    scoreBins: { rScore: QuintileBins; fScore: QuintileBins; mScore: QuintileBins };
    smote: { k: number; minorityClass: number; generated: number; trainRowsAfter: number };
    withoutSmote: RetailModelResult;
    withSmote: RetailModelResult;
    /** withSmote.metrics.recall − withoutSmote.metrics.recall (the report's before/after comparison). */
    recallGain: number;
  };
  shap: {
    /** Explained model: the SMOTE one; background: the (unresampled) standardised training rows. */
    baseValue: number;
    /** All features by mean |φ| on the test rows, descending. */
    importance: ChurnDriver[];
    /** The first `topDrivers` of `importance`. */
    topDrivers: ChurnDriver[];
    /**
     * The SHAP matrix of the first `beeswarmRows` test rows (rows × features, features in `importance` order):
     * `values` are φ (log-odds), `featureValues` the unscaled feature values. The input of `shapSummaryChart`.
     */
    matrix: ShapMatrix;
  };
  customers: RetailCustomerRow[];
  /** Wall milliseconds per stage and in total. */
  timingsMs: Record<RetailStage | 'total', number>;
}
