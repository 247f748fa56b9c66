/**
 * The coordinator's form: one section per page, plain posts that work
 * without JavaScript, the autosave endpoint the browser script posts the
 * same fields to, "rien n'a changé", submission, read-only and print views,
 * (the yearly fiche: fiche.routes.ts). Every write goes through services.bilans.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getQuestionnaire, searchTerritories, type AnswerIssue, type Questionnaire, type Section } from '../../survey-schema/index.ts';
import { clsmDepartements } from '../../server/domain/registry.ts';
import { bilanContext } from '../../server/domain/workflow.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { AppError, invalid } from '../../server/errors.ts';
import { diskFullAsUnavailable } from '../../server/plugins/errors.ts';
import type { BilanView } from '../../server/services/bilan.service.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { readPostedSection, type PostedBody } from '../form/posted.ts';
import type { SafeHtml } from '../html.ts';
import { bilanPath, bilanTitle, conflictNotice, formPage, readOnlyPage, savedNotice, sentNotice, submitPage, unavailableNotice, type BilanModel } from '../pages/bilan.page.ts';
import { communesPage, territoryResult } from '../pages/communes.page.ts';
import { BilanPageQuery, BilanParams, CommunesQuery, PostedForm, SectionQuery } from './schemas.ts';

export function toModel(view: BilanView): BilanModel {
  return {
    clsm: view.clsm,
    annee: view.annee,
    statut: view.statut,
    version: view.version,
    answers: view.answers,
    questionnaire: getQuestionnaire(view.questionnaire_version),
    carriedForward: view.carried_forward
      ? { fromAnnee: view.carried_forward.from_annee, sections: view.carried_forward.sections, aConfirmer: view.carried_forward.a_confirmer }
      : null,
    submissionIssues: view.submission_issues,
    comments: view.comments.map((c) => ({ variable: c.variable, message: c.message, author: c.author_email, createdAt: c.created_at })),
    updatedAt: view.updated_at,
    submittedAt: view.submitted_at,
    editable: view.permissions.save,
    reviewable: view.permissions.return || view.permissions.validate,
    delai: { date_limite: view.delai.date_limite, refus: view.delai.refus },
  };
}

/** The section named in the address; the first when none; a French 400 when unknown. */
function sectionOf(questionnaire: Questionnaire, id: string | undefined): Section {
  if (id === undefined) return questionnaire.sections[0]!;
  const section = questionnaire.sections.find((s) => s.id === id);
  if (!section) throw invalid(`Section inconnue : « ${id} » (sections : ${questionnaire.sections.map((s) => s.id).join(', ')})`);
  return section;
}

function versionOf(body: PostedBody): number {
  const v = Number(Array.isArray(body.version) ? body.version[0] : body.version);
  return Number.isInteger(v) && v >= 0 ? v : -1;
}

const firstOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function showForm(request: FastifyRequest, reply: FastifyReply, m: BilanModel, section: Section, extra: { posted?: Record<string, string>; issues?: AnswerIssue[]; notice?: SafeHtml; status?: number } = {}) {
  return sendPage(request, reply, {
    title: `${section.title} — ${bilanTitle(m)}`,
    status: extra.status,
    formScript: true,
    breadcrumb: [{ href: '/', label: 'Accueil' }, { label: bilanTitle(m) }],
    body: formPage(m, { section, posted: extra.posted, issues: extra.issues, notice: extra.notice, csrfToken: csrfToken(reply) }),
  });
}

