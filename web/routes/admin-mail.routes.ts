/** /admin/courriels: the mail queue, its failures, the outbox of the demonstration (admin). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { csrfToken, pageUser, sendFile, sendPage } from '../context.ts';
import { MAILS_PAGE_SIZE, mailPage, mailsPage } from '../pages/mail.page.ts';
import { EmptyForm, MailParams, MailsQuery } from './schemas.ts';

export const adminMailRoutes: FastifyPluginAsyncZod = async (app) => {
  const { mail } = app.services;

  app.get('/admin/courriels', { schema: { querystring: MailsQuery } }, async (request, reply) => {
    const { statut, page: pageNumber = 1 } = request.query;
    const data = await mail.list(pageUser(request), { statut }, { limit: MAILS_PAGE_SIZE, offset: (pageNumber - 1) * MAILS_PAGE_SIZE });
    const href = (n: number) => {
      const query = new URLSearchParams(Object.entries({ statut, page: n > 1 ? String(n) : undefined }).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return `/admin/courriels${query.size ? `?${query}` : ''}`;
    };
    return sendPage(request, reply, {
      title: 'Courriels',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Courriels' }],
      body: mailsPage({ ...data, statut, retried: request.query.fait === 'renvoi', csrfToken: csrfToken(reply), pageNumber, pageHref: href }),
    });
  });

  app.get('/admin/courriels/:id', { schema: { params: MailParams } }, async (request, reply) => {
    const m = await mail.get(pageUser(request), request.params.id);
    return sendPage(request, reply, { title: m.subject, breadcrumb: [{ href: '/', label: 'Accueil' }, { href: '/admin/courriels', label: 'Courriels' }, { label: m.subject }], body: mailPage(m) });
  });

  app.get('/admin/courriels/:id/eml', { schema: { params: MailParams } }, async (request, reply) =>
    sendFile(reply, 'message/rfc822', `courriel-${request.params.id}.eml`, await mail.eml(pageUser(request), request.params.id)),
  );

  app.post('/admin/courriels/:id/nouvel-essai', { schema: { params: MailParams, body: EmptyForm } }, async (request, reply) => {
    await mail.retry(pageUser(request), request.params.id);
    return reply.redirect('/admin/courriels?fait=renvoi', 303);
  });
};
