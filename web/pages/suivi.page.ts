/** The campaign follow-up page (/suivi): counts, filters, who started and who did not. */
import type { AuthUser } from '../../server/domain/access.ts';
import { STATUT_LABEL } from '../../server/domain/statuts.ts';
import type { Campagne } from '../../server/services/index.ts';
import { SUIVI_STATUTS, type Suivi, type SuiviFilters, type SuiviRow } from '../../server/services/suivi.service.ts';
import { filterSelect, formatDateTime, formatPct, statutBadge } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';

function action(user: AuthUser, r: SuiviRow, annee: number): SafeHtml | string {
  const href = `/bilans/${encodeURIComponent(r.clsm_id)}/${annee}`;
  const who = html`<span class="fr-sr-only"> le bilan de ${r.nom}</span>`;
  if (r.statut === 'soumis' && user.role !== 'ccoms') return html`<a class="fr-link" href="${href}/relecture">Relire${who}</a>`;
  // The CCOMS opens only the bilans shared with it (their completeness is known to it).
  if (r.statut === 'non_commence' || (user.role === 'ccoms' && r.completude === null)) return '';
  return html`<a class="fr-link" href="${href}">Voir${who}</a>`;
}

function suiviTable(user: AuthUser, rows: SuiviRow[], annee: number, caption: string, id: string): SafeHtml {
  return html`<div class="fr-table fr-table--no-caption bc-table-wrap" id="${id}"><table>
    <caption>${caption}</caption>
    <thead><tr><th scope="col">CLSM</th><th scope="col">Département</th><th scope="col">Statut</th><th scope="col">Complété</th><th scope="col">Dernière activité</th><th scope="col">Action</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr data-clsm="${r.clsm_id}">
        <th scope="row">${r.nom}</th>
        <td>${r.departement}</td>
        <td>${statutBadge(r.statut)}</td>
        <td>${r.completude === null ? '—' : formatPct(r.completude)}</td>
        <td>${r.derniere_activite ? formatDateTime(r.derniere_activite) : 'Aucune'}</td>
        <td>${action(user, r, annee)}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

export function suiviPage(data: { user: AuthUser; suivi: Suivi; campagnes: Campagne[]; departements: string[]; filters: SuiviFilters; exportHref: string }): SafeHtml {
  const { user, suivi, filters } = data;
  const annee = suivi.campagne.annee;
  const { total } = suivi;
  const started = suivi.clsm.filter((r) => r.statut !== 'non_commence');
  const notStarted = suivi.clsm.filter((r) => r.statut === 'non_commence');
  return html`<h1>Suivi de la campagne ${annee}</h1>
    <p id="suivi-effectifs"><strong>${total.attendus}</strong> CLSM attendus · <strong>${total.recus}</strong> bilans reçus (taux de réponse ${formatPct(total.taux_reponse)}) dont ${total.valide} validés et ${total.renvoye} renvoyés pour correction · ${total.brouillon} en cours · ${total.non_commence} non commencés</p>
    <p class="fr-text--sm">Attendus : les CLSM actifs du registre, et tout CLSM ayant commencé un bilan ${annee}. Reçus : bilans soumis, renvoyés pour correction ou validés.${
      user.role === 'ccoms' ? ' Le CCOMS voit le statut de chaque CLSM ; la complétude et le contenu des seuls bilans partagés avec lui.' : ''
    }</p>
    <form method="get" action="/suivi" class="bc-filters fr-mb-3w">
      ${filterSelect('f-annee', 'annee', 'Année', data.campagnes.map((c) => ({ value: c.annee, label: String(c.annee) })), annee)}
      ${filterSelect('f-departement', 'departement', 'Département', data.departements.map((d) => ({ value: d, label: d })), filters.departement, 'Tous')}
      ${filterSelect('f-statut', 'statut', 'Statut', SUIVI_STATUTS.map((s) => ({ value: s, label: `${STATUT_LABEL[s].titre} (${total[s]})` })), filters.statut, 'Tous')}
      <button type="submit" class="fr-btn fr-btn--secondary">Filtrer</button>
      <a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href="${data.exportHref}">Exporter (CSV)</a>
    </form>
    <h2 class="fr-h4">Bilans commencés (${started.length})</h2>
    ${started.length ? suiviTable(user, started, annee, `Bilans ${annee} commencés`, 'suivi-commences') : html`<p>Aucun.</p>`}
    <h2 class="fr-h4">CLSM qui n’ont pas commencé (${notStarted.length})</h2>
    ${notStarted.length ? suiviTable(user, notStarted, annee, `CLSM sans bilan ${annee}`, 'suivi-non-commences') : html`<p>Aucun : tous les CLSM attendus ont commencé.</p>`}`;
}
