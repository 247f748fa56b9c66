/**
 * Personal data: what is held about one account (its download), what an
 * account's anonymisation touches, and what retention removes. SQL only,
 * portable (SQLite and PostgreSQL); services/personal-data.service.ts holds
 * the rules.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database, UserRow } from '../db/database.ts';

/** SQLite caps bound parameters per statement. */
const CHUNK = 500;
async function inChunks<T>(ids: readonly T[], run: (chunk: T[]) => Promise<number>): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) n += await run(ids.slice(i, i + CHUNK));
  return n;
}

// ---- one account's data ----

export async function sessionsOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('sessions').select(['created_at', 'expires_at', 'ip', 'user_agent']).where('user_id', '=', userId).orderBy('id').execute();
}

export async function loginFailuresOf(db: Kysely<Database>, key: string) {
  return db.selectFrom('login_failures').select(['failures', 'first_at', 'locked_until']).where('key', '=', key).executeTakeFirst();
}

export async function linksOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('account_tokens').select(['purpose', 'created_at', 'expires_at', 'used_at']).where('user_id', '=', userId).orderBy('id').execute();
}

const AUDIT_COLUMNS = ['id', 'at', 'user_id', 'entity', 'entity_id', 'action', 'variable', 'old_value', 'new_value'] as const;

/** Audit entries the account made (`authored`) and those about the account (`about`), oldest first. */
export async function auditOf(db: Kysely<Database>, userId: number) {
  const [authored, about] = await Promise.all([
    db.selectFrom('audit_log').select(AUDIT_COLUMNS).where('user_id', '=', userId).orderBy('id').execute(),
    db.selectFrom('audit_log').select(AUDIT_COLUMNS).where('entity', '=', 'user').where('entity_id', '=', String(userId)).orderBy('id').execute(),
  ]);
  return { authored, about };
}

export async function commentsBy(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('comments')
    .innerJoin('bilans', 'bilans.id', 'comments.bilan_id')
    .select(['bilans.clsm_id', 'bilans.annee', 'comments.variable', 'comments.message', 'comments.created_at'])
    .where('comments.author_id', '=', userId)
    .orderBy('comments.id')
    .execute();
}

/** Mails to the account (by its id, or to its address). */
export async function mailsTo(db: Kysely<Database>, userId: number, email: string) {
  return db
    .selectFrom('mail_queue')
    .select(['id', 'kind', 'to_address', 'subject', 'text_body', 'statut', 'created_at', 'sent_at'])
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('to_address', '=', email)]))
    .orderBy('id')
    .execute();
}

export async function notificationsOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('notifications').select(['kind', 'clsm_id', 'annee', 'created_at', 'mail_id']).where('user_id', '=', userId).orderBy('id').execute();
}

// ---- anonymisation ----

