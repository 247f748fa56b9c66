/**
 * Exports of indicator results, one table shape for all: the CSV (UTF-8 BOM,
 * `;`, decimal comma, text cells safe to open: analytics/spreadsheet.ts), the XLSX with the same
 * columns, and the JSON rows of the API and the CLI.
 */
import type { Questionnaire } from '../survey-schema/index.ts';
import { formatDecimalCell, round2 } from './format.ts';
import { categoryLabel, groupLabel } from './labels.ts';
import { spreadsheetCsv } from './spreadsheet.ts';
import type { Indicator, IndicatorResult } from './types.ts';

export { round2 };

/** The columns of every indicator table export (CSV and XLSX). */
export const INDICATOR_TABLE_COLUMNS = ['indicateur', 'libelle', 'population', 'groupe', 'categorie', 'libelle_categorie', 'n', 'N', 'pct', 'valeur', 'base_inferieure_a_10', 'masque'] as const;

type Cell = string | number | null;

/** One line per indicator × group × category; numbers as numbers (pct and valeur rounded to 2 decimals). */
function tableRows(results: readonly IndicatorResult[], catalogue: readonly Indicator[], q: Questionnaire): Cell[][] {
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  return results.map((r) => {
    const indicator = byId.get(r.id);
    return [
      r.id,
      indicator?.label ?? '',
      indicator?.populationLabel ?? '',
      groupLabel(r.group),
      r.category,
      indicator ? categoryLabel(q, indicator, r.category) : r.category,
      r.n,
      r.N,
      r.pct === null ? null : round2(r.pct),
      r.value === undefined || r.value === null ? null : round2(r.value),
      r.small ? 'oui' : 'non',
      r.masked ? 'oui' : 'non',
    ];
  });
}

/**
 * The CSV of every indicator result.
 *
 * @example indicatorsCsv(results, catalogue, q).startsWith('\uFEFFindicateur;'); // true
 */
export function indicatorsCsv(results: readonly IndicatorResult[], catalogue: readonly Indicator[], q: Questionnaire): string {
  // pct and valeur with two decimals and a comma; counts as integers.
  const decimals = new Set([INDICATOR_TABLE_COLUMNS.indexOf('pct'), INDICATOR_TABLE_COLUMNS.indexOf('valeur')]);
  const lines = tableRows(results, catalogue, q).map((cells) => cells.map((c, i) => (typeof c === 'number' && decimals.has(i) ? formatDecimalCell(c, 2) : c)));
  return spreadsheetCsv([[...INDICATOR_TABLE_COLUMNS], ...lines]);
}

/**
 * The XLSX of every indicator result: the CSV's columns, numbers as numbers, text as text.
 *
 * @example const buffer = await indicatorsXlsx(results, catalogue, q);
 */
export async function indicatorsXlsx(results: readonly IndicatorResult[], catalogue: readonly Indicator[], q: Questionnaire): Promise<Buffer> {
  // Loaded on the first XLSX only: exceljs is a third of a second of start-up, in the server and in the analytics thread.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('indicateurs');
  sheet.columns = INDICATOR_TABLE_COLUMNS.map((header) => ({ header, key: header, width: header === 'libelle' || header === 'libelle_categorie' ? 50 : 14 }));
  for (const row of tableRows(results, catalogue, q)) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A result row in the CLI/API JSON shape: `{id, group, category, n, N, pct}` (pct to 2 decimals; `value` for statistics). */
export interface IndicatorJson {
  id: string;
  group: IndicatorResult['group'];
  category: string;
  n: number | null;
  N: number | null;
  pct: number | null;
  value?: number | null;
  /** Public outputs: the cell is masked (secret statistique). */
  masked?: true;
}

/** @example indicatorsJson(results).indicators[0]; // { id: 'periode_creation', group: {}, category: 'avant_2016', n: 69, N: 133, pct: 51.88 } */
export function indicatorsJson(results: readonly IndicatorResult[]): { indicators: IndicatorJson[] } {
  return {
    indicators: results.map((r) => ({
      id: r.id,
      group: r.group,
      category: r.category,
      n: r.n,
      N: r.N,
      pct: r.pct === null ? null : round2(r.pct),
      ...(r.value !== undefined ? { value: r.value === null ? null : round2(r.value) } : {}),
      ...(r.masked ? { masked: true } : {}),
    })),
  };
}
