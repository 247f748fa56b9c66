/**
 * Indicators, charts and the état des lieux (prefix /api).
 *
 * Scope: the bilans the caller may read (server/domain/access.ts), submitted
 * or validated: an ARS sees its region (or département), the CCOMS only the
 * bilans whose CLSM consented, the administration everything. Coordinators
 * are refused: indicators compare CLSM, and a coordinator reads their own
 * bilan, not a statistic over one or two bilans.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  buildCatalogue,
  buildReport,
  categoriesFor,
  categoryLabel,
  chartSpecFor,
  computeIndicators,
  flatTableFromBilans,
  groupLabel,
  indicatorsJson,
  renderSvg,
  SPLIT_VARIABLES,
  type CatalogueParams,
  type FlatTable,
} from '../../analytics/index.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError } from '../errors.ts';
import { requireRole } from '../plugins/auth.ts';
import { listBilansForAnalytics, type BilanFilters } from '../repositories/bilan.repository.ts';
import { Annee, ScopeFilters } from './schemas.ts';

/** The submitted and validated bilans the user may read, as a table of codebook columns. */
export async function loadAnalyticsRows(db: Kysely<Database>, user: AuthUser, filters: BilanFilters): Promise<FlatTable> {
  const bilans = await listBilansForAnalytics(db, user, { ...filters, statuses: ['soumis', 'valide'] });
  return flatTableFromBilans(bilans);
}

const IndicatorQuery = ScopeFilters.extend({
  split: z.enum(SPLIT_VARIABLES as [string, ...string[]]).optional().describe('Découpage : periode_creation, region, departement ou annee'),
  public: z.enum(['oui', 'non', 'true', 'false', '1', '0']).optional().describe('Sortie publique : les cases de moins de 5 bilans sont masquées'),
  periode: z.coerce.number().int().min(1990).max(2100).optional().describe('Première année de la période « depuis » (défaut 2016)'),
}).strict();
type IndicatorQuery = z.infer<typeof IndicatorQuery>;

const isPublic = (v: string | undefined): boolean => v === 'oui' || v === 'true' || v === '1';

