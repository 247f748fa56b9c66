/** Later closing dates granted to one CLSM in one campagne (table `prolongations`). SQL only. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ClsmScope } from './clsm.repository.ts';

export interface ProlongationView {
  annee: number;
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  jusqu_au: string;
  created_at: string;
  created_by_email: string | null;
}

export async function listProlongations(db: Kysely<Database>, scope: ClsmScope, annee: number): Promise<ProlongationView[]> {
  return db
    .selectFrom('prolongations')
    .innerJoin('clsm', 'clsm.id', 'prolongations.clsm_id')
    .leftJoin('users', 'users.id', 'prolongations.created_by')
    .select(['prolongations.annee', 'prolongations.clsm_id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'prolongations.jusqu_au', 'prolongations.created_at', 'users.email as created_by_email'])
    .where(scope)
    .where('prolongations.annee', '=', annee)
    .orderBy('clsm.region')
    .orderBy('clsm.nom')
    .execute();
}

export async function findProlongation(db: Kysely<Database>, annee: number, clsmId: string): Promise<string | undefined> {
  return (await db.selectFrom('prolongations').select('jusqu_au').where('annee', '=', annee).where('clsm_id', '=', clsmId).executeTakeFirst())?.jusqu_au;
}

export async function upsertProlongation(db: Kysely<Database>, annee: number, clsmId: string, jusquAu: string, by: number | null, at: string): Promise<void> {
  await db
    .insertInto('prolongations')
    .values({ annee, clsm_id: clsmId, jusqu_au: jusquAu, created_at: at, created_by: by || null })
    .onConflict((oc) => oc.columns(['annee', 'clsm_id']).doUpdateSet({ jusqu_au: jusquAu, created_at: at, created_by: by || null }))
    .execute();
}

export async function deleteProlongation(db: Kysely<Database>, annee: number, clsmId: string): Promise<boolean> {
  const r = await db.deleteFrom('prolongations').where('annee', '=', annee).where('clsm_id', '=', clsmId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
