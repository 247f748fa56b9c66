/**
 * The coordinator's form: one section per page, plain posts that work
 * without JavaScript, the autosave endpoint the browser script posts the
 * same fields to, "rien n'a changé", submission, read-only and print views,
 * the yearly fiche.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { getQuestionnaire, type AnswerIssue, type Questionnaire, type Section } from '../../survey-schema/index.ts';
import { AppError } from '../../server/errors.ts';
import { bilanQuestionnaire, getBilan, submitBilan, type BilanView } from '../../server/repositories/bilan.repository.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { alert } from '../components.ts';
import { csrfToken, pageUser, sendPage } from '../context.ts';
import { readPostedSection, type PostedBody } from '../form/posted.ts';
import { html, type SafeHtml } from '../html.ts';
import { bilanPath, bilanTitle, formPage, readOnlyPage, submitPage, type BilanModel } from '../pages/bilan.page.ts';
import { fichePage } from '../pages/fiche.page.ts';

interface BilanParams {
  clsmId: string;
  annee: string;
}

export function parseAnnee(text: string): number {
  const annee = Number(text);
  if (!Number.isInteger(annee) || annee < 1990 || annee > 2100) throw new AppError('introuvable', `Année invalide : ${text} (une année sur quatre chiffres est attendue).`);
  return annee;
}

export function toModel(view: BilanView): BilanModel {
  return {
    clsm: view.clsm,
    annee: view.annee,
    status: view.status,
    version: view.version,
    answers: view.answers,
    questionnaire: getQuestionnaire(view.questionnaire_version),
    carriedForward: view.carried_forward ? { fromAnnee: view.carried_forward.from_annee, sections: view.carried_forward.sections } : null,
    comments: view.comments.map((c) => ({ variable: c.variable, message: c.message, author: c.author_email, createdAt: c.created_at })),
    updatedAt: view.updated_at,
    submittedAt: view.submitted_at,
    editable: view.permissions.save,
    reviewable: view.permissions.return || view.permissions.validate,
  };
}

async function loadModel(request: FastifyRequest<{ Params: BilanParams }>, user: AuthUser): Promise<BilanModel> {
  const app = request.server;
  return toModel(await getBilan(app.db, user, request.params.clsmId, parseAnnee(request.params.annee)));
}

function sectionOf(questionnaire: Questionnaire, id: unknown): Section {
  return questionnaire.sections.find((s) => s.id === id) ?? questionnaire.sections[0]!;
}

function versionOf(body: PostedBody): number {
  const v = Number(Array.isArray(body.version) ? body.version[0] : body.version);
  return Number.isInteger(v) && v >= 0 ? v : -1;
}

const conflictNotice = (message: string) =>
  alert('error', 'Le bilan a été modifié ailleurs', html`<p>${message}</p><p>Vos saisies de cette section sont affichées ci-dessous et n’ont pas été enregistrées : vérifiez-les puis enregistrez à nouveau.</p>`, 'alert');

function showForm(request: FastifyRequest, reply: FastifyReply, m: BilanModel, section: Section, extra: { posted?: Record<string, string>; issues?: AnswerIssue[]; notice?: SafeHtml; status?: number } = {}) {
  return sendPage(request, reply, {
    title: `${section.title} — ${bilanTitle(m)}`,
    status: extra.status,
    formScript: true,
    breadcrumb: [{ href: '/', label: 'Accueil' }, { label: bilanTitle(m) }],
    body: formPage(m, { section, posted: extra.posted, issues: extra.issues, notice: extra.notice, csrfToken: csrfToken(reply) }),
  });
}

export const bilanRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: BilanParams; Querystring: { section?: string; envoye?: string; enregistre?: string } }>('/bilans/:clsmId/:annee', async (request, reply) => {
    const user = pageUser(request);
    const m = await loadModel(request, user);
    if (!m.editable) {
      const notice = request.query.envoye ? alert('success', 'Bilan envoyé', html`<p>Merci ! Votre bilan ${m.annee} a été envoyé à l’ARS.</p>`, 'status') : undefined;
      return sendPage(request, reply, {
        title: bilanTitle(m),
        formScript: true,
        breadcrumb: [{ href: '/', label: 'Accueil' }, { label: bilanTitle(m) }],
        body: readOnlyPage(m, notice),
      });
    }
    const notice = request.query.enregistre ? alert('success', null, html`<p>Section enregistrée.</p>`, 'status') : undefined;
    return showForm(request, reply, m, sectionOf(m.questionnaire, request.query.section), { notice });
  });

  /** The no-JavaScript save of one section; then the next, the previous, or the same section. */
  app.post<{ Params: BilanParams; Querystring: { section?: string }; Body: PostedBody }>('/bilans/:clsmId/:annee', async (request, reply) => {
    const user = pageUser(request);
    const m = await loadModel(request, user);
    const section = sectionOf(m.questionnaire, request.query.section);
    const body = request.body ?? {};
    const posted = readPostedSection(m.questionnaire, section, body, m.annee);
    const raw = Object.fromEntries(Object.entries(posted.raw).map(([k, v]) => [k, String(v)]));
    try {
      await app.drafts.save(user, m.clsm.id, m.annee, { answers: posted.patch, version: versionOf(body) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflit') {
        const fresh = await loadModel(request, user);
        return showForm(request, reply, fresh, section, { posted: raw, issues: posted.issues, notice: conflictNotice(error.message), status: 409 });
      }
      throw error;
    }
    const saved = await loadModel(request, user);
    if (posted.issues.length) return showForm(request, reply, saved, section, { posted: raw, issues: posted.issues, status: 400 });
    const sections = m.questionnaire.sections;
    const position = sections.indexOf(section);
    const action = Array.isArray(body.action) ? body.action[0] : body.action;
    const base = bilanPath(m);
    if (action === 'verifier') return reply.redirect(`${base}/envoi`, 303);
    const target = action === 'suivante' ? sections[position + 1] : action === 'precedente' ? sections[position - 1] : section;
    return reply.redirect(`${base}?section=${(target ?? section).id}${target === section ? '&enregistre=1' : ''}`, 303);
  });

  /** The browser script's autosave: the same fields, a JSON answer. Valid answers are saved even when others are not. */
  app.post<{ Params: BilanParams; Querystring: { section?: string }; Body: PostedBody }>('/bilans/:clsmId/:annee/enregistrement', async (request, reply) => {
    const user = pageUser(request);
    const { clsmId } = request.params;
    const annee = parseAnnee(request.params.annee);
    // Only the questionnaire to read the fields with: the save checks the rest (rights, campaign, status, version).
    const questionnaire = await bilanQuestionnaire(app.db, user, clsmId, annee);
    const section = sectionOf(questionnaire, request.query.section);
    const body = request.body ?? {};
    const posted = readPostedSection(questionnaire, section, body, annee);
    try {
      const result = await app.drafts.save(user, clsmId, annee, { answers: posted.patch, version: versionOf(body) });
      const required = result.sections.reduce((s, x) => s + x.required, 0);
      const answered = result.sections.reduce((s, x) => s + x.answered, 0);
      return reply.code(posted.issues.length ? 422 : 200).send({
        version: result.version,
        savedAt: result.updated_at,
        errors: posted.issues.map((i) => ({ variable: i.variable, question: i.question, message: i.message })),
        progress: { answered, required, pct: result.completeness, sections: result.sections.map((s) => ({ id: s.id, answered: s.answered, required: s.required })) },
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflit') return reply.code(409).send({ message: error.message });
      throw error;
    }
  });

  /** "Rien n'a changé dans cette section". */
  app.post<{ Params: BilanParams; Querystring: { section?: string }; Body: PostedBody }>('/bilans/:clsmId/:annee/confirmer', async (request, reply) => {
    const user = pageUser(request);
    const m = await loadModel(request, user);
    const section = sectionOf(m.questionnaire, request.query.section);
    try {
      await app.drafts.save(user, m.clsm.id, m.annee, { answers: {}, version: versionOf(request.body ?? {}), confirm_sections: [section.id] });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflit') return showForm(request, reply, await loadModel(request, user), section, { notice: conflictNotice(error.message), status: 409 });
      throw error;
    }
    const next = m.questionnaire.sections[m.questionnaire.sections.indexOf(section) + 1];
    return reply.redirect(next ? `${bilanPath(m)}?section=${next.id}` : `${bilanPath(m)}/envoi`, 303);
  });

  app.get<{ Params: BilanParams }>('/bilans/:clsmId/:annee/envoi', async (request, reply) => {
    const user = pageUser(request);
    const m = await loadModel(request, user);
    if (!m.editable) return reply.redirect(bilanPath(m), 303);
    return sendPage(request, reply, {
      title: `Vérifier et envoyer — ${bilanTitle(m)}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: bilanPath(m), label: bilanTitle(m) }, { label: 'Vérifier et envoyer' }],
      body: submitPage(m, csrfToken(reply)),
    });
  });

  app.post<{ Params: BilanParams; Body: PostedBody }>('/bilans/:clsmId/:annee/envoi', async (request, reply) => {
    const user = pageUser(request);
    const m = await loadModel(request, user);
    try {
      await submitBilan(app.db, user, m.clsm.id, m.annee, { version: versionOf(request.body ?? {}) });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'invalide' || error.code === 'conflit')) {
        const fresh = await loadModel(request, user);
        return sendPage(request, reply, {
          status: error.code === 'conflit' ? 409 : 400,
          title: `Vérifier et envoyer — ${bilanTitle(fresh)}`,
          body: html`${error.code === 'conflit' ? conflictNotice(error.message) : ''}${submitPage(fresh, csrfToken(reply))}`,
        });
      }
      throw error;
    }
    return reply.redirect(`${bilanPath(m)}?envoye=1`, 303);
  });

  app.get<{ Params: BilanParams }>('/bilans/:clsmId/:annee/fiche', async (request, reply) => {
    const user = pageUser(request);
    const m = await loadModel(request, user);
    return sendPage(request, reply, {
      title: `Fiche ${m.annee} — ${m.clsm.nom}`,
      formScript: true,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { href: bilanPath(m), label: bilanTitle(m) }, { label: 'Fiche annuelle' }],
      body: fichePage(m),
    });
  });
};
