export type { FeatureMatrix, Labels } from './shape';
export { fitStandardScaler, transform, type StandardScalerModel } from './standardize';
export {
  decisionFunction,
  fitLogistic,
  loadLogistic,
  logLossFromLogit,
  predictProba,
  sigmoid,
  type ClassWeight,
  type LogisticModel,
  type LogisticOptions,
} from './logistic';
export {
  accuracy,
  averagePrecision,
  classificationMetrics,
  confusionMatrix,
  f1Score,
  precision,
  precisionRecallCurve,
  recall,
  rocAuc,
  rocCurve,
  type ClassificationMetrics,
  type ConfusionMatrix,
  type PrCurve,
  type RocCurve,
} from './classification-metrics';
