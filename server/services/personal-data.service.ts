/**
 * Personal data (RGPD): the inventory the « Données personnelles » page
 * shows, a person's download of what the application holds about them, an
 * administrator's anonymisation of an account (its row stays as « Compte
 * anonymisé n° id », so the bilans, comments and audit trail it touched stay
 * whole), the decision to include personal data in an export, and retention
 * (`npm run cli -- purge [--dry-run]`).
 *
 * Retention computes a plan (what is due, by id) and, unless it is a dry
 * run, applies that very plan in the same transaction: a dry run lists
 * exactly what a real run at that moment removes.
 */
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { personalDataInventory, type PersonalDataCategory } from '../domain/personal-data.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { outboxFile } from '../mail/transport.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import {
  accountsDue,
  anonymiseUser,
  auditOf,
  auditToReduce,
  clearAuditDetails,
  commentsBy,
  deleteLoginFailures,
  deleteMails,
  deleteSessions,
  deleteTokens,
  existingMailIds,
  expiredSessions,
  expiredTokens,
  footprintOf,
  linksOf,
  loginFailuresOf,
  mailsTo,
  mailsToPurge,
  notificationsOf,
  oldLoginFailures,
  sessionsOf,
  type AccountDue,
} from '../repositories/privacy.repository.ts';
import { countOtherActiveAdmins, findAccount, findUserRow } from '../repositories/user.repository.ts';
import { LOGIN_FAILURE_KEEP_MS, SESSION_TTL_SECONDS, TOKEN_KEEP_MS } from './account.service.ts';
import { INVITATION_TTL_MS, RESET_TTL_MS } from './user.service.ts';
import type { ServiceDeps } from './deps.ts';

/** The name an anonymised account goes by in bilans, comments and the audit trail. */
export const pseudonymOf = (id: number) => `Compte anonymisé n° ${id}`;

/** The file name of a person's data download (API and « Mon compte »). */
export const myDataFileName = (id: number, at: string) => `mes-donnees-bilan-clsm-${id}-${at.slice(0, 10)}.json`;

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

/** The periods that follow from how sign-in works (the inventory states them). */
export const FIXED_PERIODS = {
  sessionHours: SESSION_TTL_SECONDS / 3600,
  invitationDays: INVITATION_TTL_MS / DAY,
  resetHours: RESET_TTL_MS / HOUR,
  tokenKeepDays: TOKEN_KEEP_MS / DAY,
  loginFailureHours: LOGIN_FAILURE_KEEP_MS / HOUR,
};
/** `months` calendar months before `now` (UTC). */
function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as unknown));
/** A mail's text without its single-use link (the download may be kept anywhere). */
const withoutToken = (text: string | null) => text?.replace(/jeton=[A-Za-z0-9_-]+/g, 'jeton=…') ?? null;

/** An audit entry the person made; its details go unless they are about someone else (another account, mails, reminders' recipients). */
function ownEntry(e: { at: string; entity: string; entity_id: string; action: string; variable: string | null; old_value: string | null; new_value: string | null }, userId: number) {
  const aboutOthers = (e.entity === 'user' && e.entity_id !== String(userId)) || e.entity === 'mail' || (e.entity === 'campagne' && e.action === 'relance');
  return aboutOthers
    ? { le: e.at, objet: e.entity, identifiant: null, action: e.action, variable: null, ancienne_valeur: null, nouvelle_valeur: null, note: 'action sur un autre compte ou vers d’autres personnes : le détail les concerne et n’est pas repris ici' }
    : { le: e.at, objet: e.entity, identifiant: e.entity_id, action: e.action, variable: e.variable, ancienne_valeur: parse(e.old_value), nouvelle_valeur: parse(e.new_value) };
}

/** The kinds of what `purge` removes, in the order it prints them. */
export const PURGE_KINDS = ['comptes', 'journal', 'courriels', 'fichiers', 'sessions', 'liens', 'echecs_connexion'] as const;
export type PurgeKind = (typeof PURGE_KINDS)[number];

