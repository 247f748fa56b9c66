/** Accounts (tables `users` and `user_clsm`). SQL only: services/user.service.ts holds the rules. */
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/database.ts';
import type { Role } from '../domain/statuts.ts';
import type { AuthUser } from '../domain/access.ts';

export interface UserScopeColumns {
  role: Role;
  region: string | null;
  departement: string | null;
}

/** The signed-in user of a session (undefined when the account no longer exists): one query, run on every request. */
export async function findAuthUser(db: Kysely<Database>, id: number): Promise<AuthUser | undefined> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('user_clsm', 'user_clsm.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.role', 'users.region', 'users.departement', 'user_clsm.clsm_id'])
    .where('users.id', '=', id)
    .orderBy('user_clsm.clsm_id')
    .execute();
  const [first] = rows;
  if (!first) return undefined;
  const clsmIds = first.role === 'coordinateur' ? rows.flatMap((r) => (r.clsm_id ? [r.clsm_id] : [])) : [];
  return { id: first.id, email: first.email, role: first.role, region: first.region, departement: first.departement, clsmIds };
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function insertUser(db: Kysely<Database>, values: UserScopeColumns & { email: string; password_hash: string }, at: string): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({ ...values, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateUserScopeRow(db: Kysely<Database>, id: number, scope: UserScopeColumns, at: string): Promise<void> {
  await db.updateTable('users').set({ ...scope, updated_at: at }).where('id', '=', id).execute();
}

/** Replaces the CLSM of a coordinator. */
export async function replaceUserClsm(db: Kysely<Database>, userId: number, clsmIds: readonly string[]): Promise<void> {
  await db.deleteFrom('user_clsm').where('user_id', '=', userId).execute();
  if (clsmIds.length) await db.insertInto('user_clsm').values(clsmIds.map((clsm_id) => ({ user_id: userId, clsm_id }))).execute();
}

/** False when no account has this id. */
export async function updatePasswordHash(db: Kysely<Database>, id: number, passwordHash: string, at: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listAuthUsers(db: Kysely<Database>): Promise<AuthUser[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'role', 'region', 'departement']).orderBy('email').execute();
  const links = await db.selectFrom('user_clsm').selectAll().orderBy('clsm_id').execute();
  return rows.map((r) => ({ ...r, clsmIds: links.filter((l) => l.user_id === r.id).map((l) => l.clsm_id) }));
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}
