import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../plugins/auth.ts';
import { createCampaign, getCampaign, listCampaigns, setCampaignStatus } from '../repositories/campaign.repository.ts';
import { campaignFollowUp } from '../repositories/followup.repository.ts';
import { Annee, CampaignBody } from './schemas.ts';

export const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['campagnes'];
  const params = z.strictObject({ annee: Annee });
  const noBody = z.strictObject({}).optional();

  app.get('/campagnes', { schema: { tags, summary: 'Campagnes annuelles' } }, async (request) => {
    requireUser(request);
    return listCampaigns(app.db);
  });
  app.get('/campagnes/:annee', { schema: { tags, summary: 'Une campagne', params } }, async (request) => {
    requireUser(request);
    return getCampaign(app.db, request.params.annee);
  });
  app.post('/campagnes', { schema: { tags, summary: 'Création d’une campagne (admin)', body: CampaignBody } }, async (request, reply) => {
    const user = requireRole(request, 'admin');
    return reply.status(201).send(await createCampaign(app.db, user, request.body));
  });
  app.post('/campagnes/:annee/open', { schema: { tags, summary: 'Ouvrir la campagne (admin)', params, body: noBody } }, async (request) =>
    setCampaignStatus(app.db, requireRole(request, 'admin'), request.params.annee, 'ouverte'),
  );
  app.post('/campagnes/:annee/close', { schema: { tags, summary: 'Fermer la campagne (admin)', params, body: noBody } }, async (request) =>
    setCampaignStatus(app.db, requireRole(request, 'admin'), request.params.annee, 'fermee'),
  );
  app.get(
    '/campagnes/:annee/suivi',
    {
      schema: {
        tags,
        summary: 'Suivi de campagne : statut, dernière activité et complétude par CLSM ; effectifs et taux de réponse par région et département (ARS : sa région ; CCOMS, admin : national)',
        params,
        querystring: z.strictObject({ region: z.string().max(100).optional(), departement: z.string().max(10).optional() }),
      },
    },
    async (request) => campaignFollowUp(app.db, requireUser(request), request.params.annee, request.query),
  );
};
