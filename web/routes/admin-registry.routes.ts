/** /admin/registre: list, add, edit (statut included), CSV import with a preview, export (admin: national; ARS: its région). Rules in services/clsm.service.ts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { REGIONS } from '../../analytics/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { AppError, forbidden, invalid } from '../../server/errors.ts';
import { decodeText, readReport } from '../../server/exchange/csv.ts';
import { ClsmBody } from '../../server/routes/schemas.ts';
import type { Clsm } from '../../server/services/index.ts';
import type { ClsmInput } from '../../server/services/clsm.service.ts';
import { fieldErrors, notice } from '../components.ts';
import { html } from '../html.ts';
import { publicationsList } from '../pages/fiche.page.ts';
import { csrfToken, pageUser, sendFile, sendPage } from '../context.ts';
import { clsmFormPage, importPage, importPreviewPage, REGISTRY_PAGE_SIZE, registryPage, type ClsmFormValues } from '../pages/registry.page.ts';
import { ClsmForm, RegistryImportForm, RegistryParams, RegistryQuery } from './schemas.ts';

const EMPTY: ClsmFormValues = { id: '', nom: '', region: '', departement: '', autres_departements: '', communes: '', annee_creation: '', statut: 'actif' };

const valuesOf = (c: Clsm): ClsmFormValues => ({
  id: c.id,
  nom: c.nom,
  region: c.region,
  departement: c.departement,
  autres_departements: c.autres_departements ?? '',
  communes: c.communes ?? '',
  annee_creation: c.annee_creation === null ? '' : String(c.annee_creation),
  statut: c.statut,
});

/** The form as the API's body, checked by the API's own schema (the same French messages, per field). */
function inputOf(values: ClsmFormValues): ClsmInput {
  const year = values.annee_creation.trim();
  const parsed = ClsmBody.safeParse({
    id: values.id.trim() || undefined,
    nom: values.nom,
    region: values.region,
    departement: values.departement,
    autres_departements: values.autres_departements.trim() || null,
    communes: values.communes.trim() || null,
    annee_creation: year === '' ? null : /^\d+$/.test(year) ? Number(year) : NaN,
    statut: values.statut,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ message: `${String(i.path[0] ?? '')} : ${i.message}`, variable: String(i.path[0] ?? 'nom') }));
    throw invalid('Le CLSM n’a pas été enregistré.', issues);
  }
  return parsed.data;
}

