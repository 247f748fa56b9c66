/** Accounts (tables `users`, `user_clsm`, `account_tokens`). SQL only: services/user.service.ts and account.service.ts hold the rules. */
import type { Kysely } from 'kysely';
import type { AccountTokenPurpose, AccountTokenRow, Database, UserRow } from '../db/database.ts';
import type { AccountStatut, Role } from '../domain/statuts.ts';
import type { AuthUser } from '../domain/access.ts';

export interface UserScopeColumns {
  role: Role;
  region: string | null;
  departement: string | null;
}

/** An account as the account pages list it. */
export interface AccountView extends AuthUser {
  statut: AccountStatut;
  invited_at: string | null;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: string;
}

export const statutOf = (row: Pick<UserRow, 'disabled_at' | 'password_hash' | 'anonymised_at'>): AccountStatut =>
  row.anonymised_at ? 'anonymise' : row.disabled_at ? 'desactive' : row.password_hash ? 'actif' : 'invite';

/** An account with its CLSM, whatever its state (undefined when no account has this id). */
export async function findAccount(db: Kysely<Database>, id: number): Promise<AccountView | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const links = await db.selectFrom('user_clsm').select('clsm_id').where('user_id', '=', id).orderBy('clsm_id').execute();
  return accountOf(row, row.role === 'coordinateur' ? links.map((l) => l.clsm_id) : []);
}

function accountOf(row: UserRow, clsmIds: string[]): AccountView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    region: row.region,
    departement: row.departement,
    clsmIds,
    statut: statutOf(row),
    invited_at: row.invited_at,
    last_login_at: row.last_login_at,
    disabled_at: row.disabled_at,
    created_at: row.created_at,
  };
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserRow(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  values: UserScopeColumns & { email: string; password_hash: string | null; invited_at?: string | null; invited_by?: number | null },
  at: string,
): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({ invited_at: null, invited_by: null, ...values, disabled_at: null, last_login_at: null, created_at: at, updated_at: at })
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

export async function setDisabledAt(db: Kysely<Database>, id: number, disabledAt: string | null, at: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: at }).where('id', '=', id).execute();
}

export async function setInvited(db: Kysely<Database>, id: number, invitedBy: number | null, at: string): Promise<void> {
  await db.updateTable('users').set({ invited_at: at, invited_by: invitedBy || null, updated_at: at }).where('id', '=', id).execute();
}

export async function setLastLogin(db: Kysely<Database>, id: number, at: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
}

export async function listAccounts(db: Kysely<Database>): Promise<AccountView[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  const links = await db.selectFrom('user_clsm').selectAll().orderBy('clsm_id').execute();
  const byUser = new Map<number, string[]>();
  for (const l of links) byUser.set(l.user_id, [...(byUser.get(l.user_id) ?? []), l.clsm_id]);
  return rows.map((r) => accountOf(r, r.role === 'coordinateur' ? (byUser.get(r.id) ?? []) : []));
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** Admins that can sign in (a password, not disabled), other than `exceptId`. */
export async function countOtherActiveAdmins(db: Kysely<Database>, exceptId: number): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('password_hash', 'is not', null)
    .where('id', '!=', exceptId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Who a mail about a CLSM goes to: the coordinators of these CLSM that can sign in. */
export async function listActiveCoordinators(db: Kysely<Database>, clsmIds: readonly string[]): Promise<Array<{ user_id: number; email: string; clsm_id: string }>> {
  if (clsmIds.length === 0) return [];
  return db
    .selectFrom('user_clsm')
    .innerJoin('users', 'users.id', 'user_clsm.user_id')
    .select(['users.id as user_id', 'users.email', 'user_clsm.clsm_id'])
    .where('user_clsm.clsm_id', 'in', clsmIds)
    .where('users.role', '=', 'coordinateur')
    .where('users.disabled_at', 'is', null)
    .where('users.password_hash', 'is not', null)
    .orderBy('users.email')
    .execute();
}

/** The ARS accounts (that can sign in) whose scope covers a place: the région's, and the délégation of its département. */
export async function listActiveArsOf(db: Kysely<Database>, region: string, departement: string): Promise<Array<{ user_id: number; email: string }>> {
  return db
    .selectFrom('users')
    .select(['id as user_id', 'email'])
    .where('role', '=', 'ars')
    .where('region', '=', region)
    .where((eb) => eb.or([eb('departement', 'is', null), eb('departement', '=', departement)]))
    .where('disabled_at', 'is', null)
    .where('password_hash', 'is not', null)
    .orderBy('email')
    .execute();
}

// ---- invitation and reset links ----

export async function insertToken(
  db: Kysely<Database>,
  values: { token_hash: string; user_id: number; purpose: AccountTokenPurpose; expires_at: string; created_by: number | null },
  at: string,
): Promise<void> {
  await db.insertInto('account_tokens').values({ ...values, created_at: at, used_at: null }).execute();
}

export async function findTokenByHash(db: Kysely<Database>, tokenHash: string): Promise<AccountTokenRow | undefined> {
  return db.selectFrom('account_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks the link used; false when it already was (another request used it first). */
export async function consumeToken(db: Kysely<Database>, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('account_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends every unused link of an account (of some purposes): a new link, or a new password, replaces them. */
export async function retireTokens(db: Kysely<Database>, userId: number, purposes: readonly AccountTokenPurpose[], at: string): Promise<void> {
  await db.updateTable('account_tokens').set({ used_at: at }).where('user_id', '=', userId).where('purpose', 'in', purposes).where('used_at', 'is', null).execute();
}

export async function countTokensSince(db: Kysely<Database>, userId: number, purpose: AccountTokenPurpose, since: string): Promise<number> {
  const { n } = await db
    .selectFrom('account_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The expiry of each account's pending invitation link. */
export async function pendingInvitationExpiries(db: Kysely<Database>, now: string): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('account_tokens')
    .select(['user_id', (eb) => eb.fn.max('expires_at').as('expires_at')])
    .where('purpose', '=', 'invitation')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, String(r.expires_at)]));
}

export async function deleteExpiredTokens(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('account_tokens').where('expires_at', '<', before).execute();
}
