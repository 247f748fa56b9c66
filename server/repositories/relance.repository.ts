/** Reminders sent and the scheduled steps already run (tables `relances`, `relance_etapes`). SQL only. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export async function insertRelances(db: Kysely<Database>, rows: Array<{ annee: number; clsm_id: string; recipients: number; etape: number | null }>, sentBy: number | null, at: string): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('relances').values(rows.map((r) => ({ ...r, sent_by: sentBy || null, sent_at: at }))).execute();
}

/**
 * Records a scheduled step as run, once: true for the caller that recorded
 * it, false when it already was (by an earlier run, or another instance now).
 */
export async function claimRelanceEtape(db: Kysely<Database>, annee: number, jours: number, at: string): Promise<boolean> {
  const r = await db
    .insertInto('relance_etapes')
    .values({ annee, jours, done_at: at })
    .onConflict((oc) => oc.columns(['annee', 'jours']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function listRelanceEtapes(db: Kysely<Database>, annee: number): Promise<Array<{ jours: number; done_at: string }>> {
  return db.selectFrom('relance_etapes').select(['jours', 'done_at']).where('annee', '=', annee).orderBy('jours', 'desc').execute();
}
