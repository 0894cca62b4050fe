/** LTV: historical (AOV × frequency × margin × lifespan) and probabilistic (BG/NBD + Gamma-Gamma) customer value. */
export { hyp2f1, lnBeta, lnGamma } from './special';
export { minimize, type MinimizeOptions, type MinimizeResult } from './optimize';
export { summaryFromTransactions, type SummaryOptions, type TransactionColumns } from './summary';
export {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
  type BgNbdFitOptions,
  type FrtColumns,
} from './bg-nbd';
export {
  fitGammaGamma,
  gammaGammaExpectedAverageProfit,
  gammaGammaLogLikelihood,
  type GammaGammaFitOptions,
} from './gamma-gamma';
export {
  customerLifetimeValue,
  probabilisticLtv,
  type ClvOptions,
  type ProbabilisticLtv,
  type ProbabilisticLtvOptions,
} from './clv';
export { historicalLtv, ltvBySegment, type HistoricalLtvOptions } from './ltv-historic';
export type {
  BgNbdModel,
  BgNbdParams,
  CustomerSummary,
  GammaGammaModel,
  GammaGammaParams,
  HistoricalLtv,
  LtvSegmentRow,
} from './types';
