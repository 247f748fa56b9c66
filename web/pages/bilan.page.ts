/**
 * The bilan: the form (one section per step), the read-only view (after
 * submission, and for reviewers), and the submission page listing what is
 * missing. Everything is rendered from the questionnaire definition.
 */
import { clsmDepartements } from '../../server/domain/registry.ts';
import type { SuiviStatut } from '../../server/domain/statuts.ts';
import { bilanContext } from '../../server/domain/workflow.ts';
import {
  completeness,
  conditionVariables,
  consistencyIssues,
  evaluateCondition,
  flattenAnswers,
  indexOf,
  labelFor,
  type AnswerIssue,
  type Answers,
  type Completeness,
  type Condition,
  type FlatRow,
  type Questionnaire,
  type Section,
} from '../../survey-schema/index.ts';
import { alert, departementName, regionName, csrfField, errorSummary, formatDate, formatDateTime, formatTime, statutBadge } from '../components.ts';
import { attrs, html, jsonAttr, type SafeHtml } from '../html.ts';
import { anchorId, displayAnswer, renderQuestion } from '../form/renderers.ts';

export interface BilanComment {
  variable: string | null;
  message: string;
  author: string | null;
  createdAt: string;
}

export interface BilanModel {
  clsm: { id: string; nom: string; region: string; departement: string; autres_departements?: string | null };
  annee: number;
  statut: SuiviStatut;
  version: number;
  answers: Answers;
  questionnaire: Questionnaire;
  /** Sections still holding last year's answers, not yet confirmed or changed; answers carried "à confirmer" not confirmed yet. */
  carriedForward: { fromAnnee: number; sections: string[]; aConfirmer: string[] } | null;
  /** What the submission would refuse now: missing answers, consistency rules broken, answers to confirm. */
  submissionIssues?: AnswerIssue[];
  comments: BilanComment[];
  updatedAt: string | null;
  submittedAt: string | null;
  /** The coordinator (or admin) may change answers now. */
  editable: boolean;
  /** The viewer may return or validate it now (ARS, admin). */
  reviewable: boolean;
  /** The last day to send it (the CLSM's prolongation, else the campagne's closing date), and why it may not be changed now (dates). */
  delai?: { date_limite: string | null; refus: string | null };
}

export const bilanPath = (m: { clsm: { id: string }; annee: number }) => `/bilans/${encodeURIComponent(m.clsm.id)}/${m.annee}`;
export const questionHref = (m: { clsm: { id: string }; annee: number }, section: string, variable: string) =>
  `${bilanPath(m)}?section=${encodeURIComponent(section)}#${anchorId(variable)}`;

/** The bilan was changed elsewhere: the typed answers are shown again, not saved. */
export const conflictNotice = (message: string) =>
  alert('error', 'Le bilan a été modifié ailleurs', html`<p>${message}</p><p>Vos saisies de cette section sont affichées ci-dessous et n’ont pas été enregistrées : vérifiez-les puis enregistrez à nouveau.</p>`, 'alert');
export const unavailableNotice = (message: string) =>
  alert('error', 'Enregistrement impossible pour le moment', html`<p>${message}</p><p>Vos saisies de cette section sont affichées ci-dessous : enregistrez à nouveau dans quelques minutes.</p>`, 'alert');
export const savedNotice = () => alert('success', null, html`<p>Section enregistrée.</p>`, 'status');
export const sentNotice = (m: BilanModel) => alert('success', 'Bilan envoyé', html`<p>Merci ! Votre bilan ${m.annee} a été envoyé à l’ARS.</p>`, 'status');

/** What the questionnaire reads besides the answers (year, the CLSM's région and département), as the server does. */
const contextOf = (m: Pick<BilanModel, 'clsm' | 'annee'>) => bilanContext(m.clsm, m.annee);

export function bilanTitle(m: BilanModel): string {
  return `Bilan ${m.annee} — ${m.clsm.nom}`;
}

function header(m: BilanModel, c: Completeness): SafeHtml {
  return html`<h1 class="fr-h2">${bilanTitle(m)}</h1>
    <div class="bc-status fr-mb-2w">
      ${statutBadge(m.statut)}
      <span>${regionName(m.clsm.region)}, ${departementName(m.clsm.departement)}</span>
      ${m.delai?.date_limite && m.editable ? html`<span>À envoyer au plus tard le <strong>${formatDate(m.delai.date_limite)}</strong></span>` : ''}
      <span>Complété : <strong id="bc-progress-total">${c.answered} / ${c.required}</strong> réponses attendues</span>
    </div>
    <div class="bc-progress" aria-hidden="true"><span id="bc-progress-bar" style="width:${c.pct}%"></span></div>`;
}

