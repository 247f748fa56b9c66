/**
 * Sessions, the signed-in user, CSRF and the guards every route uses.
 *
 * - Session: an encrypted cookie (@fastify/secure-session) holding the user id;
 *   `request.user` is reloaded from the database on each request (a changed
 *   role or a deleted account takes effect at once).
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
    uid: number;
    _csrf: string;
  }
}

export const SESSION_COOKIE = 'bilan_clsm_session';
/** Seconds a session lives after sign-in. */
const SESSION_TTL = 12 * 3600;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const authPlugin = fp(
  async (app) => {
    await app.register(secureSession, {
      key: app.config.sessionKey,
      cookieName: SESSION_COOKIE,
      expiry: SESSION_TTL,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure as boolean },
    });
    await app.register(csrfProtection, { sessionPlugin: '@fastify/secure-session' });

    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      const uid = request.session.get('uid');
      if (typeof uid !== 'number') return;
      request.user = await app.services.users.sessionUser(uid);
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

/** Opens a session for the user (new CSRF secret); returns a CSRF token for the next writes. */
export function logIn(request: FastifyRequest, reply: FastifyReply, user: AuthUser): string {
  request.session.regenerate();
  request.session.set('uid', user.id);
  request.user = user;
  return reply.generateCsrf();
}

export function logOut(request: FastifyRequest): void {
  request.session.delete();
  request.user = null;
}

/** Route config of the login endpoints (API and web form): rate-limited per IP. */
export function loginRateLimit(maxPerMinute: number) {
  return { rateLimit: { max: maxPerMinute, timeWindow: 60_000 }, csrf: false } as const;
}
