/** Every JSON route under /api (the analytics engineer's routes included), and the /api 404. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { msg } from '../messages.ts';
import { analyticsRoutes } from './analytics.routes.ts';
import { bilanRoutes } from './bilan.routes.ts';
import { campagneRoutes } from './campagne.routes.ts';
import { clsmRoutes } from './clsm.routes.ts';
import { exchangeRoutes } from './exchange.routes.ts';
import { ficheRoutes, publicFicheRoutes } from './fiche.routes.ts';
import { mailRoutes } from './mail.routes.ts';
import { personalDataRoutes } from './personal-data.routes.ts';
import { publicRoutes } from './public.routes.ts';
import { sessionRoutes } from './session.routes.ts';
import { userRoutes } from './user.routes.ts';

export const apiRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(sessionRoutes);
  await app.register(clsmRoutes);
  await app.register(campagneRoutes);
  await app.register(bilanRoutes);
  await app.register(exchangeRoutes);
  await app.register(ficheRoutes);
  await app.register(userRoutes);
  await app.register(mailRoutes);
  await app.register(analyticsRoutes);
  await app.register(personalDataRoutes);
  await app.register(publicRoutes, { prefix: '/public' });
  await app.register(publicFicheRoutes, { prefix: '/public' });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ statusCode: 404, error: 'introuvable', message: msg.routeInconnue(request.method, request.url.split('?')[0]!) });
  });
};
