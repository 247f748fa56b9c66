/** Yearly campaigns: one per activity year, pinned to a questionnaire version. */
import type { Kysely } from 'kysely';
import { CURRENT_VERSION, questionnaires } from '../../survey-schema/index.ts';
import type { CampaignRow, CampaignStatus, Database } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from './audit.repository.ts';

export type Campaign = Omit<CampaignRow, 'created_at' | 'updated_at'>;

export interface CampaignInput {
  annee: number;
  questionnaire_version?: string | undefined;
  opens_on?: string | null | undefined;
  closes_on?: string | null | undefined;
  statut?: CampaignStatus | undefined;
}

const COLUMNS = ['annee', 'questionnaire_version', 'opens_on', 'closes_on', 'statut'] as const;

export async function listCampaigns(db: Kysely<Database>): Promise<Campaign[]> {
  return db.selectFrom('campaigns').select(COLUMNS).orderBy('annee', 'desc').execute();
}

export async function findCampaign(db: Kysely<Database>, annee: number): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').select(COLUMNS).where('annee', '=', annee).executeTakeFirst();
}

export async function getCampaign(db: Kysely<Database>, annee: number): Promise<Campaign> {
  const c = await findCampaign(db, annee);
  if (!c) throw notFound(msg.campagneIntrouvable(annee));
  return c;
}

/** The most recent open campaign, if any. */
export async function currentCampaign(db: Kysely<Database>): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').select(COLUMNS).where('statut', '=', 'ouverte').orderBy('annee', 'desc').executeTakeFirst();
}

function checkVersion(version: string) {
  if (!questionnaires.has(version)) throw invalid(`Version de questionnaire inconnue : ${version} (connues : ${[...questionnaires.keys()].join(', ')})`);
}

export async function createCampaign(db: Kysely<Database>, user: AuthUser | null, input: CampaignInput): Promise<Campaign> {
  if (user && user.role !== 'admin') throw forbidden(msg.interdit);
  const version = input.questionnaire_version ?? CURRENT_VERSION;
  checkVersion(version);
  if (input.opens_on && input.closes_on && input.closes_on < input.opens_on) throw invalid('La date de clôture doit suivre la date d’ouverture.');
  return db.transaction().execute((trx) => insertCampaign(trx, user?.id ?? null, { ...input, questionnaire_version: version }));
}

/** Without a transaction of its own: callers already in one (imports) use it directly. */
async function insertCampaign(db: Kysely<Database>, actorId: number | null, input: CampaignInput): Promise<Campaign> {
  if (await findCampaign(db, input.annee)) throw new AppError('conflit', msg.campagneExiste(input.annee));
  const now = new Date().toISOString();
  const row: Campaign = {
    annee: input.annee,
    questionnaire_version: input.questionnaire_version ?? CURRENT_VERSION,
    opens_on: input.opens_on ?? null,
    closes_on: input.closes_on ?? null,
    statut: input.statut ?? 'ouverte',
  };
  await db.insertInto('campaigns').values({ ...row, created_at: now, updated_at: now }).execute();
  await recordAudit(db, [{ userId: actorId, entity: 'campagne', entityId: String(input.annee), action: 'creation', new: row }]);
  return row;
}

/** Opens or closes a campaign (admin). */
export async function setCampaignStatus(db: Kysely<Database>, user: AuthUser, annee: number, statut: CampaignStatus): Promise<Campaign> {
  if (user.role !== 'admin') throw forbidden(msg.interdit);
  return db.transaction().execute(async (trx) => {
    const before = await getCampaign(trx, annee);
    if (before.statut !== statut) {
      await trx.updateTable('campaigns').set({ statut, updated_at: new Date().toISOString() }).where('annee', '=', annee).execute();
      await recordAudit(trx, [{ userId: user.id, entity: 'campagne', entityId: String(annee), action: 'statut', old: before.statut, new: statut }]);
    }
    return { ...before, statut };
  });
}

/** The campaign of a year, created closed when absent (imports of past years). */
export async function ensureCampaign(db: Kysely<Database>, annee: number, statut: CampaignStatus = 'fermee'): Promise<Campaign> {
  return (await findCampaign(db, annee)) ?? insertCampaign(db, null, { annee, statut });
}
