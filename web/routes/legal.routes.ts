/** The footer's mandatory pages (readable signed out): /accessibilite, /mentions-legales, /donnees-personnelles, /gestion-des-cookies. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { FIXED_PERIODS } from '../../server/services/personal-data.service.ts';
import { sendPage } from '../context.ts';
import { accessibilityPage, cookiesPage, legalNoticePage, personalDataPage } from '../pages/legal.page.ts';
import { z } from 'zod';

export const legalRoutes: FastifyPluginAsyncZod = async (app) => {
  const { site, retention } = app.config;
  // Public information pages: parameters a link may carry (a campaign's tracking…) are ignored, never refused.
  const schema = { querystring: z.object({}) };
  const crumbs = (label: string) => [{ href: '/', label: 'Accueil' }, { label }];

  app.get('/accessibilite', { schema }, async (request, reply) =>
    sendPage(request, reply, { title: 'Déclaration d’accessibilité', breadcrumb: crumbs('Accessibilité'), body: accessibilityPage(site) }),
  );
  app.get('/mentions-legales', { schema }, async (request, reply) => sendPage(request, reply, { title: 'Mentions légales', breadcrumb: crumbs('Mentions légales'), body: legalNoticePage(site) }));
  app.get('/donnees-personnelles', { schema }, async (request, reply) =>
    sendPage(request, reply, {
      title: 'Données personnelles',
      breadcrumb: crumbs('Données personnelles'),
      body: personalDataPage({ site, retention, inventory: app.services.personalData.inventory(), signedIn: request.user !== null }),
    }),
  );
  app.get('/gestion-des-cookies', { schema }, async (request, reply) =>
    sendPage(request, reply, { title: 'Gestion des cookies', breadcrumb: crumbs('Gestion des cookies'), body: cookiesPage({ site, cookieName: SESSION_COOKIE, sessionHours: FIXED_PERIODS.sessionHours }) }),
  );
};
