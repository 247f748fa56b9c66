/** Yearly campagnes (table `campagnes`): one per activity year, pinned to a questionnaire version. SQL only. */
import type { Kysely } from 'kysely';
import type { CampagneRow, Database } from '../db/database.ts';
import type { CampagneStatut } from '../domain/statuts.ts';
import { readPage, type Page, type PageRequest } from './pagination.ts';

export type Campagne = Omit<CampagneRow, 'created_at' | 'updated_at'>;

const COLUMNS = ['annee', 'questionnaire_version', 'opens_on', 'closes_on', 'statut', 'relances_jours'] as const;

export async function listCampagnes(db: Kysely<Database>): Promise<Campagne[]> {
  return db.selectFrom('campagnes').select(COLUMNS).orderBy('annee', 'desc').execute();
}

/** Latest first. One a year: the whole list stays short, but the API pages it like every list. */
export function pageCampagnes(db: Kysely<Database>, page: PageRequest): Promise<Page<Campagne>> {
  return readPage(db.selectFrom('campagnes').select(COLUMNS), [{ ref: 'annee', desc: true, of: (c) => c.annee }], page);
}

export async function findCampagne(db: Kysely<Database>, annee: number): Promise<Campagne | undefined> {
  return db.selectFrom('campagnes').select(COLUMNS).where('annee', '=', annee).executeTakeFirst();
}

/** The most recent open campagne, if any. */
export async function findOpenCampagne(db: Kysely<Database>): Promise<Campagne | undefined> {
  return db.selectFrom('campagnes').select(COLUMNS).where('statut', '=', 'ouverte').orderBy('annee', 'desc').executeTakeFirst();
}

export async function insertCampagne(db: Kysely<Database>, row: Campagne, at: string): Promise<void> {
  await db.insertInto('campagnes').values({ ...row, created_at: at, updated_at: at }).execute();
}

export async function setCampagneStatut(db: Kysely<Database>, annee: number, statut: CampagneStatut, at: string): Promise<void> {
  await db.updateTable('campagnes').set({ statut, updated_at: at }).where('annee', '=', annee).execute();
}

export async function updateCampagneRow(db: Kysely<Database>, row: Campagne, at: string): Promise<void> {
  const { annee, ...values } = row;
  await db.updateTable('campagnes').set({ ...values, updated_at: at }).where('annee', '=', annee).execute();
}
