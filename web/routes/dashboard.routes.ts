/** Dashboards and the état des lieux: the analytics service's data, rendered by web/pages. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SplitVariable } from '../../analytics/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import type { IndicatorQuery } from '../../server/services/analytics.service.ts';
import { pageUser, sendFile, sendPage } from '../context.ts';
import { dashboardPage, dashboardQueryString } from '../pages/dashboard.page.ts';
import { etatDesLieuxPage } from '../pages/etat-des-lieux.page.ts';
import { DashboardQuery, EtatDesLieuxParams, EtatDesLieuxQuery } from './schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { analytics, campagnes, clsm } = app.services;
  const queryOf = (q: { annee?: number | undefined; region?: string | undefined; departement?: string | undefined; split?: string | undefined }): IndicatorQuery => ({ ...q, split: q.split as SplitVariable | undefined });
  /** A page of the dashboards: the reader checked before anything else is read. */
  const reader = (request: Parameters<typeof pageUser>[0]): AuthUser => analytics.requireReader(pageUser(request));

  app.get('/tableaux-de-bord', { schema: { querystring: DashboardQuery } }, async (request, reply) => {
    const user = reader(request);
    const query = queryOf(request.query);
    const places = await clsm.places(user);
    return sendPage(request, reply, {
      title: 'Tableaux de bord',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Tableaux de bord' }],
      body: dashboardPage({
        user,
        set: await analytics.indicators(user, query),
        query,
        campagnes: await campagnes.list(),
        regions: places.regions,
        departements: places.departements,
      }),
    });
  });

  app.get('/tableaux-de-bord/donnees.csv', { schema: { querystring: DashboardQuery } }, async (request, reply) =>
    sendFile(reply, 'text/csv; charset=utf-8', 'indicateurs.csv', await analytics.csv(reader(request), queryOf(request.query))),
  );

  app.get('/tableaux-de-bord/donnees.xlsx', { schema: { querystring: DashboardQuery } }, async (request, reply) =>
    sendFile(reply, XLSX, 'indicateurs.xlsx', await analytics.xlsx(reader(request), queryOf(request.query))),
  );

  app.get('/tableaux-de-bord/graphiques/:id.svg', { schema: { querystring: DashboardQuery } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const svg = await analytics.chartSvg(reader(request), queryOf(request.query), id);
    return sendFile(reply, 'image/svg+xml; charset=utf-8', `${id.replace(/[^a-z0-9_]/g, '')}.svg`, svg);
  });

  app.get('/etat-des-lieux', async (request, reply) => {
    reader(request);
    const list = await campagnes.list();
    return reply.redirect(`/etat-des-lieux/${list.find((c) => c.statut === 'fermee')?.annee ?? list[0]?.annee ?? new Date().getFullYear()}`);
  });

  app.get('/etat-des-lieux/:annee', { schema: { params: EtatDesLieuxParams, querystring: EtatDesLieuxQuery } }, async (request, reply) => {
    const user = reader(request);
    const { annee } = request.params;
    const { region } = request.query;
    const { report, svgs } = await analytics.report(user, annee, region);
    return sendPage(request, reply, {
      title: `État des lieux ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: `État des lieux ${annee}` }],
      formScript: true,
      body: etatDesLieuxPage({ report, svgs, campagnes: await campagnes.list(), csvHref: `/tableaux-de-bord/donnees.csv${dashboardQueryString({ annee, region })}` }),
    });
  });
};
