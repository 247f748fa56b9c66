import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../plugins/auth.ts';
import { UserBody, UserPatch } from './schemas.ts';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['comptes'];
  const { users } = app.services;
  app.get('/users', { schema: { tags, summary: 'Comptes (admin)' } }, async (request) => users.list(requireUser(request)));
  app.post('/users', { schema: { tags, summary: 'Création d’un compte (admin)', body: UserBody } }, async (request, reply) => {
    const { clsm_ids, ...input } = request.body;
    return reply.status(201).send(await users.create(requireUser(request), { ...input, clsmIds: clsm_ids ?? [] }));
  });
  app.patch(
    '/users/:id',
    { schema: { tags, summary: 'Rôle et périmètre d’un compte (admin ; journalisé)', params: z.strictObject({ id: z.coerce.number().int().min(1) }), body: UserPatch } },
    async (request) => {
      const { clsm_ids, ...scope } = request.body;
      return users.updateScope(requireUser(request), request.params.id, { ...scope, clsmIds: clsm_ids ?? [] });
    },
  );
};
