/** /admin/campagnes: the yearly campagnes (admin), one campagne's dates and reminder schedule, the prolongations (admin; ARS in its scope). */
import type { AuthUser } from '../../server/domain/access.ts';
import type { Campagne, ProlongationView } from '../../server/services/index.ts';
import { alert, csrfField, errorSummary, formatDate, formatDateTime, inputGroup, notice, regionName, selectGroup } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

export type CampagneFormValues = Record<'annee' | 'questionnaire_version' | 'opens_on' | 'closes_on' | 'relances_jours', string>;

const statutBadge = (c: Campagne) => html`<span class="fr-badge fr-badge--sm ${c.statut === 'ouverte' ? 'fr-badge--success' : ''}">${c.statut === 'ouverte' ? 'Ouverte' : 'Fermée'}</span>`;
const schedule = (c: Campagne) => (c.relances_jours ? c.relances_jours.split(',').map((d) => `J-${d}`).join(', ') : 'Aucune');

function campagneFields(values: CampagneFormValues, versions: string[], errors: Map<string, string>, withYear: boolean): SafeHtml {
  return html`${withYear ? inputGroup({ id: 'c-annee', name: 'annee', label: 'Année d’activité', hint: 'L’année dont les CLSM font le bilan, par exemple 2026.', value: values.annee, error: errors.get('annee'), extra: { inputmode: 'numeric' } }) : ''}
    ${selectGroup({ id: 'c-questionnaire_version', name: 'questionnaire_version', label: 'Version du questionnaire', options: versions.map((v) => ({ value: v, label: v })), selected: [values.questionnaire_version], error: errors.get('questionnaire_version') })}
    <div class="fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-6">${inputGroup({ id: 'c-opens_on', name: 'opens_on', label: 'Ouverture (facultatif)', type: 'date', value: values.opens_on, error: errors.get('opens_on') })}</div>
      <div class="fr-col-12 fr-col-md-6">${inputGroup({ id: 'c-closes_on', name: 'closes_on', label: 'Clôture (facultatif)', hint: 'Dernier jour où les coordonnateur·rices peuvent enregistrer et envoyer.', type: 'date', value: values.closes_on, error: errors.get('closes_on') })}</div>
    </div>
    ${inputGroup({ id: 'c-relances_jours', name: 'relances_jours', label: 'Relances automatiques (facultatif)', hint: 'Jours avant la clôture, séparés par des virgules, par exemple « 14, 3 ». Elles partent quand la commande « relances --planifiees » tourne (cron), une fois par étape.', value: values.relances_jours, error: errors.get('relances_jours') })}`;
}

