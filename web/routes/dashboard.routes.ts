/** Dashboards, the état des lieux and the open data: the analytics service's data, rendered by web/pages. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { families, type SplitVariable } from '../../analytics/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { notFound } from '../../server/errors.ts';
import type { IndicatorQuery } from '../../server/services/analytics.service.ts';
import { pageUser, sendFile, sendPage } from '../context.ts';
import { dashboardPage, dashboardQueryString, indicatorListPage, indicatorPage } from '../pages/dashboard.page.ts';
import { comparisonPage, etatDesLieuxDocument, etatDesLieuxPage } from '../pages/etat-des-lieux.page.ts';
import { openDataPage } from '../pages/open-data.page.ts';
import { ComparisonQuery, DashboardDataQuery, DashboardQuery, EtatDesLieuxParams, EtatDesLieuxQuery, IndicatorListQuery, IndicatorPageQuery, IndicatorParams, OpenDataQuery } from './schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = () => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date());

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { analytics, clsm } = app.services;
  /** A page of the dashboards: the reader checked before anything else is read. */
  const reader = (request: Parameters<typeof pageUser>[0]): AuthUser => analytics.requireReader(pageUser(request));
  /** The regions and départements the filters offer (the reader's registry). */
  const places = async (user: AuthUser) => {
    const { regions, departements } = await clsm.places(user);
    return { regions, departements };
  };
  /** The year asked, or the latest with bilans in the scope (never all years mixed). */
  const yearOf = async (user: AuthUser, q: { annee?: number | undefined; region?: string | undefined; departement?: string | undefined }) => {
    const years = await analytics.years(user, { region: q.region, departement: q.departement });
    return { years, annee: q.annee ?? years[0]?.annee ?? null };
  };
  const queryOf = (q: { annee?: number | undefined; region?: string | undefined; departement?: string | undefined; split?: string | undefined }): IndicatorQuery => ({
    annee: q.split === 'annee' ? undefined : q.annee,
    region: q.region,
    departement: q.departement,
    split: q.split as SplitVariable | undefined,
  });

  app.get('/tableaux-de-bord', { schema: { querystring: DashboardQuery } }, async (request, reply) => {
    const user = reader(request);
    const [overview, where] = await Promise.all([analytics.overview(user, request.query), places(user)]);
    return sendPage(request, reply, {
      title: `Tableaux de bord${overview.annee !== null ? ` ${overview.annee}` : ''}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Tableaux de bord' }],
      documentStyles: true,
      body: dashboardPage({ user, overview, query: request.query, ...where }),
    });
  });

  app.get('/tableaux-de-bord/indicateurs', { schema: { querystring: IndicatorListQuery } }, async (request, reply) => {
    const user = reader(request);
    const { years, annee } = await yearOf(user, request.query);
    const set = await analytics.indicators(user, queryOf({ ...request.query, annee: annee ?? undefined }));
    return sendPage(request, reply, {
      title: request.query.q ? `Indicateurs : « ${request.query.q} »` : 'Indicateurs',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: `/tableaux-de-bord${dashboardQueryString({ ...request.query, annee: annee ?? undefined })}`, label: 'Tableaux de bord' }, { label: 'Indicateurs' }],
      documentStyles: true,
      body: indicatorListPage({
        user,
        set,
        entries: families(set.catalogue, set.questionnaire),
        query: { ...request.query, annee },
        years,
        ...(await places(user)),
        scopeLabel: analytics.scopeLabel(user, request.query),
      }),
    });
  });

  app.get('/tableaux-de-bord/indicateurs/:id', { schema: { params: IndicatorParams, querystring: IndicatorPageQuery } }, async (request, reply) => {
    const user = reader(request);
    const { years, annee } = await yearOf(user, request.query);
    const query = queryOf({ ...request.query, annee: annee ?? undefined });
    const { set, item, entry } = await analytics.item(user, query, request.params.id);
    const entries = families(set.catalogue, set.questionnaire);
    const at = entries.findIndex((e) => e.id === entry.id);
    const base = { annee: annee ?? undefined, region: request.query.region, departement: request.query.departement };
    return sendPage(request, reply, {
      title: entry.label,
      breadcrumb: [
        { href: '/', label: 'Accueil' },
        { href: `/tableaux-de-bord${dashboardQueryString(base)}`, label: 'Tableaux de bord' },
        { href: `/tableaux-de-bord/indicateurs${dashboardQueryString(base)}`, label: 'Indicateurs' },
        { label: entry.label },
      ],
      documentStyles: true,
      body: indicatorPage({
        set,
        item,
        entry,
        svg: item ? await analytics.itemSvg(set, item) : '',
        query,
        years,
        annee,
        scopeLabel: analytics.scopeLabel(user, request.query),
        previous: at > 0 ? entries[at - 1] : undefined,
        next: at >= 0 ? entries[at + 1] : undefined,
      }),
    });
  });

  /** Downloads follow the page they come from: the year shown (the latest by default), an indicator or all. */
  const dataQuery = async (user: AuthUser, q: { annee?: number | undefined; region?: string | undefined; departement?: string | undefined; split?: string | undefined }) =>
    queryOf({ ...q, annee: q.split === 'annee' ? undefined : ((await yearOf(user, q)).annee ?? undefined) });

  app.get('/tableaux-de-bord/donnees.csv', { schema: { querystring: DashboardDataQuery } }, async (request, reply) => {
    const user = reader(request);
    const { indicateur } = request.query;
    const only = indicateur ? (await analytics.item(user, await dataQuery(user, request.query), indicateur)).item?.indicators ?? [indicateur] : undefined;
    return sendFile(reply, 'text/csv; charset=utf-8', `indicateurs${indicateur ? `-${indicateur}` : ''}.csv`, await analytics.csv(user, await dataQuery(user, request.query), only));
  });

  app.get('/tableaux-de-bord/donnees.xlsx', { schema: { querystring: DashboardDataQuery } }, async (request, reply) => {
    const user = reader(request);
    return sendFile(reply, XLSX, 'indicateurs.xlsx', await analytics.xlsx(user, await dataQuery(user, request.query)));
  });

  app.get('/tableaux-de-bord/graphiques/:id.svg', { schema: { querystring: IndicatorPageQuery } }, async (request, reply) => {
    const user = reader(request);
    const parsed = IndicatorParams.safeParse(request.params);
    if (!parsed.success) throw notFound('Graphique inconnu.');
    const { id } = parsed.data;
    const svg = await analytics.chartSvg(user, await dataQuery(user, request.query), id, { titled: true });
    return sendFile(reply, 'image/svg+xml; charset=utf-8', `${id}.svg`, svg);
  });

  app.get('/etat-des-lieux', async (request, reply) => {
    const user = reader(request);
    const years = await analytics.years(user);
    return reply.redirect(`/etat-des-lieux/${years[0]?.annee ?? new Date().getFullYear()}`);
  });

  app.get('/etat-des-lieux/comparaison', { schema: { querystring: ComparisonQuery } }, async (request, reply) => {
    const user = reader(request);
    const { de, a, region } = request.query;
    const [computed, years] = await Promise.all([analytics.comparison(user, Math.min(de, a), Math.max(de, a), region), analytics.years(user, { region })]);
    return sendPage(request, reply, {
      title: `État des lieux : ${Math.min(de, a)} et ${Math.max(de, a)} comparés`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: `/etat-des-lieux/${Math.max(de, a)}`, label: 'État des lieux' }, { label: 'Comparaison' }],
      formScript: true,
      documentStyles: true,
      body: comparisonPage({ ...computed, years: years.map((y) => y.annee) }),
    });
  });

  app.get('/etat-des-lieux/:fichier', { schema: { params: EtatDesLieuxParams, querystring: EtatDesLieuxQuery } }, async (request, reply) => {
    const user = reader(request);
    const annee = Number(request.params.fichier.slice(0, 4));
    const { region } = request.query;
    const name = `etat-des-lieux-${annee}${region ? `-${region}` : ''}`;
    if (request.params.fichier.endsWith('.pdf')) {
      if (!analytics.pdfAvailable()) throw notFound('Ce serveur ne produit pas de PDF : ouvrez l’état des lieux et choisissez « Imprimer ou enregistrer en PDF ».');
      const pdf = await analytics.reportPdf(user, annee, region, (report, svgs) => etatDesLieuxDocument(report, svgs, { generatedAt: today() }));
      return sendFile(reply, 'application/pdf', `${name}.pdf`, pdf);
    }
    const [{ report, svgs }, years] = await Promise.all([analytics.report(user, annee, region), analytics.years(user, { region })]);
    return sendPage(request, reply, {
      title: `État des lieux ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: `État des lieux ${annee}` }],
      formScript: true,
      documentStyles: true,
      body: await etatDesLieuxPage({
        report,
        svgs,
        years: years.map((y) => y.annee),
        csvHref: `/tableaux-de-bord/donnees.csv${dashboardQueryString({ annee, region })}`,
        pdfHref: analytics.pdfAvailable() && report.bilans > 0 ? `/etat-des-lieux/${annee}.pdf${region ? `?region=${region}` : ''}` : null,
      }),
    });
  });

  // Open data: no login.
  app.get('/donnees-ouvertes', { schema: { querystring: OpenDataQuery } }, async (request, reply) => {
    const years = await analytics.publicYears();
    const annee = request.query.annee ?? years[0]?.annee;
    if (request.query.annee !== undefined && !years.some((y) => y.annee === annee)) throw notFound(`Aucune donnée publiée pour ${annee}.`);
    return sendPage(request, reply, {
      title: 'Données ouvertes',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Données ouvertes' }],
      documentStyles: true,
      body: openDataPage({ set: annee === undefined ? null : await analytics.publicSet(annee), years }),
    });
  });
};
