import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../plugins/auth.ts';
import { PAGINATION_NOTE, Pagination, pageItems } from './paging.ts';
import { ActionBody, BilanListQuery, BilanParams, DraftBody, ReturnBody } from './schemas.ts';

export const bilanRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bilans'];
  const params = BilanParams;
  const { bilans } = app.services;

  app.get('/bilans', { schema: { tags, summary: `Bilans visibles (métadonnées), filtrés.${PAGINATION_NOTE}`, querystring: BilanListQuery.extend(Pagination).strict() } }, async (request, reply) => {
    const { statut, limit, cursor, ...filters } = request.query;
    return pageItems(request, reply, await bilans.page(requireUser(request), { ...filters, statuts: statut ? [statut] : undefined }, { limit, cursor }));
  });

  app.get(
    '/bilans/:clsmId/:annee',
    { schema: { tags, summary: 'Le bilan ; s’il n’existe pas encore, prérempli avec les réponses de l’année précédente (sections signalées « reprises »)', params } },
    async (request) => bilans.get(requireUser(request), request.params.clsmId, request.params.annee),
  );

  app.put(
    '/bilans/:clsmId/:annee',
    {
      schema: {
        tags,
        summary:
          'Enregistre un brouillon (sauvegarde automatique) : validation partielle, FUSION avec les réponses enregistrées (null efface) ; renvoie la nouvelle `version`, l’avancement par section, les réponses encore « à confirmer » et les règles de cohérence que les réponses enfreignent (`warnings` : elles bloqueront l’envoi) ; 409 avec l’état courant si `version` est périmée.',
        params,
        body: DraftBody,
      },
    },
    async (request) => bilans.saveDraft(requireUser(request), request.params.clsmId, request.params.annee, request.body),
  );

  app.post(
    '/bilans/:clsmId/:annee/submit',
    { schema: { tags, summary: 'Soumet le bilan (validation complète : 400 liste chaque point manquant ou invalide, par section)', params, body: ActionBody } },
    async (request) => bilans.submit(requireUser(request), request.params.clsmId, request.params.annee, request.body ?? {}),
  );
  app.post(
    '/bilans/:clsmId/:annee/return',
    { schema: { tags, summary: 'Renvoie le bilan pour correction avec des commentaires par question (ARS, admin)', params, body: ReturnBody } },
    async (request) => bilans.return(requireUser(request), request.params.clsmId, request.params.annee, request.body),
  );
  app.post('/bilans/:clsmId/:annee/validate', { schema: { tags, summary: 'Valide le bilan (ARS, admin)', params, body: ActionBody } }, async (request) =>
    bilans.validate(requireUser(request), request.params.clsmId, request.params.annee, request.body ?? {}),
  );
  app.post('/bilans/:clsmId/:annee/reopen', { schema: { tags, summary: 'Rouvre le bilan en brouillon (ARS, admin)', params, body: ActionBody } }, async (request) =>
    bilans.reopen(requireUser(request), request.params.clsmId, request.params.annee, request.body ?? {}),
  );

  app.get(
    '/bilans/:clsmId/:annee/historique',
    { schema: { tags, summary: `Journal des modifications du bilan (coordonnateur·rice du CLSM, ARS, admin), du plus ancien au plus récent.${PAGINATION_NOTE}`, params, querystring: z.strictObject(Pagination) } },
    async (request, reply) => pageItems(request, reply, await bilans.history(requireUser(request), request.params.clsmId, request.params.annee, request.query)),
  );
};
