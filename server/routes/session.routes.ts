import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { msg } from '../messages.ts';
import { logIn, logOut, loginRateLimit, requireUser } from '../plugins/auth.ts';
import { LoginBody } from './schemas.ts';

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { tags: ['système'], summary: 'État du service et de la base (sans authentification)' } }, async () => {
    await app.services.health();
    return { status: 'ok' };
  });

  app.post(
    '/session',
    {
      config: loginRateLimit(app.config.loginMaxPerMinute),
      schema: { tags: ['session'], summary: 'Connexion (cookie de session ; limité en nombre de tentatives)', body: LoginBody },
    },
    async (request, reply) => {
      const user = await app.services.users.authenticate(request.body.email, request.body.password);
      if (!user) throw new AppError('non_authentifie', msg.identifiantsInvalides);
      const csrf_token = logIn(request, reply, user);
      return { user, csrf_token };
    },
  );

  app.delete('/session', { schema: { tags: ['session'], summary: 'Déconnexion' } }, async (request, reply) => {
    logOut(request);
    return reply.status(204).send();
  });

  app.get(
    '/me',
    { schema: { tags: ['session'], summary: 'Compte connecté et jeton CSRF (en-tête x-csrf-token des écritures)', querystring: z.strictObject({}) } },
    async (request, reply) => ({ user: requireUser(request), csrf_token: reply.generateCsrf() }),
  );
};
