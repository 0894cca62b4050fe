/**
 * The retail report assembled from the stages' outputs (lib/lifecycle/analyze-retail.ts runs the stages).
 */
import { CHURN_FEATURES, type ChurnTable } from '../churn/churn-features';
import type { ScoreBins } from '../churn/score-bins';
import type { LogisticModel } from '../model/logistic';
import type { StandardScalerModel } from '../model/standardize';
import type { RetailCleaningSummary } from '../retail/retail-aggregate';
import type { RetailLoadInfo } from '../retail/retail-parser';
import type { CustomerSegmentRow, RfmTable } from '../retail/types';
import type { smote } from '../sample/smote';
import type { HistoricalLtv } from '../ltv/types';
import type { ProbabilisticLtv } from '../ltv';
import type { LtvSegmentRow } from '../ltv/types';
import type { RetailAnalysisOptions, RetailCustomerRow, RetailModelResult, RetailReport } from './types';

/** The options with their defaults. */
export type ResolvedOptions = Required<Omit<RetailAnalysisOptions, 'onProgress' | 'cutoff' | 'dateOrder'>> & {
  cutoff?: string;
};

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The churn stage's output: the table and its stratified split, with the split's class counts checked. */
export interface ChurnStage {
  table: ChurnTable;
  y: number[];
  split: { train: number[]; test: number[] };
  trainChurned: number;
  testChurned: number;
  /** Features of every customer at the end of the data (cutoff = data end), for the score stage. */
  scoring: ChurnTable;
}

/** The model stage's output. */
export interface ModelStage {
  scoreBins: ScoreBins;
  scaler: StandardScalerModel;
  /** Training and test rows: unscaled (score bins applied) and scaled. */
  XtestRaw: Float64Array[];
  Xtrain: Float64Array[];
  Xtest: Float64Array[];
  withSmoteModel: LogisticModel;
  resampled: ReturnType<typeof smote>;
  withoutSmote: RetailModelResult;
  withSmote: RetailModelResult;
}

/** Everything the stages produced. */
export interface StageOutputs {
  file: string;
  opts: ResolvedOptions;
  loaded: RetailLoadInfo;
  cleaning: RetailCleaningSummary;
  churn: ChurnStage;
  rfm: RfmTable;
  segments: CustomerSegmentRow[];
  ltv: { historic: HistoricalLtv; probabilistic: ProbabilisticLtv; segments: LtvSegmentRow[] };
  model: ModelStage;
  shap: RetailReport['shap'];
  customers: RetailCustomerRow[];
  timingsMs: RetailReport['timingsMs'];
}

/** The report from the stages' outputs (no computation beyond counting). */
export function retailReport(out: StageOutputs): RetailReport {
  const { file, opts, loaded, cleaning, churn, rfm, ltv, model } = out;
  const { table, split } = churn;
  const { historic, probabilistic } = ltv;
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
      cutoff: table.cutoffDate,
      horizonDays: opts.horizonDays,
      seed: opts.seed,
      testSize: opts.testSize,
      C: opts.C,
      smoteK: opts.smoteK,
      threshold: opts.threshold,
      margin: opts.margin,
      lifespanYears: opts.lifespanYears,
      clvMonths: opts.clvMonths,
      discountRate: opts.discountRate,
      topDrivers: opts.topDrivers,
      beeswarmRows: opts.beeswarmRows,
    },
    cleaning: {
      steps: cleaning.steps,
      customers: cleaning.customers,
      invoices: cleaning.invoices,
      revenue: cleaning.revenue,
      firstInvoiceDate: iso(cleaning.firstInvoiceDate),
      lastInvoiceDate: iso(cleaning.lastInvoiceDate),
      cancellationLines: cleaning.cancellationLines,
    },
    rfm: { snapshot: iso(rfm.snapshot), segments: out.segments },
    ltv: {
      margin: historic.margin,
      lifespanYears: historic.lifespanYears,
      observationYears: historic.observationYears,
      clvMonths: opts.clvMonths,
      discountRate: opts.discountRate,
      segments: ltv.segments,
      bgNbd: probabilistic.bgnbd,
      gammaGamma: probabilistic.gammaGamma,
    },
    churn: {
      cutoff: table.cutoffDate,
      horizonDays: opts.horizonDays,
      dataEnd: day(table.dataEnd),
      customers: table.customers,
      churned: table.churned,
      churnRate: table.churnRate,
      lineCounts: table.lineCounts,
      featureNames: [...CHURN_FEATURES],
    },
    model: {
      split: {
        seed: opts.seed,
        testSize: opts.testSize,
        train: split.train.length,
        test: split.test.length,
        trainChurned: churn.trainChurned,
        testChurned: churn.testChurned,
      },
      scaler: model.scaler,
      scoreBins: model.scoreBins,
      smote: {
        k: opts.smoteK,
        minorityClass: model.resampled.minorityClass,
        generated: model.resampled.nGenerated,
        trainRowsAfter: model.resampled.X.length,
      },
      withoutSmote: model.withoutSmote,
      withSmote: model.withSmote,
      recallGain: model.withSmote.metrics.recall - model.withoutSmote.metrics.recall,
    },
    shap: out.shap,
    customers: out.customers,
    timingsMs: out.timingsMs,
  };
}