export function campagnesPage(d: { campagnes: Campagne[]; versions: string[]; values: CampagneFormValues; errors: Map<string, string>; flash: SafeHtml | null; csrfToken: string }): SafeHtml {
  return html`<h1>Campagnes</h1>
    ${d.flash ?? ''}
    <div class="fr-table fr-table--no-caption bc-table-wrap"><table>
      <caption>Campagnes annuelles</caption>
      <thead><tr><th scope="col">Année</th><th scope="col">Questionnaire</th><th scope="col">Ouverture</th><th scope="col">Clôture</th><th scope="col">Relances automatiques</th><th scope="col">Statut</th><th scope="col">Action</th></tr></thead>
      <tbody>${d.campagnes.map(
        (c) => html`<tr data-annee="${c.annee}"><th scope="row">${c.annee}</th><td>${c.questionnaire_version}</td><td>${formatDate(c.opens_on)}</td><td>${formatDate(c.closes_on)}</td><td>${schedule(c)}</td><td>${statutBadge(c)}</td>
          <td><a class="fr-link fr-text--sm" href="/admin/campagnes/${c.annee}">Gérer<span class="fr-sr-only"> la campagne ${c.annee}</span></a></td></tr>`,
      )}</tbody>
    </table></div>
    <section class="bc-card fr-mt-5w" aria-labelledby="creer">
      <h2 class="fr-h4" id="creer">Créer une campagne</h2>
      ${d.errors.size ? errorSummary('La campagne n’a pas été créée', [...d.errors].map(([field, message]) => ({ href: `#c-${field}`, message }))) : ''}
      <form method="post" action="/admin/campagnes" novalidate class="bc-narrow">
        ${csrfField(d.csrfToken)}
        ${campagneFields(d.values, d.versions, d.errors, true)}
        <button type="submit" class="fr-btn">Créer la campagne (ouverte)</button>
      </form>
    </section>`;
}

export function campagnePage(d: { campagne: Campagne; versions: string[]; values: CampagneFormValues; errors: Map<string, string>; etapes: Array<{ jours: number; done_at: string }>; prolongations: number; flash: SafeHtml | null; csrfToken: string }): SafeHtml {
  const { campagne: c } = d;
  return html`<h1>Campagne ${c.annee} ${statutBadge(c)}</h1>
    ${d.flash ?? ''}
    <div class="fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-7">
        <h2 class="fr-h4">Dates et relances</h2>
        ${d.errors.size ? errorSummary('La campagne n’a pas été modifiée', [...d.errors].map(([field, message]) => ({ href: `#c-${field}`, message }))) : ''}
        <form method="post" action="/admin/campagnes/${c.annee}" novalidate>
          ${csrfField(d.csrfToken)}
          ${campagneFields(d.values, d.versions, d.errors, false)}
          <button type="submit" class="fr-btn">Enregistrer</button>
        </form>
      </div>
      <div class="fr-col-12 fr-col-md-5">
        <section class="bc-card">
          <h2 class="fr-h5">${c.statut === 'ouverte' ? 'Fermer la campagne' : 'Rouvrir la campagne'}</h2>
          <p class="fr-text--sm">${c.statut === 'ouverte' ? 'Une campagne fermée ne peut plus être modifiée par les coordonnateur·rices, même avant sa date de clôture.' : 'Les coordonnateur·rices pourront de nouveau enregistrer, dans les dates de la campagne.'}</p>
          <form method="post" action="/admin/campagnes/${c.annee}/${c.statut === 'ouverte' ? 'fermeture' : 'ouverture'}">
            ${csrfField(d.csrfToken)}
            <button type="submit" class="fr-btn ${c.statut === 'ouverte' ? 'fr-btn--secondary' : ''}">${c.statut === 'ouverte' ? 'Fermer' : 'Rouvrir'} la campagne ${c.annee}</button>
          </form>
        </section>
        <section class="bc-card">
          <h2 class="fr-h5">Prolongations de délai</h2>
          <p>${d.prolongations} CLSM ${d.prolongations > 1 ? 'ont' : 'a'} un délai prolongé.</p>
          <a class="fr-link" href="/admin/campagnes/${c.annee}/prolongations">Voir et accorder des prolongations</a>
        </section>
        <section class="bc-card">
          <h2 class="fr-h5">Relances automatiques faites</h2>
          ${d.etapes.length ? html`<ul>${d.etapes.map((e) => html`<li>J-${e.jours} : ${formatDateTime(e.done_at)}</li>`)}</ul>` : html`<p>Aucune.</p>`}
        </section>
      </div>
    </div>`;
}

export function prolongationsPage(d: {
  user: AuthUser;
  campagne: Campagne;
  prolongations: ProlongationView[];
  clsm: Array<{ id: string; nom: string; departement: string }>;
  values: { clsm_id: string; jusqu_au: string };
  errors: Map<string, string>;
  flash: SafeHtml | null;
  csrfToken: string;
}): SafeHtml {
  const { campagne: c } = d;
  return html`<h1>Prolongations de délai — campagne ${c.annee}</h1>
    <p>Clôture de la campagne : <strong>${formatDate(c.closes_on)}</strong>. Un CLSM dont le délai est prolongé peut encore enregistrer et envoyer son bilan jusqu’à la date choisie. ${d.user.role === 'ars' ? 'Vous voyez les CLSM de votre périmètre.' : ''}</p>
    ${d.flash ?? ''}
    ${!c.closes_on ? alert('info', null, html`<p>Cette campagne n’a pas de date de clôture : il n’y a rien à prolonger.</p>`) : ''}
    ${d.prolongations.length
      ? html`<div class="fr-table fr-table--no-caption bc-table-wrap"><table>
          <caption>Prolongations accordées</caption>
          <thead><tr><th scope="col">CLSM</th><th scope="col">Région</th><th scope="col">Jusqu’au</th><th scope="col">Accordée par</th><th scope="col">Action</th></tr></thead>
          <tbody>${d.prolongations.map(
            (p) => html`<tr data-clsm="${p.clsm_id}"><th scope="row">${p.nom}</th><td>${regionName(p.region)} (${p.departement})</td><td>${formatDate(p.jusqu_au)}</td><td>${p.created_by_email ?? 'système'}, le ${formatDateTime(p.created_at)}</td>
              <td><form method="post" action="/admin/campagnes/${c.annee}/prolongations/${encodeURIComponent(p.clsm_id)}/retrait">${csrfField(d.csrfToken)}<button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">Retirer<span class="fr-sr-only"> la prolongation de ${p.nom}</span></button></form></td></tr>`,
          )}</tbody>
        </table></div>`
      : html`<p>Aucune prolongation.</p>`}
    ${c.closes_on
      ? html`<section class="bc-card fr-mt-3w" aria-labelledby="accorder">
          <h2 class="fr-h4" id="accorder">Accorder une prolongation</h2>
          ${d.errors.size ? errorSummary('La prolongation n’a pas été accordée', [...d.errors].map(([field, message]) => ({ href: `#p-${field}`, message }))) : ''}
          <form method="post" action="/admin/campagnes/${c.annee}/prolongations" novalidate class="bc-narrow">
            ${csrfField(d.csrfToken)}
            ${selectGroup({ id: 'p-clsm_id', name: 'clsm_id', label: 'CLSM', options: d.clsm.map((x) => ({ value: x.id, label: `${x.nom} (${x.departement})` })), selected: [d.values.clsm_id], error: d.errors.get('clsm_id'), placeholder: '—' })}
            ${inputGroup({ id: 'p-jusqu_au', name: 'jusqu_au', label: 'Jusqu’au (inclus)', type: 'date', value: d.values.jusqu_au, error: d.errors.get('jusqu_au') })}
            <button type="submit" class="fr-btn">Accorder</button>
          </form>
        </section>`
      : ''}`;
}

export const campagneFlash = {
  creation: (annee: number) => notice('success', `Campagne ${annee} créée et ouverte.`),
  modification: (annee: number) => notice('success', `Campagne ${annee} enregistrée.`),
  ouverture: (annee: number) => notice('success', `Campagne ${annee} rouverte.`),
  fermeture: (annee: number) => notice('success', `Campagne ${annee} fermée.`),
  ajout: (nom: string) => notice('success', `Prolongation accordée à ${nom}.`),
  retrait: (nom: string) => notice('success', `Prolongation de ${nom} retirée.`),
};
