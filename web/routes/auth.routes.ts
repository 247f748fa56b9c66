/** /connexion, /deconnexion and the home page of each role. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { logIn, logOut } from '../../server/plugins/auth.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import type { Services } from '../../server/services/index.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import type { SafeHtml } from '../html.ts';
import { arsHome, ccomsHome, coordinatorHome } from '../pages/home.page.ts';
import { loginPage, logoutPage } from '../pages/login.page.ts';
import { LoginForm, LoginQuery } from './schemas.ts';

/** Only local paths: never send someone elsewhere after signing in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

async function homeOf(services: Services, user: AuthUser): Promise<SafeHtml> {
  if (user.role === 'ccoms') return ccomsHome();
  const campagne = await services.campagnes.current();
  if (user.role === 'coordinateur') {
    const clsm = await services.clsm.list(user);
    const blocks = [];
    for (const c of clsm) {
      const past = (await services.bilans.list(user, { clsmId: c.id })).filter((b) => b.annee !== campagne?.annee);
      blocks.push({ clsm: c, current: campagne ? await services.bilans.get(user, c.id, campagne.annee) : null, past });
    }
    return coordinatorHome({ campagne, clsm: blocks });
  }
  const annee = campagne?.annee ?? (await services.campagnes.list())[0]?.annee;
  return arsHome(user, annee === undefined ? null : await services.suivi.get(user, annee));
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/connexion', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.suite));
    return sendPage(request, reply, { title: 'Connexion', body: loginPage({ next: safeNext(request.query.suite), csrfToken: csrfToken(reply) }) });
  });

  app.post(
    '/connexion',
    { config: { csrf: false, rateLimit: { max: app.config.loginMaxPerMinute, timeWindow: 60_000 } }, schema: { body: LoginForm } },
    async (request, reply) => {
      // Login CSRF: the form carries a token bound to the pre-login session.
      await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())));
      const email = (request.body.email ?? '').trim();
      const next = safeNext(request.body.suite);
      const fail = (status: number, error: string) => sendPage(request, reply, { status, title: 'Connexion', body: loginPage({ email, next, error, csrfToken: csrfToken(reply) }) });
      if (!email || !request.body.password) return fail(400, 'Indiquez votre adresse électronique et votre mot de passe.');
      const user = await app.services.users.authenticate(email, request.body.password);
      if (!user) return fail(401, 'Adresse électronique ou mot de passe incorrect.');
      logIn(request, reply, user);
      return reply.redirect(next, 303);
    },
  );

  // Signing out changes state: the address shows a button that posts (with its CSRF token).
  app.get('/deconnexion', async (request, reply) => {
    if (!request.user) return reply.redirect('/connexion');
    return sendPage(request, reply, { title: 'Déconnexion', body: logoutPage(csrfToken(reply)) });
  });

  app.post('/deconnexion', async (request, reply) => {
    logOut(request);
    return reply.redirect('/connexion', 303);
  });

  app.get('/', async (request, reply) => {
    const user = pageUser(request);
    return sendPage(request, reply, { title: 'Accueil', body: await homeOf(app.services, user) });
  });
};
