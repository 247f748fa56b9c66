/**
 * Analytics: the indicator catalogue over flattened bilans, its charts and
 * the état des lieux. Pure functions, no I/O.
 */
export * from './types.ts';
export { buildCatalogue, categoriesFor, optionsFor, type CatalogueOptions } from './catalogue.ts';
export { computeIndicators, selectBilans, SANS_REPONSE, STATS } from './compute.ts';
export { conditionExpression } from './expressions.ts';
