/**
 * The LTV types: historical LTV per customer and per segment, the lifetimes-style customer summary, and the
 * fitted BG/NBD and Gamma-Gamma models (plain JSON).
 */
import type { CustomerSegment } from '../retail/types';

/** Historical LTV per customer (aligned with the RFM table's customers). */
export interface HistoricalLtv {
  margin: number;
  lifespanYears: number;
  /** Length of the observation period in years (first invoice to snapshot, / 365). */
  observationYears: number;
  customerId: string[];
  /** monetary / frequency. */
  averageOrderValue: Float64Array;
  /** frequency / observationYears (orders per year). */
  purchasesPerYear: Float64Array;
  /** averageOrderValue × purchasesPerYear × margin × lifespanYears. */
  ltv: Float64Array;
}

/** Historical LTV per segment. */
export interface LtvSegmentRow {
  segment: CustomerSegment;
  label: string;
  labelZh: string;
  customers: number;
  meanAverageOrderValue: number;
  meanPurchasesPerYear: number;
  meanLtv: number;
  totalLtv: number;
  /**
   * Mean discounted CLV from the BG/NBD + Gamma-Gamma models (NaN when not computed): expected revenue, with no
   * margin applied (as lifetimes), so not on the same basis as `meanLtv`, which includes the margin.
   */
  meanClv: number;
}

/**
 * lifetimes' `summary_data_from_transaction_data` with daily periods, in columns, customers sorted by id.
 * frequency = purchase days − 1 (repeat purchase days); recency = days from first to last purchase day;
 * T = days from first purchase day to the observation end; monetaryValue = mean value of the repeat purchase
 * days (0 when frequency = 0).
 */
export interface CustomerSummary {
  customerId: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
}

/** BG/NBD parameters (Fader, Hardie & Lee 2005). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fitted BG/NBD model (plain JSON). */
export interface BgNbdModel extends BgNbdParams {
  kind: 'bgnbd';
  /** Total log-likelihood at the optimum. */
  logLikelihood: number;
  /** Customers fitted. */
  customers: number;
  iterations: number;
  converged: boolean;
}

/** Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005, "RFM and CLV"). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** A fitted Gamma-Gamma model (plain JSON). */
export interface GammaGammaModel extends GammaGammaParams {
  kind: 'gammaGamma';
  logLikelihood: number;
  /** Returning customers (frequency > 0) fitted. */
  customers: number;
  iterations: number;
  converged: boolean;
}
