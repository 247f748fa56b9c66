/** The ARS side: the campaign follow-up (/suivi and its CSV) and the review of a submitted bilan. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getQuestionnaire, type Answers } from '../../survey-schema/index.ts';
import { AppError } from '../../server/errors.ts';
import type { SuiviFilters } from '../../server/services/suivi.service.ts';
import { csrfToken, pageUser, sendFile, sendPage } from '../context.ts';
import { bilanTitle, glossaryPage } from '../pages/bilan.page.ts';
import { returnRefusedPage, reviewPage } from '../pages/review.page.ts';
import { relancePage, SUIVI_PAGE_SIZE, suiviPage } from '../pages/suivi.page.ts';
import { toModel } from './bilan.routes.ts';
import { Annee } from '../../server/routes/schemas.ts';
import type { RelancePlan } from '../../server/services/relance.service.ts';
import { asList, BilanParams, PostedForm, RelanceForm, RelanceQuery, SuiviPageQuery } from './schemas.ts';

const versionOf = (v: string | string[] | undefined) => Number(Array.isArray(v) ? v[0] : v);

export const suiviRoutes: FastifyPluginAsyncZod = async (app) => {
  const { bilans, campagnes, clsm, suivi, relances } = app.services;

  app.get('/suivi', { schema: { querystring: SuiviPageQuery } }, async (request, reply) => {
    const user = pageUser(request);
    const { annee: asked, renvoye: _r, relance, page: pageNumber = 1, ...filters } = request.query;
    const annee = await campagnes.defaultYear(asked);
    const data = await suivi.get(user, annee, filters, { limit: SUIVI_PAGE_SIZE, offset: (pageNumber - 1) * SUIVI_PAGE_SIZE });
    const query = (extra: Record<string, string>) =>
      new URLSearchParams(Object.entries({ annee: String(annee), ...filters, ...extra }).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return sendPage(request, reply, {
      title: `Suivi de la campagne ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Suivi de la campagne' }],
      body: suiviPage({
        user,
        suivi: data,
        campagnes: await campagnes.list(),
        departements: (await clsm.places(user)).departements,
        filters: filters as SuiviFilters,
        exportHref: `/suivi.csv?${query({})}`,
        relanceEnvoyee: relance,
        pageNumber,
        pageHref: (n) => `/suivi?${query(n > 1 ? { page: String(n) } : {})}`,
      }),
    });
  });

  /** The reminder, previewed: the selected CLSM (or all those to remind), their recipients, the mail. Nothing is sent. */
  app.get('/suivi/relance', { schema: { querystring: RelanceQuery } }, async (request, reply) => {
    const user = pageUser(request);
    const annee = await campagnes.defaultYear(request.query.annee);
    const all = request.query.tous === '1';
    const clsmIds = asList(request.query.clsm);
    const message = request.query.message ?? '';
    let error: string | null = null;
    let plan: RelancePlan;
    try {
      if (!all && clsmIds.length === 0) throw new AppError('invalide', 'Cochez au moins un CLSM dans le suivi, ou choisissez « tous les CLSM à relancer ».');
      plan = await relances.preview(user, annee, { clsmIds: all ? undefined : clsmIds, message });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'invalide') throw e;
      error = e.message;
      plan = { annee, clsm: [], destinataires: [], sans_destinataire: [], apercu: null };
    }
    return sendPage(request, reply, {
      status: error ? 400 : 200,
      title: `Relance — campagne ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: `/suivi?annee=${annee}`, label: 'Suivi de la campagne' }, { label: 'Relance' }],
      body: relancePage({ plan, selection: { clsmIds, all }, message, error, csrfToken: csrfToken(reply) }),
    });
  });

  app.post('/suivi/relance', { schema: { body: RelanceForm } }, async (request, reply) => {
    const user = pageUser(request);
    const annee = await campagnes.defaultYear(Annee.safeParse(request.body.annee).data);
    const all = request.body.tous === '1';
    const clsmIds = asList(request.body.clsm);
    if (!all && clsmIds.length === 0) throw new AppError('invalide', 'Cochez au moins un CLSM dans le suivi.');
    const result = await relances.send(user, annee, { clsmIds: all ? undefined : clsmIds, message: request.body.message });
    return reply.redirect(`/suivi?annee=${annee}&relance=${result.envoyes}`, 303);
  });

  app.get('/suivi.csv', { schema: { querystring: SuiviPageQuery } }, async (request, reply) => {
    const user = pageUser(request);
    const { annee: asked, renvoye: _r, relance: _s, page: _p, ...filters } = request.query;
    const annee = await campagnes.defaultYear(asked);
    return sendFile(reply, 'text/csv; charset=utf-8', `suivi-campagne-${annee}.csv`, await suivi.csv(user, annee, filters));
  });

  app.get('/bilans/:clsmId/:annee/relecture', { schema: { params: BilanParams } }, async (request, reply) => {
    const user = pageUser(request);
    const { clsmId, annee } = request.params;
    const view = await bilans.get(user, clsmId, annee);
    const m = toModel(view);
    let previous: Answers | undefined;
    try {
      const before = await bilans.get(user, clsmId, annee - 1);
      if (before.statut !== 'non_commence') previous = before.answers;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
    return sendPage(request, reply, {
      title: `Relecture — ${bilanTitle(m)}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: `/suivi?annee=${annee}`, label: 'Suivi de la campagne' }, { label: `Relecture — ${m.clsm.nom}` }],
      body: reviewPage(m, { completeness: view.completeness, previous, canReturn: view.permissions.return, canValidate: view.permissions.validate, csrfToken: csrfToken(reply) }),
    });
  });

  app.post('/bilans/:clsmId/:annee/renvoi', { schema: { params: BilanParams, body: PostedForm } }, async (request, reply) => {
    const user = pageUser(request);
    const { clsmId, annee } = request.params;
    const body = request.body;
    const comments: Array<{ variable: string | null; message: string }> = Object.entries(body)
      .filter(([k, v]) => k.startsWith('commentaire__') && typeof v === 'string' && v.trim())
      .map(([k, v]) => ({ variable: k.slice('commentaire__'.length), message: String(v) }));
    const general = body.commentaire_general;
    if (typeof general === 'string' && general.trim()) comments.push({ variable: null, message: general });
    try {
      await bilans.return(user, clsmId, annee, { comments, version: versionOf(body.version) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalide') {
        return sendPage(request, reply, { status: 400, title: 'Renvoi impossible', body: returnRefusedPage({ clsm: { id: clsmId }, annee }, error.message, (error.extra.issues ?? [{ message: error.message }]).map((i) => i.message)) });
      }
      throw error;
    }
    return reply.redirect(`/suivi?annee=${annee}&renvoye=${encodeURIComponent(clsmId)}`, 303);
  });

  app.post('/bilans/:clsmId/:annee/validation', { schema: { params: BilanParams, body: PostedForm } }, async (request, reply) => {
    const { clsmId, annee } = request.params;
    await bilans.validate(pageUser(request), clsmId, annee, { version: versionOf(request.body.version) });
    return reply.redirect(`/suivi?annee=${annee}`, 303);
  });

  app.get('/glossaire', async (request, reply) => {
    pageUser(request);
    return sendPage(request, reply, { title: 'Glossaire', body: glossaryPage(getQuestionnaire()) });
  });
};
