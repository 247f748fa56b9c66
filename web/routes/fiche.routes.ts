/**
 * The yearly fiche: its page (signed in: whoever may read the bilan), the
 * coordinator's « Publier la fiche » and « Retirer la publication », and the
 * public page of a published fiche (`/f/<token>`, signed out, rate-limited,
 * never cached, not indexed). Everything goes through services.fiche.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../server/errors.ts';
import { perMinute } from '../../server/plugins/auth.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { fichePage, publicFicheMissing, publicFichePage } from '../pages/fiche.page.ts';
import { bilanPath } from '../pages/bilan.page.ts';
import { BilanParams, EmptyForm, FicheQuery, PublicFicheParams } from './schemas.ts';

export const ficheRoutes: FastifyPluginAsyncZod = async (app) => {
  const { fiche } = app.services;
  const fichePath = (p: { clsmId: string; annee: number }) => `/bilans/${encodeURIComponent(p.clsmId)}/${p.annee}/fiche`;

  app.get('/bilans/:clsmId/:annee/fiche', { schema: { params: BilanParams, querystring: FicheQuery } }, async (request, reply) => {
    const view = await fiche.get(pageUser(request), request.params.clsmId, request.params.annee);
    const m = { clsm: { id: view.clsm_id }, annee: view.annee };
    return sendPage(request, reply, {
      title: `Fiche ${view.annee} — ${view.fiche.clsm.nom}`,
      formScript: true,
      ficheStyles: true,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: bilanPath(m), label: `Bilan ${view.annee} — ${view.fiche.clsm.nom}` }, { label: 'Fiche annuelle' }],
      body: fichePage(view, csrfToken(reply), request.query.fait),
    });
  });

  app.post('/bilans/:clsmId/:annee/fiche/publication', { schema: { params: BilanParams, body: EmptyForm } }, async (request, reply) => {
    await fiche.publish(pageUser(request), request.params.clsmId, request.params.annee);
    return reply.redirect(`${fichePath(request.params)}?fait=publiee`, 303);
  });

  app.post('/bilans/:clsmId/:annee/fiche/retrait', { schema: { params: BilanParams, body: EmptyForm } }, async (request, reply) => {
    await fiche.revoke(pageUser(request), request.params.clsmId, request.params.annee);
    return reply.redirect(`${fichePath(request.params)}?fait=retiree`, 303);
  });

  app.get(
    '/f/:token',
    { config: perMinute(app.config.publicMaxPerMinute), schema: { params: PublicFicheParams } },
    async (request, reply) => {
      // Whoever opens it, signed in or not, reads the same page; a withdrawn link must stop at once: never stored by a cache, never indexed.
      reply.header('x-robots-tag', 'noindex, nofollow');
      try {
        const { fiche: f, publication } = await fiche.publicFiche(request.params.token);
        return sendPage(request, reply, { title: `Fiche ${f.annee} — ${f.clsm.nom}`, bare: true, ficheStyles: true, body: publicFichePage(f, publication.url) });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'introuvable') throw error;
        return sendPage(request, reply, { status: 404, title: 'Fiche introuvable', bare: true, body: publicFicheMissing(error.message) });
      }
    },
  );
};
