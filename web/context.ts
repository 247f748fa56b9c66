/**
 * What every web route shares: the signed-in viewer for the layout, sending
 * a page, and turning errors into French HTML pages (the API answers JSON;
 * the pages answer HTML).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../server/domain/access.ts';
import { AppError } from '../server/errors.ts';
import { alert } from './components.ts';
import { html, type HtmlValue } from './html.ts';
import { page, type PageOptions, type Viewer } from './layout.ts';

/** Redirect to the login page, then back here. */
class LoginRequired extends Error {}

export function viewerOf(request: FastifyRequest, reply: FastifyReply): Viewer | null {
  const user = request.user;
  if (!user) return null;
  return { displayName: user.email, role: user.role, csrfToken: reply.generateCsrf() };
}

/** The signed-in user, or a redirect to /connexion for pages. */
export function pageUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new LoginRequired();
  return request.user;
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, options: Omit<PageOptions, 'viewer' | 'path'> & { status?: number }): FastifyReply {
  const viewer = viewerOf(request, reply);
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page({ ...options, viewer, path: request.url.split('?')[0] ?? '/' }));
}

/** The CSRF token for a form on a page (the viewer's, generated once per response). */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}

function errorPage(request: FastifyRequest, reply: FastifyReply, status: number, title: string, body: HtmlValue) {
  return sendPage(request, reply, { status, title, body: html`<h1>${title}</h1>${body}<p><a class="fr-link" href="/">Retour à l’accueil</a></p>` });
}

/** HTML error handling for the web routes (registered in the web plugin's own context). */
export function installErrorPages(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof LoginRequired) {
      return reply.redirect(`/connexion?suite=${encodeURIComponent(request.url)}`);
    }
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    const status = error instanceof AppError ? error.statusCode : typeof (error as { statusCode?: number }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    const csrf = (error as { code?: string }).code?.startsWith('FST_CSRF');
    const message =
      error instanceof AppError
        ? error.message
        : csrf
          ? 'Jeton de sécurité absent ou expiré : rechargez la page et recommencez. Vos réponses déjà enregistrées sont conservées.'
          : status === 429
            ? 'Trop de tentatives : patientez une minute avant de réessayer.'
          : status < 500
            ? 'La requête n’a pas pu être traitée.'
            : 'Erreur interne du serveur. L’incident a été enregistré.';
    if (status >= 500) request.log.error({ err: error }, 'web page error');
    if (wantsJson) return reply.code(status).send({ message, issues: error instanceof AppError ? (error.extra.issues ?? []) : [] });
    const title =
      status === 404 ? 'Page introuvable' : status === 403 ? 'Accès refusé' : status === 401 ? 'Connexion nécessaire' : status === 409 ? 'Action impossible' : status === 429 ? 'Trop de tentatives' : status < 500 ? 'Requête incorrecte' : 'Erreur du serveur';
    return errorPage(request, reply, status, title, alert(status >= 500 ? 'error' : 'warning', null, html`<p>${message}</p>`));
  });
}
