/**
 * Mails that follow a bilan's life, queued in the transaction of the change:
 *
 * - returned for correction: each coordinator of that CLSM, with the comments;
 * - validated: each coordinator of that CLSM;
 * - submitted: each ARS account whose scope covers the CLSM (its région's, and
 *   its département's délégation). At most one such mail per person per 24
 *   hours: the first submission is mailed at once (by the worker's next
 *   pass), the ones that follow within 24 hours wait and go together in one
 *   digest 24 hours after the previous mail. A submission no longer
 *   `soumis` when its mail is due (returned, validated or reopened meanwhile)
 *   is left out.
 *
 * Recipients are accounts that can sign in (a password chosen, not disabled):
 * a coordinator is never told about another CLSM, an ARS never about another
 * région (or département, for a délégation).
 */
import type { Kysely } from 'kysely';
import { indexOf, labelFor, type Questionnaire } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import { frenchDate } from '../../analytics/format.ts';
import { returnMail, submissionMail, validationMail } from '../mail/templates.ts';
import { attachNotifications, insertNotifications, lastMailTo, listPendingNotifications, listUsersWithPendingNotifications } from '../repositories/mail.repository.ts';
import { findUserRow, listActiveArsOf, listActiveCoordinators } from '../repositories/user.repository.ts';
import type { Clsm } from '../repositories/clsm.repository.ts';
import type { ServiceDeps } from './deps.ts';
import { queueMail } from './mail.service.ts';

/** Minimum time between two submission mails to one person. */
export const DIGEST_MS = 24 * 3600_000;

export const bilanUrl = (publicUrl: string, clsmId: string, annee: number) => `${publicUrl}/bilans/${encodeURIComponent(clsmId)}/${annee}`;

export type BilanEvent =
  | { action: 'submit'; clsm: Clsm; annee: number }
  | { action: 'return'; clsm: Clsm; annee: number; comments: Array<{ variable: string | null; message: string }>; questionnaire: Questionnaire; deadline: string | null }
  | { action: 'validate'; clsm: Clsm; annee: number };

/**
 * Queues what a change of statut tells (call inside its transaction).
 * Returns true when a mail or a notification was queued.
 */
export async function notifyBilanEvent(trx: Kysely<Database>, publicUrl: string, event: BilanEvent, at: string): Promise<boolean> {
  const { clsm, annee } = event;
  if (event.action === 'submit') {
    const ars = await listActiveArsOf(trx, clsm.region, clsm.departement);
    await insertNotifications(trx, ars.map((a) => ({ user_id: a.user_id, clsm_id: clsm.id, annee })), at);
    return ars.length > 0;
  }
  const coordinators = await listActiveCoordinators(trx, [clsm.id]);
  const url = bilanUrl(publicUrl, clsm.id, annee);
  let content;
  if (event.action === 'return') {
    const index = indexOf(event.questionnaire);
    const comments = event.comments.map((c) => {
      const entry = c.variable ? index.questions.get(c.variable) : undefined;
      return { question: entry ? labelFor(entry.question.shortLabel ?? entry.question.label, annee) : null, message: c.message };
    });
    content = returnMail({ url, clsmNom: clsm.nom, annee, comments, deadline: event.deadline ? frenchDate(event.deadline) : null });
  } else {
    content = validationMail({ url, clsmNom: clsm.nom, annee });
  }
  for (const c of coordinators) {
    await queueMail(trx, { kind: event.action === 'return' ? 'renvoi' : 'validation', to: c.email, userId: c.user_id, ...content }, at);
  }
  return coordinators.length > 0;
}

/** Raised inside a transaction to roll it back when another worker took the same notifications. */
class TakenElsewhere extends Error {}

export function notificationService({ db, config }: ServiceDeps) {
  const { publicUrl } = config.mail;
  return {
    /**
     * Turns waiting submissions into mails for the people whose last
     * submission mail is 24 hours old (or who never had one). Returns the
     * number of mails queued.
     */
    async processDigests(now = new Date()): Promise<number> {
      let queued = 0;
      for (const userId of await listUsersWithPendingNotifications(db)) {
        const last = await lastMailTo(db, userId, ['soumission']);
        if (last && now.getTime() - Date.parse(last) < DIGEST_MS) continue;
        const pending = await listPendingNotifications(db, userId);
        const user = await findUserRow(db, userId);
        const active = user !== undefined && user.role === 'ars' && !user.disabled_at && user.password_hash !== null;
        const due = active ? pending.filter((p) => p.statut === 'soumis') : [];
        const dropped = pending.filter((p) => !due.includes(p));
        try {
          const mailed = await db.transaction().execute(async (trx) => {
            if (due.length) {
              const at = now.toISOString();
              const content = submissionMail({
                items: due.map((p) => ({ clsmNom: p.nom, annee: p.annee, url: `${bilanUrl(publicUrl, p.clsm_id, p.annee)}/relecture`, at: p.created_at })),
                suiviUrl: `${publicUrl}/suivi?annee=${due[0]!.annee}&statut=soumis`,
              });
              const mailId = await queueMail(trx, { kind: 'soumission', to: user!.email, userId, ...content }, at);
              if (!(await attachNotifications(trx, due.map((p) => p.id), mailId))) throw new TakenElsewhere();
            }
            // 0: handled without a mail (no longer submitted, or the account can no longer sign in).
            if (!(await attachNotifications(trx, dropped.map((p) => p.id), 0))) throw new TakenElsewhere();
            return due.length > 0;
          });
          if (mailed) queued++;
        } catch (error) {
          if (!(error instanceof TakenElsewhere)) throw error;
        }
      }
      return queued;
    },
  };
}

export type NotificationService = ReturnType<typeof notificationService>;
