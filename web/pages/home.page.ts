/** The home page of each role, from what the route gathered. */
import { indexOf, getQuestionnaire, labelFor } from '../../survey-schema/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { STATUT_LABEL } from '../../server/domain/statuts.ts';
import type { BilanSummary, Campagne, Clsm, ClsmPublication } from '../../server/services/index.ts';
import { publicationsList } from './fiche.page.ts';
import type { BilanView } from '../../server/services/bilan.service.ts';
import type { Suivi } from '../../server/services/suivi.service.ts';
import { alert, departementName, regionName, formatDate, formatDateTime, formatPct, statutBadge } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export interface CoordinatorHome {
  campagne: Campagne | undefined;
  clsm: Array<{ clsm: Clsm; current: BilanView | null; past: BilanSummary[]; publications: ClsmPublication[] }>;
  csrfToken: string;
}

export function coordinatorHome(data: CoordinatorHome): SafeHtml {
  const { campagne } = data;
  if (data.clsm.length === 0) return alert('info', 'Aucun CLSM associé à votre compte', html`<p>Demandez à l’administration de la plateforme de vous rattacher à votre CLSM.</p>`);
  const blocks = data.clsm.map(({ clsm, current: bilan, past, publications }) => {
    let current: SafeHtml = html`<p>Aucune campagne n’est ouverte en ce moment.</p>`;
    if (campagne && bilan) {
      const href = `/bilans/${encodeURIComponent(clsm.id)}/${campagne.annee}`;
      const index = indexOf(getQuestionnaire(bilan.questionnaire_version));
      current = html`<div class="bc-card">
        <h3 class="fr-h5">Bilan ${campagne.annee} ${statutBadge(bilan.statut)}</h3>
        <p>Complété à ${formatPct(bilan.completeness)}${bilan.updated_at ? html` · dernier enregistrement le ${formatDateTime(bilan.updated_at)}` : ''}${bilan.permissions.save && bilan.delai.date_limite ? html` · à envoyer au plus tard le <strong>${formatDate(bilan.delai.date_limite)}</strong>` : ''}</p>
        ${bilan.delai.refus ? html`<p class="fr-text--sm">${bilan.delai.refus}</p>` : ''}
        ${bilan.carried_forward && bilan.statut === 'non_commence'
          ? html`<p>Les réponses de votre bilan ${bilan.carried_forward.from_annee} sont reprises : vérifiez-les section par section.</p>`
          : ''}
        ${bilan.comments.length
          ? html`<div class="fr-mb-2w"><h4 class="fr-h6">Commentaires de l’ARS</h4><ul>${bilan.comments.map((c) => {
              const entry = c.variable ? index.questions.get(c.variable) : undefined;
              return html`<li class="bc-comment">${entry ? html`<a href="${href}?section=${entry.section.id}#q-${entry.question.variable}">${labelFor(entry.question.shortLabel ?? entry.question.label, campagne.annee)}</a> : ` : ''}${c.message}</li>`;
            })}</ul></div>`
          : ''}
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><a class="fr-btn" href="${href}">${bilan.permissions.save ? (bilan.statut === 'non_commence' ? `Commencer le bilan ${campagne.annee}` : `Reprendre le bilan ${campagne.annee}`) : `Voir le bilan ${campagne.annee}`}</a></li>
          ${bilan.statut === 'soumis' || bilan.statut === 'valide' ? html`<li><a class="fr-btn fr-btn--secondary" href="${href}/fiche">Fiche annuelle ${campagne.annee}</a></li>` : ''}
        </ul>
      </div>`;
    }
    return html`<section class="fr-mb-5w" aria-labelledby="clsm-${clsm.id}">
      <h2 id="clsm-${clsm.id}">${clsm.nom}</h2>
      <p>${regionName(clsm.region)} · ${departementName(clsm.departement)}${clsm.annee_creation ? ` · créé en ${clsm.annee_creation}` : ''}</p>
      ${current}
      <h3 class="fr-h6">Bilans des années précédentes</h3>
      ${past.length
        ? html`<ul>${past.map(
            (b) => html`<li><a href="/bilans/${encodeURIComponent(b.clsm_id)}/${b.annee}">Bilan ${b.annee}</a> — ${STATUT_LABEL[b.statut].titre} · <a href="/bilans/${encodeURIComponent(b.clsm_id)}/${b.annee}/fiche">fiche ${b.annee}</a></li>`,
          )}</ul>`
        : html`<p>Aucun bilan antérieur enregistré.</p>`}
      <h3 class="fr-h6">Fiches publiées</h3>
      ${publicationsList(publications, { csrfToken: data.csrfToken, canRevoke: true })}
    </section>`;
  });
  return html`<h1>Mon CLSM</h1>${blocks}`;
}

/** ARS and admin: the campagne at a glance. */
export function arsHome(user: AuthUser, suivi: Suivi | null, mailFailures = 0): SafeHtml {
  const scope = user.role === 'ars' ? `${regionName(user.region)}${user.departement ? `, département ${user.departement}` : ''}` : 'Toutes les régions';
  const failures = mailFailures
    ? alert('error', `${mailFailures} courriel${mailFailures > 1 ? 's' : ''} en échec`, html`<p>Le serveur de courriel les a refusés après plusieurs essais. <a href="/admin/courriels?statut=failed">Voir les courriels en échec</a></p>`)
    : '';
  if (!suivi) return html`<h1>Accueil</h1>${failures}<p>${scope}</p><p>Aucune campagne n’existe encore.</p>`;
  const { campagne, total } = suivi;
  return html`<h1>Campagne ${campagne.annee}</h1>
    ${failures}
    <p>${scope} · campagne ${campagne.statut === 'ouverte' ? 'ouverte' : 'fermée'} · ${total.attendus} CLSM attendus, ${total.recus} bilans reçus (${formatPct(total.taux_reponse)})</p>
    <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
      ${(['non_commence', 'brouillon', 'soumis', 'renvoye', 'valide'] as const).map(
        (s) => html`<div class="fr-col-6 fr-col-md-2"><div class="bc-card"><p class="bc-figure">${total[s]}</p><p>${STATUT_LABEL[s].titre}</p></div></div>`,
      )}
    </div>
    <ul class="fr-btns-group fr-btns-group--inline-md">
      <li><a class="fr-btn" href="/suivi?annee=${campagne.annee}">Suivre la campagne</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/suivi?annee=${campagne.annee}&amp;statut=soumis">Bilans à relire (${total.soumis})</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/tableaux-de-bord">Tableaux de bord</a></li>
    </ul>`;
}

export function ccomsHome(): SafeHtml {
  return html`<h1>Accueil CCOMS</h1>
    <p>Les indicateurs nationaux ne portent que sur les bilans envoyés des CLSM qui ont accepté le partage avec le CCOMS.</p>
    <ul class="fr-btns-group fr-btns-group--inline-md">
      <li><a class="fr-btn" href="/tableaux-de-bord">Tableaux de bord</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/suivi">Suivi de la campagne</a></li>
      <li><a class="fr-btn fr-btn--secondary" href="/etat-des-lieux">État des lieux national</a></li>
    </ul>`;
}
