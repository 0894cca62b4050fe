export {
  RETAIL_STAGES,
  type ChurnDriver,
  type RetailAnalysisOptions,
  type RetailCustomerRow,
  type RetailModelResult,
  type RetailReport,
  type RetailStage,
  type ShapMatrix,
} from './types';
export { analyzeRetail } from './analyze-retail';
