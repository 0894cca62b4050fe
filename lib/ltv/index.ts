/** LTV: historical (AOV × frequency × margin × lifespan) and probabilistic (BG/NBD + Gamma-Gamma) customer value. */
export { lnGamma, lnBeta, hyp2f1 } from './special';
export { minimize, type MinimizeOptions, type MinimizeResult } from './optimize';
export { summaryFromTransactions, type SummaryOptions, type TransactionColumns } from './summary';
export {
  bgNbdLogLikelihood,
  fitBgNbd,
  bgNbdExpectedPurchases,
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  type FrtColumns,
  type BgNbdFitOptions,
} from './bg-nbd';
export {
  gammaGammaLogLikelihood,
  fitGammaGamma,
  gammaGammaExpectedAverageProfit,
  type GammaGammaFitOptions,
} from './gamma-gamma';
export {
  customerLifetimeValue,
  probabilisticLtv,
  type ClvOptions,
  type ProbabilisticLtvOptions,
  type ProbabilisticLtv,
} from './clv';
export { historicalLtv, ltvBySegment, type HistoricalLtvOptions } from './ltv-historic';
export type * from './types';
