/** The registry of CLSM (table `clsm`). SQL only: the registry service decides who may see or change what. */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { ClsmRow, Database } from '../db/database.ts';
import type { ClsmStatut } from '../domain/statuts.ts';

export type Clsm = Omit<ClsmRow, 'created_at' | 'updated_at'>;

/** A filter on a query that includes the `clsm` table (built by domain/access.ts from the signed-in user). */
export type ClsmScope = <DB extends Database, TB extends keyof DB & 'clsm'>(eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>;

export interface ClsmFilters {
  region?: string | undefined;
  departement?: string | undefined;
  statut?: ClsmStatut | undefined;
}

export const CLSM_COLUMNS = ['clsm.id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.autres_departements', 'clsm.communes', 'clsm.annee_creation', 'clsm.statut'] as const;

export async function listClsm(db: Kysely<Database>, scope: ClsmScope, filters: ClsmFilters = {}): Promise<Clsm[]> {
  let q = db.selectFrom('clsm').select(CLSM_COLUMNS).where(scope);
  if (filters.region) q = q.where('clsm.region', '=', filters.region);
  if (filters.departement) q = q.where('clsm.departement', '=', filters.departement);
  if (filters.statut) q = q.where('clsm.statut', '=', filters.statut);
  return q.orderBy('clsm.region').orderBy('clsm.departement').orderBy('clsm.nom').execute();
}

export async function findClsm(db: Kysely<Database>, id: string): Promise<Clsm | undefined> {
  return db.selectFrom('clsm').select(CLSM_COLUMNS).where('clsm.id', '=', id).executeTakeFirst();
}

export async function existingClsmIds(db: Kysely<Database>, ids?: readonly string[]): Promise<Set<string>> {
  let q = db.selectFrom('clsm').select('id');
  if (ids) {
    if (ids.length === 0) return new Set();
    q = q.where('id', 'in', ids);
  }
  return new Set((await q.execute()).map((r) => r.id));
}

export async function insertClsm(db: Kysely<Database>, row: Clsm, at: string): Promise<void> {
  await db.insertInto('clsm').values({ ...row, created_at: at, updated_at: at }).execute();
}

export async function updateClsmRow(db: Kysely<Database>, row: Clsm, at: string): Promise<void> {
  const { id, ...values } = row;
  await db.updateTable('clsm').set({ ...values, updated_at: at }).where('id', '=', id).execute();
}
