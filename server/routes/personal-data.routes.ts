/** Personal data (RGPD): one's own data (GET /api/moi/donnees), an account's anonymisation (admin), the inventory. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendDownload } from '../download.ts';
import { requireUser } from '../plugins/auth.ts';
import { myDataFileName } from '../services/personal-data.service.ts';
import { UserId } from './schemas.ts';

export const personalDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['données personnelles'];
  const { personalData } = app.services;

  app.get(
    '/moi/donnees',
    {
      schema: {
        tags,
        summary: 'Tout ce que l’application détient sur la personne connectée (article 15 du RGPD), en JSON à enregistrer : compte, sessions, liens, journal de ses actions, commentaires, courriels reçus, notifications. Rien sur d’autres personnes.',
        querystring: z.strictObject({}),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const data = await personalData.myData(user);
      return sendDownload(reply.header('cache-control', 'no-store'), 'application/json; charset=utf-8', myDataFileName(user.id, data.genere_le), JSON.stringify(data, null, 2));
    },
  );

  app.post(
    '/users/:id/anonymisation',
    {
      schema: {
        tags,
        summary: 'Anonymise un compte (admin) : l’adresse devient « Compte anonymisé n° ID », mot de passe, sessions, liens, CLSM et courriels supprimés ; les bilans, commentaires et le journal restent, rattachés au compte anonymisé. Irréversible.',
        params: UserId,
        body: z.strictObject({}).optional(),
      },
    },
    async (request) => personalData.anonymise(requireUser(request), request.params.id),
  );

  app.get(
    '/donnees-personnelles',
    { schema: { tags, summary: 'L’inventaire des données personnelles (finalité, base légale, destinataires, conservation), sans authentification', querystring: z.strictObject({}) } },
    async () => personalData.inventory(),
  );
};
