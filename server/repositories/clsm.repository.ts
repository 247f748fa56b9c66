/** The registry of CLSM (table `clsm`). SQL only: the registry service decides who may see or change what. */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { ClsmRow, Database } from '../db/database.ts';
import type { ClsmStatut } from '../domain/statuts.ts';
import { readAll, readPage, type Page, type PageRequest, type SortKey } from './pagination.ts';

export type Clsm = Omit<ClsmRow, 'created_at' | 'updated_at'>;

/** A filter on a query that includes the `clsm` table (built by domain/access.ts from the signed-in user). */
export type ClsmScope = <DB extends Database, TB extends keyof DB & 'clsm'>(eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>;

export interface ClsmFilters {
  region?: string | undefined;
  departement?: string | undefined;
  statut?: ClsmStatut | undefined;
  /** Part of the name or of the identifier (case ignored for unaccented letters). */
  q?: string | undefined;
}

export const CLSM_COLUMNS = ['clsm.id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.autres_departements', 'clsm.communes', 'clsm.annee_creation', 'clsm.statut'] as const;

function clsmQuery(db: Kysely<Database>, scope: ClsmScope, filters: ClsmFilters) {
  let q = db.selectFrom('clsm').select(CLSM_COLUMNS).where(scope);
  if (filters.region) q = q.where('clsm.region', '=', filters.region);
  if (filters.departement) q = q.where('clsm.departement', '=', filters.departement);
  if (filters.statut) q = q.where('clsm.statut', '=', filters.statut);
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([sql<boolean>`lower(clsm.nom) like ${pattern} escape '\\'`, sql<boolean>`lower(clsm.id) like ${pattern} escape '\\'`]));
  }
  return q;
}

/** How many CLSM a scope and filters hold. */
export async function countClsm(db: Kysely<Database>, scope: ClsmScope, filters: ClsmFilters = {}): Promise<number> {
  const { n } = await clsmQuery(db, scope, filters).clearSelect().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** The registry's order: région, département, name (then id, unique). */
const CLSM_ORDER: SortKey<Clsm>[] = [
  { ref: 'clsm.region', of: (c) => c.region },
  { ref: 'clsm.departement', of: (c) => c.departement },
  { ref: 'clsm.nom', of: (c) => c.nom },
  { ref: 'clsm.id', of: (c) => c.id },
];

/** The whole registry of a scope: for bounded scopes only (a coordinator's CLSM); lists shown to users are paged (`pageClsm`). */
export async function listClsm(db: Kysely<Database>, scope: ClsmScope, filters: ClsmFilters = {}): Promise<Clsm[]> {
  return clsmQuery(db, scope, filters).orderBy('clsm.region').orderBy('clsm.departement').orderBy('clsm.nom').orderBy('clsm.id').execute();
}

export function pageClsm(db: Kysely<Database>, scope: ClsmScope, filters: ClsmFilters, page: PageRequest): Promise<Page<Clsm>> {
  return readPage(clsmQuery(db, scope, filters), CLSM_ORDER, page);
}

/** The registry of a scope, page by page (exports). */
export function allClsm(db: Kysely<Database>, scope: ClsmScope, filters: ClsmFilters = {}): AsyncGenerator<Clsm> {
  return readAll(clsmQuery(db, scope, filters), CLSM_ORDER);
}

/** The régions and départements of a scope (the filters of the pages), without reading the registry. */
export async function clsmPlaces(db: Kysely<Database>, scope: ClsmScope): Promise<Array<{ region: string; departement: string }>> {
  return db.selectFrom('clsm').select(['clsm.region', 'clsm.departement']).distinct().where(scope).orderBy('clsm.region').orderBy('clsm.departement').execute();
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

/** Every CLSM's région and département, by id (imports check and read bilans with them). */
export async function clsmPlacesById(db: Kysely<Database>): Promise<Map<string, { region: string; departement: string }>> {
  const rows = await db.selectFrom('clsm').select(['id', 'region', 'departement']).execute();
  return new Map(rows.map((r) => [r.id, { region: r.region, departement: r.departement }]));
}

export async function insertClsm(db: Kysely<Database>, row: Clsm, at: string): Promise<void> {
  await db.insertInto('clsm').values({ ...row, created_at: at, updated_at: at }).execute();
}

/** Rows per statement (bound parameters stay under every database's limit). */
const CHUNK = 100;

/** The stored entries of these ids (absent ids are absent from the map). */
export async function findClsms(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, Clsm>> {
  const found = new Map<string, Clsm>();
  for (let i = 0; i < ids.length; i += 5 * CHUNK) {
    for (const row of await db.selectFrom('clsm').select(CLSM_COLUMNS).where('clsm.id', 'in', ids.slice(i, i + 5 * CHUNK)).execute()) found.set(row.id, row);
  }
  return found;
}

/** Inserts the new entries and updates the others, a hundred per statement (imports). */
export async function upsertClsms(db: Kysely<Database>, rows: readonly Clsm[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('clsm')
      .values(rows.slice(i, i + CHUNK).map((row) => ({ ...row, created_at: at, updated_at: at })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          nom: eb.ref('excluded.nom'),
          region: eb.ref('excluded.region'),
          departement: eb.ref('excluded.departement'),
          autres_departements: eb.ref('excluded.autres_departements'),
          communes: eb.ref('excluded.communes'),
          annee_creation: eb.ref('excluded.annee_creation'),
          statut: eb.ref('excluded.statut'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function updateClsmRow(db: Kysely<Database>, row: Clsm, at: string): Promise<void> {
  const { id, ...values } = row;
  await db.updateTable('clsm').set({ ...values, updated_at: at }).where('id', '=', id).execute();
}
