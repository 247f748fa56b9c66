/**
 * One's own account: signing in and out, the server-side sessions, choosing a
 * password from an invitation or reset link, changing it.
 *
 * Sessions are revocable: the cookie (encrypted by @fastify/secure-session)
 * holds a random token; the `sessions` table holds its SHA-256. A request is
 * signed in only while that row exists, has not expired and its account is
 * not disabled (one query per request). Logging out deletes the row; a new
 * password (changed, reset, or chosen from an invitation), a disabled account
 * or a changed role or scope deletes every row of the account (user.service.ts):
 * an old cookie then gets 401 on the API and the login page on the web.
 *
 * Sign-in failures are counted in the database per account (the e-mail as
 * typed, whether an account exists or not, so the lock tells nothing) and per
 * address, each with a temporary lock; the per-minute rate limit of the
 * routes comes first.
 */
import { verify } from '@node-rs/argon2';
import type { AccountTokenPurpose } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, invalid } from '../errors.ts';
import { msg } from '../messages.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import {
  addLoginFailure,
  clearLoginFailures,
  deleteExpiredSessions,
  deleteOldLoginFailures,
  deleteSessionByHash,
  deleteSessionsOfUser,
  findLoginFailures,
  findSessionUser,
  insertSession,
  lockLoginKey,
} from '../repositories/session.repository.ts';
import {
  consumeToken,
  countTokensSince,
  deleteExpiredTokens,
  findAccount,
  findTokenByHash,
  findUserByEmail,
  findUserRow,
  retireTokens,
  setLastLogin,
  updatePasswordHash,
} from '../repositories/user.repository.ts';
import { resetMail } from '../mail/templates.ts';
import type { ServiceDeps } from './deps.ts';
import { queueMail } from './mail.service.ts';
import { checkPassword, choosePasswordUrl, createAccountToken, dummyHash, hashPassword, hashToken, newToken, normalizeEmail } from './user.service.ts';

/** Seconds a session lives after sign-in (the cookie's own expiry is the same). */
export const SESSION_TTL_SECONDS = 12 * 3600;
/** At most this many reset mails per account and hour (the route's per-address limit comes first). */
const RESETS_PER_HOUR = 3;

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

/** An expired link is kept this long (so that « lien expiré » can be told apart from « lien inconnu »), then forgotten. */
export const TOKEN_KEEP_MS = 30 * 24 * 3600_000;
/** Failed sign-ins are counted over this window, then forgotten. */
export const LOGIN_FAILURE_KEEP_MS = 24 * 3600_000;

