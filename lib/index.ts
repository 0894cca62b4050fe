/**
 * ecomlab: the public API, listed name by name (as arquero's src/index.js does). Each area's index lists what the
 * area offers to the rest of lib/ and cli/; this file publishes the part meant for notebooks and users. Internals
 * (accumulator tables, parser buffers, transfer lists, SQL DDL helpers, numeric helpers) stay importable from their
 * module paths for tests, but are not part of the package. test/public-api.test.ts pins this list, so an
 * addition is a deliberate, reviewed change; docs/architecture.md ("Public API") describes it.
 */
// Errors every function throws: a bad value (file/line/column/value) or an unreadable input file.
export { DataError, InputFileError, type DataErrorDetails } from './errors';
// UserBehavior (report 01): the streaming engine, its report, one type per insight.
// prettier-ignore
export {
  analyzeBehavior, assembleBehaviorReport, behaviorAccumulator, BEHAVIORS, DAY_SECONDS, dayHourOf,
  HOUR_SECONDS, MAX_WINDOW_DAYS, paretoFromCategoryBuys, parseUtcOffset, REJECT_REASONS, REPORT_RFM_THRESHOLDS,
  resolveBehaviorWindow, RFM_SEGMENT_LABELS, RFM_SEGMENTS, summarizeBehavior, weekdayOfDate,
  type AnalyzeBehaviorOptions, type AssembleBehaviorOptions, type Behavior, type BehaviorEngagement,
  type BehaviorFunnel, type BehaviorOverview, type BehaviorPareto, type BehaviorReport, type BehaviorRetention,
  type BehaviorRfm, type BehaviorState, type BehaviorStateValue, type BehaviorSummary, type BehaviorWindow,
  type BehaviorWindowOptions, type CategoryBuys, type DailyRow, type EngagementDay, type FunnelUsers,
  type HourlyRow, type ParetoRow, type ProgressCallback, type QueryReport, type QuerySummary,
  type RejectReason, type RejectSample, type RetentionCell, type RetentionCohort, type ReturningDay,
  type RfmCell, type RfmSegmentKey, type RfmSegmentRow, type Weekday,
} from './behavior';
// Reading behaviour logs: the line parser and the chunked file reader, atomic output.
// prettier-ignore
export {
  assertBehaviorFormat, BehaviorLineParser, MAX_LINE_BYTES, pipeToFileAtomic, readBehaviorChunks,
  writeFileAtomic, type AtomicOutputOptions, type BehaviorChunk, type BehaviorChunkReader,
  type BehaviorLineParserOptions, type BehaviorReadStats, type HeaderMode, type ReadBehaviorChunksOptions,
  type ReaderOptions, type RejectLineCallback,
} from './io';
// The next question: filters, the columnar cache, breakdowns, tables as Arrow/DataFrames, Parquet.
// prettier-ignore
export {
  BEHAVIOR_TABLES, cacheDirectory, exportParquet, leakChart, leakiestCategories, reportRows, toArrowTable,
  toDataFrame, type BehaviorTableName, type BehaviorWhere, type CacheMeta, type CacheMissReason,
  type CategoryBreakdown, type CategoryBreakdownRow, type ExportParquetOptions, type ExportParquetResult,
  type LeakChartOptions, type NormalizedWhere, type QueryCacheInfo, type QueryInfo, type TableRow,
} from './query';
// The MySQL/MariaDB backend: load a log, run the same analysis in SQL.
// prettier-ignore
export {
  analyzeBehaviorSql, behaviorSchemaSql, behaviorSummarySql, DatabaseError, loadBehaviorIntoMySQL,
  parseMysqlUrl, readBehaviorLoadMeta, redactUrl, type AnalyzeBehaviorSqlOptions, type BehaviorLoadMeta,
  type LoadBehaviorOptions, type LoadBehaviorResult, type LoadProgress, type MySqlTarget, type MySqlUrlParts,
} from './mysql';
// Synthetic, seeded UserBehavior logs.
// prettier-ignore
export {
  BEHAVIOR_GENERATOR_MODEL, BEHAVIOR_GENERATOR_VERSION, BEHAVIOR_WINDOW_END, BEHAVIOR_WINDOW_START,
  behaviorChunks, generateBehavior, generateBehaviorText, type BehaviorGeneratorModel,
  type BehaviorGeneratorOptions, type BehaviorGeneratorStats, type GenerateBehaviorOptions,
  type GenerateBehaviorResult,
} from './generate';
// Online Retail (report 02): loading, cleaning, generation and the shared retail types.
// prettier-ignore
export {
  CLEANING_STEPS, cleanRetail, CUSTOMER_SEGMENTS, generateRetail, loadRetail, parseRetail, parseRetailDate,
  RETAIL_COLUMNS, RETAIL_REJECT_REASONS, retailCsvChunks, selectRetailRows, type CleaningStep,
  type CleaningStepName, type CustomerSegment, type CustomerSegmentRow, type GenerateRetailOptions,
  type GenerateRetailResult, type RetailCell, type RetailCleaning, type RetailColumn, type RetailDateOrder,
  type RetailLoadOptions, type RetailLoadResult, type RetailProgressCallback, type RetailRejectReason,
  type RetailRejectSample, type RetailTable, type RfmTable,
} from './retail';
// RFM: recency/frequency/monetary tables, quintile scores, value tiers.
// prettier-ignore
export {
  applyQuintileBins, fitQuintileBins, quintileScores, RFM_TIERS, rfmAccumulator, rfmTable, rfmTableFromState,
  rfQuadrant, SEGMENT_LABELS, segmentOf, segmentTable, type QuintileBins, type QuintileBinsOptions,
  type RfmCustomerState, type RfmOptions, type RfmState,
} from './rfm';
// LTV: historical and probabilistic (BG/NBD + Gamma-Gamma).
// prettier-ignore
export {
  bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchases, bgNbdLogLikelihood, bgNbdProbabilityAlive,
  customerLifetimeValue, fitBgNbd, fitGammaGamma, gammaGammaExpectedAverageProfit, gammaGammaLogLikelihood,
  historicalLtv, ltvBySegment, probabilisticLtv, summaryFromTransactions, type BgNbdFitOptions,
  type BgNbdModel, type BgNbdParams, type ClvOptions, type CustomerSummary, type FrtColumns,
  type GammaGammaFitOptions, type GammaGammaModel, type GammaGammaParams, type HistoricalLtv,
  type HistoricalLtvOptions, type LtvSegmentRow, type ProbabilisticLtv, type ProbabilisticLtvOptions,
  type SummaryOptions, type TransactionColumns,
} from './ltv';
// Churn: the label, the features, the fitted score bins.
// prettier-ignore
export {
  CHURN_FEATURES, churnDataset, churnLabels, churnTable, churnWindow, featureRows, fitScoreBins,
  SCORE_FEATURES, scoredRows, type ChurnDataset, type ChurnFeature, type ChurnFeatures, type ChurnLineCounts,
  type ChurnOptions, type ChurnTable, type ChurnWindow, type RawChurnFeature, type ScoreBins,
} from './churn';
// Sampling: seeded RNG, stratified split, SMOTE.
// prettier-ignore
export {
  createRng, randomUniform, shuffle, smote, stratifiedSplit, take, toRng, type Rng, type RngOrSeed,
  type SmoteOptions, type SmoteResult, type SplitIndices, type StratifiedSplitOptions,
} from './sample';
// Models: standard scaler, logistic regression, classification metrics.
// prettier-ignore
export {
  accuracy, averagePrecision, classificationMetrics, confusionMatrix, decisionFunction, f1Score, fitLogistic,
  fitStandardScaler, loadLogistic, logLossFromLogit, precision, precisionRecallCurve, predictProba, recall,
  rocAuc, rocCurve, sigmoid, transform, type ClassificationMetrics, type ClassWeight, type ConfusionMatrix,
  type FeatureMatrix, type Labels, type LogisticModel, type LogisticOptions, type PrCurve, type RocCurve,
  type StandardScalerModel,
} from './model';
// Explanations: linear SHAP.
// prettier-ignore
export {
  linearShap, shapBeeswarm, shapImportance, type BeeswarmPoint, type LinearShap, type ShapImportance,
} from './explain';
// The customer-lifecycle pipeline (analyzeRetail, stage by stage).
// prettier-ignore
export {
  analyzeRetail, RETAIL_STAGES, type ChurnDriver, type RetailAnalysisOptions, type RetailCustomerRow,
  type RetailModelResult, type RetailReport, type RetailStage, type ShapMatrix,
} from './lifecycle';
// The reports' story: claims as data, side-by-side comparisons, hand-off tables.
// prettier-ignore
export {
  atRiskCustomers, behaviorStory, churnHorizonSensitivity, claimNumber, claimOf, claimSource, claimTable,
  countryRevenueChart, engagementChart, exploreRetail, horizonChart, lifecycleStory, loadFullLogAggregates,
  loadReportClaims, modellingTableCsv, monthlyRevenueChart, parseReportClaims, rfmTableCsv, shapOnChartRows,
  type AtRiskCustomer, type BehaviorStory, type BehaviorStoryOptions, type ClaimComparison, type ClaimTableRow, type ClaimValue,
  type CleanRetailLines, type FullLogAggregates, type FullLogDay, type HorizonOptions, type HorizonRow,
  type LifecycleStoryOptions, type Quantiles, type ReportClaim, type ReportClaims, type RetailExploration,
  type ShapOnRows,
} from './story';
// Charts: Plotly {data, layout} figures, never rendered here.
// prettier-ignore
export {
  behaviorFigures, churnRocCurves, cohortHeatmapChart, confusionChart, customerPoints, FEATURE_LABELS,
  featureLabel, funnelChart, hourlyChart, ltvChart, paretoChart, retailFigures, retailShapChart,
  retentionChart, retentionCurveChart, rfmCustomersChart, rfmMatrixChart, rfmOrdersChart, rocChart,
  segmentCustomersChart, segmentValueChart, shapInputFromBeeswarm, shapSummaryChart, type BehaviorFigures,
  type ChartOptions, type ConfusionCounts, type ConfusionPanel, type CustomerPoint, type Figure,
  type FunnelChartOptions, type Layout, type RetailFigures, type RocCurveInput, type SegmentChartOptions,
  type ShapSummaryInput, type ShapSummaryOptions, type Trace,
} from './charts';
// Display: notebook output, HTML/PNG rendering, the dashboard.
// prettier-ignore
export {
  chromiumPath, customersCsv, DASHBOARD_CSV_COLUMNS, dashboardHtml, dashboardViews, display, embedPlotly,
  figureBundle, figureHtml, figureSummaryHtml, figureText, figureTitle, formatCount, formatPercent, initPlotly,
  plotlyBundle, progressBar, progressHtml, renderFiguresToPng, show, showHtml, showMarkdown, showTable,
  tableHtml, type DashboardKpis, type DashboardOptions, type DisplayOptions, type DisplaySink,
  type FigureBundle, type FigureHtmlOptions, type FrameLike, type ProgressBar, type ProgressBarOptions,
  type ProgressEvent, type ProgressSink, type RenderPngOptions, type TableHtmlOptions,
} from './display';
