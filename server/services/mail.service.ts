/**
 * Mail: every mail is a row of `mail_queue`, written in the transaction of
 * what it tells (an invitation, a returned bilan…), so a request never waits
 * for a mail server and a rolled-back change sends nothing. The worker
 * (server/mail/worker.ts, in the server process; the CLI runs one pass after
 * queuing) sends due mails:
 *
 * - claim: UPDATE … SET statut = 'sending', locked_until = now + lease WHERE
 *   id = ? AND (pending and due, or sending with an expired lease), then check
 *   that one row changed, so several instances send each mail once (a worker
 *   that died mid-send leaves a lease that runs out, and the mail is retried);
 * - a failure puts the mail back to pending with a growing delay (1, 2, 4 …
 *   64 minutes); after 8 attempts it is `failed`, shown to the admin on
 *   /admin/courriels with the server's answer, and can be sent again from there;
 * - once sent over SMTP the bodies are cleared (they may hold a sign-in link);
 *   with the outbox (no SMTP_URL) they stay, like the .eml file.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database, MailRow } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { createMailTransport, outboxFile, type MailTransport } from '../mail/transport.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import {
  claimMail,
  countMailsByStatut,
  findMail,
  insertMail,
  listDueMailIds,
  pageMails,
  markMailFailed,
  markMailSent,
  requeueMail,
  type MailSummary,
  type NewMail,
} from '../repositories/mail.repository.ts';
import { DEFAULT_PAGE, type PageRequest } from '../repositories/pagination.ts';
import type { ServiceDeps } from './deps.ts';

export const MAX_MAIL_ATTEMPTS = 8;
/** How long a claimed mail stays with its worker: longer than the SMTP timeouts together. */
const LEASE_MS = 5 * 60_000;
/** Delay before attempt n+1 after n failed attempts: 1, 2, 4 … 64 minutes. */
export const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

/** Tells the worker (when one runs in this process) that mails were queued. */
export class MailSignal {
  listener: (() => void) | null = null;
  notify(): void {
    this.listener?.();
  }
}

/** Queues a mail inside the caller's transaction. */
export async function queueMail(db: Kysely<Database>, mail: NewMail, at = new Date().toISOString()): Promise<number> {
  return insertMail(db, mail, at);
}

export interface QueueRun {
  sent: number;
  /** Failed attempts that will be retried. */
  retried: number;
  /** Mails given up after their last attempt. */
  failed: number;
}

export interface MailDetail extends MailSummary {
  /** The text part, shown only with the outbox (over SMTP it may hold a sign-in link, then is cleared). */
  text_body: string | null;
  outbox_file: string | null;
}

export function mailService({ db, config, mailSignal }: ServiceDeps) {
  let transport: MailTransport | null = null;
  const transportOf = () => (transport ??= createMailTransport(config.mail));
  const requireAdmin = (user: AuthUser) => {
    if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  const outbox = config.mail.smtpUrl === null;
  let running: Promise<QueueRun> | null = null;

  async function sendOne(id: number, now: Date, run: QueueRun): Promise<void> {
    const claimed = await claimMail(db, id, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString());
    if (!claimed) return; // another worker has it
    const mail = (await findMail(db, id))!;
    try {
      const { messageId } = await transportOf().send({ id, to: mail.to_address, subject: mail.subject, text: mail.text_body ?? '', html: mail.html_body ?? '' });
      await markMailSent(db, id, new Date().toISOString(), messageId, !outbox);
      run.sent++;
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const last = mail.attempts >= MAX_MAIL_ATTEMPTS;
      await markMailFailed(db, id, reason, last ? null : new Date(now.getTime() + retryDelayMs(mail.attempts)).toISOString());
      if (last) run.failed++;
      else run.retried++;
    }
  }

  /** One pass over the due mails (at most 50); `now` lets a test or the CLI look at a later time. */
  async function processQueue(options: { now?: Date } = {}): Promise<QueueRun> {
    // One pass at a time in a process; other instances are kept apart by the claims.
    while (running) await running.catch(() => undefined);
    running = (async () => {
      const now = options.now ?? new Date();
      const run: QueueRun = { sent: 0, retried: 0, failed: 0 };
      for (const id of await listDueMailIds(db, now.toISOString(), 50)) await sendOne(id, now, run);
      return run;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  return {
    processQueue,
    /** `smtp`, or `outbox` when SMTP_URL is not set. */
    transportKind: (): 'smtp' | 'outbox' => (outbox ? 'outbox' : 'smtp'),
    /** Wakes the worker after mails were queued (committed). */
    queued: () => mailSignal.notify(),

    /** A page of the queue, latest first, with the count per statut (admin). */
    async list(user: AuthUser, filters: { statut?: MailRow['statut'] | undefined } = {}, page: PageRequest = { limit: DEFAULT_PAGE }) {
      requireAdmin(user);
      const counts = await countMailsByStatut(db);
      const mails = await pageMails(db, { statut: filters.statut }, page);
      const lignes = filters.statut ? counts[filters.statut] : Object.values(counts).reduce((a, b) => a + b, 0);
      return { transport: outbox ? ('outbox' as const) : ('smtp' as const), outboxDir: outbox ? config.mail.outboxDir : null, counts, mails: mails.items, page: { lignes, next_cursor: mails.next_cursor } };
    },

    async get(user: AuthUser, id: number): Promise<MailDetail> {
      requireAdmin(user);
      const mail = await findMail(db, id);
      if (!mail) throw notFound(msg.mailIntrouvable(id));
      const { text_body, html_body: _h, ...summary } = mail;
      const file = outboxFile(config.mail.outboxDir, id);
      return { ...summary, text_body: outbox ? text_body : null, outbox_file: outbox && existsSync(file) ? file : null };
    },

    /** The .eml file of a mail of the outbox (admin). */
    async eml(user: AuthUser, id: number): Promise<Buffer> {
      const mail = await this.get(user, id);
      if (!mail.outbox_file) throw notFound(msg.mailIntrouvable(id));
      return readFileSync(mail.outbox_file);
    },

    /** A failed mail, queued again from its first attempt (admin). */
    async retry(user: AuthUser, id: number): Promise<void> {
      requireAdmin(user);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        if (!(await findMail(trx, id))) throw notFound(msg.mailIntrouvable(id));
        if (!(await requeueMail(trx, id, now))) throw invalid('Seul un courriel en échec peut être renvoyé.');
        await recordAudit(trx, [{ userId: user.id, entity: 'mail', entityId: String(id), action: 'nouvel_essai' }], now);
      });
      mailSignal.notify();
    },

    close(): void {
      transport?.close();
      transport = null;
    },
  };
}

export type MailService = ReturnType<typeof mailService>;
