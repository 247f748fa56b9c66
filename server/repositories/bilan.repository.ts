/**
 * The `bilans` table (status, version, dates; the answers are in
 * bilan-answers.repository.ts). SQL only: who may read or change a bilan is
 * decided by services/bilan.service.ts, which passes the scope down.
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { BilanRow, BilanTable, Database } from '../db/database.ts';
import type { BilanStatut } from '../domain/statuts.ts';
import type { Campagne } from './campagne.repository.ts';
import type { Clsm } from './clsm.repository.ts';
import type { ClsmScope } from './clsm.repository.ts';
import { readPage, type Page, type PageRequest, type SortKey } from './pagination.ts';

/** The CLSM, the campagne of the year and the stored bilan (each absent when not found), in one query. */
export interface BilanContextRow {
  clsm: Clsm | undefined;
  campagne: Campagne | undefined;
  bilan: BilanRow | undefined;
  /** The CLSM's later closing date for this campagne, if one was granted. */
  prolongation: string | null;
}

export async function findBilanContext(db: Kysely<Database>, clsmId: string, annee: number): Promise<BilanContextRow> {
  const found = await db
    .selectFrom('clsm')
    .leftJoin('campagnes', (join) => join.on('campagnes.annee', '=', annee))
    .leftJoin('bilans', (join) => join.onRef('bilans.clsm_id', '=', 'clsm.id').on('bilans.annee', '=', annee))
    .leftJoin('prolongations', (join) => join.onRef('prolongations.clsm_id', '=', 'clsm.id').on('prolongations.annee', '=', annee))
    .select([
      'prolongations.jusqu_au', 'campagnes.relances_jours',
      'clsm.id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.autres_departements', 'clsm.communes', 'clsm.annee_creation', 'clsm.statut',
      'campagnes.annee as c_annee', 'campagnes.questionnaire_version as c_version', 'campagnes.opens_on', 'campagnes.closes_on', 'campagnes.statut as c_statut',
      'bilans.id as b_id', 'bilans.questionnaire_version as b_version', 'bilans.version', 'bilans.statut as b_statut', 'bilans.completude', 'bilans.carried_forward',
      'bilans.consentement_ccoms', 'bilans.created_at', 'bilans.updated_at', 'bilans.submitted_at', 'bilans.submitted_by', 'bilans.reviewed_at', 'bilans.reviewed_by',
    ])
    .where('clsm.id', '=', clsmId)
    .executeTakeFirst();
  if (!found) return { clsm: undefined, campagne: undefined, bilan: undefined, prolongation: null };
  const clsm: Clsm = {
    id: found.id, nom: found.nom, region: found.region, departement: found.departement, autres_departements: found.autres_departements,
    communes: found.communes, annee_creation: found.annee_creation, statut: found.statut,
  };
  const campagne: Campagne | undefined =
    found.c_annee === null ? undefined : { annee, questionnaire_version: found.c_version!, opens_on: found.opens_on, closes_on: found.closes_on, statut: found.c_statut!, relances_jours: found.relances_jours };
  const bilan: BilanRow | undefined =
    found.b_id === null
      ? undefined
      : {
          id: found.b_id, clsm_id: clsmId, annee, questionnaire_version: found.b_version!, version: found.version!, statut: found.b_statut!, completude: found.completude,
          carried_forward: found.carried_forward, consentement_ccoms: found.consentement_ccoms, created_at: found.created_at!, updated_at: found.updated_at!,
          submitted_at: found.submitted_at, submitted_by: found.submitted_by, reviewed_at: found.reviewed_at, reviewed_by: found.reviewed_by,
        };
  return { clsm, campagne, bilan, prolongation: found.jusqu_au };
}

