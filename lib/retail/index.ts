/** Retail (UCI Online Retail) loading, cleaning and generation, plus the shared retail/RFM/LTV types. */
export {
  CLEANING_STEPS,
  CUSTOMER_SEGMENTS,
  DAY_MS,
  RETAIL_COLUMNS,
  RETAIL_REJECT_REASONS,
  type CleaningStep,
  type CleaningStepName,
  type CustomerSegment,
  type CustomerSegmentRow,
  type RetailCleaning,
  type RetailColumn,
  type RetailDateOrder,
  type RetailLoadOptions,
  type RetailLoadResult,
  type RetailProgressCallback,
  type RetailRejectReason,
  type RetailRejectSample,
  type RetailTable,
  type RfmTable,
} from './types';
export { parseRetail, parseRetailDate, RetailParser, type RetailCell } from './parse-retail';
export { loadRetail } from './load-retail';
export { checkPurchasesLeft, cleanRetail, selectRetailRows } from './clean-retail';
export {
  generateRetail,
  retailCsvChunks,
  type GenerateRetailOptions,
  type GenerateRetailResult,
} from './generate-retail';
export {
  checkXlsxSize,
  XLSX_MAX_INFLATED_BYTES,
  XLSX_MAX_PART_BYTES,
  zipEntrySizes,
  type ZipEntrySize,
} from './xlsx-limits';
