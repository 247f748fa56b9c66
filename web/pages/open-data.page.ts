/**
 * The open data page (/donnees-ouvertes, no login): France's and the
 * régions' key figures of a year from the bilans shared with the CCOMS,
 * small cells masked, the downloads and the licence.
 */
import { formatNumber, formatPct, KEY_FIGURES, keyValue, PUBLIC_MIN_CELL, REGIONS, type KeyFigure, type KeyValue } from '../../analytics/index.ts';
import { OPEN_DATA_LICENCE, type PublicSet } from '../../server/services/analytics.service.ts';
import { filterSelect } from '../components.ts';
import { html, type SafeHtml } from '../html.ts';
import { simpleTable, smallBaseMark } from './indicators.ts';

const SECRET = 'secret';

function cell(figure: KeyFigure, v: KeyValue | undefined): SafeHtml | string {
  if (!v || v.N === 0) return '–';
  if (v.masked || v.N === null) return html`<abbr title="Secret statistique : moins de ${PUBLIC_MIN_CELL} bilans, ou case complémentaire">${SECRET}</abbr>`;
  const main = figure.measure === 'mediane' ? formatNumber(v.value, 1) : formatPct(v.value);
  const base = figure.measure === 'mediane' ? `n = ${formatNumber(v.n, 0)}` : `${formatNumber(v.n, 0)}/${formatNumber(v.N, 0)}`;
  return html`${main} <span class="bc-index__meta">(${base})</span>${v.small ? html` ${smallBaseMark}` : ''}`;
}

/** Pages already written, per computation (the same for every visitor) and list of years. */
const written = new WeakMap<PublicSet, Map<string, SafeHtml>>();

export function openDataPage(data: { set: PublicSet | null; years: Array<{ annee: number; bilans: number }> }): SafeHtml {
  if (!data.set) return writePage(data);
  let byYears = written.get(data.set);
  if (!byYears) written.set(data.set, (byYears = new Map()));
  const key = data.years.map((y) => y.annee).join();
  let body = byYears.get(key);
  if (!body) byYears.set(key, (body = writePage(data)));
  return body;
}

function writePage(data: { set: PublicSet | null; years: Array<{ annee: number; bilans: number }> }): SafeHtml {
  const { set } = data;
  const intro = html`<h1>Données ouvertes</h1>
    <p class="fr-text--lead">Les indicateurs des bilans d’activités des conseils locaux de santé mentale, pour la France et chaque région, calculés sur les bilans envoyés ou validés dont le CLSM a accepté le partage avec le CCOMS. Une campagne est publiée à sa clôture.</p>`;
  if (!set) return html`${intro}<p>Aucune donnée publiée pour l’instant.</p>`;
  const figures = KEY_FIGURES.filter((f) => f.theme !== 'instances' || f.id === 'reunions_copil');
  const regions = set.regionBilans;
  const rows = [
    ['France', ...figures.map((f) => cell(f, keyValue(set.total, f)))],
    ...regions.map((r) => [REGIONS[r.region] ?? r.region, ...figures.map((f) => cell(f, keyValue(set.regions, f, { region: r.region })))]),
  ];
  const csv = `/api/public/indicators.csv?annee=${set.annee}`;
  return html`${intro}
    <form method="get" action="/donnees-ouvertes" class="bc-filters fr-mb-3w">
      ${filterSelect('o-annee', 'annee', 'Année', data.years.map((y) => ({ value: y.annee, label: String(y.annee) })), set.annee)}
      <button type="submit" class="fr-btn fr-btn--secondary">Afficher</button>
    </form>
    <div class="fr-callout fr-mb-4w">
      <h2 class="fr-callout__title">Télécharger les indicateurs ${set.annee}</h2>
      <p class="fr-callout__text">${formatNumber(set.bilans, 0)} bilan${set.bilans > 1 ? 's' : ''} partagé${set.bilans > 1 ? 's' : ''}. Tous les indicateurs du catalogue, pour la France et chaque région : une ligne par indicateur, région et réponse (n, N, part).</p>
      <ul class="bc-downloads">
        <li><a class="fr-link fr-icon-download-line fr-link--icon-left" href="${csv}" download>Indicateurs ${set.annee} (CSV, séparateur « ; », UTF-8)</a></li>
        <li><a class="fr-link" href="/api/public/indicators?annee=${set.annee}">Les mêmes en JSON (API, sans connexion)</a></li>
      </ul>
      <p class="fr-callout__text fr-text--sm">Licence : <a href="${OPEN_DATA_LICENCE.url}" rel="license">${OPEN_DATA_LICENCE.nom}</a>. Citez la source : « Bilans d’activités des CLSM, ${set.annee} ».</p>
    </div>
    <h2>Les chiffres clés ${set.annee}, par région</h2>
    <p>Part des CLSM (n/N) ; réunions : médiane et nombre de bilans. ${smallBaseMark} base inférieure à 10 bilans.</p>
    ${simpleTable(`Chiffres clés ${set.annee} : France et régions (bilans partagés avec le CCOMS)`, ['Territoire', ...figures.map((f) => f.short)], rows)}
    <h2>Secret statistique</h2>
    <p>Pour protéger les petits CLSM, une case de 1 à ${PUBLIC_MIN_CELL - 1} bilans est masquée (« ${SECRET} »), avec au moins une autre case du même indicateur ou de la même colonne, choisie pour qu’aucune valeur masquée ne se déduise par soustraction du total N, des autres cases ou du total national. Une région de moins de ${PUBLIC_MIN_CELL} bilans partagés est masquée en entier, avec une seconde région si elle est seule à l’être. Les minimum et maximum d’un nombre (la réponse d’un seul CLSM) ne sont jamais publiés.</p>
    ${simpleTable(
      `Bilans partagés par région, ${set.annee}`,
      ['Région', 'Bilans'],
      regions.map((r) => [REGIONS[r.region] ?? r.region, r.bilans === null ? SECRET : formatNumber(r.bilans, 0)]),
    )}`;
}
