/** RFM: per-customer recency/frequency/monetary, quintile scores and value tiers. Types live in lib/retail/types. */
export {
  rfmTable,
  rfmTableFromState,
  quintileScores,
  fitQuintileBins,
  applyQuintileBins,
  type RfmOptions,
  type QuintileBins,
  type QuintileBinsOptions,
} from './rfm-score';
export { rfmAccumulator, type RfmState, type RfmCustomerState } from './rfm-accumulator';
export { rfQuadrant, RFM_TIERS, segmentOf, segmentTable, SEGMENT_LABELS } from './rfm-segment';
