import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLSM_STATUTS } from '../db/database.ts';
import { requireRole, requireUser } from '../plugins/auth.ts';
import { createClsm, getClsm, listClsm, updateClsm } from '../repositories/clsm.repository.ts';
import { ClsmBody, ClsmId, ClsmPatch } from './schemas.ts';

export const clsmRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['registre'];
  app.get(
    '/clsm',
    {
      schema: {
        tags,
        summary: 'Registre des CLSM visibles (coordonnateur·rice : les siens ; ARS : sa région)',
        querystring: z.strictObject({ region: z.string().max(100).optional(), departement: z.string().max(10).optional(), statut: z.enum(CLSM_STATUTS).optional() }),
      },
    },
    async (request) => listClsm(app.db, requireUser(request), request.query),
  );
  app.get('/clsm/:id', { schema: { tags, summary: 'Un CLSM', params: z.strictObject({ id: ClsmId }) } }, async (request) =>
    getClsm(app.db, requireUser(request), request.params.id),
  );
  app.post('/clsm', { schema: { tags, summary: 'Ajout au registre (admin ; ARS dans sa région)', body: ClsmBody } }, async (request, reply) => {
    const user = requireRole(request, 'admin', 'ars');
    return reply.status(201).send(await createClsm(app.db, user, request.body));
  });
  app.patch(
    '/clsm/:id',
    { schema: { tags, summary: 'Modification d’un CLSM (admin ; ARS dans sa région)', params: z.strictObject({ id: ClsmId }), body: ClsmPatch } },
    async (request) => updateClsm(app.db, requireRole(request, 'admin', 'ars'), request.params.id, request.body),
  );
};