export const PURGE_KIND_LABEL: Record<PurgeKind, string> = {
  comptes: 'comptes anonymisés (désactivés depuis trop longtemps, ou invitations jamais acceptées)',
  journal: 'entrées du journal dont le détail est retiré (ou l’adresse d’un compte anonymisé remplacée)',
  courriels: 'courriels supprimés de la file (envoyés ou abandonnés il y a trop longtemps, ou adressés à un compte anonymisé)',
  fichiers: 'fichiers .eml supprimés de la boîte d’envoi',
  sessions: 'sessions supprimées (expirées, ou d’un compte anonymisé)',
  liens: 'liens d’invitation ou de réinitialisation supprimés (expirés, ou d’un compte anonymisé)',
  echecs_connexion: 'compteurs d’échecs de connexion oubliés',
};

export interface PurgePlan {
  /** The moment the periods are counted from. */
  at: string;
  cutoffs: { comptes_desactives: string; invitations: string; journal: string; courriels: string };
  /** Accounts to anonymise (no address: the plan may be printed in logs). */
  accounts: Array<Omit<AccountDue, 'email'>>;
  /** What goes, by kind: ids (outbox files: paths; sign-in failures: keys). */
  ids: { comptes: number[]; journal: number[]; courriels: number[]; fichiers: string[]; sessions: number[]; liens: number[]; echecs_connexion: string[] };
  /** How many of each kind. */
  counts: Record<PurgeKind, number>;
  /** Audit entries whose details retention clears, by `entity/action`. */
  journalByAction: Record<string, number>;
}

export interface PurgeReport extends PurgePlan {
  dryRun: boolean;
  /** What the run changed, by kind (null for a dry run). */
  applied: Record<PurgeKind, number> | null;
}

