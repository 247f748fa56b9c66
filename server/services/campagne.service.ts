/** Yearly campagnes: one per activity year, pinned to a questionnaire version; opened and closed by the admin. */
import type { Kysely } from 'kysely';
import { CURRENT_VERSION, questionnaires } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import type { CampagneStatut } from '../domain/statuts.ts';
import { canManageClsm, canSeeClsm, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { frenchDate } from '../../analytics/format.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { findCampagne, findOpenCampagne, insertCampagne, listCampagnes, pageCampagnes, setCampagneStatut, updateCampagneRow, type Campagne } from '../repositories/campagne.repository.ts';
import { pageOf, type Page, type PageRequest, type SortKey } from '../repositories/pagination.ts';
import { findClsm } from '../repositories/clsm.repository.ts';
import { deleteProlongation, findProlongation, listProlongations, upsertProlongation, type ProlongationView } from '../repositories/prolongation.repository.ts';
import { listRelanceEtapes } from '../repositories/relance.repository.ts';
import type { ServiceDeps } from './deps.ts';

const PROLONGATION_ORDER: SortKey<ProlongationView>[] = [
  { ref: 'region', of: (p) => p.region },
  { ref: 'nom', of: (p) => p.nom },
  { ref: 'clsm_id', of: (p) => p.clsm_id },
];

export interface CampagneInput {
  annee: number;
  questionnaire_version?: string | undefined;
  opens_on?: string | null | undefined;
  closes_on?: string | null | undefined;
  statut?: CampagneStatut | undefined;
  /** Automatic reminders, in days before the closing date (e.g. [14, 3]). */
  relances_jours?: number[] | null | undefined;
}

export type CampagnePatch = Partial<Pick<CampagneInput, 'opens_on' | 'closes_on' | 'relances_jours' | 'questionnaire_version'>>;

/** "14,3" ↔ [14, 3]: distinct whole days, largest first. */
export const parseRelancesJours = (text: string | null): number[] => (text ? text.split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 0) : []);
function relancesJoursText(days: readonly number[] | null | undefined): string | null {
  if (!days?.length) return null;
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 365)) throw invalid('Relances automatiques : des nombres de jours entiers entre 0 et 365.');
  return [...new Set(days)].sort((a, b) => b - a).join(',');
}

function checkDates(opens: string | null | undefined, closes: string | null | undefined): void {
  if (opens && closes && closes < opens) throw invalid('La date de clôture doit suivre la date d’ouverture.');
}

/** Inserts a campagne inside the caller's transaction (imports create past years closed). */
export async function addCampagne(trx: Kysely<Database>, actorId: number | null, input: CampagneInput): Promise<Campagne> {
  const version = input.questionnaire_version ?? CURRENT_VERSION;
  if (!questionnaires.has(version)) throw invalid(`Version de questionnaire inconnue : ${version} (connues : ${[...questionnaires.keys()].join(', ')})`);
  checkDates(input.opens_on, input.closes_on);
  if (await findCampagne(trx, input.annee)) throw new AppError('conflit', msg.campagneExiste(input.annee));
  const row: Campagne = {
    annee: input.annee,
    questionnaire_version: version,
    opens_on: input.opens_on ?? null,
    closes_on: input.closes_on ?? null,
    statut: input.statut ?? 'ouverte',
    relances_jours: relancesJoursText(input.relances_jours),
  };
  const now = new Date().toISOString();
  await insertCampagne(trx, row, now);
  await recordAudit(trx, [{ userId: actorId, entity: 'campagne', entityId: String(input.annee), action: 'creation', new: row }], now);
  return row;
}

/** The campagne of a year, created closed in the given questionnaire version when absent (imports of past years). */
export async function ensureCampagne(trx: Kysely<Database>, annee: number, questionnaireVersion?: string): Promise<Campagne> {
  return (await findCampagne(trx, annee)) ?? addCampagne(trx, null, { annee, statut: 'fermee', questionnaire_version: questionnaireVersion });
}

