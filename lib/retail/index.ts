/** Retail (UCI Online Retail) loading, cleaning and generation, plus the shared retail/RFM/LTV types. */
export * from './types';
export { parseRetail, parseRetailDate, RetailParser, type RetailCell } from './parse-retail';
export { loadRetail } from './load-retail';
export { cleanRetail, selectRetailRows } from './clean-retail';
export {
  generateRetail,
  retailCsvChunks,
  type GenerateRetailOptions,
  type GenerateRetailResult,
} from './generate-retail';
