/** /admin/comptes: list, invite, resend, disable and re-enable, change scope (admin; ARS in its scope), anonymise (admin). Every rule is in services/user.service.ts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { REGIONS } from '../../analytics/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { ROLES, type Role } from '../../server/domain/statuts.ts';
import { AppError, forbidden } from '../../server/errors.ts';
import type { UserScope } from '../../server/services/user.service.ts';
import { fieldErrors } from '../components.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { accountFlash, accountPage, accountsPage, anonymiseConfirmPage, ACCOUNTS_PAGE_SIZE, type ScopeChoices, type ScopeFormValues } from '../pages/admin-accounts.page.ts';
import { AccountParams, AccountsQuery, asList, EmptyForm, ScopeForm } from './schemas.ts';

type ScopeFormBody = { email?: string | undefined; role?: string | undefined; region?: string | undefined; departement?: string | undefined; clsm_ids?: string | string[] | undefined };

const valuesOf = (body: ScopeFormBody): ScopeFormValues => ({
  email: (body.email ?? '').trim(),
  role: body.role ?? '',
  region: (body.region ?? '').trim(),
  departement: (body.departement ?? '').trim(),
  clsm_ids: asList(body.clsm_ids),
});

/** The scope of a form; a French error on the role field when it is not one. */
function scopeOf(values: ScopeFormValues): UserScope {
  if (!(ROLES as readonly string[]).includes(values.role)) throw new AppError('invalide', 'Choisissez un rôle.', { issues: [{ message: 'Choisissez un rôle.', variable: 'role' }] });
  return { role: values.role as Role, region: values.region || null, departement: values.departement || null, clsmIds: values.clsm_ids };
}