export function campagneService({ db }: ServiceDeps) {
  const requireAdmin = (user: AuthUser) => {
    if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  /** Prolongations: the admin, and the ARS for the CLSM of its scope. */
  const requireReviewer = (user: AuthUser) => {
    if (user.role !== 'admin' && user.role !== 'ars') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  async function get(annee: number): Promise<Campagne> {
    const c = await findCampagne(db, annee);
    if (!c) throw notFound(msg.campagneIntrouvable(annee));
    return c;
  }
  return {
    list: (): Promise<Campagne[]> => listCampagnes(db),
    page: (page: PageRequest): Promise<Page<Campagne>> => pageCampagnes(db, page),
    get,
    /** The most recent open campagne, if any. */
    current: (): Promise<Campagne | undefined> => findOpenCampagne(db),
    /** The campagne a page opens on: the given year, else the open one, else the latest. */
    async defaultYear(annee?: number): Promise<number> {
      if (annee !== undefined) return annee;
      return (await findOpenCampagne(db))?.annee ?? (await listCampagnes(db))[0]?.annee ?? new Date().getFullYear();
    },
    async create(user: AuthUser, input: CampagneInput): Promise<Campagne> {
      requireAdmin(user);
      return db.transaction().execute((trx) => addCampagne(trx, user.id, input));
    },
    async setStatut(user: AuthUser, annee: number, statut: CampagneStatut): Promise<Campagne> {
      requireAdmin(user);
      return db.transaction().execute(async (trx) => {
        const before = await findCampagne(trx, annee);
        if (!before) throw notFound(msg.campagneIntrouvable(annee));
        if (before.statut !== statut) {
          const now = new Date().toISOString();
          await setCampagneStatut(trx, annee, statut, now);
          await recordAudit(trx, [{ userId: user.id, entity: 'campagne', entityId: String(annee), action: 'statut', old: before.statut, new: statut }], now);
        }
        return { ...before, statut };
      });
    },

    /** Dates, questionnaire version and reminder schedule of a campagne (admin), with one audit entry per change. */
    async update(user: AuthUser, annee: number, patch: CampagnePatch): Promise<Campagne> {
      requireAdmin(user);
      return db.transaction().execute(async (trx) => {
        const before = await findCampagne(trx, annee);
        if (!before) throw notFound(msg.campagneIntrouvable(annee));
        const after: Campagne = {
          ...before,
          ...(patch.opens_on !== undefined ? { opens_on: patch.opens_on } : {}),
          ...(patch.closes_on !== undefined ? { closes_on: patch.closes_on } : {}),
          ...(patch.relances_jours !== undefined ? { relances_jours: relancesJoursText(patch.relances_jours) } : {}),
          ...(patch.questionnaire_version !== undefined ? { questionnaire_version: patch.questionnaire_version ?? before.questionnaire_version } : {}),
        };
        if (!questionnaires.has(after.questionnaire_version)) throw invalid(`Version de questionnaire inconnue : ${after.questionnaire_version} (connues : ${[...questionnaires.keys()].join(', ')})`);
        checkDates(after.opens_on, after.closes_on);
        const changed = (Object.keys(after) as (keyof Campagne)[]).filter((k) => after[k] !== before[k]);
        if (changed.length) {
          const now = new Date().toISOString();
          await updateCampagneRow(trx, after, now);
          await recordAudit(trx, changed.map((k) => ({ userId: user.id, entity: 'campagne' as const, entityId: String(annee), action: 'modification', variable: k, old: before[k], new: after[k] })), now);
        }
        return after;
      });
    },

    /** The scheduled reminder steps already run for a campagne. */
    relanceEtapes: (annee: number) => listRelanceEtapes(db, annee),

    /** Later closing dates of a campagne, for the CLSM of the user's scope (admin, ARS). */
    async prolongations(user: AuthUser, annee: number): Promise<ProlongationView[]> {
      requireReviewer(user);
      await get(annee);
      return listProlongations(db, clsmScopeFilter(user), annee);
    },

    /** A page of them (the API), by région and name of CLSM. */
    async prolongationsPage(user: AuthUser, annee: number, page: PageRequest): Promise<Page<ProlongationView>> {
      return pageOf(await this.prolongations(user, annee), PROLONGATION_ORDER, page);
    },

    /** Grants (or moves) a later closing date to one CLSM (admin; ARS in its scope). */
    async prolong(user: AuthUser, annee: number, clsmId: string, jusquAu: string): Promise<ProlongationView> {
      requireReviewer(user);
      return db.transaction().execute(async (trx) => {
        const campagne = await findCampagne(trx, annee);
        if (!campagne) throw notFound(msg.campagneIntrouvable(annee));
        const clsm = await findClsm(trx, clsmId);
        if (!clsm || !canSeeClsm(user, clsm)) throw notFound(msg.clsmIntrouvable(clsmId));
        if (!canManageClsm(user, clsm)) throw forbidden(msg.horsRegion);
        if (!campagne.closes_on) throw invalid(`La campagne ${annee} n’a pas de date de clôture : il n’y a rien à prolonger.`);
        if (jusquAu <= campagne.closes_on) throw invalid(`La prolongation doit aller au-delà de la clôture de la campagne (${frenchDate(campagne.closes_on)}).`);
        const before = await findProlongation(trx, annee, clsmId);
        const now = new Date().toISOString();
        await upsertProlongation(trx, annee, clsmId, jusquAu, user.id, now);
        await recordAudit(trx, [{ userId: user.id, entity: 'campagne', entityId: String(annee), action: 'prolongation', variable: clsmId, old: before ?? null, new: jusquAu }], now);
        return { annee, clsm_id: clsmId, nom: clsm.nom, region: clsm.region, departement: clsm.departement, jusqu_au: jusquAu, created_at: now, created_by_email: user.email };
      });
    },

    /** Withdraws a CLSM's later closing date (admin; ARS in its scope). */
    async removeProlongation(user: AuthUser, annee: number, clsmId: string): Promise<void> {
      requireReviewer(user);
      await db.transaction().execute(async (trx) => {
        const clsm = await findClsm(trx, clsmId);
        if (!clsm || !canSeeClsm(user, clsm)) throw notFound(msg.clsmIntrouvable(clsmId));
        if (!canManageClsm(user, clsm)) throw forbidden(msg.horsRegion);
        const before = await findProlongation(trx, annee, clsmId);
        if (!before || !(await deleteProlongation(trx, annee, clsmId))) throw notFound(`Aucune prolongation ${annee} pour le CLSM ${clsmId}.`);
        const now = new Date().toISOString();
        await recordAudit(trx, [{ userId: user.id, entity: 'campagne', entityId: String(annee), action: 'prolongation', variable: clsmId, old: before, new: null }], now);
      });
    },
  };
}

export type CampagneService = ReturnType<typeof campagneService>;
