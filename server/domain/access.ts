/**
 * Who may see and do what. Pure functions over the signed-in user, used by the
 * repositories (so the API and the web pages apply the same rules) and by the
 * web plugin to decide what to show.
 *
 * - coordinateur: its CLSM (one or more); fills in and submits their bilans.
 * - ars: its region, or one département of it (délégation départementale);
 *   reviews (returns, validates, reopens) and manages that part of the registry.
 * - ccoms: national and read-only; sees only bilans whose CLSM consented
 *   (`consentement_ccoms` = oui) and that were submitted or validated.
 * - admin: everything.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/database.ts';
import { INDICATEUR_STATUTS, type BilanStatut, type Role } from './statuts.ts';
import type { BilanScope } from '../repositories/bilan.repository.ts';
import type { ClsmScope } from '../repositories/clsm.repository.ts';

export interface AuthUser {
  id: number;
  email: string;
  role: Role;
  region: string | null;
  departement: string | null;
  /** Coordinators: the CLSM they fill in. Empty for the other roles. */
  clsmIds: string[];
}

/** The command line and the demo loader act as this administrator (audited as the system: no account). */
export const SYSTEM_USER: AuthUser = Object.freeze({ id: 0, email: 'systeme', role: 'admin', region: null, departement: null, clsmIds: [] });

/** What locates a CLSM for scoping. */
export interface ClsmPlace {
  id: string;
  region: string;
  departement: string;
}

/** Bilan statuts the CCOMS may read: consent is only final once submitted. */
export const CCOMS_STATUTS: readonly BilanStatut[] = ['soumis', 'valide'];

function inArsScope(user: AuthUser, clsm: ClsmPlace): boolean {
  return clsm.region === user.region && (!user.departement || clsm.departement === user.departement);
}

/** Can see the CLSM in the registry (not its bilans). */
export function canSeeClsm(user: AuthUser, clsm: ClsmPlace): boolean {
  switch (user.role) {
    case 'admin':
    case 'ccoms':
      return true;
    case 'ars':
      return inArsScope(user, clsm);
    case 'coordinateur':
      return user.clsmIds.includes(clsm.id);
  }
}

/** Can create or change a registry entry at this place. */
export function canManageClsm(user: AuthUser, clsm: Pick<ClsmPlace, 'region' | 'departement'>): boolean {
  return user.role === 'admin' || (user.role === 'ars' && inArsScope(user, { id: '', ...clsm }));
}

/** Can read the bilan (null: none exists yet). */
export function canReadBilan(user: AuthUser, clsm: ClsmPlace, bilan: { statut: BilanStatut; consentement_ccoms: string | null } | null): boolean {
  if (user.role === 'ccoms') return bilan !== null && bilan.consentement_ccoms === 'oui' && CCOMS_STATUTS.includes(bilan.statut);
  return canSeeClsm(user, clsm);
}

/** Can change the answers and submit (coordinator of the CLSM, or admin). */
export function canEditAnswers(user: AuthUser, clsm: ClsmPlace): boolean {
  return user.role === 'admin' || (user.role === 'coordinateur' && user.clsmIds.includes(clsm.id));
}

/**
 * Can publish the yearly fiche by a public link, or withdraw it: the
 * coordinator of the CLSM (it speaks for the CLSM to its partners and the
 * population) and the admin. Not the ARS nor the CCOMS: the fiche is the
 * CLSM's own communication.
 */
export function canPublishFiche(user: AuthUser, clsm: ClsmPlace): boolean {
  return canEditAnswers(user, clsm);
}

/** Can return, validate or reopen (ARS of the place, or admin). */
export function canReview(user: AuthUser, clsm: ClsmPlace): boolean {
  return user.role === 'admin' || (user.role === 'ars' && inArsScope(user, clsm));
}

/**
 * Accounts: the admin manages every account; an ARS manages the coordinators
 * whose CLSM are all in its scope, and the ARS accounts of its scope (its
 * région's, or its département's for a délégation). Nobody else manages any.
 */
export function canManageAccount(user: AuthUser, target: { role: Role; region: string | null; departement: string | null; clsmIds: readonly string[] }, clsmPlaces: ReadonlyMap<string, ClsmPlace>): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'ars') return false;
  if (target.role === 'coordinateur') {
    return target.clsmIds.length > 0 && target.clsmIds.every((id) => {
      const place = clsmPlaces.get(id);
      return place !== undefined && inArsScope(user, place);
    });
  }
  if (target.role === 'ars') return target.region === user.region && (!user.departement || target.departement === user.departement);
  return false;
}

/** Reminders (relances): the ARS in its scope and the admin. */
export function canRemind(user: AuthUser): boolean {
  return user.role === 'ars' || user.role === 'admin';
}

/**
 * Campaign follow-up (suivi): ARS (its region), CCOMS and admin (national).
 * The follow-up shows statuts and dates, which are campaign facts, not the
 * bilan's content: the CCOMS sees them for every CLSM; the completeness
 * (computed from answers) only for bilans it may read.
 */
export function canReadSuivi(user: AuthUser): boolean {
  return user.role !== 'coordinateur';
}

/**
 * Indicators, dashboards, état des lieux: ARS (its region), CCOMS (consented
 * bilans) and admin. Coordinators read their own bilan, not a statistic over
 * one or two bilans.
 */
export function canReadIndicators(user: AuthUser): boolean {
  return user.role !== 'coordinateur';
}

/**
 * The scope as a Kysely filter on a query that includes the `clsm` table.
 * Applied in SQL, so that nothing out of scope is ever read.
 */
export function clsmScopeFilter(user: AuthUser): ClsmScope {
  return <DB extends Database, TB extends keyof DB & 'clsm'>(eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const e = eb as unknown as ExpressionBuilder<Database, 'clsm'>;
    switch (user.role) {
      case 'admin':
      case 'ccoms':
        return e.lit(true);
      case 'ars':
        return user.departement
          ? e.and([e('clsm.region', '=', user.region ?? ''), e('clsm.departement', '=', user.departement)])
          : e('clsm.region', '=', user.region ?? '');
      case 'coordinateur':
        return user.clsmIds.length ? e('clsm.id', 'in', user.clsmIds) : e.lit(false);
    }
  };
}

/** The bilans the user may read, as the repositories' scope: the CCOMS only consented bilans once submitted. */
export function bilanScope(user: AuthUser): BilanScope {
  return user.role === 'ccoms' ? { clsm: clsmScopeFilter(user), consentedOnly: true, statuts: CCOMS_STATUTS } : { clsm: clsmScopeFilter(user), consentedOnly: false };
}

/**
 * The bilans behind public outputs (open data, the national benchmark of the
 * dashboards): every CLSM, bilans submitted or validated whose CLSM
 * consented to share with the CCOMS. No user: the outputs are masked.
 */
export function publicIndicatorScope(): BilanScope {
  return { clsm: clsmScopeFilter(SYSTEM_USER), consentedOnly: true, statuts: CCOMS_STATUTS };
}

/** The bilans of the user's scope that feed the indicators (submitted or validated; consented for the CCOMS). */
export function indicatorScope(user: AuthUser): BilanScope {
  return { clsm: clsmScopeFilter(user), consentedOnly: user.role === 'ccoms', statuts: INDICATEUR_STATUTS };
}
