/**
 * The web pages (DSFR), registered by server/app.ts at the root. Server-
 * rendered from the questionnaire definition; the forms work without
 * JavaScript. The DSFR is served from node_modules (no CDN: works offline).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { installErrorPages } from './context.ts';
import { accountRoutes } from './routes/account.routes.ts';
import { adminAccountRoutes } from './routes/admin-accounts.routes.ts';
import { adminCampagneRoutes } from './routes/admin-campagnes.routes.ts';
import { adminMailRoutes } from './routes/admin-mail.routes.ts';
import { adminRegistryRoutes } from './routes/admin-registry.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { bilanRoutes } from './routes/bilan.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { legalRoutes } from './routes/legal.routes.ts';
import { ficheRoutes } from './routes/fiche.routes.ts';
import { suiviRoutes } from './routes/suivi.routes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dsfrDist = join(dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist');

export const webPlugin: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, { root: dsfrDist, prefix: '/dsfr/', maxAge: '1d', index: false });
  await app.register(fastifyStatic, { root: join(here, 'public'), prefix: '/static/', decorateReply: false, maxAge: 0, index: false });
  installErrorPages(app);
  await app.register(authRoutes);
  await app.register(bilanRoutes);
  await app.register(ficheRoutes);
  await app.register(suiviRoutes);
  await app.register(dashboardRoutes);
  await app.register(accountRoutes);
  await app.register(adminAccountRoutes);
  await app.register(adminRegistryRoutes);
  await app.register(adminCampagneRoutes);
  await app.register(adminMailRoutes);
  await app.register(legalRoutes);
};