export const bilanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { bilans, fiche } = app.services;
  const model = async (user: AuthUser, params: { clsmId: string; annee: number }) => toModel(await bilans.get(user, params.clsmId, params.annee));

  app.get('/bilans/:clsmId/:annee', { schema: { params: BilanParams, querystring: BilanPageQuery } }, async (request, reply) => {
    const m = await model(pageUser(request), request.params);
    if (!m.editable) {
      return sendPage(request, reply, {
        title: bilanTitle(m),
        formScript: true,
        breadcrumb: [{ href: '/', label: 'Accueil' }, { label: bilanTitle(m) }],
        body: readOnlyPage(m, request.query.envoye ? sentNotice(m) : undefined, (await fiche.list(pageUser(request), m.clsm.id)).find((p) => p.annee === m.annee)),
      });
    }
    return showForm(request, reply, m, sectionOf(m.questionnaire, request.query.section), { notice: request.query.enregistre ? savedNotice() : undefined });
  });

  /** The no-JavaScript save of one section; then the next, the previous, or the same section. */
  app.post('/bilans/:clsmId/:annee', { schema: { params: BilanParams, querystring: SectionQuery, body: PostedForm } }, async (request, reply) => {
    const user = pageUser(request);
    const m = await model(user, request.params);
    const section = sectionOf(m.questionnaire, request.query.section);
    const body = request.body;
    const posted = readPostedSection(m.questionnaire, section, body, bilanContext(m.clsm, m.annee));
    const raw = Object.fromEntries(Object.entries(posted.raw).map(([k, v]) => [k, String(v)]));
    try {
      await bilans.saveDraft(user, m.clsm.id, m.annee, { answers: posted.patch, version: versionOf(body) });
    } catch (caught) {
      const error = diskFullAsUnavailable(caught, request);
      if (error instanceof AppError && error.code === 'conflit') {
        return showForm(request, reply, await model(user, request.params), section, { posted: raw, issues: posted.issues, notice: conflictNotice(error.message), status: 409 });
      }
      // A full disk: what was typed is shown again, to send once there is room.
      if (error instanceof AppError && error.code === 'indisponible') {
        reply.header('retry-after', '30');
        return showForm(request, reply, m, section, { posted: raw, issues: posted.issues, notice: unavailableNotice(error.message), status: 503 });
      }
      throw error;
    }
    if (posted.issues.length) return showForm(request, reply, await model(user, request.params), section, { posted: raw, issues: posted.issues, status: 400 });
    const sections = m.questionnaire.sections;
    const position = sections.indexOf(section);
    const action = firstOf(body.action);
    if (action === 'verifier') return reply.redirect(`${bilanPath(m)}/envoi`, 303);
    // The territory's search without JavaScript: the section is saved, then the search page.
    const search = firstOf(body.communes_recherche)?.trim();
    if (action === 'communes' && search) return reply.redirect(`${bilanPath(m)}/communes?${new URLSearchParams({ q: search.slice(0, 100) })}`, 303);
    // A commune added from the search page (which posts that question only): back to it.
    const communes = section.questions.find((q) => q.kind === 'communes');
    if (action === 'ajouter_commune' && communes) return reply.redirect(`${bilanPath(m)}?section=${section.id}&enregistre=1#q-${communes.variable}`, 303);
    const target = action === 'suivante' ? sections[position + 1] : action === 'precedente' ? sections[position - 1] : section;
    return reply.redirect(`${bilanPath(m)}?section=${(target ?? section).id}${target === section ? '&enregistre=1' : ''}`, 303);
  });

  /** The browser script's autosave: the same fields, a JSON answer. Valid answers are saved even when others are not. */
  app.post('/bilans/:clsmId/:annee/enregistrement', { schema: { params: BilanParams, querystring: SectionQuery, body: PostedForm } }, async (request, reply) => {
    const user = pageUser(request);
    const { clsmId, annee } = request.params;
    let issues: AnswerIssue[] = [];
    try {
      // The fields read with the bilan's questionnaire, within the save (which checks rights, campagne, statut, version).
      // Posted in the background with the whole section: only the answers it changes are confirmed.
      const result = await bilans.saveDraft(user, clsmId, annee, ({ questionnaire, context }) => {
        const posted = readPostedSection(questionnaire, sectionOf(questionnaire, request.query.section), request.body, context);
        issues = posted.issues;
        return { answers: posted.patch, version: versionOf(request.body), confirm_variables: [] };
      });
      const required = result.sections.reduce((s, x) => s + x.required, 0);
      const answered = result.sections.reduce((s, x) => s + x.answered, 0);
      return reply.code(issues.length ? 422 : 200).send({
        version: result.version,
        savedAt: result.updated_at,
        errors: issues.map((i) => ({ variable: i.variable, question: i.question, message: i.message })),
        warnings: result.warnings.map((w) => ({ rule: w.rule, variable: w.variable, question: w.question, message: w.message })),
        aConfirmer: result.carried_forward?.a_confirmer ?? [],
        progress: { answered, required, pct: result.completeness, sections: result.sections.map((s) => ({ id: s.id, answered: s.answered, required: s.required })) },
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflit') return reply.code(409).send({ message: error.message });
      throw error;
    }
  });

  /** "Rien n'a changé dans cette section". */
  app.post('/bilans/:clsmId/:annee/confirmer', { schema: { params: BilanParams, querystring: SectionQuery, body: PostedForm } }, async (request, reply) => {
    const user = pageUser(request);
    const m = await model(user, request.params);
    const section = sectionOf(m.questionnaire, request.query.section);
    try {
      await bilans.saveDraft(user, m.clsm.id, m.annee, { answers: {}, version: versionOf(request.body), confirm_sections: [section.id] });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflit') return showForm(request, reply, await model(user, request.params), section, { notice: conflictNotice(error.message), status: 409 });
      throw error;
    }
    const next = m.questionnaire.sections[m.questionnaire.sections.indexOf(section) + 1];
    return reply.redirect(next ? `${bilanPath(m)}?section=${next.id}` : `${bilanPath(m)}/envoi`, 303);
  });

  /**
   * The territory's commune search (official geography): a page whose
   * "Ajouter" buttons post the form's save of the communes question, or,
   * asked with `accept: application/json`, the results for the browser
   * script. The CLSM's départements first; everywhere when asked or when
   * they hold no match.
   */
  app.get('/bilans/:clsmId/:annee/communes', { schema: { params: BilanParams, querystring: CommunesQuery } }, async (request, reply) => {
    const m = await model(pageUser(request), request.params);
    const json = (request.headers.accept ?? '').includes('application/json');
    if (!m.editable) {
      if (json) throw new AppError('etat_incompatible', 'Ce bilan ne peut pas être modifié maintenant.');
      return reply.redirect(bilanPath(m), 303);
    }
    const q = request.query.q ?? '';
    const departements = clsmDepartements({ departement: m.clsm.departement, autres_departements: m.clsm.autres_departements ?? null });
    let partout = request.query.partout === '1';
    let found = q && !partout ? searchTerritories(q, { departements, limit: 30 }) : [];
    if (q && found.length === 0) {
      partout = true;
      found = searchTerritories(q, { limit: 30 });
    }
    if (json) return reply.send({ q, partout, resultats: found.map(territoryResult) });
    const section = m.questionnaire.sections.find((s) => s.questions.some((x) => x.kind === 'communes'));
    if (!section) throw invalid('Ce questionnaire ne demande pas de communes.');
    return sendPage(request, reply, {
      title: `Rechercher une commune — ${bilanTitle(m)}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: `${bilanPath(m)}?section=${section.id}`, label: bilanTitle(m) }, { label: 'Rechercher une commune' }],
      body: communesPage(m, { section, q, partout, departements, results: found, csrfToken: csrfToken(reply) }),
    });
  });

  app.get('/bilans/:clsmId/:annee/envoi', { schema: { params: BilanParams } }, async (request, reply) => {
    const m = await model(pageUser(request), request.params);
    if (!m.editable) return reply.redirect(bilanPath(m), 303);
    return sendPage(request, reply, {
      title: `Vérifier et envoyer — ${bilanTitle(m)}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: bilanPath(m), label: bilanTitle(m) }, { label: 'Vérifier et envoyer' }],
      body: submitPage(m, csrfToken(reply)),
    });
  });

  app.post('/bilans/:clsmId/:annee/envoi', { schema: { params: BilanParams, body: PostedForm } }, async (request, reply) => {
    const user = pageUser(request);
    const m = await model(user, request.params);
    try {
      await bilans.submit(user, m.clsm.id, m.annee, { version: versionOf(request.body) });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'invalide' || error.code === 'conflit')) {
        const fresh = await model(user, request.params);
        return sendPage(request, reply, {
          status: error.code === 'conflit' ? 409 : 400,
          title: `Vérifier et envoyer — ${bilanTitle(fresh)}`,
          body: submitPage(fresh, csrfToken(reply), undefined, error.code === 'conflit' ? conflictNotice(error.message) : undefined),
        });
      }
      throw error;
    }
    return reply.redirect(`${bilanPath(m)}?envoye=1`, 303);
  });
};
