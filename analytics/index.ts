/**
 * Analytics: the indicator catalogue over flattened bilans, its charts and
 * the état des lieux, as data. Pure functions, no I/O.
 */
export * from './types.ts';
export { buildCatalogue, categoriesFor, optionsFor, type CatalogueOptions } from './catalogue.ts';
export { computeIndicators, computeSplits, selectBilans, SANS_REPONSE, STATS } from './compute.ts';
export { conditionExpression } from './expressions.ts';
export { categoryLabel, groupLabel, REGIONS, SPLIT_LABELS } from './labels.ts';
export { chartSpecFor, familyChartSpec, type IndicatorFamily } from './charts.ts';
export { compileSpec, renderSvg, renderSvgWithWarnings, type Rendered } from './render.ts';
export { formatDecimalCell, formatNumber, formatPct, round2 } from './format.ts';
export { restoreCell, safeCell, spreadsheetCsv, spreadsheetCsvStream, type SheetCell } from './spreadsheet.ts';
export { indicatorsCsv, indicatorsJson, indicatorsXlsx, INDICATOR_TABLE_COLUMNS, type IndicatorJson } from './export.ts';
export { buildReport, families, isFamily, presentItems, reportItem, type Report, type ReportInput, type ReportItem, type TableData } from './report.ts';
export { FLAT_COLUMNS, FLAT_ROW_FORMAT, flatRowOf, flatRowValues, flatRowsFromBilans, flatTable, flatTableFromBilans, flatTableFromValues, type FlatTable, type StoredBilan } from './load.ts';
export { computeCatalogue } from './compute.ts';
