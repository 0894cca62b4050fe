/**
 * Discounted customer lifetime value from BG/NBD + Gamma-Gamma, with lifetimes' `customer_lifetime_value`
 * semantics, and a one-call probabilistic LTV for a clean retail table.
 */
import { check } from '../errors';
import { checkOption, OPTION_RANGES } from '../options';
import type { RetailTable } from '../retail/types';
import type { BgNbdModel, BgNbdParams, CustomerSummary, GammaGammaModel, GammaGammaParams } from './types';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive, fitBgNbd } from './bg-nbd';
import { fitGammaGamma, gammaGammaExpectedAverageProfit } from './gamma-gamma';
import { summaryFromTransactions } from './summary';

// Module-level aliases: global lookups are slow inside jest's vm context (hot loops below).
const { pow } = Math;

/** Options of {@link customerLifetimeValue}. */
export interface ClvOptions {
  /** Horizon in months. Default 12. */
  months?: number;
  /** Monthly discount rate. Default 0.01. */
  discountRate?: number;
  /** Model time units per month: 30 for daily periods (lifetimes `freq='D'`), 4.345 weekly, 1 monthly. Default 30. */
  periodsPerMonth?: number;
  /** Profit margin applied to the expected spend. Default 1 (lifetimes applies none). */
  margin?: number;
}

/**
 * Discounted CLV per customer over `months` (lifetimes `GammaGammaFitter.customer_lifetime_value`):
 * Σ_{i=1..months} E[purchases in month i] × expected average profit × margin / (1 + d)^i, where
 * E[purchases in month i] = E[X(i·k)] − E[X((i−1)·k)] from BG/NBD conditional expectations with
 * k = periodsPerMonth, and the profit is the Gamma-Gamma conditional expected average profit.
 *
 * Complexity: O(customers × months × series terms).
 * @param bgnbd BG/NBD parameters.
 * @param gammaGamma Gamma-Gamma parameters.
 * @param summary frequency, recency, T, monetaryValue per customer.
 * @param options See {@link ClvOptions}.
 * @throws DataError on a bad option.
 * @example
 * const bg = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 }; // CDNOW, weeks
 * const gg = { p: 6.25, q: 3.74, v: 15.44 };
 * const summary = { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86], monetaryValue: [22.35, 0] };
 * customerLifetimeValue(bg, gg, summary, { months: 12, discountRate: 0.01, periodsPerMonth: 4.345 }); // => Float64Array [36.29, 8.355]
 */
export function customerLifetimeValue(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  summary: Pick<CustomerSummary, 'frequency' | 'recency' | 'T' | 'monetaryValue'>,
  { months = 12, discountRate = 0.01, periodsPerMonth = 30, margin = 1 }: ClvOptions = {},
): Float64Array {
  checkOption('months', months, OPTION_RANGES.clvMonths);
  check(discountRate > -1 && Number.isFinite(discountRate), 'discountRate', discountRate, 'must be > -1');
  check(periodsPerMonth > 0 && Number.isFinite(periodsPerMonth), 'periodsPerMonth', periodsPerMonth);
  check(Number.isFinite(margin), 'margin', margin);
  const n = summary.frequency.length;
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const x = summary.frequency[c]!;
    const tx = summary.recency[c]!;
    const T = summary.T[c]!;
    const profit = gammaGammaExpectedAverageProfit(gammaGamma, x, summary.monetaryValue[c]!) * margin;
    let previous = 0;
    let clv = 0;
    for (let i = 1; i <= months; i++) {
      const cumulative = bgNbdConditionalExpectedPurchases(bgnbd, i * periodsPerMonth, x, tx, T);
      clv += (profit * (cumulative - previous)) / pow(1 + discountRate, i);
      previous = cumulative;
    }
    out[c] = clv;
  }
  return out;
}

/** Options of {@link probabilisticLtv}. */
export interface ProbabilisticLtvOptions extends ClvOptions {
  /** Observation end (epoch ms). Default: the last invoice date. */
  observationEnd?: number;
  /** Days for `expectedPurchases`. Default 90. */
  horizonDays?: number;
}

