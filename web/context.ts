/**
 * What every web route shares: the signed-in user (or a redirect to the
 * login page), sending a page, and turning errors into French HTML pages
 * (the API answers JSON; the pages answer HTML).
 */
import type { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../server/domain/access.ts';
import { sendDownload } from '../server/download.ts';
import { AppError, databaseFailure } from '../server/errors.ts';
import { diskFullAsUnavailable, validationIssues } from '../server/plugins/errors.ts';
import { errorPage } from './pages/error.page.ts';
import { raw, SafeHtml } from './html.ts';
import { page, type PageOptions, type Viewer } from './layout.ts';

/** Redirect to the login page, then back here. */
class LoginRequired extends Error {}

function viewerOf(request: FastifyRequest, reply: FastifyReply): Viewer | null {
  const user = request.user;
  if (!user) return null;
  return { displayName: user.email, role: user.role, csrfToken: reply.generateCsrf() };
}

/** The signed-in user, or a redirect to /connexion for pages. */
export function pageUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new LoginRequired();
  return request.user;
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, options: Omit<PageOptions, 'viewer' | 'path'> & { status?: number }): FastifyReply | Promise<FastifyReply> {
  const { body } = options;
  if (body instanceof SafeHtml && body.value.length >= LARGE_BODY) return bodyBytes(body).then((bytes) => send(request, reply, options, bytes));
  return send(request, reply, options);
}

function send(request: FastifyRequest, reply: FastifyReply, options: Omit<PageOptions, 'viewer' | 'path'> & { status?: number }, bodyBytes?: Buffer): FastifyReply {
  const full = { ...options, viewer: viewerOf(request, reply), path: request.url.split('?')[0] ?? '/' };
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(bodyBytes ? layoutAround(full, bodyBytes) : page(full));
}

/**
 * A body this large (a national état des lieux, 1.3 MB with its charts) is
 * sent as UTF-8 bytes encoded once per body object, that pages keep:
 * encoding the whole page at each view held the event loop 10 to 20 ms
 * during the deadline rush (bench:rush profile).
 */
const LARGE_BODY = 256 * 1024;
const encodedBodies = new WeakMap<SafeHtml, Promise<Buffer>>();
/** Where the body goes in the layout (a NUL never appears in a page). */
const BODY_MARK = '\u0000corps\u0000';

/** A large body's bytes, encoded once (whoever asks meanwhile waits for the same encoding). */
function bodyBytes(body: SafeHtml): Promise<Buffer> {
  let bytes = encodedBodies.get(body);
  if (!bytes) {
    bytes = encodeInSlices(body.value);
    encodedBodies.set(body, bytes);
    bytes.catch(() => encodedBodies.delete(body));
  }
  return bytes;
}

/** Characters encoded between two turns of the event loop. */
const SLICE = 128 * 1024;

/**
 * UTF-8 bytes of a large text, a slice at a time, the event loop free
 * between slices (a 1.3 MB page encoded at once held autosaves 5 to 15 ms
 * during the deadline rush).
 */
export async function encodeInSlices(text: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SLICE);
    // Never between the two halves of a character outside the BMP.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    parts.push(Buffer.from(text.slice(start, end)));
    start = end;
    await setImmediate();
  }
  return Buffer.concat(parts);
}

/** The page with the body's bytes in place: the layout encoded, not the body again. */
function layoutAround(options: PageOptions, bytes: Buffer): string | Buffer {
  const parts = page({ ...options, body: raw(BODY_MARK) }).split(BODY_MARK);
  // The mark once, where the body goes (a title holding it, however unlikely: the page as text).
  if (parts.length !== 2) return page(options);
  return Buffer.concat([Buffer.from(parts[0]!), bytes, Buffer.from(parts[1]!)]);
}

/**
 * The CSRF check of a form posted before a session exists (sign-in, forgotten
 * password, choosing a password): the form carries a token bound to the
 * pre-login session; such routes set `config: { csrf: false }` and call this.
 */
export function checkFormCsrf(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise<void>((resolve, reject) => request.server.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())));
}

/** The CSRF token for a form on a page. */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}

/** A file download (server/download.ts: one encoder of `Content-Disposition` for the API and the pages). */
export function sendFile(reply: FastifyReply, type: string, filename: string, body: string | Buffer | Readable): FastifyReply {
  return sendDownload(reply, type, filename, body);
}

const TITLES: Record<number, string> = {
  400: 'Requête incorrecte',
  401: 'Connexion nécessaire',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Action impossible',
  413: 'Fichier trop volumineux',
  429: 'Trop de tentatives',
  503: 'Service momentanément indisponible',
};

/** HTML error handling for the web routes (registered in the web plugin's own context). */
export function installErrorPages(app: FastifyInstance): void {
  app.setErrorHandler((original, request, reply) => {
    const error = (databaseFailure(original) ?? diskFullAsUnavailable(original, request)) as typeof original;
    if (error instanceof AppError && error.code === 'indisponible') reply.header('retry-after', '30');
    if (error instanceof LoginRequired) {
      return reply.redirect(`/connexion?suite=${encodeURIComponent(request.url)}`);
    }
    const issues = validationIssues(error);
    const status = issues ? 400 : error instanceof AppError ? error.statusCode : typeof (error as { statusCode?: number }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    const csrf = (error as { code?: string }).code?.startsWith('FST_CSRF');
    const message = issues
      ? 'L’adresse de la page contient un paramètre incorrect ou répété : corrigez-la, ou revenez à la page précédente.'
      : error instanceof AppError
        ? error.message
        : csrf
          ? 'Jeton de sécurité absent ou expiré : rechargez la page et recommencez. Vos réponses déjà enregistrées sont conservées.'
          : status === 429
            ? 'Trop de tentatives : patientez une minute avant de réessayer.'
            : status < 500
              ? 'La requête n’a pas pu être traitée.'
              : 'Erreur interne du serveur. L’incident a été enregistré.';
    if (status >= 500) request.log.error({ err: error }, 'web page error');
    const details = issues ?? (error instanceof AppError ? (error.extra.issues ?? []) : []);
    if ((request.headers.accept ?? '').includes('application/json')) return reply.code(status).send({ message, issues: details });
    const title = TITLES[status] ?? (status < 500 ? 'Requête incorrecte' : 'Erreur du serveur');
    return sendPage(request, reply, { status, title, body: errorPage(title, message, details.map((i) => i.message), status >= 500) });
  });
}
