export {
  escapeHtml,
  figureBundle,
  figureHtml,
  figureSummaryHtml,
  figureText,
  figureTitle,
  plotlyInlineHtml,
  scriptJson,
  tableHtml,
  type FigureBundle,
  type FigureHtmlOptions,
  type TableHtmlOptions,
} from './html';
export {
  display,
  embedPlotly,
  formatCount,
  formatPercent,
  initPlotly,
  plotlyBundle,
  show,
  showHtml,
  showMarkdown,
  showTable,
  type DisplayOptions,
  type DisplaySink,
  type FrameLike,
} from './show';
export { CHROMIUM_ARGS, chromiumPath, renderFiguresToPng, type RenderPngOptions } from './render-png';
export {
  customersCsv,
  DASHBOARD_CSV_COLUMNS,
  dashboardHtml,
  dashboardViews,
  type DashboardKpis,
  type DashboardOptions,
} from './dashboard-html';
export {
  progressBar,
  progressHtml,
  type ProgressBar,
  type ProgressBarOptions,
  type ProgressEvent,
  type ProgressSink,
} from './progress';
