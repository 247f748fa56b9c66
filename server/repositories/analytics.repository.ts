/**
 * What the indicators read: the flat analytic row of each bilan that feeds
 * them (table `bilan_flat_rows`, kept at write time) and the `indicateurs`
 * change stamp the caches are keyed on. SQL only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { scopedBilans, type BilanFilters, type BilanScope } from './bilan.repository.ts';

export const INDICATEURS_STAMP = 'indicateurs';

export interface StoredFlatRow {
  bilan_id: number;
  clsm_id: string;
  annee: number;
  region: string;
  departement: string;
  row: string;
}

/** The flat rows of the bilans of a scope (the scope says which statuts), page by page on bilan id. */
export async function pageFlatRows(db: Kysely<Database>, scope: BilanScope, filters: BilanFilters, afterId: number, size: number): Promise<StoredFlatRow[]> {
  return scopedBilans(db, scope, filters)
    .innerJoin('bilan_flat_rows', 'bilan_flat_rows.bilan_id', 'bilans.id')
    .select(['bilans.id as bilan_id', 'bilans.clsm_id', 'bilans.annee', 'clsm.region', 'clsm.departement', 'bilan_flat_rows.row'])
    .where('bilans.id', '>', afterId)
    .orderBy('bilans.id')
    .limit(size)
    .execute();
}

/** Bilans feeding the indicators per year, in a scope (the scope says which statuts), newest year first. */
export async function countIndicatorBilansByYear(db: Kysely<Database>, scope: BilanScope, filters: BilanFilters): Promise<Array<{ annee: number; bilans: number }>> {
  const rows = await scopedBilans(db, scope, filters)
    .innerJoin('bilan_flat_rows', 'bilan_flat_rows.bilan_id', 'bilans.id')
    .select((eb) => ['bilans.annee', eb.fn.countAll<number>().as('bilans')])
    .groupBy('bilans.annee')
    .orderBy('bilans.annee', 'desc')
    .execute();
  return rows.map((r) => ({ annee: r.annee, bilans: Number(r.bilans) }));
}

export async function upsertFlatRow(db: Kysely<Database>, bilanId: number, format: string, row: string): Promise<void> {
  await db
    .insertInto('bilan_flat_rows')
    .values({ bilan_id: bilanId, format, row })
    .onConflict((oc) => oc.column('bilan_id').doUpdateSet((eb) => ({ format: eb.ref('excluded.format'), row: eb.ref('excluded.row') })))
    .execute();
}

/** Rows per statement (bound parameters stay under every database's limit). */
const CHUNK = 100;

export async function upsertFlatRows(db: Kysely<Database>, rows: ReadonlyArray<{ bilan_id: number; format: string; row: string }>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('bilan_flat_rows')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('bilan_id').doUpdateSet((eb) => ({ format: eb.ref('excluded.format'), row: eb.ref('excluded.row') })))
      .execute();
  }
}

export async function deleteFlatRows(db: Kysely<Database>, bilanIds: readonly number[]): Promise<void> {
  for (let i = 0; i < bilanIds.length; i += 5 * CHUNK) await db.deleteFrom('bilan_flat_rows').where('bilan_id', 'in', bilanIds.slice(i, i + 5 * CHUNK)).execute();
}

/** True when a row was there. */
export async function deleteFlatRow(db: Kysely<Database>, bilanId: number): Promise<boolean> {
  const r = await db.deleteFrom('bilan_flat_rows').where('bilan_id', '=', bilanId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Bilans whose flat row is missing or of another format, and rows of bilans that no longer feed the indicators. */
export async function staleFlatRows(db: Kysely<Database>, format: string, statuts: readonly string[]) {
  const missing = await db
    .selectFrom('bilans')
    .leftJoin('bilan_flat_rows', 'bilan_flat_rows.bilan_id', 'bilans.id')
    .select(['bilans.id'])
    .where('bilans.statut', 'in', statuts as never)
    .where((eb) => eb.or([eb('bilan_flat_rows.bilan_id', 'is', null), eb('bilan_flat_rows.format', '!=', format)]))
    .orderBy('bilans.id')
    .execute();
  const extra = await db
    .selectFrom('bilan_flat_rows')
    .innerJoin('bilans', 'bilans.id', 'bilan_flat_rows.bilan_id')
    .select('bilans.id')
    .where('bilans.statut', 'not in', statuts as never)
    .execute();
  return { missing: missing.map((r) => r.id), extra: extra.map((r) => r.id) };
}

export async function readStamp(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db.selectFrom('change_stamps').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? 0;
}

/** Call in the transaction of the change it stands for. */
export async function bumpStamp(db: Kysely<Database>, name: string): Promise<void> {
  await db.updateTable('change_stamps').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', name).execute();
}
