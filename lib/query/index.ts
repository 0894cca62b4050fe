/** Asking the next question: filters, the columnar cache, breakdowns, report tables as frames, Parquet export. */
export type { BehaviorWhere, NormalizedWhere } from './where';
export type { QueryCacheInfo, QueryInfo } from './types';
export type { CategoryBreakdown, CategoryBreakdownRow } from './breakdown';
export {
  BEHAVIOR_TABLES,
  reportRows,
  toArrowTable,
  toDataFrame,
  type BehaviorTableName,
  type TableRow,
} from './frames';
export { exportParquet, type ExportParquetOptions, type ExportParquetResult } from './export-parquet';
export { cacheDirectory, type CacheMeta, type CacheMissReason } from './cache';
export { leakChart, leakiestCategories, type LeakChartOptions } from './leak-chart';