export const adminRegistryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clsm } = app.services;

  // The import form posts a file: read multipart bodies here only, with the import size limit (Node's own parser).
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: app.config.importBodyLimit }, async (request: FastifyRequest, body: Buffer) => {
    let form: FormData;
    try {
      form = await new Response(body as unknown as BodyInit, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
    } catch {
      throw invalid('Le formulaire envoyé est illisible : déposez le fichier à nouveau.');
    }
    const out: Record<string, string> = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') out[name] = value;
      else {
        // Bytes, not value.text(): a file saved by French Excel is Windows-1252, which UTF-8 decoding would turn into U+FFFD.
        const { text, encoding } = decodeText(Buffer.from(await value.arrayBuffer()));
        out[name] = text;
        out[`${name}_nom`] = value.name;
        out[`${name}_encodage`] = encoding;
      }
    }
    return out;
  });

  const manager = (request: FastifyRequest): AuthUser => {
    const user = pageUser(request);
    if (user.role !== 'admin' && user.role !== 'ars') throw forbidden('Le registre est géré par l’administration et les ARS.');
    return user;
  };
  const regionsFor = async (user: AuthUser) => (user.role === 'ars' ? [user.region ?? ''] : [...new Set([...Object.keys(REGIONS), ...(await clsm.places(user)).regions])].sort());
  const crumbs = (label: string) => [{ href: '/', label: 'Accueil' }, { href: '/admin/registre', label: 'Registre' }, { label }];

  app.get('/admin/registre', { schema: { querystring: RegistryQuery } }, async (request, reply) => {
    const user = manager(request);
    const { fait, clsm: changed, crees, modifies, q, page: pageNumber = 1, ...filters } = request.query;
    const selection = { ...filters, q };
    const [shown, count, total, places] = await Promise.all([
      clsm.page(user, selection, { limit: REGISTRY_PAGE_SIZE, offset: (pageNumber - 1) * REGISTRY_PAGE_SIZE }),
      clsm.count(user, selection),
      clsm.count(user),
      clsm.places(user),
    ]);
    const name = changed ? (await clsm.get(user, changed).catch(() => undefined))?.nom : undefined;
    const flash =
      fait === 'import'
        ? notice('success', `Registre importé : ${crees ?? 0} CLSM ajouté(s), ${modifies ?? 0} modifié(s).`)
        : fait && name
          ? notice('success', `${name} : ${fait === 'creation' ? 'ajouté au registre' : 'enregistré'}.`)
          : null;
    const query = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ ...selection, ...extra }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
    const exportQuery = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return sendPage(request, reply, {
      title: 'Registre des CLSM',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Registre' }],
      body: registryPage({
        user,
        clsm: shown.items,
        count,
        total,
        regions: places.regions,
        departements: [...new Set(places.pairs.filter((p) => !filters.region || p.region === filters.region).map((p) => p.departement))].sort(),
        filters: selection,
        flash,
        exportHref: `/admin/registre.csv${exportQuery.size ? `?${exportQuery}` : ''}`,
        pageNumber,
        pageHref: (n) => {
          const search = query(n > 1 ? { page: String(n) } : {});
          return `/admin/registre${search.size ? `?${search}` : ''}`;
        },
      }),
    });
  });

  app.get('/admin/registre.csv', { schema: { querystring: RegistryQuery } }, async (request, reply) => {
    const user = manager(request);
    const { region, departement, statut } = request.query;
    return sendFile(reply, 'text/csv; charset=utf-8', 'registre-clsm.csv', await clsm.exportCsv(user, { region, departement, statut }));
  });

  async function formPage(request: FastifyRequest, reply: FastifyReply, user: AuthUser, existing: Clsm | null, values: ClsmFormValues, errors = new Map<string, string>(), status?: number) {
    return sendPage(request, reply, {
      status,
      title: existing ? existing.nom : 'Ajouter un CLSM',
      breadcrumb: crumbs(existing ? existing.nom : 'Ajouter'),
      body: html`${clsmFormPage({ user, existing, values, regions: await regionsFor(user), errors, csrfToken: csrfToken(reply) })}${
        existing
          ? html`<section class="fr-mt-5w" aria-labelledby="fiches-publiees"><h2 id="fiches-publiees" class="fr-h5">Fiches publiées</h2>${publicationsList(await app.services.fiche.list(user, existing.id), { csrfToken: csrfToken(reply), canRevoke: user.role === 'admin' })}</section>`
          : ''
      }`,
    });
  }
  const refused = (error: unknown) => {
    if (!(error instanceof AppError) || !['invalide', 'conflit', 'interdit'].includes(error.code)) throw error;
    return fieldErrors(error.extra.issues ?? [{ message: error.message, variable: error.code === 'conflit' ? 'id' : 'region' }], 'nom');
  };

  app.get('/admin/registre/nouveau', async (request, reply) => {
    const user = manager(request);
    return formPage(request, reply, user, null, { ...EMPTY, region: user.role === 'ars' ? (user.region ?? '') : '', departement: user.departement ?? '' });
  });

  app.post('/admin/registre/nouveau', { schema: { body: ClsmForm } }, async (request, reply) => {
    const user = manager(request);
    const values = { ...EMPTY, ...request.body } as ClsmFormValues;
    try {
      const created = await clsm.create(user, inputOf(values));
      return reply.redirect(`/admin/registre?fait=creation&clsm=${encodeURIComponent(created.id)}`, 303);
    } catch (error) {
      const errors = refused(error);
      return formPage(request, reply, user, null, values, errors, (error as AppError).statusCode);
    }
  });

  app.get('/admin/registre/import', async (request, reply) => {
    manager(request);
    return sendPage(request, reply, { title: 'Importer le registre', breadcrumb: crumbs('Importer'), body: importPage({ csrfToken: csrfToken(reply) }) });
  });

  /** Step 1: the file, read and checked; nothing written. */
  app.post('/admin/registre/import', { schema: { body: RegistryImportForm } }, async (request, reply) => {
    const user = manager(request);
    const content = request.body.fichier ?? '';
    if (!content.trim()) return sendPage(request, reply, { status: 400, title: 'Importer le registre', breadcrumb: crumbs('Importer'), body: importPage({ csrfToken: csrfToken(reply), error: 'Choisissez un fichier CSV non vide.' }) });
    const read = await clsm.previewImport(user, content);
    // The file was decoded on arrival: its report tells the encoding it was read with.
    const preview = read.ok ? { ...read, ...readReport(request.body.fichier_encodage ?? 'utf-8') } : read;
    return sendPage(request, reply, {
      status: preview.ok ? 200 : 400,
      title: 'Importer le registre : aperçu',
      breadcrumb: crumbs('Importer'),
      body: importPreviewPage({ preview, fileName: request.body.fichier_nom ?? '', content, csrfToken: csrfToken(reply) }),
    });
  });

  /** Step 2: the same content, checked again, then written all or nothing. */
  app.post('/admin/registre/import/confirmation', { bodyLimit: app.config.importBodyLimit, schema: { body: RegistryImportForm } }, async (request, reply) => {
    const user = manager(request);
    const content = request.body.contenu ?? '';
    const report = await clsm.importCsv(user, content);
    if (!report.ok) {
      return sendPage(request, reply, {
        status: 400,
        title: 'Importer le registre : erreurs',
        breadcrumb: crumbs('Importer'),
        body: importPreviewPage({ preview: report, fileName: request.body.fichier_nom ?? '', content, csrfToken: csrfToken(reply) }),
      });
    }
    return reply.redirect(`/admin/registre?fait=import&crees=${report.created}&modifies=${report.updated}`, 303);
  });

  app.get('/admin/registre/:id', { schema: { params: RegistryParams } }, async (request, reply) => {
    const user = manager(request);
    const existing = await clsm.get(user, request.params.id);
    return formPage(request, reply, user, existing, valuesOf(existing));
  });

  app.post('/admin/registre/:id', { schema: { params: RegistryParams, body: ClsmForm } }, async (request, reply) => {
    const user = manager(request);
    const existing = await clsm.get(user, request.params.id);
    const values = { ...valuesOf(existing), ...request.body, id: existing.id } as ClsmFormValues;
    try {
      const { id: _id, ...patch } = inputOf(values);
      await clsm.update(user, existing.id, patch);
      return reply.redirect(`/admin/registre?fait=modification&clsm=${encodeURIComponent(existing.id)}`, 303);
    } catch (error) {
      const errors = refused(error);
      return formPage(request, reply, user, existing, values, errors, (error as AppError).statusCode);
    }
  });
};
