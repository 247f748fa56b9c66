/** The campaign follow-up page (/suivi): counts, filters, who started and who did not. */
import type { AuthUser } from '../../server/domain/access.ts';
import { RELANCE_STATUTS, STATUT_LABEL, type SuiviStatut } from '../../server/domain/statuts.ts';
import type { Campagne } from '../../server/services/index.ts';
import type { RelancePlan } from '../../server/services/relance.service.ts';
import { SUIVI_STATUTS, type Suivi, type SuiviFilters, type SuiviRow } from '../../server/services/suivi.service.ts';
import { alert, csrfField, departementName, filterSelect, formatDateTime, formatPct, notice, pagination, statutBadge } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

const remindable = (s: SuiviStatut) => (RELANCE_STATUTS as readonly SuiviStatut[]).includes(s);

function action(user: AuthUser, r: SuiviRow, annee: number): SafeHtml | string {
  const href = `/bilans/${encodeURIComponent(r.clsm_id)}/${annee}`;
  const who = html`<span class="fr-sr-only"> le bilan de ${r.nom}</span>`;
  if (r.statut === 'soumis' && user.role !== 'ccoms') return html`<a class="fr-link" href="${href}/relecture">Relire${who}</a>`;
  // The CCOMS opens only the bilans shared with it (their completeness is known to it).
  if (r.statut === 'non_commence' || (user.role === 'ccoms' && r.completude === null)) return '';
  return html`<a class="fr-link" href="${href}">Voir${who}</a>`;
}

/** The box that selects a CLSM for a reminder (in the form `form-relance`, placed below the tables). */
function selectBox(r: SuiviRow): SafeHtml | string {
  if (!remindable(r.statut)) return '';
  return html`<input type="checkbox" class="bc-check" name="clsm" value="${r.clsm_id}" id="relance-${r.clsm_id}" form="form-relance"><label class="fr-sr-only" for="relance-${r.clsm_id}">Relancer ${r.nom}</label>`;
}

