/** Signed-in sessions and failed sign-ins (tables `sessions`, `login_failures`). SQL only: services/account.service.ts holds the rules. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';

export async function insertSession(
  db: Kysely<Database>,
  values: { token_hash: string; user_id: number; expires_at: string; ip: string | null; user_agent: string | null },
  at: string,
): Promise<void> {
  await db.insertInto('sessions').values({ ...values, created_at: at }).execute();
}

/**
 * The signed-in user of a session token's hash: the session exists and has
 * not expired, its account is not disabled. One query, run on every request.
 */
export async function findSessionUser(db: Kysely<Database>, tokenHash: string, now: string): Promise<(AuthUser & { sessionId: number }) | undefined> {
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_clsm', 'user_clsm.user_id', 'users.id')
    .select(['sessions.id as session_id', 'users.id', 'users.email', 'users.role', 'users.region', 'users.departement', 'user_clsm.clsm_id'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .orderBy('user_clsm.clsm_id')
    .execute();
  const [first] = rows;
  if (!first) return undefined;
  const clsmIds = first.role === 'coordinateur' ? rows.flatMap((r) => (r.clsm_id ? [r.clsm_id] : [])) : [];
  return { sessionId: first.session_id, id: first.id, email: first.email, role: first.role, region: first.region, departement: first.departement, clsmIds };
}

export async function deleteSessionByHash(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of an account; returns how many there were. */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countSessionsOfUser(db: Kysely<Database>, userId: number, now: string): Promise<number> {
  const { n } = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// ---- failed sign-ins ----

export interface LoginFailure {
  key: string;
  failures: number;
  first_at: string;
  locked_until: string | null;
}

export async function findLoginFailures(db: Kysely<Database>, keys: readonly string[]): Promise<LoginFailure[]> {
  return db.selectFrom('login_failures').selectAll().where('key', 'in', keys).execute();
}

/**
 * Counts one more failure for a key, in one statement (several instances may
 * count at once): a count whose window started before `windowStart` restarts
 * at 1. Returns the stored count.
 */
export async function addLoginFailure(db: Kysely<Database>, key: string, now: string, windowStart: string): Promise<number> {
  await db
    .insertInto('login_failures')
    .values({ key, failures: 1, first_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: eb.case().when('login_failures.first_at', '<', windowStart).then(1).else(eb('login_failures.failures', '+', 1)).end(),
        first_at: eb.case().when('login_failures.first_at', '<', windowStart).then(now).else(eb.ref('login_failures.first_at')).end(),
      })),
    )
    .execute();
  const row = await db.selectFrom('login_failures').select('failures').where('key', '=', key).executeTakeFirstOrThrow();
  return row.failures;
}

/** Locks a key until a time; the count starts again after it. */
export async function lockLoginKey(db: Kysely<Database>, key: string, until: string): Promise<void> {
  await db.updateTable('login_failures').set({ locked_until: until, failures: 0, first_at: until }).where('key', '=', key).execute();
}

export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** Forgets counts and locks that no longer matter. */
export async function deleteOldLoginFailures(db: Kysely<Database>, before: string): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where('first_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}
