/**
 * What the server keeps beside a bilan's answers so that reads stay cheap:
 * its completeness (the follow-up lists it for hundreds of CLSM) and, while
 * it feeds the indicators (submitted or validated), its flat analytic row
 * (dashboards read rows instead of re-flattening answers). Both are written
 * in the transaction of the change; the `indicateurs` stamp moves with every
 * change of the rows, so caches keyed on it see the change on the next request.
 */
import type { Kysely } from 'kysely';
import { FLAT_ROW_FORMAT, flatRowOf, flatRowValues } from '../../analytics/index.ts';
import { completeness, getQuestionnaire, type Answers } from '../../survey-schema/index.ts';
import { type Database } from '../db/database.ts';
import { INDICATEUR_STATUTS, type BilanStatut } from '../domain/statuts.ts';
import { bumpStamp, deleteFlatRow, INDICATEURS_STAMP, staleFlatRows, upsertFlatRow } from '../repositories/analytics.repository.ts';
import { readAnswers, readAnswersOfBilans } from '../repositories/bilan-answers.repository.ts';
import { listBilansForRefresh, setCompletude } from '../repositories/bilan.repository.ts';

export interface BilanIdentity {
  id: number;
  clsm_id: string;
  annee: number;
  questionnaire_version: string;
  statut: BilanStatut;
}

const feedsIndicators = (statut: BilanStatut) => (INDICATEUR_STATUTS as readonly BilanStatut[]).includes(statut);

/** Completeness (0-100) of answers, with the bilan's own questionnaire. */
export function completudeOf(questionnaireVersion: string, answers: Answers, annee: number): number {
  return completeness(getQuestionnaire(questionnaireVersion), answers, { annee }).pct;
}

/**
 * The flat row as stored: a JSON array of the values of FLAT_COLUMNS; region
 * and département are left empty (read from the registry when rows are loaded).
 */
function storedRow(bilan: BilanIdentity, answers: Answers): string {
  return JSON.stringify(flatRowValues({ ...flatRowOf({ ...bilan, answers }), region: null, departement: null }));
}

/**
 * After a change of statut or answers (submission, return, validation,
 * reopening, import): completeness, and the flat row in or out of the
 * indicators. Call inside the transaction of the change.
 */
export async function refreshDerived(trx: Kysely<Database>, bilan: BilanIdentity, answers?: Answers): Promise<void> {
  const stored = answers ?? (await readAnswers(trx, bilan.id));
  await setCompletude(trx, bilan.id, completudeOf(bilan.questionnaire_version, stored, bilan.annee));
  if (feedsIndicators(bilan.statut)) {
    await upsertFlatRow(trx, bilan.id, FLAT_ROW_FORMAT, storedRow(bilan, stored));
    await bumpStamp(trx, INDICATEURS_STAMP);
  } else if (await deleteFlatRow(trx, bilan.id)) {
    await bumpStamp(trx, INDICATEURS_STAMP);
  }
}

/** Marks a change of the registry (region, département, statut of a CLSM): what the indicators group by. */
export function registryChanged(trx: Kysely<Database>): Promise<void> {
  return bumpStamp(trx, INDICATEURS_STAMP);
}

const PAGE = 500;

/**
 * At start: fills what an older database or a new questionnaire version
 * lacks — completeness never computed, flat rows missing or built with
 * another format (the questionnaire registry or the flattening changed),
 * rows of bilans that no longer feed the indicators.
 */
export async function ensureDerivedData(db: Kysely<Database>): Promise<{ completude: number; rows: number }> {
  let completude = 0;
  const missing = await listBilansForRefresh(db, { missingCompletude: true });
  for (let i = 0; i < missing.length; i += PAGE) {
    const page = missing.slice(i, i + PAGE);
    const answers = await readAnswersOfBilans(db, page.map((b) => b.id));
    await db.transaction().execute(async (trx) => {
      for (const b of page) await setCompletude(trx, b.id, completudeOf(b.questionnaire_version, answers.get(b.id) ?? {}, b.annee));
    });
    completude += page.length;
  }
  const stale = await staleFlatRows(db, FLAT_ROW_FORMAT, INDICATEUR_STATUTS);
  if (stale.missing.length === 0 && stale.extra.length === 0) return { completude, rows: 0 };
  const byId = new Map((await listBilansForRefresh(db, { statuts: INDICATEUR_STATUTS })).map((b) => [b.id, b]));
  for (let i = 0; i < stale.missing.length; i += PAGE) {
    const ids = stale.missing.slice(i, i + PAGE);
    const answers = await readAnswersOfBilans(db, ids);
    await db.transaction().execute(async (trx) => {
      for (const id of ids) await upsertFlatRow(trx, id, FLAT_ROW_FORMAT, storedRow(byId.get(id)!, answers.get(id) ?? {}));
    });
  }
  await db.transaction().execute(async (trx) => {
    for (const id of stale.extra) await deleteFlatRow(trx, id);
    await bumpStamp(trx, INDICATEURS_STAMP);
  });
  return { completude, rows: stale.missing.length + stale.extra.length };
}
