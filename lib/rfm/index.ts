/** RFM: per-customer recency/frequency/monetary, quintile scores and value tiers. Types live in lib/retail/types. */
export { rfmTable, quintileScores, type RfmOptions } from './rfm-score';
export { segmentOf, segmentTable, SEGMENT_LABELS } from './rfm-segment';
