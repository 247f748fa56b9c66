/** The campaign follow-up query: the registry in a scope, each CLSM with its bilan of the year (if any). SQL only. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { BilanStatut, ClsmStatut } from '../domain/statuts.ts';
import type { ClsmScope } from './clsm.repository.ts';

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
}

/**
 * The CLSM of the scope whose registry statut is one of `clsmStatuts`, plus
 * any CLSM that has a bilan for the year whatever its statut.
 */
export async function listSuiviRows(
  db: Kysely<Database>,
  scope: ClsmScope,
  annee: number,
  options: { clsmStatuts: readonly ClsmStatut[]; region?: string | undefined; departement?: string | undefined },
): Promise<SuiviQueryRow[]> {
  const lastRelance = db
    .selectFrom('relances')
    .select(['relances.clsm_id', (eb) => eb.fn.max('relances.sent_at').as('derniere_relance')])
    .where('relances.annee', '=', annee)
    .groupBy('relances.clsm_id')
    .as('r');
  let q = db
    .selectFrom('clsm')
    .leftJoin('bilans', (join) => join.onRef('bilans.clsm_id', '=', 'clsm.id').on('bilans.annee', '=', annee))
    .leftJoin(lastRelance, 'r.clsm_id', 'clsm.id')
    .select([
      'clsm.id as clsm_id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.statut as clsm_statut',
      'bilans.statut', 'bilans.completude', 'bilans.consentement_ccoms', 'bilans.updated_at', 'bilans.submitted_at', 'r.derniere_relance',
    ])
    .where(scope)
    .where((eb) => eb.or([eb('clsm.statut', 'in', options.clsmStatuts), eb('bilans.id', 'is not', null)]));
  if (options.region) q = q.where('clsm.region', '=', options.region);
  if (options.departement) q = q.where('clsm.departement', '=', options.departement);
  return q.orderBy('clsm.region').orderBy('clsm.departement').orderBy('clsm.nom').execute();
}