function commentsBlock(m: BilanModel): SafeHtml {
  if (m.comments.length === 0) return html``;
  const index = indexOf(m.questionnaire);
  return alert(
    m.statut === 'renvoye' ? 'warning' : 'info',
    m.statut === 'renvoye' ? 'Bilan renvoyé pour correction par l’ARS' : 'Commentaires de l’ARS',
    html`<ul class="bc-comments">${m.comments.map((comment) => {
      const entry = comment.variable ? index.questions.get(comment.variable) : undefined;
      return html`<li class="bc-comment">${
        entry
          ? html`<a href="${questionHref(m, entry.section.id, entry.question.variable)}">${labelFor(entry.question.shortLabel ?? entry.question.label, m.annee)}</a> : `
          : html`<strong>Sur l’ensemble du bilan</strong> : `
      }${comment.message} <span class="bc-previous">(${comment.author ?? 'ARS'}, ${formatDateTime(comment.createdAt)})</span></li>`;
    })}</ul>`,
  );
}

function sideMenu(m: BilanModel, c: Completeness, current: string | null): SafeHtml {
  return html`<nav class="fr-sidemenu" role="navigation" aria-labelledby="sections-titre">
    <div class="fr-sidemenu__inner">
      <button class="fr-sidemenu__btn" aria-controls="sections-liste" aria-expanded="false">Sections du bilan</button>
      <div class="fr-collapse" id="sections-liste">
        <p class="fr-sidemenu__title" id="sections-titre">Sections du bilan</p>
        <ul class="fr-sidemenu__list">
          ${m.questionnaire.sections.map((s) => {
            const p = c.sections.find((x) => x.id === s.id)!;
            const done = p.required > 0 && p.answered === p.required;
            return html`<li class="fr-sidemenu__item${s.id === current ? ' fr-sidemenu__item--active' : ''}">
              <a class="fr-sidemenu__link${done ? ' bc-section-done' : ''}" data-section-link="${s.id}" href="${bilanPath(m)}?section=${s.id}"${attrs({ 'aria-current': s.id === current ? 'page' : undefined })}>
                ${s.number}. ${s.title}${m.carriedForward?.sections.includes(s.id) ? html` <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">reprise</span>` : ''}<span class="bc-sidemenu-count" data-progress-section="${s.id}">${p.required ? `${p.answered}/${p.required}` : 'facultative'}</span>
              </a>
            </li>`;
          })}
          ${m.editable ? html`<li class="fr-sidemenu__item${current === null ? ' fr-sidemenu__item--active' : ''}"><a class="fr-sidemenu__link" href="${bilanPath(m)}/envoi">Vérifier et envoyer</a></li>` : ''}
        </ul>
      </div>
    </div>
  </nav>
  ${glossary(m.questionnaire)}`;
}

export function glossary(q: Questionnaire): SafeHtml {
  if (q.glossary.length === 0) return html``;
  return html`<details class="fr-mt-3w bc-glossary">
    <summary>Glossaire</summary>
    <dl>${q.glossary.map((g) => html`<dt><strong>${g.term}</strong></dt><dd class="fr-mb-1w">${g.definition}</dd>`)}</dl>
    <p><a href="/glossaire">Ouvrir le glossaire complet</a></p>
  </details>`;
}

/** The full glossary page. */
export function glossaryPage(q: Questionnaire): SafeHtml {
  return html`<h1>Glossaire</h1><dl>${q.glossary.map((g) => html`<dt class="fr-text--bold fr-mt-2w">${g.term}</dt><dd>${labelFor(g.definition)}</dd>`)}</dl>`;
}

export interface FormState {
  section: Section;
  /** Raw values just posted (shown again with their errors). */
  posted?: FlatRow;
  issues?: AnswerIssue[];
  notice?: SafeHtml;
  csrfToken: string;
}

/** The flat values the fields show: saved answers, overlaid by what was just posted for this section. */
function fieldValues(m: BilanModel, posted: FlatRow | undefined, section: Section): FlatRow {
  const saved = flattenAnswers(m.questionnaire, m.answers, undefined, { keepNotApplicable: true });
  if (!posted) return saved;
  const index = indexOf(m.questionnaire);
  const own = new Set(section.questions.map((q) => q.variable));
  const values: FlatRow = { ...saved };
  for (const column of index.columns) if (own.has(column.question)) values[column.variable] = posted[column.variable] ?? null;
  return values;
}

const CONTEXT_VARIABLES = new Set(['annee', 'region', 'departement']);

