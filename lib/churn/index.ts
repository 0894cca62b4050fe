export {
  CHURN_FEATURES,
  churnDataset,
  churnTable,
  featureRows,
  SCORE_FEATURES,
  type ChurnDataset,
  type ChurnFeature,
  type ChurnFeatures,
  type ChurnLineCounts,
  type ChurnTable,
  type RawChurnFeature,
} from './churn-features';
export { churnLabels, churnWindow, parseCutoff, type ChurnOptions, type ChurnWindow } from './label';
export { fitScoreBins, scoredRows, type ScoreBins } from './score-bins';
