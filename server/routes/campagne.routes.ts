import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../plugins/auth.ts';
import { Annee, CampagneBody, SuiviQuery } from './schemas.ts';

export const campagneRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['campagnes'];
  const params = z.strictObject({ annee: Annee });
  const noBody = z.strictObject({}).optional();
  const { campagnes, suivi } = app.services;

  app.get('/campagnes', { schema: { tags, summary: 'Campagnes annuelles' } }, async (request) => {
    requireUser(request);
    return campagnes.list();
  });
  app.get('/campagnes/:annee', { schema: { tags, summary: 'Une campagne', params } }, async (request) => {
    requireUser(request);
    return campagnes.get(request.params.annee);
  });
  app.post('/campagnes', { schema: { tags, summary: 'Création d’une campagne (admin)', body: CampagneBody } }, async (request, reply) =>
    reply.status(201).send(await campagnes.create(requireUser(request), request.body)),
  );
  app.post('/campagnes/:annee/open', { schema: { tags, summary: 'Ouvrir la campagne (admin)', params, body: noBody } }, async (request) =>
    campagnes.setStatut(requireUser(request), request.params.annee, 'ouverte'),
  );
  app.post('/campagnes/:annee/close', { schema: { tags, summary: 'Fermer la campagne (admin)', params, body: noBody } }, async (request) =>
    campagnes.setStatut(requireUser(request), request.params.annee, 'fermee'),
  );
  app.get(
    '/campagnes/:annee/suivi',
    {
      schema: {
        tags,
        summary:
          'Suivi de campagne : statut, dernière activité et complétude par CLSM ; effectifs et taux de réponse par région et département. Attendus : CLSM actifs du registre, et tout CLSM ayant un bilan de l’année ; reçus : soumis, renvoyés pour correction ou validés. ARS : sa région ; CCOMS (statuts de tous les CLSM, complétude des seuls bilans partagés) et admin : national.',
        params,
        querystring: SuiviQuery,
      },
    },
    async (request) => suivi.get(requireUser(request), request.params.annee, request.query),
  );
};
