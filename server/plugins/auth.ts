/**
 * Sessions, the signed-in user, CSRF and the guards every route uses.
 *
 * - Session: an encrypted cookie (@fastify/secure-session) holding a random
 *   session token; the server keeps its hash (table `sessions`, see
 *   services/account.service.ts) and checks it on every request, reloading
 *   `request.user` from the database: logging out, a new password, a disabled
 *   account or a changed role or scope ends earlier sessions at once (401 on
 *   the API, the login page on the web).
 * - CSRF (@fastify/csrf-protection, secret kept in the session): every
 *   POST/PUT/PATCH/DELETE made with a signed-in session must carry the token,
 *   either as a `_csrf` form field (HTML forms of web/) or in the
 *   `x-csrf-token` header (JSON calls of the browser script, API clients).
 *   Get a token with `reply.generateCsrf()` (web pages), or from the
 *   `csrf_token` field of `POST /api/session` and `GET /api/me`. Routes that
 *   must work without a session (login) set `config: { csrf: false }`.
 *   The `_csrf` field is removed from form bodies once checked.
 */
import secureSession from '@fastify/secure-session';
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../domain/statuts.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, forbidden } from '../errors.ts';
import { msg } from '../messages.ts';
import { SESSION_TTL_SECONDS } from '../services/account.service.ts';

export type { AuthUser } from '../domain/access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
  interface FastifyContextConfig {
    /** false: no CSRF check on this route (login). */
    csrf?: boolean;
  }
}

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The session token (its SHA-256 is the key of the server-side record). */
    sid: string;
    _csrf: string;
  }
}

export const SESSION_COOKIE = 'bilan_clsm_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const authPlugin = fp(
  async (app) => {
    await app.register(secureSession, {
      key: app.config.sessionKey,
      cookieName: SESSION_COOKIE,
      expiry: SESSION_TTL_SECONDS,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure as boolean },
    });
    await app.register(csrfProtection, { sessionPlugin: '@fastify/secure-session' });

    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      const sid = request.session.get('sid');
      if (typeof sid !== 'string') return;
      request.user = await app.services.accounts.sessionUser(sid);
      if (!request.user) request.session.delete();
    });

    app.addHook('preValidation', async (request, reply) => {
      if (!UNSAFE.has(request.method) || !request.user || request.routeOptions.config.csrf === false) return;
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
      const body = request.body as Record<string, unknown> | null | undefined;
      if (body && typeof body === 'object' && '_csrf' in body) delete body._csrf;
    });
  },
  { name: 'auth' },
);

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new AppError('non_authentifie', msg.nonAuthentifie);
  return request.user;
}

/** The signed-in user if its role is one of `roles`, else 401/403. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): AuthUser {
  const user = requireUser(request);
  if (!roles.includes(user.role)) throw forbidden(user.role === 'ccoms' ? msg.lectureSeule : msg.interdit);
  return user;
}

/** Opens a session for the user (recorded server-side, new cookie, new CSRF secret); returns a CSRF token for the next writes. */
export async function logIn(request: FastifyRequest, reply: FastifyReply, user: AuthUser): Promise<string> {
  const previous = request.session.get('sid');
  if (typeof previous === 'string') await request.server.services.accounts.closeSession(previous);
  const token = await request.server.services.accounts.openSession(user, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
  request.session.regenerate();
  request.session.set('sid', token);
  request.user = user;
  return reply.generateCsrf();
}

/** Ends the session server-side (the cookie, even if kept, no longer signs anyone in) and clears the cookie. */
export async function logOut(request: FastifyRequest): Promise<void> {
  const sid = request.session.get('sid');
  if (typeof sid === 'string') await request.server.services.accounts.closeSession(sid);
  request.session.delete();
  request.user = null;
}

/** Routes that must not be posted by a cross-site form: only a JSON body is accepted (a form cannot send one without CORS). */
export async function requireJsonBody(request: FastifyRequest): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new AppError('type_non_gere', msg.connexionJsonSeulement);
}

/** Route config: at most `maxPerMinute` requests a minute per IP (@fastify/rate-limit). */
export function perMinute(maxPerMinute: number) {
  return { rateLimit: { max: maxPerMinute, timeWindow: 60_000 } } as const;
}

/** Route config of the login endpoints (API and web form): rate-limited per IP, no CSRF token yet. */
export function loginRateLimit(maxPerMinute: number) {
  return { ...perMinute(maxPerMinute), csrf: false } as const;
}