/** Result of {@link probabilisticLtv}: the fitted models and per-customer columns (sorted by customer id). */
export interface ProbabilisticLtv {
  summary: CustomerSummary;
  bgnbd: BgNbdModel;
  gammaGamma: GammaGammaModel;
  horizonDays: number;
  months: number;
  discountRate: number;
  /** Expected purchases in the next `horizonDays` days. */
  expectedPurchases: Float64Array;
  /** P(alive) at the observation end. */
  probabilityAlive: Float64Array;
  /** Gamma-Gamma expected mean spend per purchase. */
  expectedAverageProfit: Float64Array;
  /** Discounted CLV over `months` (daily model, 30 days per month). */
  clv: Float64Array;
}

/**
 * The whole probabilistic LTV of a clean retail table: daily summary (observation end = last invoice date),
 * BG/NBD fit on all customers, Gamma-Gamma fit on returning customers, then per customer the expected
 * purchases over `horizonDays`, P(alive), expected average profit and discounted CLV over `months`.
 *
 * Complexity: O(customers × (evaluations + months × series terms)).
 * @param clean Clean purchases.
 * @param options See {@link ProbabilisticLtvOptions}.
 * @throws DataError on bad options or data without customers.
 * @example
 * const p = probabilisticLtv(cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz')).clean);
 * [p.bgnbd.r, p.bgnbd.alpha, p.bgnbd.a, p.bgnbd.b]; // => [0.8265, 68.91, 0.003437, 6.745]
 * [p.gammaGamma.p, p.gammaGamma.q, p.gammaGamma.v]; // => [2.111, 3.437, 479.6]
 */
export function probabilisticLtv(
  clean: RetailTable,
  options: ProbabilisticLtvOptions = {},
): ProbabilisticLtv {
  const { observationEnd } = options;
  return probabilisticLtvOfSummary(
    summaryFromTransactions(clean, observationEnd === undefined ? {} : { observationEnd }),
    options,
  );
}

/**
 * {@link probabilisticLtv} from a ready customer summary (e.g. `summaryFromLedger` on the streaming path).
 *
 * Complexity: as {@link probabilisticLtv} without the summary.
 * @throws DataError on bad options.
 * @example
 * const { clean } = cleanRetail(await loadRetail('data/online-retail/online_retail.csv.gz'));
 * probabilisticLtvOfSummary(summaryFromTransactions(clean)).bgnbd.r; // => 0.8265 (as probabilisticLtv(clean))
 */
export function probabilisticLtvOfSummary(
  summary: CustomerSummary,
  {
    horizonDays = 90,
    months = 12,
    discountRate = 0.01,
    periodsPerMonth = 30,
    margin = 1,
  }: ProbabilisticLtvOptions = {},
): ProbabilisticLtv {
  check(horizonDays >= 0 && Number.isFinite(horizonDays), 'horizonDays', horizonDays);
  const bgnbd = fitBgNbd(summary);
  const gammaGamma = fitGammaGamma(summary.frequency, summary.monetaryValue);
  const n = summary.customerId.length;
  const expectedPurchases = new Float64Array(n);
  const probabilityAlive = new Float64Array(n);
  const expectedAverageProfit = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const x = summary.frequency[c]!;
    expectedPurchases[c] = bgNbdConditionalExpectedPurchases(
      bgnbd,
      horizonDays,
      x,
      summary.recency[c]!,
      summary.T[c]!,
    );
    probabilityAlive[c] = bgNbdProbabilityAlive(bgnbd, x, summary.recency[c]!, summary.T[c]!);
    expectedAverageProfit[c] = gammaGammaExpectedAverageProfit(gammaGamma, x, summary.monetaryValue[c]!);
  }
  const clv = customerLifetimeValue(bgnbd, gammaGamma, summary, {
    months,
    discountRate,
    periodsPerMonth,
    margin,
  });
  return {
    summary,
    bgnbd,
    gammaGamma,
    horizonDays,
    months,
    discountRate,
    expectedPurchases,
    probabilityAlive,
    expectedAverageProfit,
    clv,
  };
}
