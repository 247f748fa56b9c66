/**
 * From stored bilans (answer sets) to the flat rows the catalogue reads, and
 * from flat rows to the Arquero table the indicators are computed on.
 */
import { createHash } from 'node:crypto';
import * as aq from 'arquero';
import {
  allDerivedVariables,
  flatColumnNames,
  flattenHarmonised,
  GEOGRAPHY_SOURCE,
  getQuestionnaire,
  questionnaires,
  versionMappings,
  type Answers,
  type FlatCell,
  type FlatRow,
} from '../survey-schema/index.ts';

export interface StoredBilan {
  clsm_id: string;
  annee: number;
  region?: string | null;
  departement?: string | null;
  /** The questionnaire version the bilan was filled with (default: current). */
  questionnaire_version?: string;
  answers: Answers;
}

/** Bump when `flatRowOf` or the stored layout changes in a way the questionnaire definitions do not show. */
const FLATTEN_REVISION = 2;

/** The columns of a stored flat row, in order: every codebook column of the current questionnaire. */
export const FLAT_COLUMNS: readonly string[] = flatColumnNames(getQuestionnaire());

/**
 * The format of stored flat rows: it changes with the questionnaire versions,
 * the mappings between them (a row is harmonised through them), the derived
 * variables and the geography their populations come from, so that rows
 * stored by an older release are rebuilt (server/services/derived-data.ts).
 */
export const FLAT_ROW_FORMAT = createHash('sha256')
  .update(
    JSON.stringify([
      FLATTEN_REVISION,
      [...questionnaires.values()],
      versionMappings(),
      allDerivedVariables.map((d) => [d.variable, d.from, d.requires, d.options]),
      GEOGRAPHY_SOURCE,
    ]),
  )
  .digest('hex')
  .slice(0, 16);

/**
 * One bilan as a flat row in the columns of the current version: read with
 * its own questionnaire version, then harmonised (`flattenHarmonised`), so
 * that a 2026.1 bilan and a 2027.1 bilan feed the same indicators and exports.
 *
 * @example flatRowOf({ clsm_id: 'c1', annee: 2024, answers: { copil_existe: 'oui' } }).copil_existe; // 'oui'
 */
export function flatRowOf(b: StoredBilan, options: { periodeBoundary?: number } = {}): FlatRow {
  const version = b.questionnaire_version && questionnaires.has(b.questionnaire_version) ? b.questionnaire_version : undefined;
  const identity = { clsm_id: b.clsm_id, annee: b.annee, region: b.region ?? null, departement: b.departement ?? null };
  return flattenHarmonised(getQuestionnaire(version), b.answers, getQuestionnaire(), identity, options);
}

/**
 * Flat rows in the columns of the current version (`flatRowOf`).
 *
 * @example flatRowsFromBilans([{ clsm_id: 'c1', annee: 2024, answers: { copil_existe: 'oui' } }])[0].copil_existe; // 'oui'
 */
export function flatRowsFromBilans(bilans: Iterable<StoredBilan>, options: { periodeBoundary?: number } = {}): FlatRow[] {
  return Array.from(bilans, (b) => flatRowOf(b, options));
}

export type FlatTable = ReturnType<typeof aq.table>;

/**
 * A flat row as stored: the values of FLAT_COLUMNS in order (an array parses
 * several times faster than an object of ~600 keys, and builds the table
 * without a key lookup per cell).
 *
 * @example flatRowValues({ clsm_id: 'c1', annee: 2024 }).slice(0, 2); // ['c1', 2024]
 */
export function flatRowValues(row: FlatRow): FlatCell[] {
  return FLAT_COLUMNS.map((c) => row[c] ?? null);
}

/**
 * Stored rows (values of FLAT_COLUMNS) as an Arquero table.
 *
 * @example flatTableFromValues([flatRowValues({ clsm_id: 'c1', annee: 2024 })]).numRows(); // 1
 */
export function flatTableFromValues(rows: readonly (readonly FlatCell[])[]): FlatTable {
  return aq.table(Object.fromEntries(FLAT_COLUMNS.map((name, c) => [name, rows.map((r) => r[c] ?? null)])));
}

/**
 * Flat rows as an Arquero table of the current questionnaire's columns,
 * built column by column (each row is transient), so that 100 000 bilans
 * hold in memory once.
 *
 * @example flatTable([{ clsm_id: 'c1', annee: 2024, copil_existe: 'oui' }]).numRows(); // 1
 */
export function flatTable(rows: Iterable<FlatRow>): FlatTable {
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
  for (const row of rows) {
    for (let c = 0; c < names.length; c++) columns[c]!.push(intern(row[names[c]!]));
  }
  return aq.table(Object.fromEntries(names.map((n, c) => [n, columns[c]!])));
}

/** @example flatTableFromBilans(bilans).numRows(); */
export function flatTableFromBilans(bilans: Iterable<StoredBilan>, options: { periodeBoundary?: number } = {}): FlatTable {
  return flatTable((function* () {
    for (const b of bilans) yield flatRowOf(b, options);
  })());
}
