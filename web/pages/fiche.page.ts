/**
 * The CLSM's yearly fiche: one page to give back to partners and to the
 * population (instances, meetings, themes, participation of usager·es).
 * It reads the core variables, which are a contract of the questionnaire,
 * and shows each through the questionnaire's own labels.
 */
import { indexOf, labelFor, type Answers, type GridValue, type Question } from '../../survey-schema/index.ts';
import { html, type SafeHtml } from '../html.ts';
import { displayAnswer, formatNumber } from '../form/renderers.ts';
import type { BilanModel } from './bilan.page.ts';

function item(m: BilanModel, variable: string): SafeHtml {
  const question = indexOf(m.questionnaire).questions.get(variable)?.question;
  if (!question || m.answers[variable] === undefined) return html``;
  return html`<div><dt>${labelFor(question.shortLabel ?? question.label, m.annee)}</dt><dd>${displayAnswer(question, m.answers[variable], m.annee)}</dd></div>`;
}

function figure(value: unknown, label: string): SafeHtml {
  if (typeof value !== 'number') return html``;
  return html`<div class="bc-card"><p class="bc-figure">${formatNumber(value)}</p><p>${label}</p></div>`;
}

function themes(m: BilanModel): SafeHtml {
  const question = indexOf(m.questionnaire).questions.get('gt_themes')?.question as (Question & { kind: 'grille' }) | undefined;
  const grid = m.answers.gt_themes as GridValue | undefined;
  if (!question || !grid) return html`<p>Aucun groupe de travail renseigné.</p>`;
  const active = question.rows.filter((r) => ['oui', 'en_cours'].includes(String(grid[r.code]?.gt_theme)));
  if (active.length === 0) return html`<p>Aucun groupe de travail actif en ${m.annee}.</p>`;
  return html`<div class="bc-table-wrap"><table class="bc-grid bc-grid--display">
    <caption>Groupes de travail actifs ou en cours de mise en place en ${m.annee}</caption>
    <thead><tr><th scope="col">Thématique</th><th scope="col">État</th><th scope="col">Réunions</th><th scope="col">Personnes concernées</th></tr></thead>
    <tbody>${active.map((r) => {
      const cells = grid[r.code]!;
      return html`<tr><th scope="row">${r.label}</th><td>${cells.gt_theme === 'oui' ? 'En place' : 'En cours de mise en place'}</td><td>${typeof cells.gt_reunions === 'number' ? formatNumber(cells.gt_reunions) : '—'}</td><td>${cells.gt_usagers === 'oui' ? 'Oui' : cells.gt_usagers === 'non' ? 'Non' : '—'}</td></tr>`;
    })}</tbody>
  </table></div>`;
}

export function fichePage(m: BilanModel): SafeHtml {
  const a: Answers = m.answers;
  return html`<h1>Fiche ${m.annee} — ${m.clsm.nom}</h1>
    <p class="fr-text--lead">Le conseil local de santé mentale en ${m.annee}, en une page : à partager avec les partenaires et les habitant·es du territoire.</p>
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left bc-no-print">
      <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button></li>
    </ul>
    <div class="bc-fiche-grid fr-mb-3w">
      ${figure(a.copil_nb_reunions, 'réunions du comité de pilotage')}
      ${figure(a.ap_nb_reunions, 'réunions de l’assemblée plénière')}
      ${figure(a.gt_nb_reunions, 'réunions des groupes de travail')}
      ${figure(a.cellule_nb_situations, 'situations examinées par la cellule')}
    </div>
    <div class="fr-grid-row fr-grid-row--gutters">
      <section class="fr-col-12 fr-col-md-6" aria-labelledby="fiche-instances">
        <h2 class="fr-h4" id="fiche-instances">Instances</h2>
        <dl class="bc-readonly">
          ${['copil_existe', 'copil_nb_reunions', 'copil_nb_membres', 'copil_nb_usagers', 'ap_existe', 'ap_nb_reunions', 'ap_nb_participants', 'cellule_existe', 'cellule_nb_reunions'].map((v) => item(m, v))}
        </dl>
      </section>
      <section class="fr-col-12 fr-col-md-6" aria-labelledby="fiche-territoire">
        <h2 class="fr-h4" id="fiche-territoire">Territoire et coordination</h2>
        <dl class="bc-readonly">${['terr_population', 'terr_echelle', 'coord_existe', 'coord_etp', 'annee_creation'].map((v) => item(m, v))}</dl>
      </section>
    </div>
    <section aria-labelledby="fiche-themes" class="fr-mt-3w">
      <h2 class="fr-h4" id="fiche-themes">Thématiques travaillées</h2>
      ${themes(m)}
    </section>
    <section aria-labelledby="fiche-participation" class="fr-mt-3w">
      <h2 class="fr-h4" id="fiche-participation">Participation des personnes concernées</h2>
      ${['participation_usagers', 'niveau_engagement', 'rencontres_usagers_nb'].some((v) => a[v] !== undefined)
        ? html`<dl class="bc-readonly">${['participation_usagers', 'niveau_engagement', 'rencontres_usagers_nb'].map((v) => item(m, v))}</dl>`
        : html`<p>Non renseigné dans ce bilan.</p>`}
    </section>
    ${a.objectifs_annee !== undefined
      ? html`<section aria-labelledby="fiche-objectifs" class="fr-mt-3w"><h2 class="fr-h4" id="fiche-objectifs">Objectifs de l’année</h2><dl class="bc-readonly">${item(m, 'objectifs_annee')}</dl></section>`
      : ''}`;
}