const union = <T extends number | string>(...lists: T[][]) => [...new Set(lists.flat())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function personalDataService({ db, config }: ServiceDeps) {
  const retention = config.retention;
  const outboxDir = config.mail.outboxDir;

  const requireAdmin = (user: AuthUser) => {
    if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };

  /** Outbox files (courriel-N.eml) whose mail goes now, or older than `before` and left without a mail. */
  async function outboxFilesToPurge(trx: Kysely<Database>, mailIds: readonly number[], before: Date): Promise<string[]> {
    if (!existsSync(outboxDir)) return [];
    const going = new Set(mailIds);
    const files = readdirSync(outboxDir).filter((f) => /^courriel-\d+\.eml$/.test(f));
    const ids = files.map((f) => Number(/\d+/.exec(f)![0]));
    const stillQueued = await existingMailIds(trx, ids.filter((id) => !going.has(id)));
    return files
      .filter((f, i) => going.has(ids[i]!) || (!stillQueued.has(ids[i]!) && statSync(join(outboxDir, f)).mtime < before))
      .map((f) => join(outboxDir, f))
      .sort();
  }

  async function plan(trx: Kysely<Database>, now: Date): Promise<PurgePlan & { due: AccountDue[] }> {
    const cutoffs = {
      comptes_desactives: monthsBefore(now, retention.disabledAccountMonths).toISOString(),
      invitations: new Date(now.getTime() - retention.pendingInvitationDays * DAY).toISOString(),
      journal: monthsBefore(now, retention.auditMonths).toISOString(),
      courriels: new Date(now.getTime() - retention.mailDays * DAY).toISOString(),
    };
    const due = await accountsDue(trx, cutoffs.comptes_desactives, cutoffs.invitations);
    const footprint = await footprintOf(trx, due);
    const audit = await auditToReduce(trx, cutoffs.journal);
    const journalByAction: Record<string, number> = {};
    for (const e of audit) journalByAction[`${e.entity}/${e.action}`] = (journalByAction[`${e.entity}/${e.action}`] ?? 0) + 1;
    const mails = union((await mailsToPurge(trx, cutoffs.courriels)).map((m) => m.id), footprint.mails);
    const ids = {
      comptes: due.map((a) => a.id),
      journal: union(audit.map((e) => e.id), footprint.audit),
      courriels: mails,
      fichiers: await outboxFilesToPurge(trx, mails, new Date(cutoffs.courriels)),
      sessions: union(await expiredSessions(trx, now.toISOString()), footprint.sessions),
      liens: union(await expiredTokens(trx, new Date(now.getTime() - TOKEN_KEEP_MS).toISOString()), footprint.tokens),
      echecs_connexion: union(await oldLoginFailures(trx, new Date(now.getTime() - LOGIN_FAILURE_KEEP_MS).toISOString()), footprint.loginFailures),
    };
    const counts = Object.fromEntries(PURGE_KINDS.map((k) => [k, ids[k].length])) as Record<PurgeKind, number>;
    return { at: now.toISOString(), cutoffs, accounts: due.map(({ email: _e, ...a }) => a), due, ids, counts, journalByAction };
  }

  const removeFiles = (files: readonly string[]) => {
    let removed = 0;
    for (const f of files) {
      try {
        unlinkSync(f);
        removed++;
      } catch {
        // already gone
      }
    }
    return removed;
  };

  return {
    /** The categories of personal data, with this deployment's retention periods. */
    inventory: (): PersonalDataCategory[] => personalDataInventory(retention, FIXED_PERIODS),

    /** Everything the application holds about the signed-in person, and nothing about anyone else (GET /api/moi/donnees, « Mon compte »). */
    async myData(user: AuthUser) {
      const row = await findUserRow(db, user.id);
      const account = await findAccount(db, user.id);
      if (!row || !account) throw notFound(msg.utilisateurIntrouvable(user.id));
      const [sessions, links, failures, audit, comments, mails, notifications] = await Promise.all([
        sessionsOf(db, user.id),
        linksOf(db, user.id),
        loginFailuresOf(db, `compte:${row.email}`),
        auditOf(db, user.id),
        commentsBy(db, user.id),
        mailsTo(db, user.id, row.email),
        notificationsOf(db, user.id),
      ]);
      const clsm = account.clsmIds.length ? await db.selectFrom('clsm').select(['id', 'nom']).where('id', 'in', account.clsmIds).orderBy('id').execute() : [];
      return {
        genere_le: new Date().toISOString(),
        explication:
          'Les données que Bilan CLSM détient sur vous (article 15 du RGPD). Les réponses des bilans de votre CLSM n’y figurent que dans le journal de vos propres saisies : le bilan appartient au CLSM et se consulte dans l’application. Rien ne concerne d’autres personnes.',
        compte: {
          id: row.id,
          adresse_electronique: row.email,
          role: row.role,
          region: row.region,
          departement: row.departement,
          clsm: clsm.map((c) => ({ id: c.id, nom: c.nom })),
          statut: account.statut,
          cree_le: row.created_at,
          invite_le: row.invited_at,
          derniere_connexion: row.last_login_at,
          desactive_le: row.disabled_at,
          mot_de_passe: row.password_hash ? 'défini (seule son empreinte argon2id est enregistrée ; elle n’est pas reprise ici)' : 'non défini',
        },
        sessions: sessions.map((s) => ({ ouverte_le: s.created_at, expire_le: s.expires_at, adresse_ip: s.ip, navigateur: s.user_agent })),
        liens: links.map((l) => ({ objet: l.purpose, cree_le: l.created_at, expire_le: l.expires_at, utilise_le: l.used_at })),
        echecs_de_connexion: failures ? { nombre: failures.failures, depuis: failures.first_at, verrouille_jusqu_au: failures.locked_until } : null,
        journal: {
          mes_actions: audit.authored.map((e) => ownEntry(e, user.id)),
          sur_mon_compte: audit.about.map((e) => ({ le: e.at, action: e.action, par_moi: e.user_id === user.id, ancienne_valeur: parse(e.old_value), nouvelle_valeur: parse(e.new_value) })),
        },
        commentaires_ecrits: comments.map((c) => ({ clsm_id: c.clsm_id, annee: c.annee, variable: c.variable, message: c.message, ecrit_le: c.created_at })),
        courriels_recus: mails.map((m) => ({ objet: m.subject, type: m.kind, etat: m.statut, cree_le: m.created_at, envoye_le: m.sent_at, texte: withoutToken(m.text_body) })),
        notifications: notifications.map((n) => ({ type: n.kind, clsm_id: n.clsm_id, annee: n.annee, cree_le: n.created_at, envoyee: n.mail_id !== null })),
      };
    },

    /**
     * Anonymises an account (admin): its address, password, sessions, links,
     * CLSM and mails go; its row stays as « Compte anonymisé n° id », so the
     * bilans, comments and audit entries it touched stay whole and readable.
     * Its identifier is never given to another account.
     */
    async anonymise(user: AuthUser, id: number): Promise<{ id: number; pseudonyme: string }> {
      requireAdmin(user);
      if (id === user.id) throw invalid('Vous ne pouvez pas anonymiser votre propre compte : demandez-le à une autre personne de l’administration.');
      const removed = await db.transaction().execute(async (trx) => {
        const row = await findUserRow(trx, id);
        if (!row) throw notFound(msg.utilisateurIntrouvable(id));
        if (row.anonymised_at) throw new AppError('conflit', `Le compte ${id} est déjà anonymisé.`);
        if (row.role === 'admin' && !row.disabled_at && row.password_hash && (await countOtherActiveAdmins(trx, id)) === 0) throw new AppError('conflit', msg.dernierAdmin);
        const now = new Date().toISOString();
        const mails = await anonymiseUser(trx, row, pseudonymOf(id), now);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'anonymisation' }], now);
        return mails;
      });
      removeFiles(removed.map((m) => outboxFile(outboxDir, m)).filter((f) => existsSync(f)));
      return { id, pseudonyme: pseudonymOf(id) };
    },

    /**
     * Whether an export holds personal data (survey-schema/personal-data.ts):
     * only when an administrator asks, and the request is audited (inside
     * nothing else: the export streams afterwards).
     */
    async exportIncludesPersonalData(user: AuthUser, asked: boolean, what: Record<string, unknown>): Promise<boolean> {
      if (!asked) return false;
      if (user.role !== 'admin') throw forbidden('Seule l’administration peut exporter les données personnelles des bilans (profil du ou de la coordonnateur·rice, textes libres).');
      await recordAudit(db, [{ userId: user.id, entity: 'export', entityId: 'bilans', action: 'donnees_personnelles', new: what }]);
      return true;
    },

    /**
     * Retention (admin, the CLI's `purge`): accounts disabled or invitations
     * pending for longer than configured are anonymised, old audit details
     * cleared, old mails and outbox files deleted, expired sessions and
     * links forgotten. `dryRun` only reports.
     */
    async purge(user: AuthUser, options: { dryRun?: boolean; now?: Date } = {}): Promise<PurgeReport> {
      requireAdmin(user);
      const now = options.now ?? new Date();
      const dryRun = options.dryRun === true;
      const { due, ...report } = await db.transaction().execute(async (trx) => {
        const p = await plan(trx, now);
        if (dryRun) return { ...p, applied: null };
        const at = new Date().toISOString();
        // Accounts first: their anonymisation takes their footprint (mails, sessions, links, entries about
        // them); then the rest of the plan, by id (what is already gone counts once, in the plan's totals).
        for (const account of p.due) await anonymiseUser(trx, (await findUserRow(trx, account.id))!, pseudonymOf(account.id), at);
        await clearAuditDetails(trx, p.ids.journal);
        await deleteMails(trx, p.ids.courriels);
        await deleteSessions(trx, p.ids.sessions);
        await deleteTokens(trx, p.ids.liens);
        await deleteLoginFailures(trx, p.ids.echecs_connexion);
        if (p.accounts.length || p.ids.journal.length || p.ids.courriels.length || p.ids.fichiers.length) {
          await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: 'conservation', action: 'purge', new: { ...p.counts, comptes_anonymises: p.ids.comptes } }], at);
        }
        return { ...p, applied: { ...p.counts } };
      });
      if (!dryRun && report.applied) report.applied.fichiers = removeFiles(report.ids.fichiers);
      return { ...report, dryRun };
    },
  };
}

export type PersonalDataService = ReturnType<typeof personalDataService>;
