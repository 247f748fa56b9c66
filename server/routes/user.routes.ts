import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../plugins/auth.ts';
import { createUser, listUsers, updateUserScope } from '../repositories/user.repository.ts';
import { UserBody, UserPatch } from './schemas.ts';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['comptes'];
  app.get('/users', { schema: { tags, summary: 'Comptes (admin)' } }, async (request) => {
    requireRole(request, 'admin');
    return listUsers(app.db);
  });
  app.post('/users', { schema: { tags, summary: 'Création d’un compte (admin)', body: UserBody } }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    const { clsm_ids, ...input } = request.body;
    return reply.status(201).send(await createUser(app.db, app.config.argon2, { ...input, clsmIds: clsm_ids ?? [] }, actor.id));
  });
  app.patch(
    '/users/:id',
    { schema: { tags, summary: 'Rôle et périmètre d’un compte (admin ; journalisé)', params: z.strictObject({ id: z.coerce.number().int().min(1) }), body: UserPatch } },
    async (request) => {
      const actor = requireRole(request, 'admin');
      const { clsm_ids, ...scope } = request.body;
      return updateUserScope(app.db, actor.id, request.params.id, { ...scope, clsmIds: clsm_ids ?? [] });
    },
  );
};
