/**
 * Analytics: the indicator catalogue over flattened bilans, its charts and
 * the état des lieux, as data. Pure functions, no I/O.
 */
export * from './types.ts';
export { LruMap } from './lru.ts';
export { buildCatalogue, categoriesFor, optionsFor, type CatalogueOptions } from './catalogue.ts';
export { computeIndicators, computePublic, computeSplits, selectBilans, SANS_REPONSE, STATS } from './compute.ts';
export { groupId, isSensitive, protectSmallCells, wholeGroups } from './masking.ts';
export { conditionExpression } from './expressions.ts';
export { categoryLabel, groupLabel, REGIONS, SPLIT_LABELS } from './labels.ts';
export { categoryOrder, chartSpecFor, dotPlotSpec, familyChartSpec, isGrey, isOrdered, shareLabel, trendPoints, trendSpec, versionChanges, withTitle, type ChartOptions, type Datum, type DotDatum, type IndicatorFamily, type TrendPoint } from './charts.ts';
export { CHART_CONFIG, FONT, FRENCH_LOCALE, MAX_COLOURS, PALETTE } from './chart-config.ts';
export { compileSpec, renderSvg, renderSvgWithWarnings, type Rendered } from './render.ts';
export { formatDecimalCell, formatNumber, formatPct, formatPoints, round2 } from './format.ts';
export { restoreCell, safeCell, spreadsheetCsv, spreadsheetCsvStream, type SheetCell } from './spreadsheet.ts';
export { indicatorsCsv, indicatorsJson, indicatorsXlsx, INDICATOR_TABLE_COLUMNS, type IndicatorJson } from './export.ts';
export { buildComparison, buildReport, definitionOf, families, isFamily, presentItems, reportItem, summaryFigure, type Comparison, type ComparisonInput, type ComparisonLine, type ItemDefinition, type Report, type ReportInput, type ReportItem, type SummaryFigure, type TableData } from './report.ts';
export { KEY_FIGURES, KEY_INDICATORS, keyValue, type KeyFigure, type KeyValue } from './key-figures.ts';
export { FLAT_COLUMNS, FLAT_ROW_FORMAT, flatRowOf, flatRowValues, flatRowsFromBilans, flatTable, flatTableFromBilans, flatTableFromValues, type FlatTable, type StoredBilan } from './load.ts';
export { computeCatalogue } from './compute.ts';
