/** Yearly campagnes: one per activity year, pinned to a questionnaire version; opened and closed by the admin. */
import type { Kysely } from 'kysely';
import { CURRENT_VERSION, questionnaires } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import type { CampagneStatut } from '../domain/statuts.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { findCampagne, findOpenCampagne, insertCampagne, listCampagnes, setCampagneStatut, type Campagne } from '../repositories/campagne.repository.ts';
import type { ServiceDeps } from './deps.ts';

export interface CampagneInput {
  annee: number;
  questionnaire_version?: string | undefined;
  opens_on?: string | null | undefined;
  closes_on?: string | null | undefined;
  statut?: CampagneStatut | undefined;
}

/** Inserts a campagne inside the caller's transaction (imports create past years closed). */
export async function addCampagne(trx: Kysely<Database>, actorId: number | null, input: CampagneInput): Promise<Campagne> {
  const version = input.questionnaire_version ?? CURRENT_VERSION;
  if (!questionnaires.has(version)) throw invalid(`Version de questionnaire inconnue : ${version} (connues : ${[...questionnaires.keys()].join(', ')})`);
  if (input.opens_on && input.closes_on && input.closes_on < input.opens_on) throw invalid('La date de clôture doit suivre la date d’ouverture.');
  if (await findCampagne(trx, input.annee)) throw new AppError('conflit', msg.campagneExiste(input.annee));
  const row: Campagne = { annee: input.annee, questionnaire_version: version, opens_on: input.opens_on ?? null, closes_on: input.closes_on ?? null, statut: input.statut ?? 'ouverte' };
  const now = new Date().toISOString();
  await insertCampagne(trx, row, now);
  await recordAudit(trx, [{ userId: actorId, entity: 'campagne', entityId: String(input.annee), action: 'creation', new: row }], now);
  return row;
}

/** The campagne of a year, created closed when absent (imports of past years). */
export async function ensureCampagne(trx: Kysely<Database>, annee: number): Promise<Campagne> {
  return (await findCampagne(trx, annee)) ?? addCampagne(trx, null, { annee, statut: 'fermee' });
}

export function campagneService({ db }: ServiceDeps) {
  const requireAdmin = (user: AuthUser) => {
    if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  async function get(annee: number): Promise<Campagne> {
    const c = await findCampagne(db, annee);
    if (!c) throw notFound(msg.campagneIntrouvable(annee));
    return c;
  }
  return {
    list: (): Promise<Campagne[]> => listCampagnes(db),
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
  };
}

export type CampagneService = ReturnType<typeof campagneService>;
