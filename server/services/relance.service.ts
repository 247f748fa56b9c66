/**
 * Reminders (relances): a mail to the coordinators of CLSM whose bilan of the
 * year is not received yet (not started, in draft) or was returned for
 * correction. The ARS reminds within its scope (its région, or département),
 * the admin and the command line nationally. The same selection gives the
 * preview (the mail and its recipients) and the sending; each CLSM reminded
 * gets a row in `relances` (the follow-up shows the date of the last one) and
 * an audit entry.
 *
 * Who receives it: the coordinators of the selected CLSM that can sign in, one
 * mail per CLSM (a coordinator of two CLSM gets two mails, each about its own).
 *
 * The automatic schedule of a campagne (`relances_jours`, e.g. 14 and 3 days
 * before closing) is run by `npm run cli -- relances --planifiees` from cron:
 * a step is run once (recorded in `relance_etapes` before anything is sent);
 * when several steps are due at once (cron did not run for a while), one
 * reminder goes out for all of them.
 */
import { clsmScopeFilter, canRemind, SYSTEM_USER, type AuthUser } from '../domain/access.ts';
import { RELANCE_STATUTS, STATUT_LABEL, type RelanceStatut } from '../domain/statuts.ts';
import { frenchDate } from '../../analytics/format.ts';
import { deadlineOf, todayInFrance } from '../domain/workflow.ts';
import { AppError, forbidden, invalid, type Issue } from '../errors.ts';
import { relanceMail, type MailContent } from '../mail/templates.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { listCampagnes, type Campagne } from '../repositories/campagne.repository.ts';
import { listProlongations } from '../repositories/prolongation.repository.ts';
import { claimRelanceEtape, insertRelances } from '../repositories/relance.repository.ts';
import { listSuiviRows } from '../repositories/suivi.repository.ts';
import { listActiveCoordinators } from '../repositories/user.repository.ts';
import type { CampagneService } from './campagne.service.ts';
import { parseRelancesJours } from './campagne.service.ts';
import type { ServiceDeps } from './deps.ts';
import { queueMail } from './mail.service.ts';
import { bilanUrl } from './notification.service.ts';

export interface RelanceSelection {
  /** Only these CLSM (each must be in the scope and not received yet); absent: every CLSM of the scope in `statuts`. */
  clsmIds?: string[] | undefined;
  /** Default: the three statuts a reminder may be about. */
  statuts?: RelanceStatut[] | undefined;
  /** Narrows the scope to one région (admin, command line). */
  region?: string | undefined;
  /** A few words added to the mail by the ARS. */
  message?: string | null | undefined;
}

export interface RelanceTarget {
  clsm_id: string;
  nom: string;
  region: string;
  departement: string;
  statut: RelanceStatut;
  derniere_relance: string | null;
  /** The coordinators who will receive it (accounts that can sign in). */
  destinataires: string[];
}

export interface RelancePlan {
  annee: number;
  clsm: RelanceTarget[];
  /** Every recipient, once. */
  destinataires: string[];
  /** CLSM selected that have no coordinator account able to receive it. */
  sans_destinataire: string[];
  /** The mail of the first CLSM with a recipient, as it will be sent. */
  apercu: (MailContent & { clsm_id: string }) | null;
}

export interface RelanceResult extends RelancePlan {
  /** Mails queued (0 for a dry run). */
  envoyes: number;
}

