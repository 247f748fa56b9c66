import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { canEditAnswers, canReview } from '../domain/access.ts';
import { notFound } from '../errors.ts';
import { msg } from '../messages.ts';
import { requireUser } from '../plugins/auth.ts';
import { listAudit } from '../repositories/audit.repository.ts';
import { getBilan, listBilans, reopenBilan, returnBilan, submitBilan, validateBilan } from '../repositories/bilan.repository.ts';
import { ActionBody, BilanListQuery, BilanParams, DraftBody, ReturnBody } from './schemas.ts';

export const bilanRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bilans'];
  const params = BilanParams;

  app.get('/bilans', { schema: { tags, summary: 'Bilans visibles (métadonnées), filtrés', querystring: BilanListQuery } }, async (request) => {
    const { statut, ...filters } = request.query;
    return listBilans(app.db, requireUser(request), { ...filters, statuses: statut ? [statut] : undefined });
  });

  app.get(
    '/bilans/:clsmId/:annee',
    { schema: { tags, summary: 'Le bilan ; s’il n’existe pas encore, prérempli avec les réponses de l’année précédente (sections signalées « reprises »)', params } },
    async (request) => getBilan(app.db, requireUser(request), request.params.clsmId, request.params.annee),
  );

  app.put(
    '/bilans/:clsmId/:annee',
    {
      schema: {
        tags,
        summary:
          'Enregistre un brouillon (sauvegarde automatique) : validation partielle, FUSION avec les réponses enregistrées (null efface) ; renvoie la nouvelle `version` ; 409 avec l’état courant si `version` est périmée. La complétude se lit avec GET.',
        params,
        body: DraftBody,
      },
    },
    async (request) => app.drafts.save(requireUser(request), request.params.clsmId, request.params.annee, request.body, { progress: false }),
  );

  app.post(
    '/bilans/:clsmId/:annee/submit',
    { schema: { tags, summary: 'Soumet le bilan (validation complète : 400 liste chaque point manquant ou invalide, par section)', params, body: ActionBody } },
    async (request) => submitBilan(app.db, requireUser(request), request.params.clsmId, request.params.annee, request.body ?? {}),
  );
  app.post(
    '/bilans/:clsmId/:annee/return',
    { schema: { tags, summary: 'Renvoie le bilan pour correction avec des commentaires par question (ARS, admin)', params, body: ReturnBody } },
    async (request) => returnBilan(app.db, requireUser(request), request.params.clsmId, request.params.annee, request.body),
  );
  app.post('/bilans/:clsmId/:annee/validate', { schema: { tags, summary: 'Valide le bilan (ARS, admin)', params, body: ActionBody } }, async (request) =>
    validateBilan(app.db, requireUser(request), request.params.clsmId, request.params.annee, request.body ?? {}),
  );
  app.post('/bilans/:clsmId/:annee/reopen', { schema: { tags, summary: 'Rouvre le bilan en brouillon (ARS, admin)', params, body: ActionBody } }, async (request) =>
    reopenBilan(app.db, requireUser(request), request.params.clsmId, request.params.annee, request.body ?? {}),
  );

  app.get(
    '/bilans/:clsmId/:annee/historique',
    { schema: { tags, summary: 'Journal des modifications du bilan (coordonnateur·rice du CLSM, ARS, admin)', params } },
    async (request) => {
      const user = requireUser(request);
      const { clsmId, annee } = request.params;
      const bilan = await getBilan(app.db, user, clsmId, annee);
      if (!canEditAnswers(user, bilan.clsm) && !canReview(user, bilan.clsm)) throw notFound(msg.bilanIntrouvable(clsmId, annee));
      const row = await app.db.selectFrom('bilans').select('id').where('clsm_id', '=', clsmId).where('annee', '=', annee).executeTakeFirst();
      return row ? listAudit(app.db, 'bilan', String(row.id)) : [];
    },
  );
};
