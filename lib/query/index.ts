/** Asking the next question: filters, the columnar cache, breakdowns, report tables as frames, Parquet export. */
export * from './where';
export * from './types';
export * from './breakdown';
export * from './frames';
export * from './export-parquet';
export {
  cacheDirectory,
  describeSource,
  fileFingerprint,
  CACHE_FORMAT,
  CACHE_VERSION,
  type CacheMeta,
  type CacheMissReason,
  type CacheOptionsKey,
  type CacheSource,
} from './cache';
export { CACHE_BLOCK_ROWS, type CacheBlockInfo } from './cache-format';
export * from './leak-chart';
