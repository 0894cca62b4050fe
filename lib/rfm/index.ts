/** RFM: per-customer recency/frequency/monetary, quintile scores and value tiers. Types live in lib/retail/types. */
export {
  applyQuintileBins,
  fitQuintileBins,
  quintileScores,
  rfmTable,
  rfmTableFromState,
  type QuintileBins,
  type QuintileBinsOptions,
  type RfmOptions,
} from './rfm-score';
export { rfmAccumulator, type RfmCustomerState, type RfmState } from './rfm-accumulator';
export { RFM_TIERS, rfQuadrant, SEGMENT_LABELS, segmentOf, segmentTable } from './rfm-segment';
