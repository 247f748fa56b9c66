/** The campaign follow-up queries: the registry in a scope, each CLSM with its bilan of the year (if any). SQL only. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { BilanStatut, ClsmStatut, SuiviStatut } from '../domain/statuts.ts';
import type { ClsmScope } from './clsm.repository.ts';
import { readAll, readPage, type Page, type PageRequest, type SortKey } from './pagination.ts';

export interface SuiviQueryRow {
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  clsm_statut: ClsmStatut;
  statut: BilanStatut | null;
  completude: number | null;
  consentement_ccoms: string | null;
  updated_at: string | null;
  submitted_at: string | null;
  /** When the last reminder about this bilan was sent. */
  derniere_relance: string | null;
  /** 1 while the CLSM has no bilan of the year (the rows of those come last). */
  pending: number;
}

export interface SuiviSelection {
  /** Registry statuts expected to answer (a CLSM with a bilan of the year is always in). */
  clsmStatuts: readonly ClsmStatut[];
  region?: string | undefined;
  departement?: string | undefined;
}

const pending = sql<number>`case when bilans.id is null then 1 else 0 end`;
const suiviStatut = sql<SuiviStatut>`coalesce(bilans.statut, 'non_commence')`;

/** The CLSM of the scope whose registry statut is one of `clsmStatuts`, plus any CLSM that has a bilan for the year whatever its statut. */
function selection(db: Kysely<Database>, scope: ClsmScope, annee: number, options: SuiviSelection) {
  let q = db
    .selectFrom('clsm')
    .leftJoin('bilans', (join) => join.onRef('bilans.clsm_id', '=', 'clsm.id').on('bilans.annee', '=', annee))
    .where(scope)
    .where((eb) => eb.or([eb('clsm.statut', 'in', options.clsmStatuts), eb('bilans.id', 'is not', null)]));
  if (options.region) q = q.where('clsm.region', '=', options.region);
  if (options.departement) q = q.where('clsm.departement', '=', options.departement);
  return q;
}

/** How many CLSM of the selection per région, département and follow-up statut (non_commence when no bilan). */
export async function countSuivi(db: Kysely<Database>, scope: ClsmScope, annee: number, options: SuiviSelection) {
  const rows = await selection(db, scope, annee, options)
    .select((eb) => ['clsm.region', 'clsm.departement', suiviStatut.as('statut'), eb.fn.countAll<number | string>().as('n')])
    .groupBy(['clsm.region', 'clsm.departement', suiviStatut])
    .orderBy('clsm.region')
    .orderBy('clsm.departement')
    .execute();
  return rows.map((r) => ({ region: r.region, departement: r.departement, statut: r.statut, n: Number(r.n) }));
}

function rowsOf(db: Kysely<Database>, scope: ClsmScope, annee: number, options: SuiviSelection & { statut?: SuiviStatut | undefined }) {
  const lastRelance = db
    .selectFrom('relances')
    .select(['relances.clsm_id', (eb) => eb.fn.max('relances.sent_at').as('derniere_relance')])
    .where('relances.annee', '=', annee)
    .groupBy('relances.clsm_id')
    .as('r');
  let q = selection(db, scope, annee, options)
    .leftJoin(lastRelance, 'r.clsm_id', 'clsm.id')
    .select([
      'clsm.id as clsm_id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.statut as clsm_statut',
      'bilans.statut', 'bilans.completude', 'bilans.consentement_ccoms', 'bilans.updated_at', 'bilans.submitted_at', 'r.derniere_relance', pending.as('pending'),
    ]);
  if (options.statut === 'non_commence') q = q.where('bilans.id', 'is', null);
  else if (options.statut) q = q.where('bilans.statut', '=', options.statut);
  return q;
}

/** Every row of the selection at once: for the reminders of a région (a batch of mails), not for pages. */
export async function listSuiviRows(db: Kysely<Database>, scope: ClsmScope, annee: number, options: SuiviSelection): Promise<SuiviQueryRow[]> {
  return rowsOf(db, scope, annee, options).orderBy('clsm.region').orderBy('clsm.departement').orderBy('clsm.nom').execute();
}

/** Started bilans first, then the CLSM that have not started; each by région, département, name. */
const SUIVI_ORDER: SortKey<SuiviQueryRow>[] = [
  { ref: pending, of: (r) => r.pending },
  { ref: 'clsm.region', of: (r) => r.region },
  { ref: 'clsm.departement', of: (r) => r.departement },
  { ref: 'clsm.nom', of: (r) => r.nom },
  { ref: 'clsm.id', of: (r) => r.clsm_id },
];

export function pageSuiviRows(db: Kysely<Database>, scope: ClsmScope, annee: number, options: SuiviSelection & { statut?: SuiviStatut | undefined }, page: PageRequest): Promise<Page<SuiviQueryRow>> {
  return readPage(rowsOf(db, scope, annee, options), SUIVI_ORDER, page);
}

/** Every row of the selection, page by page (the CSV). */
export function allSuiviRows(db: Kysely<Database>, scope: ClsmScope, annee: number, options: SuiviSelection & { statut?: SuiviStatut | undefined }): AsyncGenerator<SuiviQueryRow> {
  return readAll(rowsOf(db, scope, annee, options), SUIVI_ORDER);
}
