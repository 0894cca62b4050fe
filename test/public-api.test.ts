/**
 * The package's public API (lib/index.ts) is a list of names, pinned here so that adding or removing one is a
 * deliberate change reviewed with this file (issue 10: "named exports, public API listed, internals not exported").
 * The area barrels (lib/AREA/index.ts) list their names too: no `export *` anywhere, so an internal never leaks by accident.
 * Internals (e.g. indexMapInsert, stateTransferList, RejectsWriter, the DDL helpers) stay importable from their
 * module paths, which is how the tests reach them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** Area -> the value and type names lib/index.ts publishes from it (space-separated, in the file's order). */
const PUBLIC_API: Record<string, { values: string; types: string }> = {
  errors: {
    values: 'DataError InputFileError',
    types: 'DataErrorDetails',
  },
  behavior: {
    values:
      'analyzeBehavior assembleBehaviorReport behaviorAccumulator BEHAVIORS DAY_SECONDS dayHourOf HOUR_SECONDS MAX_WINDOW_DAYS paretoFromCategoryBuys parseUtcOffset REJECT_REASONS REPORT_RFM_THRESHOLDS resolveBehaviorWindow RFM_SEGMENT_LABELS RFM_SEGMENTS summarizeBehavior weekdayOfDate',
    types:
      'AnalyzeBehaviorOptions AssembleBehaviorOptions Behavior BehaviorEngagement BehaviorFunnel BehaviorOverview BehaviorPareto BehaviorReport BehaviorRetention BehaviorRfm BehaviorState BehaviorStateValue BehaviorSummary BehaviorWindow BehaviorWindowOptions CategoryBuys DailyRow EngagementDay FunnelUsers HourlyRow ParetoRow ProgressCallback QueryReport QuerySummary RejectReason RejectSample RetentionCell RetentionCohort ReturningDay RfmCell RfmSegmentKey RfmSegmentRow Weekday',
  },
  io: {
    values:
      'assertBehaviorFormat BehaviorLineParser MAX_LINE_BYTES pipeToFileAtomic readBehaviorChunks writeFileAtomic',
    types:
      'AtomicOutputOptions BehaviorChunk BehaviorChunkReader BehaviorLineParserOptions BehaviorReadStats HeaderMode ReadBehaviorChunksOptions ReaderOptions RejectLineCallback',
  },
  query: {
    values:
      'BEHAVIOR_TABLES cacheDirectory exportParquet leakChart leakiestCategories reportRows toArrowTable toDataFrame',
    types:
      'BehaviorTableName BehaviorWhere CacheMeta CacheMissReason CategoryBreakdown CategoryBreakdownRow ExportParquetOptions ExportParquetResult LeakChartOptions NormalizedWhere QueryCacheInfo QueryInfo TableRow',
  },
  mysql: {
    values:
      'analyzeBehaviorSql behaviorSchemaSql behaviorSummarySql DatabaseError loadBehaviorIntoMySQL parseMysqlUrl readBehaviorLoadMeta redactUrl',
    types:
      'AnalyzeBehaviorSqlOptions BehaviorLoadMeta LoadBehaviorOptions LoadBehaviorResult LoadProgress MySqlTarget MySqlUrlParts',
  },
  generate: {
    values:
      'BEHAVIOR_GENERATOR_MODEL BEHAVIOR_GENERATOR_VERSION BEHAVIOR_WINDOW_END BEHAVIOR_WINDOW_START behaviorChunks generateBehavior generateBehaviorText',
    types:
      'BehaviorGeneratorModel BehaviorGeneratorOptions BehaviorGeneratorStats GenerateBehaviorOptions GenerateBehaviorResult',
  },
  retail: {
    values:
      'CLEANING_STEPS cleanRetail CUSTOMER_SEGMENTS generateRetail loadRetail parseRetail parseRetailDate RETAIL_COLUMNS RETAIL_REJECT_REASONS retailCsvChunks selectRetailRows',
    types:
      'CleaningStep CleaningStepName CustomerSegment CustomerSegmentRow GenerateRetailOptions GenerateRetailResult RetailCell RetailCleaning RetailColumn RetailDateOrder RetailLoadOptions RetailLoadResult RetailProgressCallback RetailRejectReason RetailRejectSample RetailTable RfmTable',
  },
  rfm: {
    values:
      'applyQuintileBins fitQuintileBins quintileScores RFM_TIERS rfmAccumulator rfmTable rfmTableFromState rfQuadrant SEGMENT_LABELS segmentOf segmentTable',
    types: 'QuintileBins QuintileBinsOptions RfmCustomerState RfmOptions RfmState',
  },
  ltv: {
    values:
      'bgNbdConditionalExpectedPurchases bgNbdExpectedPurchases bgNbdLogLikelihood bgNbdProbabilityAlive customerLifetimeValue fitBgNbd fitGammaGamma gammaGammaExpectedAverageProfit gammaGammaLogLikelihood historicalLtv ltvBySegment probabilisticLtv summaryFromTransactions',
    types:
      'BgNbdFitOptions BgNbdModel BgNbdParams ClvOptions CustomerSummary FrtColumns GammaGammaFitOptions GammaGammaModel GammaGammaParams HistoricalLtv HistoricalLtvOptions LtvSegmentRow ProbabilisticLtv ProbabilisticLtvOptions SummaryOptions TransactionColumns',
  },
  churn: {
    values:
      'CHURN_FEATURES churnDataset churnLabels churnTable churnWindow featureRows fitScoreBins SCORE_FEATURES scoredRows',
    types:
      'ChurnDataset ChurnFeature ChurnFeatures ChurnLineCounts ChurnOptions ChurnTable ChurnWindow RawChurnFeature ScoreBins',
  },
  sample: {
    values: 'createRng randomUniform shuffle smote stratifiedSplit take toRng',
    types: 'Rng RngOrSeed SmoteOptions SmoteResult SplitIndices StratifiedSplitOptions',
  },
  model: {
    values:
      'accuracy averagePrecision classificationMetrics confusionMatrix decisionFunction f1Score fitLogistic fitStandardScaler loadLogistic logLossFromLogit precision precisionRecallCurve predictProba recall rocAuc rocCurve sigmoid transform',
    types:
      'ClassificationMetrics ClassWeight ConfusionMatrix FeatureMatrix Labels LogisticModel LogisticOptions PrCurve RocCurve StandardScalerModel',
  },
  explain: {
    values: 'linearShap shapBeeswarm shapImportance',
    types: 'BeeswarmPoint LinearShap ShapImportance',
  },
  lifecycle: {
    values: 'analyzeRetail RETAIL_STAGES',
    types:
      'ChurnDriver RetailAnalysisOptions RetailCustomerRow RetailModelResult RetailReport RetailStage ShapMatrix',
  },
  story: {
    values:
      'atRiskCustomers behaviorStory churnHorizonSensitivity claimNumber claimOf claimSource claimTable countryRevenueChart engagementChart exploreRetail horizonChart lifecycleStory loadFullLogAggregates loadReportClaims modellingTableCsv monthlyRevenueChart parseReportClaims rfmTableCsv shapOnChartRows',
    types:
      'AtRiskCustomer BehaviorStory BehaviorStoryOptions ClaimComparison ClaimTableRow ClaimValue CleanRetailLines FullLogAggregates FullLogDay HorizonOptions HorizonRow LifecycleStoryOptions Quantiles ReportClaim ReportClaims RetailExploration ShapOnRows',
  },
  charts: {
    values:
      'behaviorFigures churnRocCurves cohortHeatmapChart confusionChart customerPoints FEATURE_LABELS featureLabel funnelChart hourlyChart ltvChart paretoChart retailFigures retailShapChart retentionChart retentionCurveChart rfmCustomersChart rfmMatrixChart rfmOrdersChart rocChart segmentCustomersChart segmentValueChart shapInputFromBeeswarm shapSummaryChart',
    types:
      'BehaviorFigures ChartOptions ConfusionCounts ConfusionPanel CustomerPoint Figure FunnelChartOptions Layout RetailFigures RocCurveInput SegmentChartOptions ShapSummaryInput ShapSummaryOptions Trace',
  },
  display: {
    values:
      'chromiumPath customersCsv DASHBOARD_CSV_COLUMNS dashboardHtml dashboardViews display embedPlotly figureBundle figureHtml figureSummaryHtml figureText figureTitle formatCount formatPercent initPlotly plotlyBundle progressBar progressHtml renderFiguresToPng show showHtml showMarkdown showTable tableHtml',
    types:
      'DashboardKpis DashboardOptions DisplayOptions DisplaySink FigureBundle FigureHtmlOptions FrameLike ProgressBar ProgressBarOptions ProgressEvent ProgressSink RenderPngOptions TableHtmlOptions',
  },
};

