/** The dashboards (/tableaux-de-bord): filters, then every indicator with data, by chapter. */
import { REPORT_SECTIONS, SPLIT_LABELS, SPLIT_VARIABLES } from '../../analytics/index.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import type { Campagne } from '../../server/services/index.ts';
import type { IndicatorQuery, IndicatorSet } from '../../server/services/analytics.service.ts';
import { alert, filterSelect, regionName } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';
import { indicatorItem } from './indicators.ts';

export function dashboardQueryString(p: IndicatorQuery): string {
  const q = new URLSearchParams();
  if (p.annee !== undefined) q.set('annee', String(p.annee));
  if (p.region) q.set('region', p.region);
  if (p.departement) q.set('departement', p.departement);
  if (p.split) q.set('split', p.split);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function dashboardPage(data: { user: AuthUser; set: IndicatorSet; query: IndicatorQuery; campagnes: Campagne[]; regions: string[]; departements: string[] }): SafeHtml {
  const { user, set, query: p } = data;
  const scope = user.role === 'ars' ? ` (votre périmètre : ${regionName(user.region)}${user.departement ? `, ${user.departement}` : ''})` : '';
  const qs = dashboardQueryString(p);
  const sections = REPORT_SECTIONS.map((s) => ({ ...s, items: set.items.filter((i) => i.section === s.id) })).filter((s) => s.items.length);
  return html`<h1>Tableaux de bord</h1>
    <p>Indicateurs calculés sur les bilans envoyés ou validés${user.role === 'ccoms' ? ' des CLSM ayant accepté le partage avec le CCOMS' : ''}${scope}. Chaque pourcentage est donné avec son effectif n et sa base N.</p>
    <form method="get" action="/tableaux-de-bord" class="bc-filters fr-mb-3w">
      ${filterSelect('d-annee', 'annee', 'Année', data.campagnes.map((c) => ({ value: c.annee, label: String(c.annee) })), p.annee, 'Toutes')}
      ${filterSelect('d-region', 'region', 'Région', data.regions.map((r) => ({ value: r, label: regionName(r) })), p.region, 'Toutes')}
      ${filterSelect('d-departement', 'departement', 'Département', data.departements.map((d) => ({ value: d, label: d })), p.departement, 'Tous')}
      ${filterSelect('d-split', 'split', 'Comparer selon', SPLIT_VARIABLES.map((s) => ({ value: s, label: SPLIT_LABELS[s] })), p.split, 'Pas de comparaison')}
      <button type="submit" class="fr-btn">Afficher</button>
    </form>
    <p><strong>${set.count}</strong> bilan${set.count > 1 ? 's' : ''} dans la sélection.
      <a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/donnees.csv${qs}">Données (CSV)</a>
      <a class="fr-link fr-icon-download-line fr-link--icon-left fr-ml-2w" href="/tableaux-de-bord/donnees.xlsx${qs}">Données (XLSX)</a></p>
    ${set.count === 0
      ? alert('info', 'Aucun bilan envoyé dans cette sélection', html`<p>Modifiez les filtres, ou attendez les premiers envois de la campagne.</p>`)
      : sections.map(
          (section) =>
            html`<section class="fr-mt-5w" aria-labelledby="sec-${section.id}"><h2 id="sec-${section.id}">${section.title}</h2>${section.items.map((item) => {
              const src = `/tableaux-de-bord/graphiques/${item.id}.svg${qs}`;
              return indicatorItem(item, { src, download: src });
            })}</section>`,
        )}`;
}