function paramsOf(query: IndicatorQuery): CatalogueParams {
  return {
    ...(query.split ? { split: query.split as CatalogueParams['split'] } : {}),
    ...(isPublic(query.public) ? { public: true } : {}),
    ...(query.periode ? { periodeBoundary: query.periode } : {}),
  };
}

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['indicateurs'];
  const reader = (request: Parameters<typeof requireRole>[0]) => requireRole(request, 'ars', 'ccoms', 'admin');
  const filtersOf = (q: { annee?: number | undefined; region?: string | undefined; departement?: string | undefined }): BilanFilters => ({ annee: q.annee, region: q.region, departement: q.departement });

  app.get(
    '/indicators',
    { schema: { tags, summary: 'Catalogue des indicateurs (n, N, part exacte arrondie à 2 décimales)', querystring: IndicatorQuery } },
    async (request) => {
      const user = reader(request);
      const q = getQuestionnaire();
      const params = paramsOf(request.query);
      const rows = await loadAnalyticsRows(app.db, user, filtersOf(request.query));
      const results = computeIndicators(rows, buildCatalogue(q, { periodeBoundary: params.periodeBoundary }), params, categoriesFor(q));
      return indicatorsJson(results);
    },
  );

  app.get(
    '/indicators.xlsx',
    { schema: { tags, summary: 'Catalogue des indicateurs en XLSX (une ligne par indicateur × groupe × catégorie)', querystring: IndicatorQuery } },
    async (request, reply) => {
      const user = reader(request);
      const q = getQuestionnaire();
      const params = paramsOf(request.query);
      const catalogue = buildCatalogue(q, { periodeBoundary: params.periodeBoundary });
      const rows = await loadAnalyticsRows(app.db, user, filtersOf(request.query));
      const results = computeIndicators(rows, catalogue, params, categoriesFor(q));
      const byId = new Map(catalogue.map((i) => [i.id, i]));
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Indicateurs');
      sheet.columns = [
        { header: 'Indicateur', key: 'id', width: 40 },
        { header: 'Libellé', key: 'label', width: 60 },
        { header: 'Groupe', key: 'group', width: 24 },
        { header: 'Catégorie', key: 'category', width: 40 },
        { header: 'n', key: 'n', width: 8 },
        { header: 'N', key: 'N', width: 8 },
        { header: 'Part (%)', key: 'pct', width: 10 },
        { header: 'Valeur', key: 'value', width: 10 },
        { header: 'Base < 10', key: 'small', width: 10 },
      ];
      for (const r of results) {
        const indicator = byId.get(r.id)!;
        sheet.addRow({ id: r.id, label: indicator.label, group: groupLabel(r.group), category: categoryLabel(q, indicator, r.category), n: r.n, N: r.N, pct: r.pct === null ? null : Math.round(r.pct * 100) / 100, value: r.value ?? null, small: r.small ? 'oui' : 'non' });
      }
      const buffer = Buffer.from(await book.xlsx.writeBuffer());
      reply.header('content-disposition', 'attachment; filename="indicateurs-clsm.xlsx"');
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buffer);
    },
  );

  app.get(
    '/charts/:fichier',
    {
      schema: {
        tags,
        summary: 'Graphique SVG d’un indicateur : /api/charts/<indicateur>.svg',
        params: z.strictObject({ fichier: z.string().max(120) }),
        querystring: IndicatorQuery,
      },
    },
    async (request, reply) => {
      const user = reader(request);
      const match = /^([a-z0-9_]+)\.svg$/.exec(request.params.fichier);
      const q = getQuestionnaire();
      const params = paramsOf(request.query);
      const indicator = match ? buildCatalogue(q, { periodeBoundary: params.periodeBoundary }).find((i) => i.id === match[1]) : undefined;
      if (!indicator) throw new AppError('introuvable', `Indicateur inconnu : ${request.params.fichier.replace(/\.svg$/, '')} (voir GET /api/indicators)`);
      const rows = await loadAnalyticsRows(app.db, user, filtersOf(request.query));
      const results = computeIndicators(rows, [indicator], params, categoriesFor(q));
      const svg = await renderSvg(chartSpecFor(indicator, results, q));
      return reply.type('image/svg+xml; charset=utf-8').send(svg);
    },
  );

  app.get(
    '/etat-des-lieux/:fichier',
    {
      schema: {
        tags,
        summary: 'État des lieux d’une année : /api/etat-des-lieux/<année> (HTML) ou /api/etat-des-lieux/<année>.csv',
        params: z.strictObject({ fichier: z.string().max(20) }),
        querystring: z.strictObject({ region: z.string().max(100).optional() }),
      },
    },
    async (request, reply) => {
      const user = reader(request);
      const match = /^(\d{4})(\.html|\.csv)?$/.exec(request.params.fichier);
      const annee = match ? Annee.safeParse(match[1]) : undefined;
      if (!match || !annee?.success) throw new AppError('invalide', `Année invalide : « ${request.params.fichier} » (attendu : /api/etat-des-lieux/2024 ou /api/etat-des-lieux/2024.csv)`);
      const region = request.query.region;
      const rows = await loadAnalyticsRows(app.db, user, { annee: annee.data, region });
      const report = await buildReport({ rows, questionnaire: getQuestionnaire(), annee: annee.data, ...(region ? { region } : {}), consentedOnly: user.role === 'ccoms', generatedAt: new Date().toISOString().slice(0, 10) });
      if (match[2] === '.csv') {
        reply.header('content-disposition', `attachment; filename="etat-des-lieux-${annee.data}${region ? `-${region}` : ''}.csv"`);
        return reply.type('text/csv; charset=utf-8').send(report.csv);
      }
      return reply.type('text/html; charset=utf-8').send(report.html);
    },
  );
};
