/**
 * Exports of indicator results: the CSV of every indicator (UTF-8 BOM, `;`,
 * decimal comma, for French spreadsheets) and the JSON rows of the CLI.
 */
import { stringify } from 'csv-stringify/sync';
import type { Questionnaire } from '../survey-schema/index.ts';
import { categoryLabel, groupLabel } from './labels.ts';
import type { Indicator, IndicatorResult } from './types.ts';

const decimal = (x: number | null | undefined, digits: number): string => (x === null || x === undefined ? '' : x.toFixed(digits).replace('.', ','));

/** Rounded to 2 decimals (half up), for outputs; exact values stay in the results. */
export function round2(x: number): number {
  return Math.round(Number((x * 100).toPrecision(12))) / 100;
}

/**
 * The CSV of every indicator result, one line per indicator × group × category.
 *
 * @example indicatorsCsv(results, catalogue, q).startsWith('\uFEFFindicateur;'); // true
 */
export function indicatorsCsv(results: readonly IndicatorResult[], catalogue: readonly Indicator[], q: Questionnaire): string {
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  const header = ['indicateur', 'libelle', 'population', 'groupe', 'categorie', 'libelle_categorie', 'n', 'N', 'pct', 'valeur', 'base_inferieure_a_10', 'masque'];
  const lines = results.map((r) => {
    const indicator = byId.get(r.id);
    return [
      r.id,
      indicator?.label ?? '',
      indicator?.populationLabel ?? '',
      groupLabel(r.group),
      r.category,
      indicator ? categoryLabel(q, indicator, r.category) : r.category,
      r.n === null ? '' : String(r.n),
      String(r.N),
      decimal(r.pct, 2),
      decimal(r.value, 2),
      r.small ? 'oui' : 'non',
      r.masked ? 'oui' : 'non',
    ];
  });
  return '\uFEFF' + stringify([header, ...lines], { delimiter: ';', record_delimiter: '\r\n' });
}

/** A result row in the CLI/API JSON shape: `{id, group, category, n, N, pct}` (pct to 2 decimals; `value` for statistics). */
export interface IndicatorJson {
  id: string;
  group: IndicatorResult['group'];
  category: string;
  n: number | null;
  N: number;
  pct: number | null;
  value?: number | null;
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
    })),
  };
}
