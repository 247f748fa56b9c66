/** The pieces the dashboards and the état des lieux share: an item (chart and n/N tables) and a table of figures. */
import { SMALL_BASE, type ReportItem, type TableData } from '../../analytics/index.ts';
import { html, raw, type SafeHtml } from '../html.ts';

export function figuresTable(t: TableData): SafeHtml {
  return html`<div class="fr-table fr-table--sm bc-table-wrap"><table>
    <caption>${t.caption}</caption>
    <thead><tr>${t.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
    <tbody>${t.rows.map(
      (r) => html`<tr><th scope="row">${r.header}${r.small ? html` <span class="bc-small-base" title="Base inférieure à ${SMALL_BASE} : à interpréter avec prudence">*</span>` : ''}</th>${r.cells.map((c) => html`<td>${c}</td>`)}</tr>`,
    )}</tbody>
  </table></div>`;
}

const smallBaseNote = html`<span class="bc-small-base">base inférieure à ${SMALL_BASE} bilans : à interpréter avec prudence</span>`;

/**
 * One item: its title, population, chart (an SVG string rendered by the
 * server from our own chart code, or the address of the chart) and tables.
 */
export function indicatorItem(item: ReportItem, chart: { svg: string } | { src: string; download: string }, options: { tablesOpen?: boolean } = {}): SafeHtml {
  const tables = item.tables.map(figuresTable);
  return html`<article class="bc-card bc-indicator" id="ind-${item.id}" data-indicator="${item.id}">
    <h3 class="fr-h6">${item.label}</h3>
    <p class="fr-text--sm">Base : ${item.populationLabel}${item.small ? html` · ${smallBaseNote}` : ''}</p>
    <figure class="bc-chart">${'svg' in chart ? raw(chart.svg) : html`<img src="${chart.src}" alt="${item.label} (les chiffres sont dans le tableau ci-dessous)" loading="lazy" decoding="async">`}</figure>
    ${options.tablesOpen ? tables : html`<details><summary>Tableau des données (n/N)</summary>${tables}</details>`}
    ${'download' in chart
      ? html`<p class="fr-text--sm bc-no-print"><a class="fr-link fr-icon-download-line fr-link--icon-left" href="${chart.download}" download>Télécharger le graphique (SVG)<span class="fr-sr-only"> : ${item.label}</span></a></p>`
      : ''}
  </article>`;
}
