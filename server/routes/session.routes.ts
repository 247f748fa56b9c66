import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logIn, logOut, loginRateLimit, requireJsonBody, requireUser } from '../plugins/auth.ts';
import { ChangePasswordBody, LinkPasswordBody, LoginBody, PasswordResetBody } from './schemas.ts';

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['session'];
  const { accounts } = app.services;
  const limited = loginRateLimit(app.config.loginMaxPerMinute);

  app.get('/health', { schema: { tags: ['système'], summary: 'État du service et de la base (sans authentification)' } }, async () => {
    await app.services.health();
    return { status: 'ok' };
  });

  app.post(
    '/session',
    {
      config: limited,
      onRequest: requireJsonBody,
      schema: {
        tags,
        summary:
          'Connexion (cookie de session ; corps JSON seulement). Limitée par adresse et par minute ; après plusieurs échecs, le compte (ou l’adresse) est verrouillé un moment (429).',
        body: LoginBody,
      },
    },
    async (request, reply) => {
      const user = await accounts.authenticate(request.body.email, request.body.password, request.ip);
      const csrf_token = await logIn(request, reply, user);
      return { user, csrf_token };
    },
  );

  app.delete('/session', { schema: { tags, summary: 'Déconnexion : la session est close côté serveur (le cookie ne sert plus)' } }, async (request, reply) => {
    await logOut(request);
    return reply.status(204).send();
  });

  app.post(
    '/session/password-reset',
    {
      config: limited,
      onRequest: requireJsonBody,
      schema: {
        tags,
        summary: 'Mot de passe oublié : envoie un lien (valable 1 h, à usage unique) si un compte a cette adresse. Toujours 202, que le compte existe ou non.',
        body: PasswordResetBody,
      },
    },
    async (request, reply) => {
      await accounts.requestPasswordReset(request.body.email);
      return reply.status(202).send({ message: 'Si un compte existe pour cette adresse, un courriel vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe.' });
    },
  );

  app.post(
    '/session/password',
    {
      config: limited,
      onRequest: requireJsonBody,
      schema: {
        tags,
        summary: 'Choix du mot de passe avec le jeton d’un lien d’invitation ou de réinitialisation ; les autres sessions du compte sont closes ; ouvre une session.',
        body: LinkPasswordBody,
      },
    },
    async (request, reply) => {
      const user = await accounts.completeLink(request.body.token, request.body.password, request.body.password_confirmation);
      const csrf_token = await logIn(request, reply, user);
      return { user, csrf_token };
    },
  );

  app.get(
    '/me',
    { schema: { tags, summary: 'Compte connecté et jeton CSRF (en-tête x-csrf-token des écritures)', querystring: z.strictObject({}) } },
    async (request, reply) => ({ user: requireUser(request), csrf_token: reply.generateCsrf() }),
  );

  app.post(
    '/me/password',
    { schema: { tags, summary: 'Changer son mot de passe (l’actuel est demandé) ; toutes les sessions du compte sont closes, une nouvelle est ouverte', body: ChangePasswordBody } },
    async (request, reply) => {
      const user = requireUser(request);
      await accounts.changePassword(user, request.body.current_password, request.body.password, request.body.password_confirmation);
      return { csrf_token: await logIn(request, reply, user) };
    },
  );

  app.delete('/me/sessions', { schema: { tags, summary: 'Se déconnecter partout : toutes les sessions du compte, celle-ci comprise' } }, async (request, reply) => {
    await accounts.closeAllSessions(requireUser(request));
    await logOut(request);
    return reply.status(204).send();
  });
};
