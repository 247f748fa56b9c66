/** /connexion, /deconnexion and the home page of each role. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { logIn, logOut } from '../../server/plugins/auth.ts';
import { authenticate } from '../../server/repositories/user.repository.ts';
import { errorSummary, csrfField } from '../components.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { html } from '../html.ts';
import { homePage } from '../pages/home.page.ts';

/** Only local paths: never send someone elsewhere after signing in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

function loginForm(request: FastifyRequest, reply: FastifyReply, options: { email?: string; error?: string; next: string; status?: number }) {
  const error = options.error;
  return sendPage(request, reply, {
    status: options.status ?? 200,
    title: 'Connexion',
    body: html`<div class="fr-grid-row fr-grid-row--center"><div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
      <h1>Connexion à Bilan CLSM</h1>
      ${error ? errorSummary('La connexion a échoué', [{ href: '#email', message: error }]) : ''}
      <form method="post" action="/connexion" novalidate>
        ${csrfField(csrfToken(reply))}
        <input type="hidden" name="suite" value="${options.next}">
        <fieldset class="fr-fieldset" aria-labelledby="connexion-legende">
          <legend class="fr-fieldset__legend" id="connexion-legende">Vos identifiants</legend>
          <div class="fr-fieldset__element">
            <div class="fr-input-group${error ? ' fr-input-group--error' : ''}">
              <label class="fr-label" for="email">Adresse électronique<span class="fr-hint-text">Format attendu : nom@domaine.fr</span></label>
              <input class="fr-input" type="email" id="email" name="email" autocomplete="username" value="${options.email ?? ''}"${error ? html` aria-describedby="email-erreur"` : ''}>
              ${error ? html`<p class="fr-error-text" id="email-erreur">${error}</p>` : ''}
            </div>
          </div>
          <div class="fr-fieldset__element">
            <div class="fr-input-group">
              <label class="fr-label" for="password">Mot de passe</label>
              <input class="fr-input" type="password" id="password" name="password" autocomplete="current-password">
            </div>
          </div>
        </fieldset>
        <button type="submit" class="fr-btn">Se connecter</button>
      </form>
      <p class="fr-mt-3w fr-text--sm">Pas de compte ? Les comptes sont créés par l’administration de la plateforme (coordonnateur·rices) ou par votre ARS.</p>
    </div></div>`,
  });
}

export const authRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { suite?: string } }>('/connexion', async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.suite));
    return loginForm(request, reply, { next: safeNext(request.query.suite) });
  });

  app.post<{ Body: { email?: string; password?: string; suite?: string; _csrf?: string } }>(
    '/connexion',
    { config: { csrf: false, rateLimit: { max: app.config.loginMaxPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      // Login CSRF: the form carries a token bound to the pre-login session.
      await new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())));
      const body = request.body ?? {};
      const email = String(body.email ?? '').trim();
      const next = safeNext(body.suite);
      if (!email || !body.password) {
        return loginForm(request, reply, { email, next, status: 400, error: 'Indiquez votre adresse électronique et votre mot de passe.' });
      }
      const user = await authenticate(app.db, app.config.argon2, email, String(body.password));
      if (!user) return loginForm(request, reply, { email, next, status: 401, error: 'Adresse électronique ou mot de passe incorrect.' });
      logIn(request, reply, user);
      return reply.redirect(next, 303);
    },
  );

  // Signing out changes state: the address shows a button that posts (with its CSRF token).
  app.get('/deconnexion', async (request, reply) => {
    if (!request.user) return reply.redirect('/connexion');
    return sendPage(request, reply, {
      title: 'Déconnexion',
      body: html`<h1>Se déconnecter</h1>
        <form method="post" action="/deconnexion">${csrfField(csrfToken(reply))}<button type="submit" class="fr-btn">Se déconnecter de Bilan CLSM</button></form>`,
    });
  });

  app.post('/deconnexion', async (request, reply) => {
    logOut(request);
    return reply.redirect('/connexion', 303);
  });

  app.get('/', async (request, reply) => {
    const user = pageUser(request);
    return sendPage(request, reply, { title: 'Accueil', body: await homePage(app.db, user) });
  });
};
