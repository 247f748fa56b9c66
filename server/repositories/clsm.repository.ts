/** The registry of CLSM: every CLSM expected to answer a campaign. */
import type { Kysely } from 'kysely';
import type { ClsmRow, ClsmStatut, Database } from '../db/database.ts';
import { canManageClsm, canSeeClsm, clsmScopeFilter, type AuthUser } from '../domain/access.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from './audit.repository.ts';

export type Clsm = Omit<ClsmRow, 'created_at' | 'updated_at'>;

export interface ClsmInput {
  id: string;
  nom: string;
  region: string;
  departement: string;
  autres_departements?: string | null;
  communes?: string | null;
  annee_creation?: number | null;
  statut: ClsmStatut;
}

export interface ClsmFilters {
  region?: string | undefined;
  departement?: string | undefined;
  statut?: ClsmStatut | undefined;
}

const COLUMNS = ['clsm.id', 'clsm.nom', 'clsm.region', 'clsm.departement', 'clsm.autres_departements', 'clsm.communes', 'clsm.annee_creation', 'clsm.statut'] as const;

export async function listClsm(db: Kysely<Database>, user: AuthUser, filters: ClsmFilters = {}): Promise<Clsm[]> {
  let q = db.selectFrom('clsm').select(COLUMNS).where(clsmScopeFilter(user));
  if (filters.region) q = q.where('clsm.region', '=', filters.region);
  if (filters.departement) q = q.where('clsm.departement', '=', filters.departement);
  if (filters.statut) q = q.where('clsm.statut', '=', filters.statut);
  return q.orderBy('clsm.region').orderBy('clsm.departement').orderBy('clsm.nom').execute();
}

/** Without any scope: internal use (imports, repositories that check access themselves). */
export async function findClsm(db: Kysely<Database>, id: string): Promise<Clsm | undefined> {
  return db.selectFrom('clsm').select(COLUMNS).where('clsm.id', '=', id).executeTakeFirst();
}

/** The CLSM if the user may see it; 404 otherwise (out of scope looks like absent). */
export async function getClsm(db: Kysely<Database>, user: AuthUser, id: string): Promise<Clsm> {
  const clsm = await findClsm(db, id);
  if (!clsm || !canSeeClsm(user, clsm)) throw notFound(msg.clsmIntrouvable(id));
  return clsm;
}

export async function createClsm(db: Kysely<Database>, user: AuthUser, input: ClsmInput): Promise<Clsm> {
  if (!canManageClsm(user, input)) throw forbidden(user.role === 'ars' ? msg.horsRegion : msg.interdit);
  return db.transaction().execute(async (trx) => {
    if (await findClsm(trx, input.id)) throw new AppError('conflit', msg.clsmExiste(input.id));
    const now = new Date().toISOString();
    const row = normalize(input);
    await trx.insertInto('clsm').values({ ...row, created_at: now, updated_at: now }).execute();
    await recordAudit(trx, [{ userId: user.id, entity: 'clsm', entityId: input.id, action: 'creation', new: row }]);
    return row;
  });
}

export async function updateClsm(db: Kysely<Database>, user: AuthUser, id: string, patch: Partial<Omit<ClsmInput, 'id'>>): Promise<Clsm> {
  return db.transaction().execute(async (trx) => {
    const before = await getClsm(trx, user, id);
    const after = normalize({ ...before, ...patch, id });
    // An ARS analyst may neither touch nor move a CLSM outside its region.
    if (!canManageClsm(user, before) || !canManageClsm(user, after)) throw forbidden(user.role === 'ars' ? msg.horsRegion : msg.interdit);
    const { id: _id, ...values } = after;
    await trx.updateTable('clsm').set({ ...values, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== before[k]);
    await recordAudit(trx, changed.map((k) => ({ userId: user.id, entity: 'clsm' as const, entityId: id, action: 'modification', variable: k, old: before[k], new: values[k] })));
    return after;
  });
}

function normalize(input: ClsmInput): Clsm {
  return {
    id: input.id.trim(),
    nom: input.nom.trim(),
    region: input.region.trim(),
    departement: input.departement.trim(),
    autres_departements: input.autres_departements?.trim() || null,
    communes: input.communes?.trim() || null,
    annee_creation: input.annee_creation ?? null,
    statut: input.statut,
  };
}

/** Inserts or updates registry entries (CLI import, demo): no user scope, one audit entry per CLSM. */
export async function upsertClsm(db: Kysely<Database>, inputs: ClsmInput[], actorId: number | null = null): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  const now = new Date().toISOString();
  for (const input of inputs) {
    const row = normalize(input);
    const before = await findClsm(db, row.id);
    if (before) {
      const { id: _id, ...values } = row;
      await db.updateTable('clsm').set({ ...values, updated_at: now }).where('id', '=', row.id).execute();
      updated++;
    } else {
      await db.insertInto('clsm').values({ ...row, created_at: now, updated_at: now }).execute();
      created++;
    }
    await recordAudit(db, [{ userId: actorId, entity: 'clsm', entityId: row.id, action: before ? 'import_modification' : 'import_creation', old: before ?? null, new: row }], now);
  }
  return { created, updated };
}
