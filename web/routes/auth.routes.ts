/** /connexion, /deconnexion and the home page of each role. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.ts';
import { logIn, loginRateLimit, logOut } from '../../server/plugins/auth.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import type { Services } from '../../server/services/index.ts';
import { checkFormCsrf, csrfToken, pageUser, sendPage } from '../context.ts';
import type { SafeHtml } from '../html.ts';
import { arsHome, ccomsHome, coordinatorHome } from '../pages/home.page.ts';
import { loginPage, logoutPage } from '../pages/login.page.ts';
import { LoginForm, LoginQuery } from './schemas.ts';

const HERE = 'http://bilan-clsm.invalid';

/**
 * Only a path of the application: never send someone elsewhere after signing
 * in. Refused: anything not starting with one `/`, control characters and
 * backslashes (browsers drop a tab or a newline and read `\` as `/`, so
 * `/%09/evil.example` would become `//evil.example`), and whatever a URL
 * parser resolves to another origin.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, HERE);
  } catch {
    return '/';
  }
  if (url.origin !== HERE || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

async function homeOf(services: Services, user: AuthUser, csrf: string): Promise<SafeHtml> {
  if (user.role === 'ccoms') return ccomsHome();
  const campagne = await services.campagnes.current();
  if (user.role === 'coordinateur') {
    const clsm = await services.clsm.list(user);
    const blocks = [];
    for (const c of clsm) {
      const past = (await services.bilans.list(user, { clsmId: c.id })).filter((b) => b.annee !== campagne?.annee);
      blocks.push({ clsm: c, current: campagne ? await services.bilans.get(user, c.id, campagne.annee) : null, past, publications: await services.fiche.list(user, c.id) });
    }
    return coordinatorHome({ campagne, clsm: blocks, csrfToken: csrf });
  }
  const annee = campagne?.annee ?? (await services.campagnes.list())[0]?.annee;
  const failures = user.role === 'admin' ? (await services.mail.list(user)).counts.failed : 0;
  return arsHome(user, annee === undefined ? null : await services.suivi.get(user, annee, {}, { limit: 1 }), failures);
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/connexion', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.suite));
    return sendPage(request, reply, { title: 'Connexion', body: loginPage({ next: safeNext(request.query.suite), csrfToken: csrfToken(reply) }) });
  });

  app.post(
    '/connexion',
    { config: loginRateLimit(app.config.loginMaxPerMinute), schema: { body: LoginForm } },
    async (request, reply) => {
      // Login CSRF: the form carries a token bound to the pre-login session.
      await checkFormCsrf(request, reply);
      const email = (request.body.email ?? '').trim();
      const next = safeNext(request.body.suite);
      const fail = (status: number, error: string) => sendPage(request, reply, { status, title: 'Connexion', body: loginPage({ email, next, error, csrfToken: csrfToken(reply) }) });
      if (!email || !request.body.password) return fail(400, 'Indiquez votre adresse électronique et votre mot de passe.');
      let user: AuthUser;
      try {
        user = await app.services.accounts.authenticate(email, request.body.password, request.ip);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'non_authentifie' || error.code === 'trop_de_requetes')) return fail(error.statusCode, error.message);
        throw error;
      }
      await logIn(request, reply, user);
      return reply.redirect(next, 303);
    },
  );

  // Signing out changes state: the address shows a button that posts (with its CSRF token).
  app.get('/deconnexion', async (request, reply) => {
    if (!request.user) return reply.redirect('/connexion');
    return sendPage(request, reply, { title: 'Déconnexion', body: logoutPage(csrfToken(reply)) });
  });

  app.post('/deconnexion', async (request, reply) => {
    await logOut(request);
    return reply.redirect('/connexion', 303);
  });

  app.get('/', async (request, reply) => {
    const user = pageUser(request);
    return sendPage(request, reply, { title: 'Accueil', body: await homeOf(app.services, user, csrfToken(reply)) });
  });
};
