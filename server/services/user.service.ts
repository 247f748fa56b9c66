/**
 * Accounts, as the admin and the ARS manage them: invitations (a mail with a
 * single-use link to choose a password), role and scope, disabling. The
 * admin manages every account; an ARS the coordinators of the CLSM of its
 * scope and the ARS accounts of its région (domain/access.ts,
 * canManageAccount). Every change is audited; a change of role or scope, a
 * disabled account or a password set by the admin ends the account's
 * sessions. The password policy lives here, in one function (checkPassword).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { REGIONS } from '../../analytics/index.ts';
import type { AccountTokenPurpose, Database } from '../db/database.ts';
import { ROLE_LABEL, type Role } from '../domain/statuts.ts';
import { canManageAccount, clsmScopeFilter, SYSTEM_USER, type AuthUser, type ClsmPlace } from '../domain/access.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { invitationMail } from '../mail/templates.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { existingClsmIds, findClsm, listClsm } from '../repositories/clsm.repository.ts';
import { deleteSessionsOfUser } from '../repositories/session.repository.ts';
import {
  countOtherActiveAdmins,
  findAccount,
  findUserByEmail,
  insertToken,
  insertUser,
  listAccounts,
  pendingInvitationExpiries,
  replaceUserClsm,
  retireTokens,
  setDisabledAt,
  setInvited,
  updatePasswordHash,
  updateUserScopeRow,
  type AccountView,
  type UserScopeColumns,
} from '../repositories/user.repository.ts';
import { pageOf, type Page, type PageRequest, type SortKey } from '../repositories/pagination.ts';
import type { ServiceDeps } from './deps.ts';

const ACCOUNT_ORDER: SortKey<AccountView>[] = [
  { ref: 'email', of: (a) => a.email },
  { ref: 'id', of: (a) => a.id },
];
import { queueMail } from './mail.service.ts';

export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
}

export interface UserScope {
  role: Role;
  region?: string | null | undefined;
  departement?: string | null | undefined;
  clsmIds?: string[] | undefined;
}

export interface UserInput extends UserScope {
  email: string;
  password: string;
}

export type InvitationInput = UserScope & { email: string };

export type { AccountView };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A plausible address (the mail server has the last word): one @, a dot in the domain, no spaces. */
function checkEmail(email: string): void {
  if (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    const message = `Adresse électronique invalide : « ${email} » (format attendu : nom@domaine.fr).`;
    throw invalid(message, [{ message, variable: 'email' }]);
  }
}

// ---- the password policy ----

export const MIN_PASSWORD_LENGTH = 12;

