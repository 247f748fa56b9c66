/**
 * Bilans as CSV of codebook columns (`clsm_id;annee;…`): reading and checking
 * an import, line by line, with French errors. Pure: what the database knows
 * (registry, existing bilans, questionnaire of each year) comes in as lookups.
 * Derived columns and `region`/`departement` are ignored (the registry is the
 * source of truth).
 */
import { derivedVariables, flatColumnNames, getQuestionnaire, unflattenRow, validateDraft, type Answers, type Questionnaire } from '../../survey-schema/index.ts';
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
  clsmIds: ReadonlySet<string>;
  /** `clsm_id/annee` of the bilans already stored. */
  existing: ReadonlySet<string>;
  /** The questionnaire of a year (its campagne's, or the current one). */
  questionnaireOf(annee: number): Questionnaire;
  replace: boolean;
}

const IGNORED = new Set(['region', 'departement', ...derivedVariables.map((d) => d.variable)]);

/** Bilans per import: ten years of every CLSM (about 260) is a few thousand; the import transaction stays a few seconds at most. */
export const MAX_BILANS_LINES = 5_000;

export async function parseBilansCsv(input: string | Buffer, lookups: BilansCsvLookups): Promise<{ ok: true; bilans: ParsedBilan[]; encoding: TextEncoding } | { ok: false; errors: Issue[] }> {
  const csv = await readCsv(input, {
    maxRecords: MAX_BILANS_LINES,
    tooMany: (max) => `Le fichier compte plus de ${max.toLocaleString('fr-FR')} bilans : un import en accepte au plus ${max.toLocaleString('fr-FR')}. Découpez-le en plusieurs fichiers (par année, par exemple).`,
  });
  if (!csv.ok) return { ok: false, errors: csv.issues };
  const { header, records } = csv.table;
  const errors: Issue[] = [];
  for (const required of ['clsm_id', 'annee']) if (!header.includes(required)) errors.push({ ligne: 1, message: `Colonne obligatoire absente : ${required}` });
  const known = new Set(flatColumnNames(getQuestionnaire()));
  const unknown = header.filter((h) => !known.has(h) && !IGNORED.has(h));
  if (unknown.length) errors.push({ ligne: 1, message: `Colonnes inconnues du codebook : ${unknown.join(', ')}` });
  if (errors.length) return { ok: false, errors };

  const seen = new Map<string, number>();
  const bilans: ParsedBilan[] = [];
  const pause = pauser();
  for (const { line, cells } of records) {
    await pause();
    const lineErrors: Issue[] = [];
    const clsm_id = cells.clsm_id ?? '';
    const annee = Number(cells.annee);
    if (!clsm_id) lineErrors.push({ ligne: line, message: 'clsm_id vide' });
    else if (!lookups.clsmIds.has(clsm_id)) lineErrors.push({ ligne: line, message: `CLSM inconnu du registre : ${clsm_id} (importez d'abord le registre)` });
    if (!Number.isInteger(annee) || annee < 1990 || annee > 2100) lineErrors.push({ ligne: line, message: `année invalide : « ${cells.annee ?? ''} »` });
    const key = `${clsm_id}/${annee}`;
    if (seen.has(key)) lineErrors.push({ ligne: line, message: `bilan ${annee} du CLSM ${clsm_id} déjà présent à la ligne ${seen.get(key)}` });
    seen.set(key, line);
    const exists = lookups.existing.has(key);
    if (exists && !lookups.replace) lineErrors.push({ ligne: line, message: `un bilan ${annee} existe déjà pour le CLSM ${clsm_id}` });
    if (lineErrors.length === 0) {
      const questionnaire = lookups.questionnaireOf(annee);
      const checked = validateDraft(questionnaire, unflattenRow(questionnaire, cells), { annee });
      for (const i of checked.issues) lineErrors.push({ ligne: line, message: `${clsm_id} ${annee} — ${i.message}`, variable: i.variable, section: i.section });
      bilans.push({ clsm_id, annee, questionnaire, answers: checked.answers, exists });
    }
    errors.push(...lineErrors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, bilans, encoding: csv.table.encoding };
}
