/** What a report says about how it was asked: its filter, the rows the filter left out, and the cache used. */
import type { CacheMissReason } from './cache';
import type { NormalizedWhere } from './where';

/** How the cache served a pass. */
export interface QueryCacheInfo {
  /** `off` (no cache asked), `hit` (read from the cache), `written` (CSV read, cache written). */
  mode: 'off' | 'hit' | 'written';
  /** The cache directory (when asked). */
  dir?: string;
  /** Why an existing cache was not used (`written` only). */
  miss?: CacheMissReason;
  /** Bytes of the cache's part files (`hit`/`written`). */
  bytes?: number;
}

/** The query part of a report. */
export interface QueryInfo {
  /** The filter as applied (normalised); absent without a filter. */
  where?: NormalizedWhere;
  /** Clean in-window rows the filter left out: linesRead = headerLines + rows + filteredOut + rejected. */
  filteredOut: number;
  cache: QueryCacheInfo;
}