export function accountService({ db, config, mailSignal }: ServiceDeps) {
  const lock = config.loginLock;
  const accountKey = (email: string) => `compte:${normalizeEmail(email)}`;
  const addressKey = (ip: string) => `adresse:${ip}`;
  const minutesLeft = (until: string, now: number) => Math.max(1, Math.ceil((Date.parse(until) - now) / 60_000));

  /** A valid link (not used, not expired, its account not disabled), or a French 400. */
  async function validLink(token: string) {
    const row = token.length >= 20 && token.length <= 100 ? await findTokenByHash(db, hashToken(token)) : undefined;
    const user = row ? await findUserRow(db, row.user_id) : undefined;
    if (!row || !user || row.used_at || row.expires_at <= new Date().toISOString() || user.disabled_at) throw invalid(msg.lienInvalide);
    return { row, user };
  }

  return {
    /** The signed-in user of a session token (null: no such session, expired, or account disabled). */
    async sessionUser(token: string): Promise<AuthUser | null> {
      const found = await findSessionUser(db, hashToken(token), new Date().toISOString());
      if (!found) return null;
      const { sessionId: _s, ...user } = found;
      return user;
    },

    /** Records a new session of the user; returns the token for the cookie. */
    async openSession(user: AuthUser, meta: SessionMeta): Promise<string> {
      const token = newToken();
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await insertSession(
          trx,
          { token_hash: hashToken(token), user_id: user.id, expires_at: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(), ip: meta.ip?.slice(0, 64) ?? null, user_agent: meta.userAgent?.slice(0, 300) ?? null },
          now.toISOString(),
        );
        await setLastLogin(trx, user.id, now.toISOString());
      });
      return token;
    },

    closeSession: (token: string) => deleteSessionByHash(db, hashToken(token)),

    /** Ends every session of the signed-in user, this one included ("se déconnecter partout"). */
    async closeAllSessions(user: AuthUser): Promise<number> {
      return deleteSessionsOfUser(db, user.id);
    },

    /**
     * The account matching the credentials; 401 otherwise, 429 while the
     * account or the address is locked (the right password included).
     */
    async authenticate(email: string, password: string, ip: string): Promise<AuthUser> {
      const now = Date.now();
      const nowIso = new Date(now).toISOString();
      const keys = { account: accountKey(email), address: addressKey(ip) };
      for (const f of await findLoginFailures(db, [keys.account, keys.address])) {
        if (f.locked_until && f.locked_until > nowIso) {
          throw new AppError('trop_de_requetes', f.key === keys.account ? msg.compteVerrouille(minutesLeft(f.locked_until, now)) : msg.adresseVerrouillee(minutesLeft(f.locked_until, now)));
        }
      }
      const row = await findUserByEmail(db, normalizeEmail(email));
      // An unknown account, one without a password yet or a disabled one: the same work and the same answer.
      const usable = row && row.password_hash && !row.disabled_at ? row : undefined;
      const ok = await verify(usable?.password_hash ?? (await dummyHash(config.argon2)), password).catch(() => false);
      if (usable && ok) {
        await clearLoginFailures(db, keys.account);
        const account = (await findAccount(db, usable.id))!;
        return { id: account.id, email: account.email, role: account.role, region: account.region, departement: account.departement, clsmIds: account.clsmIds };
      }
      const windowStart = new Date(now - lock.seconds * 1000).toISOString();
      const until = new Date(now + lock.seconds * 1000).toISOString();
      const accountFailures = await addLoginFailure(db, keys.account, nowIso, windowStart);
      const addressFailures = await addLoginFailure(db, keys.address, nowIso, windowStart);
      if (accountFailures >= lock.accountFailures) {
        await lockLoginKey(db, keys.account, until);
        throw new AppError('trop_de_requetes', msg.compteVerrouille(minutesLeft(until, now)));
      }
      if (addressFailures >= lock.addressFailures) {
        await lockLoginKey(db, keys.address, until);
        throw new AppError('trop_de_requetes', msg.adresseVerrouillee(minutesLeft(until, now)));
      }
      throw new AppError('non_authentifie', msg.identifiantsInvalides);
    },

    /**
     * "Mot de passe oublié": mails a reset link (1 hour, single use) when an
     * account that is not disabled has this address; does nothing otherwise.
     * The caller answers the same either way.
     */
    async requestPasswordReset(email: string): Promise<void> {
      const row = await findUserByEmail(db, normalizeEmail(email));
      if (!row || row.disabled_at) return;
      const now = new Date();
      const queued = await db.transaction().execute(async (trx) => {
        if ((await countTokensSince(trx, row.id, 'reinitialisation', new Date(now.getTime() - 3600_000).toISOString())) >= RESETS_PER_HOUR) return false;
        const { token, expiresAt } = await createAccountToken(trx, row.id, 'reinitialisation', null, now);
        await queueMail(trx, { kind: 'reinitialisation', to: row.email, userId: row.id, ...resetMail({ url: choosePasswordUrl(config.mail.publicUrl, token), expiresAt }) }, now.toISOString());
        await recordAudit(trx, [{ userId: null, entity: 'user', entityId: String(row.id), action: 'demande_reinitialisation' }], now.toISOString());
        return true;
      });
      if (queued) mailSignal.notify();
    },

    /** What the choose-a-password page shows for a link; a French 400 when it is no longer valid. */
    async linkInfo(token: string): Promise<{ email: string; purpose: AccountTokenPurpose }> {
      const { row, user } = await validLink(token);
      return { email: user.email, purpose: row.purpose };
    },

    /**
     * Sets the password from an invitation or reset link (used once), ends
     * every session of the account and lifts its sign-in lock. Returns the
     * account, for the caller to open a session.
     */
    async completeLink(token: string, password: string, confirmation: string): Promise<AuthUser> {
      const { user } = await validLink(token);
      if (password !== confirmation) throw invalid(msg.motsDePasseDifferents, [{ message: msg.motsDePasseDifferents, variable: 'password_confirmation' }]);
      checkPassword(password, user.email);
      const passwordHash = await hashPassword(password, config.argon2);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        const row = await findTokenByHash(trx, hashToken(token));
        if (!row || !(await consumeToken(trx, row.id, now))) throw invalid(msg.lienInvalide);
        await updatePasswordHash(trx, user.id, passwordHash, now);
        // Any other link of the account is void now that the password is chosen.
        await retireTokens(trx, user.id, ['invitation', 'reinitialisation'], now);
        await deleteSessionsOfUser(trx, user.id);
        await clearLoginFailures(trx, accountKey(user.email));
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(user.id), action: row.purpose === 'invitation' ? 'invitation_acceptee' : 'reinitialisation' }], now);
      });
      const account = (await findAccount(db, user.id))!;
      return { id: account.id, email: account.email, role: account.role, region: account.region, departement: account.departement, clsmIds: account.clsmIds };
    },

    /** "Mon compte": a new password, the current one required; ends every session of the account (the caller opens a new one). */
    async changePassword(user: AuthUser, current: string, password: string, confirmation: string): Promise<void> {
      const row = await findUserRow(db, user.id);
      if (!row?.password_hash || !(await verify(row.password_hash, current).catch(() => false))) {
        throw invalid(msg.motDePasseActuelFaux, [{ message: msg.motDePasseActuelFaux, variable: 'current_password' }]);
      }
      if (password !== confirmation) throw invalid(msg.motsDePasseDifferents, [{ message: msg.motsDePasseDifferents, variable: 'password_confirmation' }]);
      checkPassword(password, user.email);
      const passwordHash = await hashPassword(password, config.argon2);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await updatePasswordHash(trx, user.id, passwordHash, now);
        await retireTokens(trx, user.id, ['reinitialisation'], now);
        await deleteSessionsOfUser(trx, user.id);
        await recordAudit(trx, [{ userId: user.id, entity: 'user', entityId: String(user.id), action: 'mot_de_passe' }], now);
      });
    },

    /** The signed-in person's account as "Mon compte" shows it. */
    async me(user: AuthUser) {
      return (await findAccount(db, user.id))!;
    },

    /** Forgets expired sessions, links and old sign-in failures (the mail worker runs it hourly). */
    async housekeeping(now = new Date()): Promise<void> {
      const iso = now.toISOString();
      await deleteExpiredSessions(db, iso);
      await deleteExpiredTokens(db, new Date(now.getTime() - TOKEN_KEEP_MS).toISOString());
      await deleteOldLoginFailures(db, new Date(now.getTime() - LOGIN_FAILURE_KEEP_MS).toISOString());
    },
  };
}

export type AccountService = ReturnType<typeof accountService>;
