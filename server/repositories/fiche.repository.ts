/** Public links to yearly fiches (SQL only). */
import type { Kysely } from 'kysely';
import type { BilanStatut } from '../domain/statuts.ts';
import type { Database } from '../db/database.ts';

export interface PublicationRow {
  id: number;
  bilan_id: number;
  token: string;
  created_at: string;
  created_by_email: string | null;
}

const live = (db: Kysely<Database>) =>
  db
    .selectFrom('fiche_publications')
    .leftJoin('users', 'users.id', 'fiche_publications.created_by')
    .select(['fiche_publications.id', 'fiche_publications.bilan_id', 'fiche_publications.token', 'fiche_publications.created_at', 'users.email as created_by_email'])
    .where('fiche_publications.revoked_at', 'is', null);

/** The live link of a bilan, if any. */
export async function findLivePublication(db: Kysely<Database>, bilanId: number): Promise<PublicationRow | undefined> {
  return live(db).where('fiche_publications.bilan_id', '=', bilanId).executeTakeFirst();
}

export async function insertPublication(db: Kysely<Database>, row: { bilan_id: number; token: string; created_at: string; created_by: number | null }): Promise<number> {
  const inserted = await db.insertInto('fiche_publications').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Revokes a live link; false when it was not live any more (revoked meanwhile). */
export async function revokePublication(db: Kysely<Database>, id: number, at: string, by: number | null): Promise<boolean> {
  const result = await db.updateTable('fiche_publications').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface PublishedFicheRow {
  bilan_id: number;
  statut: BilanStatut;
  questionnaire_version: string;
  annee: number;
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
}

/** The bilan and CLSM behind a live link (nothing when unknown or revoked). */
export async function findByToken(db: Kysely<Database>, token: string): Promise<PublishedFicheRow | undefined> {
  return db
    .selectFrom('fiche_publications')
    .innerJoin('bilans', 'bilans.id', 'fiche_publications.bilan_id')
    .innerJoin('clsm', 'clsm.id', 'bilans.clsm_id')
    .select(['bilans.id as bilan_id', 'bilans.statut', 'bilans.questionnaire_version', 'bilans.annee', 'clsm.id as clsm_id', 'clsm.nom', 'clsm.region', 'clsm.departement'])
    .where('fiche_publications.token', '=', token)
    .where('fiche_publications.revoked_at', 'is', null)
    .executeTakeFirst();
}

export interface ClsmPublicationRow extends PublicationRow {
  clsm_id: string;
  clsm_nom: string;
  region: string;
  departement: string;
  annee: number;
  statut: BilanStatut;
}

/** The live links of some CLSM (every CLSM when `clsmIds` is null), the latest year first. */
export async function listLivePublications(db: Kysely<Database>, clsmIds: readonly string[] | null): Promise<ClsmPublicationRow[]> {
  if (clsmIds !== null && clsmIds.length === 0) return [];
  let q = live(db)
    .innerJoin('bilans', 'bilans.id', 'fiche_publications.bilan_id')
    .innerJoin('clsm', 'clsm.id', 'bilans.clsm_id')
    .select(['clsm.id as clsm_id', 'clsm.nom as clsm_nom', 'clsm.region', 'clsm.departement', 'bilans.annee', 'bilans.statut']);
  if (clsmIds !== null) q = q.where('clsm.id', 'in', clsmIds);
  return q.orderBy('clsm.nom').orderBy('bilans.annee', 'desc').execute();
}
