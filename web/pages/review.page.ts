/** The ARS review of a submitted bilan: what changed since last year, comments on items, return or validation. */
import { labelFor, type Answers } from '../../survey-schema/index.ts';
import { alert, csrfField, formatDateTime, formatPct, statutBadge } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';
import { answersList, bilanPath, bilanTitle, type BilanModel } from './bilan.page.ts';

/** The answers that changed since last year, each a link to its place in the page. */
function changedSummary(m: BilanModel, previous: Answers): SafeHtml {
  const changed = m.questionnaire.sections.flatMap((s) =>
    s.questions.filter((q) => (m.answers[q.variable] !== undefined || previous[q.variable] !== undefined) && JSON.stringify(m.answers[q.variable] ?? null) !== JSON.stringify(previous[q.variable] ?? null)),
  );
  return html`<div class="fr-callout fr-mb-3w">
    <h2 class="fr-callout__title fr-h5">${changed.length} réponse${changed.length > 1 ? 's' : ''} modifiée${changed.length > 1 ? 's' : ''} depuis le bilan ${m.annee - 1}</h2>
    <p class="fr-callout__text fr-text--sm">Elles sont signalées « Modifié » ci-dessous, avec la réponse de l’an dernier.</p>
    ${changed.length ? html`<ul class="fr-text--sm">${changed.map((q) => html`<li><a href="#q-${q.variable}">${labelFor(q.shortLabel ?? q.label, m.annee)}</a></li>`)}</ul>` : ''}
  </div>`;
}

export function reviewPage(m: BilanModel, data: { completeness: number; previous: Answers | undefined; canReturn: boolean; canValidate: boolean; csrfToken: string }): SafeHtml {
  const canAct = data.canReturn || data.canValidate;
  const commentForm = canAct
    ? (variable: string) =>
        html`<details class="bc-no-print"><summary>Commenter cette réponse</summary>
          <div class="fr-input-group"><label class="fr-label" for="com-${variable}">Commentaire pour le ou la coordonnateur·rice</label>
          <textarea class="fr-input" id="com-${variable}" name="commentaire__${variable}" form="form-renvoi" rows="2"></textarea></div></details>`
    : undefined;
  return html`<h1 class="fr-h2">Relecture — ${bilanTitle(m)}</h1>
    <div class="bc-status fr-mb-2w">${statutBadge(m.statut)}<span>Envoyé le ${formatDateTime(m.submittedAt)}</span><span>Complété à ${formatPct(data.completeness)}</span></div>
    ${data.previous ? changedSummary(m, data.previous) : html`<p>Pas de bilan ${m.annee - 1} pour comparer.</p>`}
    ${m.comments.length
      ? alert('info', 'Commentaires déjà envoyés', html`<ul>${m.comments.map((c) => html`<li class="bc-comment">${c.variable ? `${c.variable} : ` : ''}${c.message} (${formatDateTime(c.createdAt)})</li>`)}</ul>`)
      : ''}
    ${answersList(m, { previous: data.previous, commentForm })}
    ${canAct
      ? html`<section class="bc-card bc-no-print" aria-labelledby="decision">
          <h2 class="fr-h4" id="decision">Décision</h2>
          <form method="post" action="${bilanPath(m)}/renvoi" id="form-renvoi">
            ${csrfField(data.csrfToken)}
            <input type="hidden" name="version" value="${m.version}">
            <div class="fr-input-group"><label class="fr-label" for="commentaire-general">Commentaire sur l’ensemble du bilan<span class="fr-hint-text">Facultatif si vous avez commenté des réponses ci-dessus.</span></label>
              <textarea class="fr-input" id="commentaire-general" name="commentaire_general" rows="3"></textarea></div>
            ${data.canReturn ? html`<button type="submit" class="fr-btn fr-btn--secondary">Renvoyer pour correction</button>` : ''}
          </form>
          ${data.canValidate
            ? html`<form method="post" action="${bilanPath(m)}/validation" class="fr-mt-2w">
                ${csrfField(data.csrfToken)}<input type="hidden" name="version" value="${m.version}">
                <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">Valider le bilan</button>
              </form>`
            : ''}
        </section>`
      : ''}`;
}

export function returnRefusedPage(m: { clsm: { id: string }; annee: number }, message: string, issues: string[]): SafeHtml {
  const back = `${bilanPath(m)}/relecture`;
  return html`<h1>Renvoi impossible</h1>
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">${message}</h2><ul>${issues.map((i) => html`<li><a href="${back}">${i}</a></li>`)}</ul></div>
    <p><a href="${back}">Revenir à la relecture</a></p>`;
}
