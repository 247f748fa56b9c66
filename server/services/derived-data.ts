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
import { bilanContext } from '../domain/workflow.ts';
import { INDICATEUR_STATUTS, type BilanStatut } from '../domain/statuts.ts';
import { bumpStamp, deleteFlatRow, deleteFlatRows, INDICATEURS_STAMP, staleFlatRows, upsertFlatRow, upsertFlatRows } from '../repositories/analytics.repository.ts';
import { readAnswers, readAnswersOfBilans } from '../repositories/bilan-answers.repository.ts';
import { listBilansForRefresh, setCompletude } from '../repositories/bilan.repository.ts';

export interface BilanIdentity {
  id: number;
  clsm_id: string;
  annee: number;
  questionnaire_version: string;
  statut: BilanStatut;
  /** The CLSM's, from the registry: what applies depends on them (Île-de-France items). */
  region: string | null;
  departement: string | null;
}

const feedsIndicators = (statut: BilanStatut) => (INDICATEUR_STATUTS as readonly BilanStatut[]).includes(statut);

/** Completeness (0-100) of answers, with the bilan's own questionnaire and its CLSM's place. */
export function completudeOf(bilan: Omit<BilanIdentity, 'id' | 'clsm_id' | 'statut'>, answers: Answers): number {
  return completeness(getQuestionnaire(bilan.questionnaire_version), answers, bilanContext(bilan, bilan.annee)).pct;
}

/**
 * The flat row as stored: a JSON array of the values of FLAT_COLUMNS; region
 * and département are left empty (read from the registry when rows are loaded).
 */
function storedRow(bilan: Omit<BilanIdentity, 'id'>, answers: Answers): string {
  return JSON.stringify(flatRowValues({ ...flatRowOf({ ...bilan, answers }), region: null, departement: null }));
}

/** What is kept beside a bilan's answers: its completeness, and its flat row while it feeds the indicators. */
export interface Derived {
  completude: number;
  /** Null when the bilan does not feed the indicators (its row, if any, is deleted). */
  flatRow: string | null;
}

/** The derived data of answers, computed only (imports compute it before their transaction). */
export function derivedOf(bilan: Omit<BilanIdentity, 'id'>, answers: Answers): Derived {
  return { completude: completudeOf(bilan, answers), flatRow: feedsIndicators(bilan.statut) ? storedRow(bilan, answers) : null };
}

/**
 * After a change of statut or answers (submission, return, validation,
 * reopening): completeness, and the flat row in or out of the indicators.
 * Call inside the transaction of the change.
 */
export async function refreshDerived(trx: Kysely<Database>, bilan: BilanIdentity, answers?: Answers): Promise<void> {
  const derived = derivedOf(bilan, answers ?? (await readAnswers(trx, bilan.id)));
  await setCompletude(trx, bilan.id, derived.completude);
  if (derived.flatRow !== null) {
    await upsertFlatRow(trx, bilan.id, FLAT_ROW_FORMAT, derived.flatRow);
    await bumpStamp(trx, INDICATEURS_STAMP);
  } else if (await deleteFlatRow(trx, bilan.id)) {
    await bumpStamp(trx, INDICATEURS_STAMP);
  }
}

/** The flat rows of many bilans whose completeness was written with them (imports), in few statements. */
export async function writeFlatRows(trx: Kysely<Database>, bilans: Array<{ id: number; derived: Derived }>): Promise<void> {
  if (bilans.length === 0) return;
  await upsertFlatRows(trx, bilans.flatMap((b) => (b.derived.flatRow === null ? [] : [{ bilan_id: b.id, format: FLAT_ROW_FORMAT, row: b.derived.flatRow }])));
  await deleteFlatRows(trx, bilans.filter((b) => b.derived.flatRow === null).map((b) => b.id));
  await bumpStamp(trx, INDICATEURS_STAMP);
}

/**
 * Marks a change of the registry (region, département, statut of a CLSM):
 * what the indicators group by. A CLSM that moved has its bilans' derived
 * data rebuilt: what applies depends on its région (Île-de-France items).
 */
export async function registryChanged(trx: Kysely<Database>, moved: readonly string[] = []): Promise<void> {
  for (const clsmId of moved) {
    const bilans = await listBilansForRefresh(trx, { clsmId });
    const answers = await readAnswersOfBilans(trx, bilans.map((b) => b.id));
    for (const b of bilans) await refreshDerived(trx, b, answers.get(b.id) ?? {});
  }
  await bumpStamp(trx, INDICATEURS_STAMP);
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
      for (const b of page) await setCompletude(trx, b.id, completudeOf(b, answers.get(b.id) ?? {}));
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
