/**
 * Indicators, charts and the état des lieux (prefix /api), from the one
 * analytics pipeline (services/analytics.service.ts): ARS (its région),
 * CCOMS (consented bilans) and admin; coordinators are refused.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SplitVariable } from '../../analytics/index.ts';
import { sendDownload } from '../download.ts';
import { AppError } from '../errors.ts';
import { requireUser } from '../plugins/auth.ts';
import type { IndicatorQuery as Query } from '../services/analytics.service.ts';
import { Annee, IndicatorQuery, Region } from './schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['indicateurs'];
  const { analytics } = app.services;
  const queryOf = (q: { split?: string | undefined } & Omit<Query, 'split'>): Query => ({ ...q, split: q.split as SplitVariable | undefined });

  app.get('/indicators', { schema: { tags, summary: 'Catalogue des indicateurs (n, N, part exacte arrondie à 2 décimales)', querystring: IndicatorQuery } }, async (request) =>
    analytics.json(requireUser(request), queryOf(request.query)),
  );

  app.get(
    '/indicators.csv',
    { schema: { tags, summary: 'Catalogue des indicateurs en CSV (`;`, UTF-8 avec BOM ; une ligne par indicateur × groupe × catégorie)', querystring: IndicatorQuery } },
    async (request, reply) => {
      const csv = await analytics.csv(requireUser(request), queryOf(request.query));
      return sendDownload(reply, 'text/csv; charset=utf-8', 'indicateurs-clsm.csv', csv);
    },
  );

  app.get(
    '/indicators.xlsx',
    { schema: { tags, summary: 'Catalogue des indicateurs en XLSX (mêmes colonnes que le CSV)', querystring: IndicatorQuery } },
    async (request, reply) => {
      const xlsx = await analytics.xlsx(requireUser(request), queryOf(request.query));
      return sendDownload(reply, XLSX, 'indicateurs-clsm.xlsx', xlsx);
    },
  );

  app.get(
    '/charts/:fichier',
    {
      schema: {
        tags,
        summary: 'Graphique SVG d’un indicateur ou d’une famille d’indicateurs : /api/charts/<identifiant>.svg',
        params: z.strictObject({ fichier: z.string().max(120).regex(/^[a-z0-9_]+\.svg$/, 'attendu : <identifiant>.svg') }),
        querystring: IndicatorQuery,
      },
    },
    async (request, reply) => {
      const svg = await analytics.chartSvg(requireUser(request), queryOf(request.query), request.params.fichier.replace(/\.svg$/, ''));
      return reply.type('image/svg+xml; charset=utf-8').send(svg);
    },
  );

  app.get(
    '/etat-des-lieux/:fichier',
    {
      schema: {
        tags,
        summary: 'Indicateurs de l’état des lieux d’une année : /api/etat-des-lieux/<année> (JSON) ou /api/etat-des-lieux/<année>.csv ; la page est /etat-des-lieux/<année>',
        params: z.strictObject({ fichier: z.string().max(20) }),
        querystring: z.strictObject({ region: Region.optional() }),
      },
    },
    async (request, reply) => {
      const match = /^(\d{4})(\.json|\.csv)?$/.exec(request.params.fichier);
      const annee = match ? Annee.safeParse(match[1]) : undefined;
      if (!match || !annee?.success) throw new AppError('invalide', `Année invalide : « ${request.params.fichier} » (attendu : /api/etat-des-lieux/2024 ou /api/etat-des-lieux/2024.csv)`);
      const region = request.query.region;
      const { report } = await analytics.report(requireUser(request), annee.data, region);
      if (match[2] === '.csv') return sendDownload(reply, 'text/csv; charset=utf-8', `etat-des-lieux-${annee.data}${region ? `-${region}` : ''}.csv`, report.csv);
      const { csv: _csv, sections, effet, ...head } = report;
      const strip = (items: typeof effet.items) => items.map(({ spec: _spec, ...item }) => item);
      return { ...head, sections: sections.map((s) => ({ ...s, items: strip(s.items) })), effet: { ...effet, items: strip(effet.items) } };
    },
  );
};
