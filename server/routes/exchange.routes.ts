import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BILAN_STATUTS } from '../domain/statuts.ts';
import { sendDownload } from '../download.ts';
import { AppError } from '../errors.ts';
import { msg } from '../messages.ts';
import { requireUser } from '../plugins/auth.ts';
import { ScopeFilters } from './schemas.ts';

export const exchangeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['import et export'];
  const { exchange, clsm } = app.services;
  // CSV bodies (imports) arrive as bytes, with their own size limit: the import finds their encoding (UTF-8 or Windows-1252).
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: app.config.importBodyLimit }, (_req, body, done) => done(null, body));

  app.get(
    '/export',
    {
      schema: {
        tags,
        summary: 'Export des bilans visibles (flux) : CSV `;` UTF-8 avec BOM, ou XLSX avec une feuille codebook ; sans données personnelles, sauf demande de l’administration',
        querystring: ScopeFilters.extend({
          format: z.enum(['csv', 'xlsx']).default('csv'),
          inclure_donnees_personnelles: z
            .enum(['oui', 'non'])
            .default('non')
            .describe('oui : garder le profil du ou de la coordonnateur·rice et les textes libres (administration seulement ; journalisé). Par défaut, ces variables (colonne donnees_personnelles du codebook) sont retirées.'),
        }).strict(),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { format, inclure_donnees_personnelles, ...filters } = request.query;
      const options = { personalData: inclure_donnees_personnelles === 'oui' };
      const name = `bilans-clsm${filters.annee ? `-${filters.annee}` : ''}${filters.region ? `-${filters.region}` : ''}${filters.departement ? `-${filters.departement}` : ''}.${format}`;
      if (format === 'xlsx') return sendDownload(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name, await exchange.exportXlsx(user, filters, options));
      return sendDownload(reply, 'text/csv; charset=utf-8', name, await exchange.exportCsv(user, filters, options));
    },
  );

  const csvBody = z
    .instanceof(Buffer, { message: 'Envoyez le fichier CSV tel quel (Content-Type: text/csv)' })
    .meta({ type: 'string', format: 'binary', description: 'Fichier CSV (Content-Type: text/csv), UTF-8 (avec ou sans BOM) ou Windows-1252 ; « ; » ou « , »' });
  app.post(
    '/import/bilans',
    {
      schema: {
        tags,
        summary: 'Import de bilans (admin) : tout ou rien, rapport d’erreurs ligne par ligne',
        querystring: z.strictObject({
          statut: z.enum(BILAN_STATUTS).default('valide'),
          remplacer: z.enum(['oui', 'non']).default('non'),
          version: z.string().max(20).optional().describe('Version du questionnaire du fichier, pour les années sans campagne (défaut : la plus récente qui a toutes ses colonnes)'),
        }),
        body: csvBody,
      },
    },
    async (request) => {
      const report = await exchange.importCsv(requireUser(request), request.body, { statut: request.query.statut, replace: request.query.remplacer === 'oui', questionnaire_version: request.query.version });
      if (!report.ok) throw new AppError('invalide', msg.importInvalide(report.errors.length), { issues: report.errors });
      return report;
    },
  );
  app.post(
    '/import/registre/apercu',
    { schema: { tags, summary: 'Aperçu d’un import du registre : ce que chaque ligne ferait (création, modification, inchangée) ou les erreurs ligne par ligne ; rien n’est écrit', body: csvBody } },
    async (request) => {
      const report = await clsm.previewImport(requireUser(request), request.body);
      if (!report.ok) throw new AppError('invalide', msg.importInvalide(report.errors.length), { issues: report.errors });
      return report;
    },
  );
  app.post('/import/registre', { schema: { tags, summary: 'Import du registre des CLSM (admin ; ARS : lignes de son périmètre) : tout ou rien', body: csvBody } }, async (request) => {
    const report = await clsm.importCsv(requireUser(request), request.body);
    if (!report.ok) throw new AppError('invalide', msg.importInvalide(report.errors.length), { issues: report.errors });
    return report;
  });
};