/** A text column contains a string (LIKE with `%`, `_` and `\` taken literally: an address may hold `_`). */
function contains(column: 'old_value' | 'new_value', text: string) {
  const pattern = `%${text.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** What anonymising these accounts changes besides their own row: the ids of each kind (a dry run lists them). */
export interface Footprint {
  mails: number[];
  sessions: number[];
  tokens: number[];
  /** Entries about the accounts (details cleared) or quoting their address (address replaced). */
  audit: number[];
  loginFailures: string[];
}

export async function footprintOf(db: Kysely<Database>, accounts: ReadonlyArray<Pick<UserRow, 'id' | 'email'>>): Promise<Footprint> {
  if (accounts.length === 0) return { mails: [], sessions: [], tokens: [], audit: [], loginFailures: [] };
  const ids = accounts.map((a) => a.id);
  const emails = accounts.map((a) => a.email);
  const [mails, sessions, tokens, audit, failures] = await Promise.all([
    db.selectFrom('mail_queue').select('id').where((eb) => eb.or([eb('user_id', 'in', ids), eb('to_address', 'in', emails)])).orderBy('id').execute(),
    db.selectFrom('sessions').select('id').where('user_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('account_tokens').select('id').where('user_id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('audit_log')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('entity', '=', 'user'), eb('entity_id', 'in', ids.map(String)), eb.or([eb('old_value', 'is not', null), eb('new_value', 'is not', null)])]),
          ...emails.flatMap((e) => [contains('old_value', JSON.stringify(e)), contains('new_value', JSON.stringify(e))]),
        ]),
      )
      .orderBy('id')
      .execute(),
    db.selectFrom('login_failures').select('key').where('key', 'in', emails.map((e) => `compte:${e}`)).orderBy('key').execute(),
  ]);
  return { mails: mails.map((r) => r.id), sessions: sessions.map((r) => r.id), tokens: tokens.map((r) => r.id), audit: audit.map((r) => r.id), loginFailures: failures.map((r) => r.key) };
}

/**
 * Anonymises one account inside the caller's transaction: its row stays, as
 * `pseudonym`, with no password, disabled; its sessions, links, CLSM links,
 * notifications, sign-in failures and the mails to it go; the details of
 * the audit entries about it are cleared and its address is replaced by the
 * pseudonym wherever an entry quotes it (a reminder's recipients…). The
 * entries it made stay, pointing to the anonymised row. Returns the ids of
 * the mails deleted (their outbox files go after the commit).
 */
export async function anonymiseUser(db: Kysely<Database>, row: UserRow, pseudonym: string, at: string): Promise<number[]> {
  const quoted = JSON.stringify(row.email);
  const replacement = JSON.stringify(pseudonym);
  await db
    .updateTable('audit_log')
    .set({ old_value: sql`replace(old_value, ${quoted}, ${replacement})`, new_value: sql`replace(new_value, ${quoted}, ${replacement})` })
    .where((eb) => eb.or([contains('old_value', quoted), contains('new_value', quoted)]))
    .execute();
  await db.updateTable('audit_log').set({ old_value: null, new_value: null }).where('entity', '=', 'user').where('entity_id', '=', String(row.id)).execute();
  const mails = await db
    .selectFrom('mail_queue')
    .select('id')
    .where((eb) => eb.or([eb('user_id', '=', row.id), eb('to_address', '=', row.email)]))
    .execute();
  await deleteMails(db, mails.map((m) => m.id));
  await db.deleteFrom('notifications').where('user_id', '=', row.id).execute();
  await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
  await db.deleteFrom('account_tokens').where('user_id', '=', row.id).execute();
  await db.deleteFrom('user_clsm').where('user_id', '=', row.id).execute();
  await db.deleteFrom('login_failures').where('key', '=', `compte:${row.email}`).execute();
  await db
    .updateTable('users')
    .set({ email: pseudonym, password_hash: null, disabled_at: row.disabled_at ?? at, last_login_at: null, invited_at: null, anonymised_at: at, updated_at: at })
    .where('id', '=', row.id)
    .execute();
  return mails.map((m) => m.id);
}

// ---- retention ----

export interface AccountDue {
  id: number;
  email: string;
  role: UserRow['role'];
  reason: 'desactive' | 'invitation';
  /** When it was disabled, or last invited. */
  since: string;
}

/** Accounts disabled before `disabledBefore`, and invitations never accepted sent before `invitedBefore` (not yet anonymised). */
export async function accountsDue(db: Kysely<Database>, disabledBefore: string, invitedBefore: string): Promise<AccountDue[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'disabled_at', 'invited_at', 'created_at'])
    .where('anonymised_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('disabled_at', '<', disabledBefore),
        eb.and([eb('disabled_at', 'is', null), eb('password_hash', 'is', null), eb(eb.fn.coalesce('invited_at', 'created_at'), '<', invitedBefore)]),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, ...(r.disabled_at ? { reason: 'desactive' as const, since: r.disabled_at } : { reason: 'invitation' as const, since: r.invited_at ?? r.created_at }) }));
}

/**
 * Audit entries whose details retention clears: older than `before`, with
 * details, except what the accountability of bilans and of the registry
 * needs whole (a bilan's statut changes, the registry, campagnes — but the
 * recipients of their reminders —, exports with personal data).
 */
function reducible(eb: ExpressionBuilder<Database, 'audit_log'>, before: string) {
  return eb.and([
    eb('at', '<', before),
    eb.or([eb('old_value', 'is not', null), eb('new_value', 'is not', null)]),
    eb.not(
      eb.or([
        eb.and([eb('entity', '=', 'bilan'), eb('action', '=', 'statut')]),
        eb('entity', 'in', ['clsm', 'export']),
        eb.and([eb('entity', '=', 'campagne'), eb('action', '!=', 'relance')]),
      ]),
    ),
  ]);
}

export async function auditToReduce(db: Kysely<Database>, before: string): Promise<Array<{ id: number; entity: string; action: string }>> {
  return db.selectFrom('audit_log').select(['id', 'entity', 'action']).where((eb) => reducible(eb, before)).orderBy('id').execute();
}

/** Clears the details (old and new values) of these entries; who, what and when stay. */
export async function clearAuditDetails(db: Kysely<Database>, ids: readonly number[]): Promise<number> {
  return inChunks(ids, async (chunk) => Number((await db.updateTable('audit_log').set({ old_value: null, new_value: null }).where('id', 'in', chunk).executeTakeFirst()).numUpdatedRows));
}

/** Mails sent or given up before `before` (pending ones stay). */
export async function mailsToPurge(db: Kysely<Database>, before: string) {
  return db
    .selectFrom('mail_queue')
    .select(['id', 'kind', 'statut'])
    .where('statut', 'in', ['sent', 'failed'])
    .where((eb) => eb(eb.fn.coalesce('sent_at', 'created_at'), '<', before))
    .orderBy('id')
    .execute();
}

/** Deletes mails and the notifications they told; returns the mails deleted. */
export async function deleteMails(db: Kysely<Database>, ids: readonly number[]): Promise<number> {
  return inChunks(ids, async (chunk) => {
    await db.deleteFrom('notifications').where('mail_id', 'in', chunk).execute();
    return Number((await db.deleteFrom('mail_queue').where('id', 'in', chunk).executeTakeFirst()).numDeletedRows);
  });
}

/** Which of these mail ids still have a queue row. */
export async function existingMailIds(db: Kysely<Database>, ids: readonly number[]): Promise<Set<number>> {
  const found = new Set<number>();
  await inChunks(ids, async (chunk) => {
    for (const r of await db.selectFrom('mail_queue').select('id').where('id', 'in', chunk).execute()) found.add(r.id);
    return 0;
  });
  return found;
}

/** Sessions expired at `now`. */
export async function expiredSessions(db: Kysely<Database>, now: string): Promise<number[]> {
  return (await db.selectFrom('sessions').select('id').where('expires_at', '<=', now).orderBy('id').execute()).map((r) => r.id);
}

/** Invitation and reset links expired before `before`. */
export async function expiredTokens(db: Kysely<Database>, before: string): Promise<number[]> {
  return (await db.selectFrom('account_tokens').select('id').where('expires_at', '<', before).orderBy('id').execute()).map((r) => r.id);
}

/** Sign-in failure counts older than `before` and not locking anything any more. */
export async function oldLoginFailures(db: Kysely<Database>, before: string): Promise<string[]> {
  const rows = await db
    .selectFrom('login_failures')
    .select('key')
    .where('first_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .orderBy('key')
    .execute();
  return rows.map((r) => r.key);
}

export async function deleteSessions(db: Kysely<Database>, ids: readonly number[]): Promise<number> {
  return inChunks(ids, async (chunk) => Number((await db.deleteFrom('sessions').where('id', 'in', chunk).executeTakeFirst()).numDeletedRows));
}

export async function deleteTokens(db: Kysely<Database>, ids: readonly number[]): Promise<number> {
  return inChunks(ids, async (chunk) => Number((await db.deleteFrom('account_tokens').where('id', 'in', chunk).executeTakeFirst()).numDeletedRows));
}

export async function deleteLoginFailures(db: Kysely<Database>, keys: readonly string[]): Promise<number> {
  return inChunks(keys, async (chunk) => Number((await db.deleteFrom('login_failures').where('key', 'in', chunk).executeTakeFirst()).numDeletedRows));
}
