import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLSM_STATUTS } from '../domain/statuts.ts';
import { requireUser } from '../plugins/auth.ts';
import { PAGINATION_NOTE, Pagination, pageItems } from './paging.ts';
import { ClsmBody, ClsmId, ClsmPatch, Departement, Region } from './schemas.ts';

export const clsmRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['registre'];
  const { clsm } = app.services;
  app.get(
    '/clsm',
    {
      schema: {
        tags,
        summary: `Registre des CLSM visibles (coordonnateur·rice : les siens ; ARS : sa région).${PAGINATION_NOTE}`,
        querystring: z.strictObject({ region: Region.optional(), departement: Departement.optional(), statut: z.enum(CLSM_STATUTS).optional(), ...Pagination }),
      },
    },
    async (request, reply) => {
      const { limit, cursor, ...filters } = request.query;
      return pageItems(request, reply, await clsm.page(requireUser(request), filters, { limit, cursor }));
    },
  );
  app.get('/clsm/:id', { schema: { tags, summary: 'Un CLSM', params: z.strictObject({ id: ClsmId }) } }, async (request) => clsm.get(requireUser(request), request.params.id));
  app.post('/clsm', { schema: { tags, summary: 'Ajout au registre (admin ; ARS dans sa région, identifiant attribué par la plateforme : une ARS ne peut pas savoir si un identifiant existe dans une autre région)', body: ClsmBody } }, async (request, reply) =>
    reply.status(201).send(await clsm.create(requireUser(request), request.body)),
  );
  app.patch(
    '/clsm/:id',
    { schema: { tags, summary: 'Modification d’un CLSM (admin ; ARS dans sa région)', params: z.strictObject({ id: ClsmId }), body: ClsmPatch } },
    async (request) => clsm.update(requireUser(request), request.params.id, request.body),
  );
};
