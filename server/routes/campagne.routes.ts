import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../plugins/auth.ts';
import { announceNextPage, PAGINATION_NOTE, Pagination, pageItems } from './paging.ts';
import { Annee, CampagneBody, CampagnePatch, ClsmId, ProlongationBody, RelanceBody, SuiviQuery } from './schemas.ts';

export const campagneRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['campagnes'];
  const params = z.strictObject({ annee: Annee });
  const noBody = z.strictObject({}).optional();
  const { campagnes, suivi, relances } = app.services;
  const clsmParams = z.strictObject({ annee: Annee, clsmId: ClsmId });

  app.get('/campagnes', { schema: { tags, summary: `Campagnes annuelles, la plus récente d’abord.${PAGINATION_NOTE}`, querystring: z.strictObject(Pagination) } }, async (request, reply) => {
    requireUser(request);
    return pageItems(request, reply, await campagnes.page(request.query));
  });
  app.get('/campagnes/:annee', { schema: { tags, summary: 'Une campagne', params } }, async (request) => {
    requireUser(request);
    return campagnes.get(request.params.annee);
  });
  app.post('/campagnes', { schema: { tags, summary: 'Création d’une campagne (admin)', body: CampagneBody } }, async (request, reply) =>
    reply.status(201).send(await campagnes.create(requireUser(request), request.body)),
  );
  app.patch(
    '/campagnes/:annee',
    { schema: { tags, summary: 'Dates, version du questionnaire et relances automatiques d’une campagne (admin ; journalisé)', params, body: CampagnePatch } },
    async (request) => campagnes.update(requireUser(request), request.params.annee, request.body),
  );
  app.get(
    '/campagnes/:annee/prolongations',
    { schema: { tags, summary: `Prolongations de délai accordées (admin ; ARS : son périmètre), par région et nom de CLSM.${PAGINATION_NOTE}`, params, querystring: z.strictObject(Pagination) } },
    async (request, reply) =>
      pageItems(request, reply, await campagnes.prolongationsPage(requireUser(request), request.params.annee, request.query)),
  );
  app.put(
    '/campagnes/:annee/prolongations/:clsmId',
    { schema: { tags, summary: 'Prolonge le délai d’un CLSM au-delà de la clôture (admin ; ARS dans son périmètre)', params: clsmParams, body: ProlongationBody } },
    async (request) => campagnes.prolong(requireUser(request), request.params.annee, request.params.clsmId, request.body.jusqu_au),
  );
  app.delete('/campagnes/:annee/prolongations/:clsmId', { schema: { tags, summary: 'Retire la prolongation d’un CLSM', params: clsmParams } }, async (request, reply) => {
    await campagnes.removeProlongation(requireUser(request), request.params.annee, request.params.clsmId);
    return reply.status(204).send();
  });
  app.post(
    '/campagnes/:annee/relances',
    {
      schema: {
        tags,
        summary:
          'Relance par courriel les coordonnateur·rices des CLSM choisis (bilan non commencé, en cours ou renvoyé pour correction), dans le périmètre de l’appelant (ARS : sa région ; admin : national). Renvoie les destinataires ; `dry_run` n’envoie rien.',
        params,
        body: RelanceBody,
      },
    },
    async (request) => {
      const { clsm_ids, dry_run, ...rest } = request.body;
      return relances.send(requireUser(request), request.params.annee, { ...rest, clsmIds: clsm_ids }, { dryRun: dry_run === true });
    },
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
          `Suivi de campagne : statut, dernière activité et complétude par CLSM ; effectifs et taux de réponse par région et département. Attendus : CLSM actifs du registre, et tout CLSM ayant un bilan de l’année ; reçus : soumis, renvoyés pour correction ou validés. ARS : sa région ; CCOMS (statuts de tous les CLSM, complétude des seuls bilans partagés) et admin : national. Les effectifs portent sur toute la sélection ; les lignes \`clsm\` (bilans commencés d’abord) sont paginées : \`page.lignes\` en donne le nombre, \`page.next_cursor\` la suite.${PAGINATION_NOTE}`,
        params,
        querystring: SuiviQuery.extend(Pagination).strict(),
      },
    },
    async (request, reply) => {
      const { limit, cursor, ...filters } = request.query;
      const data = await suivi.get(requireUser(request), request.params.annee, filters, { limit, cursor });
      announceNextPage(request, reply, data.page.next_cursor);
      return data;
    },
  );
};
