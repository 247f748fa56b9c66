/**
 * From stored bilans (answer sets) to the flat rows the catalogue reads, and
 * the one-call catalogue computation.
 */
import * as aq from 'arquero';
import { flatColumnNames, flattenAnswers, getQuestionnaire, questionnaires, type Answers, type FlatCell, type FlatRow, type Questionnaire } from '../survey-schema/index.ts';
import { buildCatalogue, categoriesFor } from './catalogue.ts';
import { computeIndicators } from './compute.ts';
import type { CatalogueParams, IndicatorResult } from './types.ts';

export interface StoredBilan {
  clsm_id: string;
  annee: number;
  region?: string | null;
  departement?: string | null;
  /** The questionnaire version the bilan was filled with (default: current). */
  questionnaire_version?: string;
  answers: Answers;
}

/**
 * Flat rows, each bilan read with its own questionnaire version.
 *
 * @example flatRowsFromBilans([{ clsm_id: 'c1', annee: 2024, answers: { copil_existe: 'oui' } }])[0].copil_existe; // 'oui'
 */
export function flatRowsFromBilans(bilans: Iterable<StoredBilan>, options: { periodeBoundary?: number } = {}): FlatRow[] {
  return [...flatRowsIterator(bilans, options)];
}

/**
 * The bilans as an Arquero table of codebook columns, built column by column
 * (each flat row is transient), so that 100 000 bilans hold in memory once.
 * Columns are those of the current questionnaire.
 *
 * @example flatTableFromBilans(bilans).numRows();
 */
export type FlatTable = ReturnType<typeof aq.table>;

export function flatTableFromBilans(bilans: Iterable<StoredBilan>, options: { periodeBoundary?: number } = {}): FlatTable {
  const names = flatColumnNames(getQuestionnaire());
  const columns: FlatCell[][] = names.map(() => []);
  // Answer codes repeat ('oui', 'membre'…): one string per distinct value, not one per cell.
  const pool = new Map<string, string>();
  const intern = (v: FlatCell | undefined): FlatCell => {
    if (typeof v !== 'string') return v ?? null;
    let s = pool.get(v);
    if (s === undefined) {
      s = v;
      if (v.length <= 64) pool.set(v, v);
    }
    return s;
  };
  for (const row of flatRowsIterator(bilans, options)) {
    for (let c = 0; c < names.length; c++) columns[c]!.push(intern(row[names[c]!]));
  }
  return aq.table(Object.fromEntries(names.map((n, c) => [n, columns[c]!])));
}

function* flatRowsIterator(bilans: Iterable<StoredBilan>, options: { periodeBoundary?: number }): Generator<FlatRow> {
  for (const b of bilans) {
    const version = b.questionnaire_version && questionnaires.has(b.questionnaire_version) ? b.questionnaire_version : undefined;
    yield flattenAnswers(getQuestionnaire(version), b.answers, { clsm_id: b.clsm_id, annee: b.annee, region: b.region ?? null, departement: b.departement ?? null }, options);
  }
}

/**
 * The whole catalogue over flat rows.
 *
 * @example computeCatalogue(rows, { annee: 2024, split: 'periode_creation' });
 */
export function computeCatalogue(rows: readonly FlatRow[] | ReturnType<typeof aq.table>, params: CatalogueParams = {}, questionnaire: Questionnaire = getQuestionnaire()): IndicatorResult[] {
  const catalogue = buildCatalogue(questionnaire, { periodeBoundary: params.periodeBoundary });
  return computeIndicators(rows, catalogue, params, categoriesFor(questionnaire));
}
