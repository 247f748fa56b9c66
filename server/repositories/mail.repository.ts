/**
 * The mail queue and the notifications waiting to be mailed (tables
 * `mail_queue`, `notifications`). SQL only, portable (SQLite and
 * PostgreSQL): a worker claims a mail by an UPDATE guarded by its statut and
 * checks that it changed one row, so that several instances send each mail once.
 */
import type { Kysely } from 'kysely';
import { readPage, type Page, type PageRequest } from './pagination.ts';
import type { Database, MailRow } from '../db/database.ts';

export interface NewMail {
  kind: string;
  to: string;
  userId: number | null;
  subject: string;
  text: string;
  html: string;
}

export async function insertMail(db: Kysely<Database>, mail: NewMail, at: string): Promise<number> {
  const { id } = await db
    .insertInto('mail_queue')
    .values({
      kind: mail.kind,
      to_address: mail.to,
      user_id: mail.userId || null,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      statut: 'pending',
      attempts: 0,
      next_attempt_at: at,
      locked_until: null,
      last_error: null,
      message_id: null,
      created_at: at,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Mails due now: pending and due, or claimed by a worker whose lease ran out. */
export async function listDueMailIds(db: Kysely<Database>, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('mail_queue')
    .select('id')
    .where((eb) => eb.or([eb.and([eb('statut', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('statut', '=', 'sending'), eb('locked_until', '<', now)])]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Takes a due mail for this worker until `leaseUntil`; false when another worker took it first. */
export async function claimMail(db: Kysely<Database>, id: number, now: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('mail_queue')
    .set((eb) => ({ statut: 'sending', locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb.and([eb('statut', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('statut', '=', 'sending'), eb('locked_until', '<', now)])]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findMail(db: Kysely<Database>, id: number): Promise<MailRow | undefined> {
  return db.selectFrom('mail_queue').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markMailSent(db: Kysely<Database>, id: number, at: string, messageId: string | null, clearBody: boolean): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set({ statut: 'sent', sent_at: at, locked_until: null, last_error: null, message_id: messageId, ...(clearBody ? { text_body: null, html_body: null } : {}) })
    .where('id', '=', id)
    .execute();
}

/** A failed attempt: back to pending at `retryAt`, or failed for good when `retryAt` is null. */
export async function markMailFailed(db: Kysely<Database>, id: number, error: string, retryAt: string | null): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set(retryAt ? { statut: 'pending', next_attempt_at: retryAt, locked_until: null, last_error: error } : { statut: 'failed', locked_until: null, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** A failed mail, sent again from the start (admin). False when the mail is not failed. */
export async function requeueMail(db: Kysely<Database>, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('mail_queue').set({ statut: 'pending', attempts: 0, next_attempt_at: at }).where('id', '=', id).where('statut', '=', 'failed').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type MailSummary = Omit<MailRow, 'text_body' | 'html_body'>;

/** A page of the queue, latest first. */
export function pageMails(db: Kysely<Database>, options: { statut?: MailRow['statut'] | undefined }, page: PageRequest): Promise<Page<MailSummary>> {
  let q = db
    .selectFrom('mail_queue')
    .select(['id', 'kind', 'to_address', 'user_id', 'subject', 'statut', 'attempts', 'next_attempt_at', 'locked_until', 'last_error', 'message_id', 'created_at', 'sent_at']);
  if (options.statut) q = q.where('statut', '=', options.statut);
  return readPage(q, [{ ref: 'id', desc: true, of: (m) => m.id }], page);
}

export async function countMailsByStatut(db: Kysely<Database>): Promise<Record<MailRow['statut'], number>> {
  const rows = await db.selectFrom('mail_queue').select(['statut', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('statut').execute();
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.statut] = Number(r.n);
  return counts;
}

// ---- notifications waiting to be mailed ----

export async function insertNotifications(db: Kysely<Database>, rows: Array<{ user_id: number; clsm_id: string; annee: number }>, at: string): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows.map((r) => ({ ...r, kind: 'soumission' as const, created_at: at, mail_id: null }))).execute();
}

/** The people with submissions waiting to be told. */
export async function listUsersWithPendingNotifications(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('notifications').select('user_id').where('mail_id', 'is', null).groupBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export interface PendingNotification {
  id: number;
  clsm_id: string;
  annee: number;
  created_at: string;
  nom: string;
  statut: string | null;
}

/** A person's waiting submissions, with the CLSM's name and the bilan's current statut. */
export async function listPendingNotifications(db: Kysely<Database>, userId: number): Promise<PendingNotification[]> {
  return db
    .selectFrom('notifications')
    .innerJoin('clsm', 'clsm.id', 'notifications.clsm_id')
    .leftJoin('bilans', (join) => join.onRef('bilans.clsm_id', '=', 'notifications.clsm_id').onRef('bilans.annee', '=', 'notifications.annee'))
    .select(['notifications.id', 'notifications.clsm_id', 'notifications.annee', 'notifications.created_at', 'clsm.nom', 'bilans.statut'])
    .where('notifications.user_id', '=', userId)
    .where('notifications.mail_id', 'is', null)
    .orderBy('notifications.id')
    .execute();
}

/** Attaches waiting notifications to the mail that tells them; false when another worker took one of them. */
export async function attachNotifications(db: Kysely<Database>, ids: readonly number[], mailId: number): Promise<boolean> {
  if (ids.length === 0) return true;
  const r = await db.updateTable('notifications').set({ mail_id: mailId }).where('id', 'in', ids).where('mail_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === ids.length;
}

/** When a mail of these kinds was last queued for a person (the digest's rhythm). */
export async function lastMailTo(db: Kysely<Database>, userId: number, kinds: readonly string[]): Promise<string | undefined> {
  const row = await db.selectFrom('mail_queue').select('created_at').where('user_id', '=', userId).where('kind', 'in', kinds).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.created_at;
}