export function relanceService({ db, config, mailSignal }: ServiceDeps, campagnes: CampagneService) {
  const { publicUrl } = config.mail;

  async function plan(user: AuthUser, annee: number, selection: RelanceSelection): Promise<{ plan: RelancePlan; mails: Map<string, MailContent>; campagne: Campagne }> {
    if (!canRemind(user)) throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : 'Les relances sont envoyées par les ARS et l’administration.');
    const campagne = await campagnes.get(annee);
    if (campagne.statut !== 'ouverte') throw invalid(msg.relanceCampagneFermee(annee));
    const statuts = new Set<RelanceStatut>(selection.statuts?.length ? selection.statuts : RELANCE_STATUTS);
    const rows = await listSuiviRows(db, clsmScopeFilter(user), annee, { clsmStatuts: ['actif'], region: selection.region });
    const byId = new Map(rows.map((r) => [r.clsm_id, r]));
    const remindable = (s: string | null): s is RelanceStatut => (RELANCE_STATUTS as readonly string[]).includes(s ?? 'non_commence');
    let chosen = rows;
    if (selection.clsmIds) {
      // Out of scope looks like absent (404), as everywhere; a bilan already received is a 400.
      const unknown: Issue[] = [...new Set(selection.clsmIds)].filter((id) => !byId.has(id)).map((id) => ({ message: `CLSM introuvable dans votre périmètre (ou pas attendu pour ${annee}) : ${id}`, variable: 'clsm_ids' }));
      if (unknown.length) throw new AppError('introuvable', `Relance impossible : ${unknown.map((i) => i.message).join(' ; ')}`, { issues: unknown });
      const received: Issue[] = [...new Set(selection.clsmIds)]
        .map((id) => byId.get(id)!)
        .filter((row) => !remindable(row.statut))
        .map((row) => ({ message: `${row.nom} : bilan ${STATUT_LABEL[row.statut!].phrase}, pas de relance.`, variable: 'clsm_ids' }));
      if (received.length) throw invalid(`Relance impossible : ${received.map((i) => i.message).join(' ; ')}`, received);
      const wanted = new Set(selection.clsmIds);
      chosen = rows.filter((r) => wanted.has(r.clsm_id));
    }
    const targets = chosen.filter((r) => remindable(r.statut) && statuts.has((r.statut ?? 'non_commence') as RelanceStatut));
    const coordinators = await listActiveCoordinators(db, targets.map((t) => t.clsm_id));
    const prolongations = new Map((await listProlongations(db, clsmScopeFilter(SYSTEM_USER), annee)).map((p) => [p.clsm_id, p.jusqu_au]));
    const message = selection.message?.trim() || null;
    const mails = new Map<string, MailContent>();
    const clsm: RelanceTarget[] = targets.map((t) => {
      const statut = (t.statut ?? 'non_commence') as RelanceStatut;
      const deadline = deadlineOf({ campagne, prolongation: prolongations.get(t.clsm_id) ?? null });
      mails.set(t.clsm_id, relanceMail({ url: bilanUrl(publicUrl, t.clsm_id, annee), clsmNom: t.nom, annee, statut, deadline: deadline ? frenchDate(deadline) : null, message }));
      return {
        clsm_id: t.clsm_id,
        nom: t.nom,
        region: t.region,
        departement: t.departement,
        statut,
        derniere_relance: t.derniere_relance,
        destinataires: coordinators.filter((c) => c.clsm_id === t.clsm_id).map((c) => c.email),
      };
    });
    const first = clsm.find((c) => c.destinataires.length);
    return {
      campagne,
      mails,
      plan: {
        annee,
        clsm,
        destinataires: [...new Set(clsm.flatMap((c) => c.destinataires))].sort(),
        sans_destinataire: clsm.filter((c) => c.destinataires.length === 0).map((c) => c.clsm_id),
        apercu: first ? { clsm_id: first.clsm_id, ...mails.get(first.clsm_id)! } : null,
      },
    };
  }

  async function send(user: AuthUser, annee: number, selection: RelanceSelection, options: { dryRun?: boolean; etape?: number | null } = {}): Promise<RelanceResult> {
    const { plan: p, mails } = await plan(user, annee, selection);
    if (p.clsm.length === 0) throw invalid(msg.relanceVide);
    if (options.dryRun) return { ...p, envoyes: 0 };
    const reached = p.clsm.filter((c) => c.destinataires.length);
    const now = new Date().toISOString();
    let envoyes = 0;
    await db.transaction().execute(async (trx) => {
      const coordinators = await listActiveCoordinators(trx, reached.map((c) => c.clsm_id));
      for (const c of reached) {
        for (const to of coordinators.filter((x) => x.clsm_id === c.clsm_id)) {
          await queueMail(trx, { kind: 'relance', to: to.email, userId: to.user_id, ...mails.get(c.clsm_id)! }, now);
          envoyes++;
        }
      }
      await insertRelances(trx, reached.map((c) => ({ annee, clsm_id: c.clsm_id, recipients: c.destinataires.length, etape: options.etape ?? null })), user.id, now);
      await recordAudit(
        trx,
        reached.map((c) => ({ userId: user.id, entity: 'campagne' as const, entityId: String(annee), action: 'relance', variable: c.clsm_id, new: { destinataires: c.destinataires, statut: c.statut, etape: options.etape ?? null } })),
        now,
      );
    });
    if (envoyes) mailSignal.notify();
    return { ...p, envoyes };
  }

  return {
    /** What a reminder would send, to whom (nothing is written). */
    preview: async (user: AuthUser, annee: number, selection: RelanceSelection = {}): Promise<RelancePlan> => (await plan(user, annee, selection)).plan,
    send,

    /**
     * Runs the due steps of every open campagne's schedule (today in France,
     * `relances_jours` days before `closes_on` or later, until the closing day).
     * Each step is run once; returns what was done per campagne.
     */
    async runScheduled(options: { today?: string; dryRun?: boolean } = {}): Promise<Array<{ annee: number; etapes: number[]; result: RelanceResult | null; note: string }>> {
      const today = options.today ?? todayInFrance();
      const report = [];
      for (const campagne of await listCampagnes(db)) {
        const steps = parseRelancesJours(campagne.relances_jours);
        if (campagne.statut !== 'ouverte' || !campagne.closes_on || steps.length === 0 || today > campagne.closes_on) continue;
        const closes = Date.parse(`${campagne.closes_on}T00:00:00Z`);
        const due = steps.filter((d) => today >= new Date(closes - d * 86_400_000).toISOString().slice(0, 10));
        if (due.length === 0) continue;
        if (options.dryRun) {
          const preview = await plan(SYSTEM_USER, campagne.annee, {}).then((x) => ({ ...x.plan, envoyes: 0 }), () => null);
          report.push({ annee: campagne.annee, etapes: due, result: preview, note: 'simulation : rien n’a été envoyé ni noté' });
          continue;
        }
        const claimed: number[] = [];
        for (const d of due) if (await claimRelanceEtape(db, campagne.annee, d, new Date().toISOString())) claimed.push(d);
        if (claimed.length === 0) {
          report.push({ annee: campagne.annee, etapes: [], result: null, note: `étapes ${due.join(', ')} déjà faites` });
          continue;
        }
        const etape = Math.min(...claimed);
        try {
          report.push({ annee: campagne.annee, etapes: claimed, result: await send(SYSTEM_USER, campagne.annee, {}, { etape }), note: `étape J-${etape}` });
        } catch (error) {
          // Nobody left to remind: the step is done all the same.
          report.push({ annee: campagne.annee, etapes: claimed, result: null, note: error instanceof Error ? error.message : String(error) });
        }
      }
      return report;
    },
  };
}

export type RelanceService = ReturnType<typeof relanceService>;
