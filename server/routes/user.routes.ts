import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../plugins/auth.ts';
import { PAGINATION_NOTE, Pagination, pageItems } from './paging.ts';
import { InvitationBody, UserBody, UserId, UserPatch } from './schemas.ts';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['comptes'];
  const { users } = app.services;
  const params = UserId;
  const noBody = z.strictObject({}).optional();

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: `Comptes gérés (admin : tous ; ARS : coordonnateur·rices des CLSM de son périmètre et comptes ARS de sa région), par adresse.${PAGINATION_NOTE}`,
        querystring: z.strictObject(Pagination),
      },
    },
    async (request, reply) => pageItems(request, reply, await users.page(requireUser(request), request.query)),
  );
  app.post('/users', { schema: { tags, summary: 'Création d’un compte avec son mot de passe (admin)', body: UserBody } }, async (request, reply) => {
    const { clsm_ids, ...input } = request.body;
    return reply.status(201).send(await users.create(requireUser(request), { ...input, clsmIds: clsm_ids ?? [] }));
  });
  app.post(
    '/users/invitations',
    {
      schema: {
        tags,
        summary: 'Invitation : crée le compte sans mot de passe et envoie un lien (7 jours, usage unique) pour le choisir. Admin : tout rôle ; ARS : coordonnateur·rices de son périmètre, comptes ARS de sa région.',
        body: InvitationBody,
      },
    },
    async (request, reply) => {
      const { clsm_ids, ...input } = request.body;
      return reply.status(201).send(await users.invite(requireUser(request), { ...input, clsmIds: clsm_ids ?? [] }));
    },
  );
  app.post('/users/:id/invitation', { schema: { tags, summary: 'Renvoie l’invitation (nouveau lien ; l’ancien ne sert plus)', params, body: noBody } }, async (request, reply) =>
    reply.status(202).send(await users.resendInvitation(requireUser(request), request.params.id)),
  );
  app.post('/users/:id/disable', { schema: { tags, summary: 'Désactive le compte : ses sessions sont closes, il ne peut plus se connecter', params, body: noBody } }, async (request) =>
    users.setDisabled(requireUser(request), request.params.id, true),
  );
  app.post('/users/:id/enable', { schema: { tags, summary: 'Réactive le compte', params, body: noBody } }, async (request) => users.setDisabled(requireUser(request), request.params.id, false));
  app.patch('/users/:id', { schema: { tags, summary: 'Rôle et périmètre d’un compte (journalisé ; ses sessions sont closes)', params, body: UserPatch } }, async (request) => {
    const { clsm_ids, ...scope } = request.body;
    return users.updateScope(requireUser(request), request.params.id, { ...scope, clsmIds: clsm_ids ?? [] });
  });
};
