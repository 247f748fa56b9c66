import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../plugins/auth.ts';
import { ActionBody, BilanListQuery, BilanParams, DraftBody, ReturnBody } from './schemas.ts';

export const bilanRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bilans'];
  const params = BilanParams;
  const { bilans } = app.services;

  app.get('/bilans', { schema: { tags, summary: 'Bilans visibles (métadonnées), filtrés', querystring: BilanListQuery } }, async (request) => {
    const { statut, ...filters } = request.query;
    return bilans.list(requireUser(request), { ...filters, statuts: statut ? [statut] : undefined });
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
          'Enregistre un brouillon (sauvegarde automatique) : validation partielle, FUSION avec les réponses enregistrées (null efface) ; renvoie la nouvelle `version` et l’avancement par section ; 409 avec l’état courant si `version` est périmée.',
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
    { schema: { tags, summary: 'Journal des modifications du bilan (coordonnateur·rice du CLSM, ARS, admin)', params } },
    async (request) => bilans.history(requireUser(request), request.params.clsmId, request.params.annee),
  );
};
