import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database, Role, UserRow } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from './audit.repository.ts';

export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
}

export const hashPassword = (password: string, cost: Argon2Cost) => hash(password, { ...cost, parallelism: 1 });

/** A hash to verify against when the e-mail is unknown, so that timing does not tell which accounts exist. */
const dummyHashes = new Map<string, Promise<string>>();
function dummyHash(cost: Argon2Cost) {
  const key = `${cost.memoryCost}/${cost.timeCost}`;
  if (!dummyHashes.has(key)) dummyHashes.set(key, hashPassword('mot-de-passe-factice', cost));
  return dummyHashes.get(key)!;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export interface UserInput {
  email: string;
  password: string;
  role: Role;
  region?: string | null;
  departement?: string | null;
  clsmIds?: string[];
}

export interface UserScope {
  role: Role;
  region?: string | null;
  departement?: string | null;
  clsmIds?: string[];
}

/** The scope a role needs: ARS a region, coordinators at least one CLSM. */
async function checkScope(db: Kysely<Database>, scope: UserScope): Promise<void> {
  if (scope.role === 'ars' && !scope.region) throw invalid('Un compte ARS doit avoir une région (--region).');
  if (scope.role === 'coordinateur') {
    if (!scope.clsmIds?.length) throw invalid('Un compte coordonnateur·rice doit être rattaché à au moins un CLSM (--clsm).');
    const found = await db.selectFrom('clsm').select('id').where('id', 'in', scope.clsmIds).execute();
    const missing = scope.clsmIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw invalid(msg.clsmIntrouvable(missing.join(', ')));
  }
}

function scopeColumns(scope: UserScope) {
  return {
    region: scope.role === 'ars' ? (scope.region ?? null) : null,
    departement: scope.role === 'ars' ? (scope.departement ?? null) : null,
  };
}

export async function createUser(db: Kysely<Database>, cost: Argon2Cost, input: UserInput, actorId: number | null = null): Promise<AuthUser> {
  const email = normalizeEmail(input.email);
  await checkScope(db, input);
  const passwordHash = await hashPassword(input.password, cost);
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (exists) throw new AppError('conflit', msg.utilisateurExiste(email));
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto('users')
      .values({ email, password_hash: passwordHash, role: input.role, ...scopeColumns(input), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const clsmIds = input.role === 'coordinateur' ? [...new Set(input.clsmIds ?? [])] : [];
    if (clsmIds.length) await trx.insertInto('user_clsm').values(clsmIds.map((clsm_id) => ({ user_id: id, clsm_id }))).execute();
    await recordAudit(trx, [{ userId: actorId, entity: 'user', entityId: String(id), action: 'role', old: null, new: { role: input.role, ...scopeColumns(input), clsmIds } }]);
    return { id, email, role: input.role, ...scopeColumns(input), clsmIds };
  });
}

/** Changes the role or scope of an account (admin), with an audit entry. */
export async function updateUserScope(db: Kysely<Database>, actorId: number, id: number, scope: UserScope): Promise<AuthUser> {
  await checkScope(db, scope);
  return db.transaction().execute(async (trx) => {
    const before = await loadUser(trx, id);
    if (!before) throw notFound(msg.utilisateurIntrouvable(id));
    const clsmIds = scope.role === 'coordinateur' ? [...new Set(scope.clsmIds ?? [])] : [];
    await trx.updateTable('users').set({ role: scope.role, ...scopeColumns(scope), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    await trx.deleteFrom('user_clsm').where('user_id', '=', id).execute();
    if (clsmIds.length) await trx.insertInto('user_clsm').values(clsmIds.map((clsm_id) => ({ user_id: id, clsm_id }))).execute();
    const after = { role: scope.role, ...scopeColumns(scope), clsmIds };
    const { id: _i, email: _e, ...old } = before;
    await recordAudit(trx, [{ userId: actorId, entity: 'user', entityId: String(id), action: 'role', old, new: after }]);
    return { id, email: before.email, ...after };
  });
}

export async function setPassword(db: Kysely<Database>, cost: Argon2Cost, id: number, password: string, actorId: number | null): Promise<void> {
  const passwordHash = await hashPassword(password, cost);
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date().toISOString() }).where('id', '=', id).executeTakeFirst();
    if (!r.numUpdatedRows) throw notFound(msg.utilisateurIntrouvable(id));
    await recordAudit(trx, [{ userId: actorId, entity: 'user', entityId: String(id), action: 'mot_de_passe' }]);
  });
}

async function withClsm(db: Kysely<Database>, row: Pick<UserRow, 'id' | 'email' | 'role' | 'region' | 'departement'>): Promise<AuthUser> {
  const links = row.role === 'coordinateur' ? await db.selectFrom('user_clsm').select('clsm_id').where('user_id', '=', row.id).orderBy('clsm_id').execute() : [];
  return { id: row.id, email: row.email, role: row.role, region: row.region, departement: row.departement, clsmIds: links.map((l) => l.clsm_id) };
}

const userQuery = prepared((db: Kysely<Database>, id: number) =>
  db
    .selectFrom('users')
    .leftJoin('user_clsm', 'user_clsm.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.role', 'users.region', 'users.departement', 'user_clsm.clsm_id'])
    .where('users.id', '=', id)
    .orderBy('user_clsm.clsm_id'),
);

/** The signed-in user of a session (null when the account no longer exists). One prepared query: it runs on every request. */
export async function loadUser(db: Kysely<Database>, id: number): Promise<AuthUser | null> {
  const { rows } = await userQuery(db, id);
  const [first] = rows;
  if (!first) return null;
  const clsmIds = first.role === 'coordinateur' ? rows.flatMap((r) => (r.clsm_id ? [r.clsm_id] : [])) : [];
  return { id: first.id, email: first.email, role: first.role, region: first.region, departement: first.departement, clsmIds };
}

/** The account matching the credentials, or null. */
export async function authenticate(db: Kysely<Database>, cost: Argon2Cost, email: string, password: string): Promise<AuthUser | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
  if (!row) {
    await verify(await dummyHash(cost), password).catch(() => false);
    return null;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  return ok ? withClsm(db, row) : null;
}

export async function listUsers(db: Kysely<Database>): Promise<AuthUser[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'role', 'region', 'departement']).orderBy('email').execute();
  const links = await db.selectFrom('user_clsm').selectAll().execute();
  return rows.map((r) => ({ ...r, clsmIds: links.filter((l) => l.user_id === r.id).map((l) => l.clsm_id).sort() }));
}
