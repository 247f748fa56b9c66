/**
 * Import of bilans from a CSV of codebook columns (`clsm_id;annee;…`), all or
 * nothing: every line is checked first, with a French report per line; the
 * bilans are written in one transaction only when no line has an error.
 * Derived columns and `region`/`departement` are ignored (the registry is the
 * source of truth). Imported bilans get the status given (default `valide`:
 * past years); campaigns missing for a year are created closed.
 */
import type { Kysely } from 'kysely';
import { derivedVariables, flatColumnNames, getQuestionnaire, unflattenRow, validateDraft, type Answers, type Questionnaire } from '../../survey-schema/index.ts';
import type { BilanStatus, Database } from '../db/database.ts';
import type { Issue } from '../errors.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { readAnswers, replaceAnswers } from '../repositories/bilan-answers.repository.ts';
import { ensureCampaign, findCampaign } from '../repositories/campaign.repository.ts';
import { readCsv } from './csv.ts';

export interface ImportOptions {
  actorId?: number | null;
  status?: BilanStatus;
  /** Replace bilans that already exist (default: a line error). */
  replace?: boolean;
}

export type ImportReport = { ok: true; imported: number; replaced: number; years: number[] } | { ok: false; errors: Issue[] };

const IGNORED = new Set(['region', 'departement', ...derivedVariables.map((d) => d.variable)]);

interface Parsed {
  clsm_id: string;
  annee: number;
  questionnaire: Questionnaire;
  answers: Answers;
  exists: boolean;
}

export async function importBilansCsv(db: Kysely<Database>, input: string | Buffer, options: ImportOptions = {}): Promise<ImportReport> {
  const csv = readCsv(input);
  if (!csv.ok) return { ok: false, errors: csv.issues };
  const { header, records } = csv.table;
  const errors: Issue[] = [];
  for (const required of ['clsm_id', 'annee']) if (!header.includes(required)) errors.push({ ligne: 1, message: `Colonne obligatoire absente : ${required}` });

  const known = new Set<string>();
  const clsmIds = new Set((await db.selectFrom('clsm').select('id').execute()).map((r) => r.id));
  const existing = new Set((await db.selectFrom('bilans').select(['clsm_id', 'annee']).execute()).map((b) => `${b.clsm_id}/${b.annee}`));
  const versions = new Map<number, Questionnaire>();
  const questionnaireFor = async (annee: number) => {
    if (!versions.has(annee)) versions.set(annee, getQuestionnaire((await findCampaign(db, annee))?.questionnaire_version));
    return versions.get(annee)!;
  };
  for (const c of flatColumnNames(getQuestionnaire())) known.add(c);
  const unknown = header.filter((h) => !known.has(h) && !IGNORED.has(h));
  if (unknown.length) errors.push({ ligne: 1, message: `Colonnes inconnues du codebook : ${unknown.join(', ')}` });
  if (errors.length) return { ok: false, errors };

  const seen = new Map<string, number>();
  const parsed: Parsed[] = [];
  for (const { line, cells } of records) {
    const lineErrors: Issue[] = [];
    const clsm_id = cells.clsm_id ?? '';
    const annee = Number(cells.annee);
    if (!clsm_id) lineErrors.push({ ligne: line, message: 'clsm_id vide' });
    else if (!clsmIds.has(clsm_id)) lineErrors.push({ ligne: line, message: `CLSM inconnu du registre : ${clsm_id} (importez d'abord le registre)` });
    if (!Number.isInteger(annee) || annee < 1990 || annee > 2100) lineErrors.push({ ligne: line, message: `année invalide : « ${cells.annee ?? ''} »` });
    const key = `${clsm_id}/${annee}`;
    if (seen.has(key)) lineErrors.push({ ligne: line, message: `bilan ${annee} du CLSM ${clsm_id} déjà présent à la ligne ${seen.get(key)}` });
    seen.set(key, line);
    const exists = existing.has(key);
    if (exists && !options.replace) lineErrors.push({ ligne: line, message: `un bilan ${annee} existe déjà pour le CLSM ${clsm_id}` });
    if (lineErrors.length === 0) {
      const questionnaire = await questionnaireFor(annee);
      const checked = validateDraft(questionnaire, unflattenRow(questionnaire, cells), { annee });
      for (const i of checked.issues) lineErrors.push({ ligne: line, message: `${clsm_id} ${annee} — ${i.message}`, variable: i.variable, section: i.section });
      parsed.push({ clsm_id, annee, questionnaire, answers: checked.answers, exists });
    }
    errors.push(...lineErrors);
  }
  if (errors.length) return { ok: false, errors };

  const status = options.status ?? 'valide';
  let replaced = 0;
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    for (const annee of new Set(parsed.map((p) => p.annee))) await ensureCampaign(trx, annee);
    for (const p of parsed) {
      const values = {
        status,
        questionnaire_version: p.questionnaire.version,
        consentement_ccoms: typeof p.answers.consentement_ccoms === 'string' ? p.answers.consentement_ccoms : null,
        updated_at: now,
        carried_forward: null,
        submitted_at: status === 'brouillon' ? null : now,
        submitted_by: null,
        reviewed_at: status === 'valide' ? now : null,
        reviewed_by: null,
      };
      let id: number;
      let old: Answers | null = null;
      if (p.exists) {
        const before = await trx.selectFrom('bilans').select(['id', 'version']).where('clsm_id', '=', p.clsm_id).where('annee', '=', p.annee).executeTakeFirstOrThrow();
        await trx.updateTable('bilans').set({ ...values, version: before.version + 1 }).where('id', '=', before.id).execute();
        id = before.id;
        old = await readAnswers(trx, id);
        replaced++;
      } else {
        const inserted = await trx.insertInto('bilans').values({ clsm_id: p.clsm_id, annee: p.annee, version: 1, created_at: now, ...values }).returning('id').executeTakeFirstOrThrow();
        id = inserted.id;
      }
      await replaceAnswers(trx, id, p.questionnaire, p.answers);
      // One entry per bilan (not per variable): an import is one change of the whole answer set.
      await recordAudit(trx, [{ userId: options.actorId ?? null, entity: 'bilan', entityId: String(id), action: 'import', old, new: { status, answers: p.answers } }], now);
    }
  });
  return { ok: true, imported: parsed.length - replaced, replaced, years: [...new Set(parsed.map((p) => p.annee))].sort() };
}