/**
 * Whether a question may apply to this bilan: a condition that reads only
 * the bilan's context (Île-de-France items read `region`) is decided here,
 * so that the form without JavaScript does not show a question that never
 * applies to this CLSM; conditions on answers are left to the browser script
 * and to the notes.
 */
function askedHere(condition: Condition | undefined, context: ReturnType<typeof contextOf>): boolean {
  if (!condition || !conditionVariables(condition).every((v) => CONTEXT_VARIABLES.has(v))) return true;
  return evaluateCondition(condition, context);
}

export function formPage(m: BilanModel, state: FormState): SafeHtml {
  const { section } = state;
  const q = m.questionnaire;
  const context = contextOf(m);
  const c = completeness(q, m.answers, context);
  const index = indexOf(q);
  const position = q.sections.findIndex((s) => s.id === section.id);
  const next = q.sections[position + 1];
  const previous = q.sections[position - 1];
  const issues = state.issues ?? [];
  const errors = new Map<string, string[]>();
  for (const issue of issues) errors.set(issue.question, [...(errors.get(issue.question) ?? []), issue.message]);
  const invalid = new Set(issues.map((i) => i.variable));
  const values = fieldValues(m, state.posted, section);
  // Conditions read the other sections as the server does: without answers that no longer apply.
  const saved = flattenAnswers(q, m.answers, { clsm_id: m.clsm.id, ...context });
  const carried = m.carriedForward?.sections.includes(section.id);
  const toConfirm = new Set(m.carriedForward?.aConfirmer ?? []);
  // Consistency rules the saved answers break, under their first question (the browser script redoes it live).
  const warnings = new Map<string, Array<{ rule: string; message: string }>>();
  const rules = q.rules.map((r) => ({ id: r.id, questions: r.questions, message: labelFor(r.message, m.annee), test: r.test }));
  for (const w of consistencyIssues(q, m.answers, context)) {
    const rule = rules.find((r) => r.id === w.rule);
    if (rule) warnings.set(w.question, [...(warnings.get(w.question) ?? []), { rule: rule.id, message: rule.message }]);
  }
  const pendingHere = section.questions.filter((x) => toConfirm.has(x.variable) && c.applicable.has(x.variable)).length;
  const base = bilanPath(m);

  return html`${header(m, c)}
  ${commentsBlock(m)}
  <div class="fr-grid-row fr-grid-row--gutters">
    <div class="fr-col-12 fr-col-md-3">${sideMenu(m, c, section.id)}</div>
    <div class="fr-col-12 fr-col-md-9">
      <div class="fr-stepper">
        <h2 class="fr-stepper__title">${section.title}<span class="fr-stepper__state">Étape ${position + 1} sur ${q.sections.length}</span></h2>
        <div class="bc-steps" aria-hidden="true">${q.sections.map((_, i) => html`<span class="${i <= position ? 'bc-step-done' : ''}"></span>`)}</div>
        ${next ? html`<p class="fr-stepper__details"><span class="fr-text--bold">Étape suivante :</span> ${next.title}</p>` : ''}
      </div>
      ${state.notice ?? ''}
      ${errorSummary(
        `${issues.length} réponse${issues.length > 1 ? 's' : ''} à corriger (le reste de la section est enregistré)`,
        issues.map((i) => ({ href: `#${anchorId(i.variable)}`, message: i.message })),
      )}
      ${section.intro ? html`<p class="fr-text--lead">${labelFor(section.intro, m.annee)}</p>` : ''}
      ${carried
        ? html`<div class="bc-carried">
            <p class="fr-mb-1w"><span class="fr-icon-refresh-line" aria-hidden="true"></span> Les réponses de cette section sont reprises du bilan ${m.carriedForward!.fromAnnee}. Vérifiez-les : modifiez ce qui a changé, ou confirmez-les d’un clic.${pendingHere
              ? ` ${pendingHere === 1 ? 'Une réponse est marquée' : `${pendingHere} réponses sont marquées`} « à confirmer » : elle${pendingHere > 1 ? 's' : ''} doi${pendingHere > 1 ? 'vent' : 't'} être confirmée${pendingHere > 1 ? 's' : ''} ou corrigée${pendingHere > 1 ? 's' : ''} avant l’envoi.`
              : ''}</p>
            <form method="post" action="${base}/confirmer?section=${section.id}">
              ${csrfField(state.csrfToken)}
              <input type="hidden" name="version" value="${m.version}">
              <button type="submit" class="fr-btn fr-btn--secondary fr-btn--sm">Rien n’a changé dans cette section</button>
            </form>
          </div>`
        : ''}
      <p class="fr-text--sm">Les questions sans mention « (facultatif) » sont attendues pour envoyer le bilan. Vous pouvez enregistrer à tout moment et revenir plus tard.</p>
      <form id="bc-form" method="post" novalidate action="${base}?section=${section.id}" data-autosave="${base}/enregistrement?section=${section.id}" data-saved-row="${jsonAttr(saved)}" data-rules="${jsonAttr(rules)}" data-context="${jsonAttr(context)}">
        ${csrfField(state.csrfToken)}
        <input type="hidden" name="version" value="${m.version}">
        ${section.questions.filter((question) => askedHere(index.questions.get(question.variable)!.condition, context)).map((question) =>
          renderQuestion(question, {
            questionnaire: q,
            annee: m.annee,
            values,
            errors,
            invalid,
            condition: index.questions.get(question.variable)!.condition,
            departements: clsmDepartements({ departement: m.clsm.departement, autres_departements: m.clsm.autres_departements ?? null }),
            communesSearch: `${base}/communes`,
            toConfirm: toConfirm.has(question.variable) && m.carriedForward ? m.carriedForward.fromAnnee : undefined,
            warnings: warnings.get(question.variable),
          }),
        )}
        <p id="bc-save-status" class="bc-save-status" aria-live="polite" data-initial="${m.updatedAt ? `Enregistré à ${formatTime(m.updatedAt)}` : ''}"></p>
        <div class="bc-actions">
          ${previous ? html`<button type="submit" name="action" value="precedente" class="fr-btn fr-btn--tertiary fr-icon-arrow-left-line fr-btn--icon-left">Section précédente</button>` : ''}
          <button type="submit" name="action" value="enregistrer" class="fr-btn fr-btn--secondary">Enregistrer</button>
          ${next
            ? html`<button type="submit" name="action" value="suivante" class="fr-btn fr-icon-arrow-right-line fr-btn--icon-right">Enregistrer et continuer</button>`
            : html`<button type="submit" name="action" value="verifier" class="fr-btn fr-icon-arrow-right-line fr-btn--icon-right">Enregistrer et vérifier avant envoi</button>`}
        </div>
      </form>
    </div>
  </div>`;
}

/** Every answer, section by section, read-only (submitted bilan, print view, reviewers). */
export function answersList(m: Pick<BilanModel, 'questionnaire' | 'answers' | 'annee' | 'clsm'>, options: { previous?: Answers; changedOnly?: boolean; commentForm?: (variable: string) => SafeHtml } = {}): SafeHtml {
  const q = m.questionnaire;
  const c = completeness(q, m.answers, contextOf(m));
  return html`${q.sections.map((section) => {
    const shown = section.questions.filter((question) => c.applicable.has(question.variable));
    if (shown.length === 0) return '';
    return html`<section class="fr-mb-4w" aria-labelledby="s-${section.id}">
      <h2 class="fr-h4" id="s-${section.id}">${section.number}. ${section.title}</h2>
      <dl class="bc-readonly">${shown.map((question) => {
        const now = m.answers[question.variable];
        const before = options.previous?.[question.variable];
        const changed = options.previous !== undefined && JSON.stringify(now ?? null) !== JSON.stringify(before ?? null);
        return html`<div id="${anchorId(question.variable)}"${attrs({ class: changed ? 'bc-changed' : undefined })}>
          <dt>${labelFor(question.shortLabel ?? question.label, m.annee)}${changed ? html` <span class="fr-badge fr-badge--sm fr-badge--warning">Modifié</span>` : ''}</dt>
          <dd>${displayAnswer(question, now, m.annee)}</dd>
          ${changed ? html`<dd class="bc-previous"><span class="fr-text--bold">L’an dernier :</span> ${displayAnswer(question, before, m.annee - 1)}</dd>` : ''}
          ${options.commentForm ? html`<dd>${options.commentForm(question.variable)}</dd>` : ''}
        </div>`;
      })}</dl>
    </section>`;
  })}`;
}

export function readOnlyPage(m: BilanModel, notice?: SafeHtml, fiche?: { url: string; path: string } | null): SafeHtml {
  const c = completeness(m.questionnaire, m.answers, contextOf(m));
  if (m.delai?.refus && m.statut === 'non_commence') return html`${header(m, c)}${alert('warning', 'Bilan en lecture seule', html`<p>${m.delai.refus}</p>`)}`;
  if (m.statut === 'non_commence') {
    return html`${header(m, c)}${alert('info', null, html`<p>Ce bilan n’a pas encore été commencé par le ou la coordonnateur·rice du CLSM.</p>`)}`;
  }
  return html`${header(m, c)}
    ${notice ?? ''}
    ${m.delai?.refus ? alert('warning', 'Bilan en lecture seule', html`<p>${m.delai.refus}</p>`) : ''}
    ${commentsBlock(m)}
    ${m.submittedAt ? html`<p>Envoyé le ${formatDateTime(m.submittedAt)}. ${m.statut === 'soumis' ? 'L’ARS va le relire ; vous serez informé·e si une correction est demandée.' : ''}</p>` : ''}
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left bc-no-print">
      <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button></li>
      ${m.reviewable ? html`<li><a class="fr-btn" href="${bilanPath(m)}/relecture">Relire ce bilan</a></li>` : ''}
      <li><a class="fr-btn fr-btn--tertiary" href="${bilanPath(m)}/fiche">Fiche annuelle du CLSM</a></li>
    </ul>
    ${fiche ? html`<p class="bc-no-print">Fiche ${m.annee} publiée : <a href="${fiche.path}" class="bc-fiche-url">${fiche.url}</a> (<a href="${bilanPath(m)}/fiche">gérer la publication</a>)</p>` : ''}
    ${answersList(m)}
    ${glossary(m.questionnaire)}`;
}

const ISSUE_GROUPS: Array<{ code: AnswerIssue['code'][]; title: (n: number) => string; intro: string }> = [
  { code: ['obligatoire', 'type', 'inconnue'], title: (n) => `${n} réponse${n > 1 ? 's' : ''} manquante${n > 1 ? 's' : ''}`, intro: 'Questions attendues sans réponse.' },
  {
    code: ['coherence'],
    title: (n) => `${n} incohérence${n > 1 ? 's' : ''} entre des réponses`,
    intro: 'Deux réponses se contredisent : corrigez l’une ou l’autre.',
  },
  {
    code: ['a_confirmer'],
    title: (n) => `${n} réponse${n > 1 ? 's' : ''} reprise${n > 1 ? 's' : ''} de l’an dernier à confirmer`,
    intro: 'Ces chiffres et compositions changent d’une année à l’autre : vérifiez-les, puis modifiez-les ou enregistrez leur section (ou « Rien n’a changé dans cette section »).',
  },
];

/** "Vérifier et envoyer": what blocks the submission (missing answers, inconsistencies, answers to confirm), each a link to its question; or the button to submit. */
export function submitPage(m: BilanModel, csrfToken: string, issues?: AnswerIssue[], notice?: SafeHtml): SafeHtml {
  const c = completeness(m.questionnaire, m.answers, contextOf(m));
  const blocking = issues ?? m.submissionIssues ?? c.missing;
  const link = (i: AnswerIssue) => html`<li><a href="${i.section ? questionHref(m, i.section.id, i.variable) : bilanPath(m)}">${i.message}</a></li>`;
  return html`${notice ?? ''}${header(m, c)}
  <div class="fr-grid-row fr-grid-row--gutters">
    <div class="fr-col-12 fr-col-md-3">${sideMenu(m, c, null)}</div>
    <div class="fr-col-12 fr-col-md-9">
      <h2>Vérifier et envoyer le bilan</h2>
      ${blocking.length
        ? html`<div class="fr-alert fr-alert--warning fr-mb-3w" role="alert" id="manquants" tabindex="-1">
            <h3 class="fr-alert__title">${blocking.length} point${blocking.length > 1 ? 's' : ''} à régler avant de pouvoir envoyer le bilan</h3>
            <p>Chaque lien mène à la question concernée.</p>
            ${ISSUE_GROUPS.map((g) => {
              const list = blocking.filter((i) => g.code.includes(i.code));
              if (list.length === 0) return '';
              return html`<h4 class="fr-h6 fr-mt-2w fr-mb-1w" id="manquants-${g.code[0]}">${g.title(list.length)}</h4>
                <p class="fr-text--sm fr-mb-1w">${g.intro}</p>
                <ul class="bc-missing" aria-labelledby="manquants-${g.code[0]}">${list.map(link)}</ul>`;
            })}
          </div>`
        : alert('success', 'Toutes les réponses attendues sont renseignées', html`<p>Vous pouvez relire vos réponses puis envoyer le bilan à l’ARS. Une fois envoyé, il ne peut plus être modifié, sauf si l’ARS le renvoie pour correction.</p>`)}
      <form method="post" action="${bilanPath(m)}/envoi">
        ${csrfField(csrfToken)}
        <input type="hidden" name="version" value="${m.version}">
        <button type="submit" class="fr-btn fr-icon-send-plane-line fr-btn--icon-right">Envoyer le bilan ${m.annee} à l’ARS</button>
      </form>
    </div>
  </div>`;
}