/** The names each `export { ... } from './area'` of a file lists, read from its syntax. */
function exportLists(file: string): { area: string; values: string[]; types: string[]; star: boolean }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements.filter(ts.isExportDeclaration).map((statement) => {
    const area = (statement.moduleSpecifier as ts.StringLiteral).text.replace(/^\.\//, '');
    const clause = statement.exportClause;
    const elements = clause !== undefined && ts.isNamedExports(clause) ? [...clause.elements] : [];
    const typeOnly = (element: ts.ExportSpecifier): boolean => statement.isTypeOnly || element.isTypeOnly;
    return {
      area,
      values: elements.filter((element) => !typeOnly(element)).map((element) => element.name.text),
      types: elements.filter(typeOnly).map((element) => element.name.text),
      star: clause === undefined || !ts.isNamedExports(clause),
    };
  });
}

const rootLists = exportLists(path.join(ROOT, 'lib', 'index.ts'));

test('lib/index.ts publishes exactly the pinned names, area by area', () => {
  const actual = Object.fromEntries(
    rootLists.map(({ area, values, types }) => [area, { values: values.join(' '), types: types.join(' ') }]),
  );
  expect(actual).toEqual(PUBLIC_API);
});

test('the package root at run time exports exactly the pinned values (no more, no less)', () => {
  const runtime = Object.keys(require('../lib') as object).sort();
  const pinned = Object.values(PUBLIC_API)
    .flatMap(({ values }) => values.split(' '))
    .filter(Boolean)
    .sort();
  expect(runtime).toEqual(pinned);
});

test('no index file re-exports a whole module (export *): every name is listed', () => {
  const indexes = [
    path.join(ROOT, 'lib', 'index.ts'),
    ...fs
      .readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(ROOT, 'lib', entry.name, 'index.ts'))
      .filter((file) => fs.existsSync(file)),
  ];
  expect(indexes.length).toBeGreaterThan(10);
  const stars = indexes.flatMap((file) =>
    exportLists(file)
      .filter((list) => list.star)
      .map((list) => `${path.relative(ROOT, file)}: export * from '${list.area}'`),
  );
  expect(stars).toEqual([]);
});

test.each([
  'indexMapInsert',
  'stateTransferList',
  'RejectsWriter',
  'idSetAdd',
  'allocBehaviorChunk',
  'check',
])('the internal %s is not exported from the package root', (name) => {
  expect(Object.keys(require('../lib') as object)).not.toContain(name);
});