/** The most recent bilan of the CLSM before `annee`. */
export async function findPreviousBilan(db: Kysely<Database>, clsmId: string, annee: number): Promise<{ id: number; annee: number; questionnaire_version: string } | undefined> {
  return db
    .selectFrom('bilans')
    .select(['id', 'annee', 'questionnaire_version'])
    .where('clsm_id', '=', clsmId)
    .where('annee', '<', annee)
    .orderBy('annee', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findBilanRef(db: Kysely<Database>, clsmId: string, annee: number): Promise<{ id: number; version: number } | undefined> {
  return db.selectFrom('bilans').select(['id', 'version']).where('clsm_id', '=', clsmId).where('annee', '=', annee).executeTakeFirst();
}

/** `clsm_id/annee` of every stored bilan. */
export async function bilanKeys(db: Kysely<Database>): Promise<Set<string>> {
  return new Set((await db.selectFrom('bilans').select(['clsm_id', 'annee']).execute()).map((b) => `${b.clsm_id}/${b.annee}`));
}

/** Updates the bilan if it is still at `expectedVersion`; false when it is not (nothing written). */
export async function updateBilanAtVersion(db: Kysely<Database>, id: number, expectedVersion: number, values: Updateable<BilanTable>): Promise<boolean> {
  const r = await db.updateTable('bilans').set(values).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Inserts a bilan; undefined when one already exists for the CLSM and year (a concurrent first save). */
export async function insertBilan(db: Kysely<Database>, values: Insertable<BilanTable>): Promise<number | undefined> {
  const inserted = await db
    .insertInto('bilans')
    .values(values)
    .onConflict((oc) => oc.columns(['clsm_id', 'annee']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** Inserts bilans none of which exists yet (imports), a hundred per statement; their ids by `clsm_id/annee`. */
export async function insertBilans(db: Kysely<Database>, values: ReadonlyArray<Insertable<BilanTable>>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < values.length; i += 100) {
    for (const r of await db.insertInto('bilans').values(values.slice(i, i + 100)).returning(['id', 'clsm_id', 'annee']).execute()) ids.set(`${r.clsm_id}/${r.annee}`, r.id);
  }
  return ids;
}

/** Which bilans a query may see: the CLSM scope, and for the CCOMS consent and statuts. */
export interface BilanScope {
  clsm: ClsmScope;
  consentedOnly: boolean;
  statuts?: readonly BilanStatut[] | undefined;
}

export interface BilanFilters {
  annee?: number | undefined;
  region?: string | undefined;
  departement?: string | undefined;
  statuts?: readonly BilanStatut[] | undefined;
  clsmId?: string | undefined;
}

/** Bilans ⨝ clsm within a scope and filters. */
export function scopedBilans(db: Kysely<Database>, scope: BilanScope, filters: BilanFilters) {
  let q = db.selectFrom('bilans').innerJoin('clsm', 'clsm.id', 'bilans.clsm_id').where(scope.clsm);
  if (scope.consentedOnly) q = q.where('bilans.consentement_ccoms', '=', 'oui');
  if (scope.statuts) q = q.where('bilans.statut', 'in', scope.statuts);
  if (filters.annee !== undefined) q = q.where('bilans.annee', '=', filters.annee);
  if (filters.region) q = q.where('clsm.region', '=', filters.region);
  if (filters.departement) q = q.where('clsm.departement', '=', filters.departement);
  if (filters.statuts?.length) q = q.where('bilans.statut', 'in', filters.statuts);
  if (filters.clsmId) q = q.where('clsm.id', '=', filters.clsmId);
  return q;
}

export interface BilanSummary {
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  annee: number;
  statut: BilanStatut;
  version: number;
  updated_at: string;
  submitted_at: string | null;
}

const summaries = (db: Kysely<Database>, scope: BilanScope, filters: BilanFilters) =>
  scopedBilans(db, scope, filters).select(['bilans.clsm_id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'bilans.annee', 'bilans.statut', 'bilans.version', 'bilans.updated_at', 'bilans.submitted_at']);

/** Latest year first, then région and name (a CLSM has one bilan a year: year and CLSM are unique). */
const SUMMARY_ORDER: SortKey<BilanSummary>[] = [
  { ref: 'bilans.annee', desc: true, of: (b) => b.annee },
  { ref: 'clsm.region', of: (b) => b.region },
  { ref: 'clsm.nom', of: (b) => b.nom },
  { ref: 'bilans.clsm_id', of: (b) => b.clsm_id },
];

/** Every bilan of a scope and filters: for small selections (one CLSM's years, the demonstration loader); users see `pageBilanSummaries`. */
export async function listBilanSummaries(db: Kysely<Database>, scope: BilanScope, filters: BilanFilters): Promise<BilanSummary[]> {
  return summaries(db, scope, filters).orderBy('bilans.annee', 'desc').orderBy('clsm.region').orderBy('clsm.nom').orderBy('bilans.clsm_id').execute();
}

export function pageBilanSummaries(db: Kysely<Database>, scope: BilanScope, filters: BilanFilters, page: PageRequest): Promise<Page<BilanSummary>> {
  return readPage(summaries(db, scope, filters), SUMMARY_ORDER, page);
}

export interface BilanPageRow {
  id: number;
  clsm_id: string;
  annee: number;
  region: string;
  departement: string;
  questionnaire_version: string;
  statut: BilanStatut;
}

/** One page of bilans after `afterId` (keyset on id): exports never hold the whole table. */
export async function pageBilans(db: Kysely<Database>, scope: BilanScope, filters: BilanFilters, afterId: number, size: number): Promise<BilanPageRow[]> {
  return scopedBilans(db, scope, filters)
    .select(['bilans.id', 'bilans.clsm_id', 'bilans.annee', 'clsm.region', 'clsm.departement', 'bilans.questionnaire_version', 'bilans.statut'])
    .where('bilans.id', '>', afterId)
    .orderBy('bilans.id')
    .limit(size)
    .execute();
}

/** Bilans whose derived data (services/derived-data.ts) may need a refresh at start. */
export async function listBilansForRefresh(db: Kysely<Database>, options: { missingCompletude?: boolean; statuts?: readonly BilanStatut[]; clsmId?: string }) {
  let q = db
    .selectFrom('bilans')
    .innerJoin('clsm', 'clsm.id', 'bilans.clsm_id')
    .select(['bilans.id', 'bilans.clsm_id', 'bilans.annee', 'bilans.questionnaire_version', 'bilans.statut', 'clsm.region', 'clsm.departement']);
  if (options.missingCompletude) q = q.where('bilans.completude', 'is', null);
  if (options.statuts) q = q.where('bilans.statut', 'in', options.statuts);
  if (options.clsmId) q = q.where('bilans.clsm_id', '=', options.clsmId);
  return q.orderBy('bilans.id').execute();
}

export async function setCompletude(db: Kysely<Database>, id: number, completude: number): Promise<void> {
  await db.updateTable('bilans').set({ completude }).where('id', '=', id).execute();
}
