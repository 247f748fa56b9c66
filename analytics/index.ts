/**
 * Analytics: the indicator catalogue over flattened bilans, its charts and
 * the état des lieux. Pure functions, no I/O.
 */
export * from './types.ts';
export { buildCatalogue, categoriesFor, optionsFor, type CatalogueOptions } from './catalogue.ts';
export { computeIndicators, computeSplits, selectBilans, SANS_REPONSE, STATS } from './compute.ts';
export { conditionExpression } from './expressions.ts';
export { categoryLabel, groupLabel, REGIONS, SPLIT_LABELS } from './labels.ts';
export { chartSpecFor } from './charts.ts';
export { compileSpec, renderSvg, renderSvgWithWarnings, type Rendered } from './render.ts';
export { familyChartSpec, type IndicatorFamily } from './charts.ts';
export { indicatorsCsv, indicatorsJson, round2, type IndicatorJson } from './export.ts';
export { buildReport, escapeHtml, families, type Report, type ReportInput } from './report.ts';
export { computeCatalogue, flatRowsFromBilans, flatTableFromBilans, type FlatTable, type StoredBilan } from './load.ts';