/** The shipped list of common passwords (server/security/common-passwords.txt: its sources are in its header). */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(new URL('../security/common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);

const fold = (text: string) => text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/**
 * The password rule, in one place (API, pages, command line): at least 12
 * characters; not a common password, even with digits or signs around it or
 * separators inside ("Soleil2025!", "mot-de-passe"); not containing the
 * e-mail's local part (from 3 characters). French messages.
 */
export function checkPassword(password: string, email: string): void {
  const refuse = (message: string) => {
    throw invalid(message, [{ message, variable: 'password' }]);
  };
  if ([...password].length < MIN_PASSWORD_LENGTH) refuse(msg.motDePasseTropCourt(MIN_PASSWORD_LENGTH));
  const folded = fold(password);
  const core = folded.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const squashed = core.replace(/[^a-z0-9]/g, '');
  if ([folded, core, squashed].some((candidate) => COMMON_PASSWORDS.has(candidate))) refuse(msg.motDePasseCourant);
  const local = fold(normalizeEmail(email).split('@')[0] ?? '');
  if (local.length >= 3 && folded.includes(local)) refuse(msg.motDePasseIdentifiant);
}

export const hashPassword = (password: string, cost: Argon2Cost) => hash(password, { ...cost, parallelism: 1 });

/** A hash to verify against when there is no usable account, so that timing does not tell which accounts exist. */
const dummyHashes = new Map<string, Promise<string>>();
export function dummyHash(cost: Argon2Cost) {
  const key = `${cost.memoryCost}/${cost.timeCost}`;
  if (!dummyHashes.has(key)) dummyHashes.set(key, hashPassword('mot-de-passe-factice', cost));
  return dummyHashes.get(key)!;
}

// ---- invitation and reset links ----

export const RESET_TTL_MS = 3600_000;
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** The links' tokens: 32 random bytes in the mail; only their SHA-256 is stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

/** The page where an invited person, or one who forgot it, chooses a password. */
export const choosePasswordUrl = (publicUrl: string, token: string) => `${publicUrl}/mot-de-passe/choisir?jeton=${token}`;

/** A new single-use link for an account, replacing its unused ones of that purpose (inside the caller's transaction). */
export async function createAccountToken(trx: Kysely<Database>, userId: number, purpose: AccountTokenPurpose, createdBy: number | null, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + (purpose === 'invitation' ? INVITATION_TTL_MS : RESET_TTL_MS)).toISOString();
  await retireTokens(trx, userId, [purpose], now.toISOString());
  await insertToken(trx, { token_hash: hashToken(token), user_id: userId, purpose, expires_at: expiresAt, created_by: createdBy || null }, now.toISOString());
  return { token, expiresAt };
}

// ---- scopes ----

/** The scope a role needs: ARS a region, coordinators at least one existing CLSM. */
async function checkScope(db: Kysely<Database>, scope: UserScope): Promise<void> {
  if (scope.role === 'ars' && !scope.region) throw invalid('Un compte ARS doit avoir une région (--region).', [{ message: 'Un compte ARS doit avoir une région.', variable: 'region' }]);
  if (scope.role === 'coordinateur') {
    if (!scope.clsmIds?.length) throw invalid('Un compte coordonnateur·rice doit être rattaché à au moins un CLSM (--clsm).', [{ message: 'Choisissez au moins un CLSM.', variable: 'clsm_ids' }]);
    const found = await existingClsmIds(db, scope.clsmIds);
    const missing = scope.clsmIds.filter((id) => !found.has(id));
    if (missing.length) throw invalid(msg.clsmIntrouvable(missing.join(', ')), [{ message: msg.clsmIntrouvable(missing.join(', ')), variable: 'clsm_ids' }]);
  }
}

function scopeColumns(scope: UserScope): UserScopeColumns {
  return { role: scope.role, region: scope.role === 'ars' ? (scope.region ?? null) : null, departement: scope.role === 'ars' ? (scope.departement ?? null) : null };
}
const clsmIdsOf = (scope: UserScope) => (scope.role === 'coordinateur' ? [...new Set(scope.clsmIds ?? [])].sort() : []);
const asTarget = (scope: UserScope) => ({ ...scopeColumns(scope), clsmIds: clsmIdsOf(scope) });

/** "CLSM Paris 14e", "Île-de-France, département 93", "national". */
async function scopeText(db: Kysely<Database>, scope: UserScopeColumns & { clsmIds: string[] }): Promise<string> {
  if (scope.role === 'coordinateur') {
    const names = [];
    for (const id of scope.clsmIds) names.push((await findClsm(db, id))?.nom ?? id);
    return names.join(', ');
  }
  if (scope.role === 'ars') return `${REGIONS[scope.region ?? ''] ?? scope.region}${scope.departement ? `, département ${scope.departement}` : ''}`;
  return 'national';
}

export function userService({ db, config, mailSignal }: ServiceDeps) {
  const requireAdmin = (user: AuthUser) => {
    if (user.role !== 'admin') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  const requireManager = (user: AuthUser) => {
    if (user.role !== 'admin' && user.role !== 'ars') throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  };
  const places = async (): Promise<Map<string, ClsmPlace>> => new Map((await listClsm(db, clsmScopeFilter(SYSTEM_USER))).map((c) => [c.id, c]));

  /** The account if the user manages it; 404 otherwise (out of scope looks like absent). */
  async function managed(user: AuthUser, id: number): Promise<AccountView> {
    requireManager(user);
    const target = await findAccount(db, id);
    if (!target || !canManageAccount(user, target, await places())) throw notFound(msg.utilisateurIntrouvable(id));
    return target;
  }

  /** An account to change: managed, and not anonymised (that is final: services/personal-data.service.ts). */
  async function changeable(user: AuthUser, id: number): Promise<AccountView> {
    const target = await managed(user, id);
    if (target.statut === 'anonymise') throw new AppError('etat_incompatible', msg.compteAnonymise(target.email));
    return target;
  }

  /** The new scope must be one the user may give (an ARS: coordinators of its CLSM, ARS of its région). */
  async function checkGrantable(user: AuthUser, scope: UserScope): Promise<void> {
    await checkScope(db, scope);
    if (!canManageAccount(user, asTarget(scope), await places())) {
      throw forbidden(user.role === 'ars' ? 'Une ARS invite et gère les coordonnateur·rices des CLSM de son périmètre et les comptes ARS de sa région.' : msg.interdit);
    }
  }

  /** Refuses to leave no admin able to sign in. */
  async function keepOneAdmin(db: Kysely<Database>, target: AccountView): Promise<void> {
    if (target.role === 'admin' && target.statut === 'actif' && (await countOtherActiveAdmins(db, target.id)) === 0) throw new AppError('conflit', msg.dernierAdmin);
  }

  /** The accounts the user manages (admin: all; ARS: see canManageAccount), by address. */
  async function managedAccounts(user: AuthUser): Promise<Array<AccountView & { invitation_expire_le: string | null }>> {
    requireManager(user);
    const map = await places();
    const expiries = await pendingInvitationExpiries(db, new Date().toISOString());
    return (await listAccounts(db)).filter((a) => canManageAccount(user, a, map)).map((a) => ({ ...a, invitation_expire_le: expiries.get(a.id) ?? null }));
  }

  return {
    /** The accounts the user manages (admin: all; ARS: its scope), with the expiry of pending invitations. */
    list: managedAccounts,

    /** A page of the accounts the user manages, by address. */
    async page(user: AuthUser, page: PageRequest): Promise<Page<AccountView & { invitation_expire_le: string | null }>> {
      return pageOf(await managedAccounts(user), ACCOUNT_ORDER, page);
    },

    get: managed,

    /** Creates an account with its password (admin, command line `user add`). */
    async create(user: AuthUser, input: UserInput): Promise<AuthUser> {
      requireAdmin(user);
      const email = normalizeEmail(input.email);
      checkEmail(email);
      checkPassword(input.password, email);
      await checkScope(db, input);
      const passwordHash = await hashPassword(input.password, config.argon2);
      return db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, email)) throw new AppError('conflit', msg.utilisateurExiste(email));
        const now = new Date().toISOString();
        const columns = scopeColumns(input);
        const clsmIds = clsmIdsOf(input);
        const id = await insertUser(trx, { email, password_hash: passwordHash, ...columns }, now);
        await replaceUserClsm(trx, id, clsmIds);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'role', old: null, new: { ...columns, clsmIds } }], now);
        return { id, email, ...columns, clsmIds };
      });
    },

    /**
     * Invites a person: the account is created without a password and a mail
     * carries a link (7 days, single use) to choose it. Admin: any role; ARS:
     * coordinators of CLSM of its scope and ARS colleagues of its région.
     */
    async invite(user: AuthUser, input: InvitationInput): Promise<{ account: AccountView; invitation_expire_le: string }> {
      requireManager(user);
      const email = normalizeEmail(input.email);
      checkEmail(email);
      await checkGrantable(user, input);
      const columns = scopeColumns(input);
      const clsmIds = clsmIdsOf(input);
      const scope = await scopeText(db, { ...columns, clsmIds });
      const now = new Date();
      const result = await db.transaction().execute(async (trx) => {
        const existing = await findUserByEmail(trx, email);
        if (existing) throw new AppError('conflit', `${msg.utilisateurExiste(email)}${existing.password_hash ? '' : ' Son invitation est en attente : renvoyez-la depuis la liste des comptes.'}`);
        const at = now.toISOString();
        const id = await insertUser(trx, { email, password_hash: null, ...columns, invited_at: at, invited_by: user.id || null }, at);
        await replaceUserClsm(trx, id, clsmIds);
        const { token, expiresAt } = await createAccountToken(trx, id, 'invitation', user.id, now);
        const content = invitationMail({ url: choosePasswordUrl(config.mail.publicUrl, token), email, roleLabel: ROLE_LABEL[columns.role], scope, invitedBy: user.id ? user.email : null, expiresAt });
        await queueMail(trx, { kind: 'invitation', to: email, userId: id, ...content }, at);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'invitation', old: null, new: { email, ...columns, clsmIds } }], at);
        return { id, expiresAt };
      });
      mailSignal.notify();
      return { account: (await findAccount(db, result.id))!, invitation_expire_le: result.expiresAt };
    },

    /** A new invitation link (the previous one no longer works), while the person has not chosen a password. */
    async resendInvitation(user: AuthUser, id: number): Promise<{ invitation_expire_le: string }> {
      const target = await changeable(user, id);
      if (target.statut === 'desactive') throw new AppError('etat_incompatible', msg.compteDesactive(target.email));
      if (target.statut !== 'invite') throw new AppError('etat_incompatible', msg.invitationDejaAcceptee(target.email));
      const scope = await scopeText(db, target);
      const now = new Date();
      const expiresAt = await db.transaction().execute(async (trx) => {
        const at = now.toISOString();
        const { token, expiresAt } = await createAccountToken(trx, id, 'invitation', user.id, now);
        const content = invitationMail({ url: choosePasswordUrl(config.mail.publicUrl, token), email: target.email, roleLabel: ROLE_LABEL[target.role], scope, invitedBy: user.id ? user.email : null, expiresAt });
        await queueMail(trx, { kind: 'invitation', to: target.email, userId: id, ...content }, at);
        await setInvited(trx, id, user.id, at);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'invitation_renvoyee' }], at);
        return expiresAt;
      });
      mailSignal.notify();
      return { invitation_expire_le: expiresAt };
    },

    /** Disables (every session ends, no sign-in, no mail) or re-enables an account. */
    async setDisabled(user: AuthUser, id: number, disabled: boolean): Promise<AccountView> {
      const target = await changeable(user, id);
      if (disabled && target.id === user.id) throw invalid(msg.pasSoiMeme);
      if (disabled === (target.statut === 'desactive')) return target;
      await db.transaction().execute(async (trx) => {
        if (disabled) await keepOneAdmin(trx, target);
        const now = new Date().toISOString();
        await setDisabledAt(trx, id, disabled ? now : null, now);
        if (disabled) {
          await deleteSessionsOfUser(trx, id);
          await retireTokens(trx, id, ['invitation', 'reinitialisation'], now);
        }
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: disabled ? 'desactivation' : 'reactivation' }], now);
      });
      return (await findAccount(db, id))!;
    },

    /** Changes the role or scope of an account, with an audit entry; its sessions end (they held the old rights). */
    async updateScope(user: AuthUser, id: number, scope: UserScope): Promise<AuthUser> {
      const before = await changeable(user, id);
      await checkGrantable(user, scope);
      return db.transaction().execute(async (trx) => {
        const columns = scopeColumns(scope);
        const clsmIds = clsmIdsOf(scope);
        if (columns.role !== 'admin') await keepOneAdmin(trx, before);
        const old = { role: before.role, region: before.region, departement: before.departement, clsmIds: before.clsmIds };
        if (JSON.stringify(old) !== JSON.stringify({ ...columns, clsmIds })) {
          const now = new Date().toISOString();
          await updateUserScopeRow(trx, id, columns, now);
          await replaceUserClsm(trx, id, clsmIds);
          await deleteSessionsOfUser(trx, id);
          await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'role', old, new: { ...columns, clsmIds } }], now);
        }
        return { id, email: before.email, ...columns, clsmIds };
      });
    },

    /** Sets a password (admin; command line); the account's sessions end. */
    async setPassword(user: AuthUser, id: number, password: string): Promise<void> {
      requireAdmin(user);
      const target = await findAccount(db, id);
      if (!target) throw notFound(msg.utilisateurIntrouvable(id));
      checkPassword(password, target.email);
      const passwordHash = await hashPassword(password, config.argon2);
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        if (!(await updatePasswordHash(trx, id, passwordHash, now))) throw notFound(msg.utilisateurIntrouvable(id));
        await deleteSessionsOfUser(trx, id);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(id), action: 'mot_de_passe' }], now);
      });
    },
  };
}

export type UserService = ReturnType<typeof userService>;