function suiviTable(user: AuthUser, rows: SuiviRow[], annee: number, caption: string, id: string, selectable: boolean): SafeHtml {
  return html`<div class="fr-table fr-table--no-caption bc-table-wrap" id="${id}"><table>
    <caption>${caption}</caption>
    <thead><tr>${selectable ? html`<th scope="col"><span class="fr-sr-only">Choisir pour une relance</span></th>` : ''}<th scope="col">CLSM</th><th scope="col">Département</th><th scope="col">Statut</th><th scope="col">Complété</th><th scope="col">Dernière activité</th><th scope="col">Dernière relance</th><th scope="col">Action</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr data-clsm="${r.clsm_id}">
        ${selectable ? html`<td>${selectBox(r)}</td>` : ''}
        <th scope="row">${r.nom}</th>
        <td>${departementName(r.departement)}</td>
        <td>${statutBadge(r.statut)}</td>
        <td>${r.completude === null ? '—' : formatPct(r.completude)}</td>
        <td>${r.derniere_activite ? formatDateTime(r.derniere_activite) : 'Aucune'}</td>
        <td>${r.derniere_relance ? formatDateTime(r.derniere_relance) : '—'}</td>
        <td>${action(user, r, annee)}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** Rows of the follow-up per page of /suivi. */
export const SUIVI_PAGE_SIZE = 50;

export function suiviPage(data: {
  user: AuthUser;
  suivi: Suivi;
  campagnes: Campagne[];
  departements: string[];
  filters: SuiviFilters;
  exportHref: string;
  relanceEnvoyee?: number | undefined;
  pageNumber: number;
  pageHref: (n: number) => string;
}): SafeHtml {
  const { user, suivi, filters } = data;
  const annee = suivi.campagne.annee;
  const { total } = suivi;
  // Counts over the whole selection; the tables show the rows of this page (started bilans come first).
  const notStartedCount = filters.statut ? (filters.statut === 'non_commence' ? suivi.page.lignes : 0) : total.non_commence;
  const startedCount = suivi.page.lignes - notStartedCount;
  const started = suivi.clsm.filter((r) => r.statut !== 'non_commence');
  const notStarted = suivi.clsm.filter((r) => r.statut === 'non_commence');
  const pages = Math.max(1, Math.ceil(suivi.page.lignes / SUIVI_PAGE_SIZE));
  const first = (data.pageNumber - 1) * SUIVI_PAGE_SIZE;
  // Reminders: the ARS and the admin, while the campagne is open.
  const selectable = (user.role === 'ars' || user.role === 'admin') && suivi.campagne.statut === 'ouverte';
  const toRemind = RELANCE_STATUTS.reduce((n, s) => n + total[s], 0);
  return html`<h1>Suivi de la campagne ${annee}</h1>
    ${data.relanceEnvoyee !== undefined ? notice('success', `Relance envoyée : ${data.relanceEnvoyee} courriel${data.relanceEnvoyee > 1 ? 's' : ''} mis en file d’envoi.`) : ''}
    <p id="suivi-effectifs"><strong>${total.attendus}</strong> CLSM attendus · <strong>${total.recus}</strong> bilans reçus (taux de réponse ${formatPct(total.taux_reponse)}) dont ${total.valide} validés et ${total.renvoye} renvoyés pour correction · ${total.brouillon} en cours · ${total.non_commence} non commencés</p>
    <p class="fr-text--sm">Attendus : les CLSM actifs du registre, et tout CLSM ayant commencé un bilan ${annee}. Reçus : bilans soumis, renvoyés pour correction ou validés.${
      user.role === 'ccoms' ? ' Le CCOMS voit le statut de chaque CLSM ; la complétude et le contenu des seuls bilans partagés avec lui.' : ''
    }</p>
    <form method="get" action="/suivi" class="bc-filters fr-mb-3w">
      ${filterSelect('f-annee', 'annee', 'Année', data.campagnes.map((c) => ({ value: c.annee, label: String(c.annee) })), annee)}
      ${filterSelect('f-departement', 'departement', 'Département', data.departements.map((d) => ({ value: d, label: departementName(d) })), filters.departement, 'Tous')}
      ${filterSelect('f-statut', 'statut', 'Statut', SUIVI_STATUTS.map((s) => ({ value: s, label: `${STATUT_LABEL[s].titre} (${total[s]})` })), filters.statut, 'Tous')}
      <button type="submit" class="fr-btn fr-btn--secondary">Filtrer</button>
      <a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href="${data.exportHref}">Exporter (CSV)</a>
    </form>
    ${pages > 1 ? html`<p class="fr-text--sm" id="suivi-lignes">CLSM ${first + 1} à ${first + suivi.clsm.length} sur ${suivi.page.lignes} (page ${data.pageNumber} sur ${pages}) ; l’export CSV contient toute la sélection.</p>` : ''}
    ${selectable ? html`<p class="fr-text--sm">Pour relancer par courriel les coordonnateur·rices, cochez les CLSM (bilan non commencé, en cours ou renvoyé) puis « Préparer la relance » en bas de page : vous verrez le courriel et ses destinataires avant l’envoi.</p>` : ''}
    ${started.length || !notStarted.length ? html`<h2 class="fr-h4">Bilans commencés (${startedCount})</h2>` : ''}
    ${started.length ? suiviTable(user, started, annee, `Bilans ${annee} commencés`, 'suivi-commences', selectable) : !notStarted.length ? html`<p>Aucun.</p>` : ''}
    ${notStarted.length || !started.length ? html`<h2 class="fr-h4">CLSM qui n’ont pas commencé (${notStartedCount})</h2>` : ''}
    ${notStarted.length
      ? suiviTable(user, notStarted, annee, `CLSM sans bilan ${annee}`, 'suivi-non-commences', selectable)
      : !started.length
        ? html`<p>Aucun : tous les CLSM attendus ont commencé.</p>`
        : ''}
    ${pagination(data.pageNumber, pages, data.pageHref, 'Pages du suivi')}
    ${selectable
      ? html`<section class="bc-card fr-mt-3w bc-no-print" aria-labelledby="relancer">
          <h2 class="fr-h5" id="relancer">Relancer</h2>
          <form method="get" action="/suivi/relance" id="form-relance">
            <input type="hidden" name="annee" value="${annee}">
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
              <li><button type="submit" class="fr-btn fr-icon-mail-line fr-btn--icon-left">Préparer la relance des CLSM cochés</button></li>
              ${toRemind ? html`<li><a class="fr-btn fr-btn--secondary" href="/suivi/relance?annee=${annee}&amp;tous=1">Préparer la relance de tous les CLSM à relancer (${toRemind})</a></li>` : ''}
            </ul>
          </form>
          <p class="fr-text--sm fr-mb-0"><a class="fr-link" href="/admin/campagnes/${annee}/prolongations">Prolongations de délai</a></p>
        </section>`
      : ''}`;
}

/** The reminder before it is sent: who receives it, and the mail itself. */
export function relancePage(d: { plan: RelancePlan; selection: { clsmIds: string[]; all: boolean }; message: string; error: string | null; csrfToken: string }): SafeHtml {
  const { plan } = d;
  const back = `/suivi?annee=${plan.annee}`;
  const hiddenSelection = d.selection.all ? '' : d.selection.clsmIds.map((id) => html`<input type="hidden" name="clsm" value="${id}">`);
  const mails = plan.clsm.reduce((n, c) => n + c.destinataires.length, 0);
  return html`<h1>Relance — campagne ${plan.annee}</h1>
    ${d.error ? alert('error', 'Relance impossible', html`<p>${d.error}</p>`, 'alert') : ''}
    <p id="relance-effectifs"><strong>${plan.clsm.length}</strong> CLSM · <strong>${plan.destinataires.length}</strong> destinataire${plan.destinataires.length > 1 ? 's' : ''} · ${mails} courriel${mails > 1 ? 's' : ''} (un par CLSM et par coordonnateur·rice : chacun ne parle que de son CLSM).</p>
    ${plan.sans_destinataire.length
      ? alert('warning', null, html`<p>${plan.sans_destinataire.length} CLSM sans compte de coordonnateur·rice actif : personne ne recevra leur relance. Invitez leur coordonnateur·rice depuis <a href="/admin/comptes">Comptes</a>.</p>`)
      : ''}
    ${plan.clsm.length
      ? html`<div class="fr-table fr-table--no-caption bc-table-wrap"><table>
          <caption>CLSM relancés et destinataires</caption>
          <thead><tr><th scope="col">CLSM</th><th scope="col">Statut</th><th scope="col">Dernière relance</th><th scope="col">Destinataires</th></tr></thead>
          <tbody>${plan.clsm.map(
            (c) => html`<tr data-clsm="${c.clsm_id}"><th scope="row">${c.nom}</th><td>${statutBadge(c.statut)}</td><td>${c.derniere_relance ? formatDateTime(c.derniere_relance) : '—'}</td>
              <td>${c.destinataires.length ? html`<ul class="fr-mb-0">${c.destinataires.map((e) => html`<li>${e}</li>`)}</ul>` : html`<span class="bc-empty">Aucun compte actif</span>`}</td></tr>`,
          )}</tbody>
        </table></div>`
      : ''}
    ${plan.apercu
      ? html`<h2 class="fr-h4">Le courriel${plan.clsm.length > 1 ? html` (exemple : ${plan.clsm.find((c) => c.clsm_id === plan.apercu!.clsm_id)?.nom})` : ''}</h2>
          <div class="bc-mail-preview" id="relance-apercu"><p class="bc-mail-subject">Objet : ${plan.apercu.subject}</p>${plan.apercu.text}</div>`
      : ''}
    <form method="get" action="/suivi/relance" class="fr-mt-3w bc-narrow">
      <input type="hidden" name="annee" value="${plan.annee}">
      ${d.selection.all ? html`<input type="hidden" name="tous" value="1">` : hiddenSelection}
      <div class="fr-input-group">
        <label class="fr-label" for="relance-message">Message ajouté au courriel (facultatif)</label>
        <textarea class="fr-input" id="relance-message" name="message" rows="3" maxlength="2000">${d.message}</textarea>
      </div>
      <button type="submit" class="fr-btn fr-btn--secondary">Mettre à jour l’aperçu</button>
    </form>
    <form method="post" action="/suivi/relance" class="fr-mt-3w">
      ${csrfField(d.csrfToken)}
      <input type="hidden" name="annee" value="${plan.annee}">
      ${d.selection.all ? html`<input type="hidden" name="tous" value="1">` : hiddenSelection}
      <input type="hidden" name="message" value="${d.message}">
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li><button type="submit" class="fr-btn fr-icon-send-plane-line fr-btn--icon-left"${mails ? '' : html` disabled`}>Envoyer la relance (${mails} courriel${mails > 1 ? 's' : ''})</button></li>
        <li><a class="fr-btn fr-btn--tertiary" href="${back}">Retour au suivi</a></li>
      </ul>
    </form>`;
}