export const adminAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { users, clsm, personalData } = app.services;

  /** Account pages are for the admin and the ARS (the services check each account too). */
  const manager = (request: FastifyRequest): AuthUser => {
    const user = pageUser(request);
    if (user.role !== 'admin' && user.role !== 'ars') throw forbidden('La gestion des comptes est réservée à l’administration et aux ARS.');
    return user;
  };

  /** Only the administration anonymises, and never its own account (services/personal-data.service.ts says so too). */
  const canAnonymise = (user: AuthUser, id: number) => user.role === 'admin' && user.id !== id;

  async function choicesFor(user: AuthUser): Promise<ScopeChoices> {
    const registry = await clsm.list(user);
    const regions = user.role === 'ars' ? [user.region ?? ''] : [...new Set([...Object.keys(REGIONS), ...registry.map((c) => c.region)])].sort();
    return { roles: user.role === 'admin' ? [...ROLES] : ['coordinateur', 'ars'], regions, clsm: registry.map((c) => ({ id: c.id, nom: c.nom, departement: c.departement })) };
  }

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { invite?: ScopeFormValues; errors?: Map<string, string>; status?: number; filters?: { role?: string | undefined; statut?: string | undefined; fait?: string | undefined; compte?: number | undefined; page?: number | undefined } },
  ) {
    const user = manager(request);
    const all = await users.list(user);
    const { page: pageNumber = 1, ...filters } = extra.filters ?? {};
    const selected = all.filter((a) => (!filters.role || a.role === filters.role) && (!filters.statut || a.statut === filters.statut));
    const shown = selected.slice((pageNumber - 1) * ACCOUNTS_PAGE_SIZE, pageNumber * ACCOUNTS_PAGE_SIZE);
    const query = (n: number) => new URLSearchParams(Object.entries({ role: filters.role, statut: filters.statut, page: n > 1 ? String(n) : undefined }).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const choices = await choicesFor(user);
    const target = filters.compte ? all.find((a) => a.id === filters.compte) : undefined;
    const flash = target && filters.fait ? (filters.fait === 'invitation' ? accountFlash.invitation(target.email, target.invitation_expire_le ?? '') : accountFlash[filters.fait as Exclude<keyof typeof accountFlash, 'invitation'>](target.email)) : null;
    return sendPage(request, reply, {
      status: extra.status,
      title: 'Comptes',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Comptes' }],
      body: accountsPage({
        user,
        accounts: shown,
        count: selected.length,
        total: all.length,
        pageNumber,
        pageHref: (n) => `/admin/comptes${query(n).size ? `?${query(n)}` : ''}`,
        filters,
        choices,
        clsmNames: new Map(choices.clsm.map((c) => [c.id, c.nom])),
        invite: extra.invite ?? { role: 'coordinateur', region: user.role === 'ars' ? (user.region ?? '') : '', departement: '', clsm_ids: [] },
        errors: extra.errors ?? new Map(),
        flash,
        csrfToken: csrfToken(reply),
      }),
    });
  }

  app.get('/admin/comptes', { schema: { querystring: AccountsQuery } }, async (request, reply) => listPage(request, reply, { filters: request.query }));

  app.post('/admin/comptes/invitation', { schema: { body: ScopeForm } }, async (request, reply) => {
    const user = manager(request);
    const values = valuesOf(request.body);
    try {
      const { account } = await users.invite(user, { email: values.email ?? '', ...scopeOf(values) });
      return reply.redirect(`/admin/comptes?fait=invitation&compte=${account.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['invalide', 'conflit', 'interdit'].includes(error.code)) throw error;
      const errors = fieldErrors(error.extra.issues ?? [{ message: error.message, variable: error.code === 'conflit' ? 'email' : 'role' }], 'email');
      return listPage(request, reply, { invite: values, errors, status: error.statusCode });
    }
  });

  app.get('/admin/comptes/:id', { schema: { params: AccountParams } }, async (request, reply) => {
    const user = manager(request);
    const account = await users.get(user, request.params.id);
    const values = { role: account.role, region: account.region ?? '', departement: account.departement ?? '', clsm_ids: account.clsmIds };
    return sendPage(request, reply, {
      title: account.email,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: '/admin/comptes', label: 'Comptes' }, { label: account.email }],
      body: accountPage({ account, choices: await choicesFor(user), values, errors: new Map(), canAnonymise: canAnonymise(user, account.id), csrfToken: csrfToken(reply) }),
    });
  });

  app.post('/admin/comptes/:id', { schema: { params: AccountParams, body: ScopeForm } }, async (request, reply) => {
    const user = manager(request);
    const { id } = request.params;
    const values = valuesOf(request.body);
    try {
      await users.updateScope(user, id, scopeOf(values));
    } catch (error) {
      if (!(error instanceof AppError) || !['invalide', 'conflit', 'interdit'].includes(error.code)) throw error;
      const account = await users.get(user, id);
      return sendPage(request, reply, {
        status: error.statusCode,
        title: account.email,
        breadcrumb: [{ href: '/', label: 'Accueil' }, { href: '/admin/comptes', label: 'Comptes' }, { label: account.email }],
        body: accountPage({ account, choices: await choicesFor(user), values, errors: fieldErrors(error.extra.issues ?? [{ message: error.message }], 'role'), canAnonymise: canAnonymise(user, id), csrfToken: csrfToken(reply) }),
      });
    }
    return reply.redirect(`/admin/comptes?fait=modifie&compte=${id}`, 303);
  });

  app.post('/admin/comptes/:id/invitation', { schema: { params: AccountParams, body: EmptyForm } }, async (request, reply) => {
    await users.resendInvitation(manager(request), request.params.id);
    return reply.redirect(`/admin/comptes?fait=renvoi&compte=${request.params.id}`, 303);
  });

  app.post('/admin/comptes/:id/desactivation', { schema: { params: AccountParams, body: EmptyForm } }, async (request, reply) => {
    await users.setDisabled(manager(request), request.params.id, true);
    return reply.redirect(`/admin/comptes?fait=desactive&compte=${request.params.id}`, 303);
  });

  app.post('/admin/comptes/:id/reactivation', { schema: { params: AccountParams, body: EmptyForm } }, async (request, reply) => {
    await users.setDisabled(manager(request), request.params.id, false);
    return reply.redirect(`/admin/comptes?fait=reactive&compte=${request.params.id}`, 303);
  });

  app.get('/admin/comptes/:id/anonymisation', { schema: { params: AccountParams } }, async (request, reply) => {
    const user = pageUser(request);
    if (user.role !== 'admin') throw forbidden('Seule l’administration peut anonymiser un compte.');
    const account = await users.get(user, request.params.id);
    return sendPage(request, reply, {
      title: `Anonymiser ${account.email}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: '/admin/comptes', label: 'Comptes' }, { href: `/admin/comptes/${account.id}`, label: account.email }, { label: 'Anonymisation' }],
      body: anonymiseConfirmPage({ account, csrfToken: csrfToken(reply) }),
    });
  });

  app.post('/admin/comptes/:id/anonymisation', { schema: { params: AccountParams, body: EmptyForm } }, async (request, reply) => {
    await personalData.anonymise(pageUser(request), request.params.id);
    return reply.redirect(`/admin/comptes?fait=anonymise&compte=${request.params.id}`, 303);
  });
};
