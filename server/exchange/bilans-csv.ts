/**
 * Bilans as CSV of codebook columns (`clsm_id;annee;…`): reading and checking
 * an import, line by line, with French errors. Pure: what the database knows
 * (registry, existing bilans, questionnaire of each year) comes in as lookups.
 * Derived columns and `region`/`departement` are ignored (the registry is the
 * source of truth).
 *
 * Each line is read with the questionnaire version of its year (its
 * campagne's, or the dataset's for a year without a campagne): a file may
 * hold years of several versions, so the header may name the columns of any
 * version, and a line is refused only when it fills a column its own
 * version does not have.
 */
import { CURRENT_VERSION, derivedVariables, flatColumnNames, questionnaires, unflattenRow, validateDraft, type Answers, type Questionnaire } from '../../survey-schema/index.ts';
import { bilanContext } from '../domain/workflow.ts';
import type { Issue } from '../errors.ts';
import { pauser, readCsv, type TextEncoding } from './csv.ts';

export interface ParsedBilan {
  clsm_id: string;
  annee: number;
  questionnaire: Questionnaire;
  answers: Answers;
  exists: boolean;
}

export interface BilansCsvLookups {
  /** The registry: each CLSM's région and département (what applies depends on them). */
  clsm: ReadonlyMap<string, { region: string; departement: string }>;
  /** `clsm_id/annee` of the bilans already stored. */
  existing: ReadonlySet<string>;
  /** The questionnaire version of a year that has a campagne. */
  campagneVersion(annee: number): string | undefined;
  /** The version of the years without a campagne (the dataset's); default: `datasetVersion(header)`. */
  datasetVersion?: string | undefined;
  replace: boolean;
}

const IGNORED = new Set(['region', 'departement', ...derivedVariables.map((d) => d.variable)]);

const columnsOf = new Map<string, Set<string>>();
function columnSet(q: Questionnaire): Set<string> {
  let set = columnsOf.get(q.version);
  if (!set) columnsOf.set(q.version, (set = new Set(flatColumnNames(q))));
  return set;
}

/**
 * The version a file's columns were written with: the most recent version
 * having every column of the header (an export of 2026.1 bilans names
 * `terr_communes`, that 2027.1 no longer has); the current one when none has.
 *
 * @example datasetVersion(['clsm_id', 'annee', 'terr_communes']); // '2026.1'
 */
export function datasetVersion(header: readonly string[]): string {
  const versions = [...questionnaires.values()].reverse();
  return versions.find((q) => header.every((h) => IGNORED.has(h) || columnSet(q).has(h)))?.version ?? CURRENT_VERSION;
}

/** Bilans per import: ten years of every CLSM (about 260) is a few thousand; the import transaction stays a few seconds at most. */
export const MAX_BILANS_LINES = 5_000;

export async function parseBilansCsv(
  input: string | Buffer,
  lookups: BilansCsvLookups,
): Promise<{ ok: true; bilans: ParsedBilan[]; encoding: TextEncoding; datasetVersion: string } | { ok: false; errors: Issue[] }> {
  const csv = await readCsv(input, {
    maxRecords: MAX_BILANS_LINES,
    tooMany: (max) => `Le fichier compte plus de ${max.toLocaleString('fr-FR')} bilans : un import en accepte au plus ${max.toLocaleString('fr-FR')}. Découpez-le en plusieurs fichiers (par année, par exemple).`,
  });
  if (!csv.ok) return { ok: false, errors: csv.issues };
  const { header, records } = csv.table;
  const errors: Issue[] = [];
  for (const required of ['clsm_id', 'annee']) if (!header.includes(required)) errors.push({ ligne: 1, message: `Colonne obligatoire absente : ${required}` });
  const unknown = header.filter((h) => !IGNORED.has(h) && ![...questionnaires.values()].some((q) => columnSet(q).has(h)));
  if (unknown.length) errors.push({ ligne: 1, message: `Colonnes inconnues du codebook (toutes versions) : ${unknown.join(', ')}` });
  if (lookups.datasetVersion !== undefined && !questionnaires.has(lookups.datasetVersion)) {
    errors.push({ ligne: 1, message: `Version de questionnaire inconnue : ${lookups.datasetVersion} (connues : ${[...questionnaires.keys()].join(', ')})` });
  }
  if (errors.length) return { ok: false, errors };
  const fallback = lookups.datasetVersion ?? datasetVersion(header);

  const seen = new Map<string, number>();
  const bilans: ParsedBilan[] = [];
  const pause = pauser();
  for (const { line, cells } of records) {
    await pause();
    const lineErrors: Issue[] = [];
    const clsm_id = cells.clsm_id ?? '';
    const annee = Number(cells.annee);
    const clsm = lookups.clsm.get(clsm_id);
    if (!clsm_id) lineErrors.push({ ligne: line, message: 'clsm_id vide' });
    else if (!clsm) lineErrors.push({ ligne: line, message: `CLSM inconnu du registre : ${clsm_id} (importez d'abord le registre)` });
    if (!Number.isInteger(annee) || annee < 1990 || annee > 2100) lineErrors.push({ ligne: line, message: `année invalide : « ${cells.annee ?? ''} »` });
    const key = `${clsm_id}/${annee}`;
    if (seen.has(key)) lineErrors.push({ ligne: line, message: `bilan ${annee} du CLSM ${clsm_id} déjà présent à la ligne ${seen.get(key)}` });
    seen.set(key, line);
    const exists = lookups.existing.has(key);
    if (exists && !lookups.replace) lineErrors.push({ ligne: line, message: `un bilan ${annee} existe déjà pour le CLSM ${clsm_id}` });
    if (lineErrors.length === 0 && clsm) {
      const campagne = lookups.campagneVersion(annee);
      const questionnaire = questionnaires.get(campagne ?? fallback)!;
      const own = columnSet(questionnaire);
      const foreign = header.filter((h) => !IGNORED.has(h) && !own.has(h) && (cells[h] ?? '').trim() !== '');
      if (foreign.length) {
        const why = campagne ? `celle de la campagne ${annee}` : 'celle du fichier';
        lineErrors.push({ ligne: line, message: `${clsm_id} ${annee} — colonnes absentes de la version ${questionnaire.version} du questionnaire (${why}) : ${foreign.join(', ')}` });
      } else {
        const checked = validateDraft(questionnaire, unflattenRow(questionnaire, cells), bilanContext(clsm, annee));
        for (const i of checked.issues) lineErrors.push({ ligne: line, message: `${clsm_id} ${annee} — ${i.message}`, variable: i.variable, section: i.section });
        bilans.push({ clsm_id, annee, questionnaire, answers: checked.answers, exists });
      }
    }
    errors.push(...lineErrors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, bilans, encoding: csv.table.encoding, datasetVersion: fallback };
}
