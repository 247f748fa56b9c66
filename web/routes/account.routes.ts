/** One's own account: /mot-de-passe-oublie, /mot-de-passe/choisir (links of the mails), /mon-compte. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.ts';
import { logIn, loginRateLimit, logOut } from '../../server/plugins/auth.ts';
import { myDataFileName } from '../../server/services/personal-data.service.ts';
import { checkFormCsrf, csrfToken, pageUser, sendFile, sendPage } from '../context.ts';
import { fieldErrors } from '../components.ts';
import { choosePasswordPage, forgotPasswordPage, invalidLinkPage, myAccountPage } from '../pages/account.page.ts';
import { ChangePasswordForm, ChoosePasswordForm, ChoosePasswordQuery, EmptyQuery, ForgotPasswordForm, MyAccountQuery } from './schemas.ts';

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts, clsm, personalData } = app.services;
  const limited = loginRateLimit(app.config.loginMaxPerMinute);
  const invalidLink = (message: string) => ({ status: 400, title: 'Lien invalide', body: invalidLinkPage(message) });

  app.get('/mot-de-passe-oublie', async (request, reply) => sendPage(request, reply, { title: 'Mot de passe oublié', body: forgotPasswordPage({ csrfToken: csrfToken(reply) }) }));

  app.post('/mot-de-passe-oublie', { config: limited, schema: { body: ForgotPasswordForm } }, async (request, reply) => {
    await checkFormCsrf(request, reply);
    const email = (request.body.email ?? '').trim();
    if (!email.includes('@')) {
      return sendPage(request, reply, { status: 400, title: 'Mot de passe oublié', body: forgotPasswordPage({ email, error: 'Indiquez l’adresse électronique de votre compte (nom@domaine.fr).', csrfToken: csrfToken(reply) }) });
    }
    await accounts.requestPasswordReset(email);
    // The same answer whether an account has this address or not.
    return sendPage(request, reply, { status: 202, title: 'Mot de passe oublié', body: forgotPasswordPage({ sent: true, csrfToken: csrfToken(reply) }) });
  });

  app.get('/mot-de-passe/choisir', { schema: { querystring: ChoosePasswordQuery } }, async (request, reply) => {
    const token = request.query.jeton ?? '';
    try {
      const link = await accounts.linkInfo(token);
      return sendPage(request, reply, { title: link.purpose === 'invitation' ? 'Bienvenue' : 'Nouveau mot de passe', body: choosePasswordPage({ token, ...link, csrfToken: csrfToken(reply) }) });
    } catch (error) {
      if (error instanceof AppError) return sendPage(request, reply, invalidLink(error.message));
      throw error;
    }
  });

  app.post('/mot-de-passe/choisir', { config: limited, schema: { body: ChoosePasswordForm } }, async (request, reply) => {
    await checkFormCsrf(request, reply);
    const token = request.body.jeton ?? '';
    let link;
    try {
      link = await accounts.linkInfo(token);
    } catch (error) {
      if (error instanceof AppError) return sendPage(request, reply, invalidLink(error.message));
      throw error;
    }
    try {
      const user = await accounts.completeLink(token, request.body.password ?? '', request.body.password_confirmation ?? '');
      await logIn(request, reply, user);
      return reply.redirect('/', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalide') throw error;
      const errors = fieldErrors(error.extra.issues ?? [{ message: error.message }], 'password');
      return sendPage(request, reply, { status: 400, title: 'Choisir un mot de passe', body: choosePasswordPage({ token, ...link, errors, csrfToken: csrfToken(reply) }) });
    }
  });

  async function accountPage(request: Parameters<typeof pageUser>[0], reply: Parameters<typeof csrfToken>[0], extra: { errors?: Map<string, string>; changed?: boolean; status?: number }) {
    const user = pageUser(request);
    const account = await accounts.me(user);
    const clsmNames = new Map((await clsm.list(user)).map((c) => [c.id, c.nom]));
    return sendPage(request, reply, { status: extra.status, title: 'Mon compte', breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Mon compte' }], body: myAccountPage({ account, clsmNames, ...extra, csrfToken: csrfToken(reply) }) });
  }

  app.get('/mon-compte', { schema: { querystring: MyAccountQuery } }, async (request, reply) =>
    accountPage(request, reply, { changed: request.query.modifie === '1' }),
  );

  app.post('/mon-compte/mot-de-passe', { schema: { body: ChangePasswordForm } }, async (request, reply) => {
    const user = pageUser(request);
    try {
      await accounts.changePassword(user, request.body.current_password ?? '', request.body.password ?? '', request.body.password_confirmation ?? '');
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalide') throw error;
      return accountPage(request, reply, { status: 400, errors: fieldErrors(error.extra.issues ?? [{ message: error.message }], 'password') });
    }
    // Every session of the account was closed: this one starts again.
    await logIn(request, reply, user);
    return reply.redirect('/mon-compte?modifie=1', 303);
  });

  app.get('/mon-compte/donnees', { schema: { querystring: EmptyQuery } }, async (request, reply) => {
    const user = pageUser(request);
    const data = await personalData.myData(user);
    return sendFile(reply.header('cache-control', 'no-store'), 'application/json; charset=utf-8', myDataFileName(user.id, data.genere_le), JSON.stringify(data, null, 2));
  });

  app.post('/mon-compte/deconnexion-partout', async (request, reply) => {
    await accounts.closeAllSessions(pageUser(request));
    await logOut(request);
    return reply.redirect('/connexion', 303);
  });
};
