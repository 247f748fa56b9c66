/** /admin/campagnes: create, dates and reminder schedule, open, close (admin); prolongations (admin; ARS in its scope). Rules in services/campagne.service.ts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { CURRENT_VERSION, questionnaires } from '../../survey-schema/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { AppError, forbidden, invalid } from '../../server/errors.ts';
import { CampagneBody, CampagnePatch } from '../../server/routes/schemas.ts';
import type { Campagne } from '../../server/services/index.ts';
import { fieldErrors } from '../components.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { campagneFlash, campagnePage, campagnesPage, prolongationsPage, type CampagneFormValues } from '../pages/campagnes.page.ts';
import { CampagneForm, CampagneParams, CampagnesQuery, EmptyForm, ProlongationForm, ProlongationParams, ProlongationsQuery } from './schemas.ts';

const EMPTY: CampagneFormValues = { annee: '', questionnaire_version: CURRENT_VERSION, opens_on: '', closes_on: '', relances_jours: '' };
const valuesOf = (c: Campagne): CampagneFormValues => ({ annee: String(c.annee), questionnaire_version: c.questionnaire_version, opens_on: c.opens_on ?? '', closes_on: c.closes_on ?? '', relances_jours: c.relances_jours?.split(',').join(', ') ?? '' });

/** The form as the API's body, checked by the API's schema (French messages per field). */
function parseForm<T>(schema: ZodType<T>, values: CampagneFormValues, withYear: boolean): T {
  const days = values.relances_jours.trim();
  const parsed = schema.safeParse({
    ...(withYear ? { annee: /^\d+$/.test(values.annee.trim()) ? Number(values.annee.trim()) : NaN } : {}),
    questionnaire_version: values.questionnaire_version || undefined,
    opens_on: values.opens_on || null,
    closes_on: values.closes_on || null,
    relances_jours: days === '' ? null : days.split(/[\s,;]+/).filter(Boolean).map((d) => (/^\d+$/.test(d) ? Number(d) : NaN)),
  });
  if (!parsed.success) {
    throw invalid('La campagne n’a pas été enregistrée.', parsed.error.issues.map((i) => ({ message: `${String(i.path[0] ?? '')} : ${i.message}`, variable: String(i.path[0] ?? 'annee') })));
  }
  return parsed.data;
}

