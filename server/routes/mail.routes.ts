import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../plugins/auth.ts';
import { announceNextPage, PAGINATION_NOTE, Pagination } from './paging.ts';

export const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['courriels'];
  const { mail } = app.services;
  const params = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
  app.get(
    '/mails',
    {
      schema: {
        tags,
        summary: `File des courriels (admin), les plus récents d’abord : en attente, en cours, envoyés, en échec (avec la réponse du serveur). \`mails\` est paginé (\`page.lignes\` en donne le nombre).${PAGINATION_NOTE}`,
        querystring: z.strictObject({ statut: z.enum(['pending', 'sending', 'sent', 'failed']).optional(), ...Pagination }),
      },
    },
    async (request, reply) => {
      const { limit, cursor, ...filters } = request.query;
      const data = await mail.list(requireUser(request), filters, { limit, cursor });
      announceNextPage(request, reply, data.page.next_cursor);
      return data;
    },
  );
  app.get('/mails/:id', { schema: { tags, summary: 'Un courriel (admin ; le texte n’est montré qu’avec la boîte d’envoi locale)', params } }, async (request) => mail.get(requireUser(request), request.params.id));
  app.post('/mails/:id/retry', { schema: { tags, summary: 'Renvoie un courriel en échec (admin)', params, body: z.strictObject({}).optional() } }, async (request, reply) => {
    await mail.retry(requireUser(request), request.params.id);
    return reply.status(202).send({ statut: 'pending' });
  });
};