export const adminCampagneRoutes: FastifyPluginAsyncZod = async (app) => {
  const { campagnes, clsm } = app.services;
  const versions = [...questionnaires.keys()];
  const admin = (request: FastifyRequest): AuthUser => {
    const user = pageUser(request);
    if (user.role !== 'admin') throw forbidden('Les campagnes sont gérées par l’administration de la plateforme.');
    return user;
  };
  const reviewer = (request: FastifyRequest): AuthUser => {
    const user = pageUser(request);
    if (user.role !== 'admin' && user.role !== 'ars') throw forbidden('Les prolongations sont accordées par les ARS et l’administration.');
    return user;
  };
  /** The field errors of a refused form; a message naming no field goes to `field`. */
  const refused = (error: unknown, field: string) => {
    if (!(error instanceof AppError) || !['invalide', 'conflit', 'interdit', 'introuvable'].includes(error.code)) throw error;
    return fieldErrors(error.extra.issues ?? [{ message: error.message }], field);
  };

  async function listPage(request: FastifyRequest, reply: FastifyReply, extra: { values?: CampagneFormValues; errors?: Map<string, string>; status?: number; flash?: ReturnType<typeof campagneFlash.creation> | null }) {
    return sendPage(request, reply, {
      status: extra.status,
      title: 'Campagnes',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Campagnes' }],
      body: campagnesPage({ campagnes: await campagnes.list(), versions, values: extra.values ?? { ...EMPTY, annee: String(new Date().getFullYear()) }, errors: extra.errors ?? new Map(), flash: extra.flash ?? null, csrfToken: csrfToken(reply) }),
    });
  }

  async function onePage(request: FastifyRequest, reply: FastifyReply, user: AuthUser, campagne: Campagne, extra: { values?: CampagneFormValues; errors?: Map<string, string>; status?: number; flash?: ReturnType<typeof campagneFlash.creation> | null }) {
    return sendPage(request, reply, {
      status: extra.status,
      title: `Campagne ${campagne.annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: '/admin/campagnes', label: 'Campagnes' }, { label: String(campagne.annee) }],
      body: campagnePage({
        campagne,
        versions,
        values: extra.values ?? valuesOf(campagne),
        errors: extra.errors ?? new Map(),
        etapes: await campagnes.relanceEtapes(campagne.annee),
        prolongations: (await campagnes.prolongations(user, campagne.annee)).length,
        flash: extra.flash ?? null,
        csrfToken: csrfToken(reply),
      }),
    });
  }

  app.get('/admin/campagnes', { schema: { querystring: CampagnesQuery } }, async (request, reply) => {
    admin(request);
    const { fait, annee } = request.query;
    return listPage(request, reply, { flash: fait === 'creation' && annee ? campagneFlash.creation(annee) : null });
  });

  app.post('/admin/campagnes', { schema: { body: CampagneForm } }, async (request, reply) => {
    const user = admin(request);
    const values = { ...EMPTY, ...request.body } as CampagneFormValues;
    try {
      const created = await campagnes.create(user, { ...parseForm(CampagneBody, values, true), statut: 'ouverte' });
      return reply.redirect(`/admin/campagnes?fait=creation&annee=${created.annee}`, 303);
    } catch (error) {
      return listPage(request, reply, { values, errors: refused(error, 'annee'), status: (error as AppError).statusCode });
    }
  });

  app.get('/admin/campagnes/:annee', { schema: { params: CampagneParams, querystring: CampagnesQuery } }, async (request, reply) => {
    const user = admin(request);
    const campagne = await campagnes.get(request.params.annee);
    const fait = request.query.fait;
    return onePage(request, reply, user, campagne, { flash: fait && fait !== 'creation' ? campagneFlash[fait](campagne.annee) : null });
  });

  app.post('/admin/campagnes/:annee', { schema: { params: CampagneParams, body: CampagneForm } }, async (request, reply) => {
    const user = admin(request);
    const campagne = await campagnes.get(request.params.annee);
    const values = { ...valuesOf(campagne), ...request.body } as CampagneFormValues;
    try {
      await campagnes.update(user, campagne.annee, parseForm(CampagnePatch, values, false));
    } catch (error) {
      return onePage(request, reply, user, campagne, { values, errors: refused(error, 'closes_on'), status: (error as AppError).statusCode });
    }
    return reply.redirect(`/admin/campagnes/${campagne.annee}?fait=modification`, 303);
  });

  for (const [path, statut, fait] of [['ouverture', 'ouverte', 'ouverture'], ['fermeture', 'fermee', 'fermeture']] as const) {
    app.post(`/admin/campagnes/:annee/${path}`, { schema: { params: CampagneParams, body: EmptyForm } }, async (request, reply) => {
      await campagnes.setStatut(admin(request), request.params.annee, statut);
      return reply.redirect(`/admin/campagnes/${request.params.annee}?fait=${fait}`, 303);
    });
  }

  async function prolongationsView(request: FastifyRequest, reply: FastifyReply, user: AuthUser, annee: number, extra: { values?: { clsm_id: string; jusqu_au: string }; errors?: Map<string, string>; status?: number; fait?: 'ajout' | 'retrait' | undefined; clsmId?: string | undefined }) {
    const campagne = await campagnes.get(annee);
    const registry = await clsm.list(user);
    const name = registry.find((c) => c.id === extra.clsmId)?.nom;
    const manageable = user.role === 'admin' ? registry : registry.filter((c) => c.region === user.region && (!user.departement || c.departement === user.departement));
    return sendPage(request, reply, {
      status: extra.status,
      title: `Prolongations ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, ...(user.role === 'admin' ? [{ href: `/admin/campagnes/${annee}`, label: `Campagne ${annee}` }] : [{ href: `/suivi?annee=${annee}`, label: 'Suivi de la campagne' }]), { label: 'Prolongations' }],
      body: prolongationsPage({
        user,
        campagne,
        prolongations: await campagnes.prolongations(user, annee),
        clsm: manageable.filter((c) => c.statut === 'actif').map((c) => ({ id: c.id, nom: c.nom, departement: c.departement })),
        values: extra.values ?? { clsm_id: '', jusqu_au: '' },
        errors: extra.errors ?? new Map(),
        flash: extra.fait && name ? campagneFlash[extra.fait](name) : null,
        csrfToken: csrfToken(reply),
      }),
    });
  }

  app.get('/admin/campagnes/:annee/prolongations', { schema: { params: CampagneParams, querystring: ProlongationsQuery } }, async (request, reply) =>
    prolongationsView(request, reply, reviewer(request), request.params.annee, { fait: request.query.fait, clsmId: request.query.clsm }),
  );

  app.post('/admin/campagnes/:annee/prolongations', { schema: { params: CampagneParams, body: ProlongationForm } }, async (request, reply) => {
    const user = reviewer(request);
    const { annee } = request.params;
    const values = { clsm_id: request.body.clsm_id ?? '', jusqu_au: request.body.jusqu_au ?? '' };
    try {
      if (!values.clsm_id) throw invalid('Choisissez un CLSM.', [{ message: 'Choisissez un CLSM.', variable: 'clsm_id' }]);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.jusqu_au)) throw invalid('Indiquez une date.', [{ message: 'Indiquez la date jusqu’à laquelle le délai est prolongé.', variable: 'jusqu_au' }]);
      await campagnes.prolong(user, annee, values.clsm_id, values.jusqu_au);
    } catch (error) {
      return prolongationsView(request, reply, user, annee, { values, errors: refused(error, 'jusqu_au'), status: (error as AppError).statusCode });
    }
    return reply.redirect(`/admin/campagnes/${annee}/prolongations?fait=ajout&clsm=${encodeURIComponent(values.clsm_id)}`, 303);
  });

  app.post('/admin/campagnes/:annee/prolongations/:clsmId/retrait', { schema: { params: ProlongationParams, body: EmptyForm } }, async (request, reply) => {
    const { annee, clsmId } = request.params;
    await campagnes.removeProlongation(reviewer(request), annee, clsmId);
    return reply.redirect(`/admin/campagnes/${annee}/prolongations?fait=retrait&clsm=${encodeURIComponent(clsmId)}`, 303);
  });
};
