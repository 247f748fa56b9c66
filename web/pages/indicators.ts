/**
 * The pieces the dashboards, the état des lieux and the open data share: a
 * table of figures (DSFR table), a chart block, an item's definition.
 */
import { SMALL_BASE, type ItemDefinition, type ReportItem, type TableData } from '../../analytics/index.ts';
import { html, raw, type SafeHtml } from '../html.ts';

export const smallBaseMark = html`<span class="bc-small-base" title="Base inférieure à ${SMALL_BASE} bilans : à interpréter avec prudence">*</span>`;
export const smallBaseNote = html`<span class="bc-small-base">* base inférieure à ${SMALL_BASE} bilans : à interpréter avec prudence</span>`;

/** A DSFR table (1.14 markup): caption left, row headers, numbers right-aligned. */
export function figuresTable(t: TableData, options: { caption?: string } = {}): SafeHtml {
  return html`<div class="fr-table fr-table--sm fr-table--multiline bc-figures">
    <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
      <table>
        <caption>${options.caption ?? t.caption}</caption>
        <thead><tr>${t.columns.map((c, i) => html`<th scope="col"${i > 0 ? html` class="bc-num"` : ''}>${c}</th>`)}</tr></thead>
        <tbody>${t.rows.map((r) => html`<tr><th scope="row">${r.header}${r.small ? html` ${smallBaseMark}` : ''}</th>${r.cells.map((c) => html`<td class="bc-num">${c}</td>`)}</tr>`)}</tbody>
      </table>
    </div></div></div>
  </div>`;
}

/** A plain DSFR table from rows already formatted. */
export function simpleTable(caption: string, columns: string[], rows: Array<Array<string | SafeHtml>>, options: { numeric?: boolean } = {}): SafeHtml {
  return html`<div class="fr-table fr-table--sm fr-table--multiline bc-figures">
    <div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
      <table>
        <caption>${caption}</caption>
        <thead><tr>${columns.map((c, i) => html`<th scope="col"${i > 0 && options.numeric !== false ? html` class="bc-num"` : ''}>${c}</th>`)}</tr></thead>
        <tbody>${rows.map(([head, ...cells]) => html`<tr><th scope="row">${head}</th>${cells.map((c) => html`<td${options.numeric !== false ? html` class="bc-num"` : ''}>${c}</td>`)}</tr>`)}</tbody>
      </table>
    </div></div></div>
  </div>`;
}

/** A chart rendered by the server (SVG from our own chart code), described for screen readers by the table that follows it. */
export function chartFigure(svg: string, label: string): SafeHtml {
  return html`<div class="bc-chart" role="img" aria-label="${label} (les chiffres sont dans le tableau)">${raw(svg)}</div>`;
}

/** How an item is computed: kind, population, missing answers, variables, published figures. */
export function definitionList(d: ItemDefinition): SafeHtml {
  return html`<dl class="bc-definition">
    <dt>Type</dt><dd>${d.kind}</dd>
    <dt>Population (base N)</dt><dd>${d.population}</dd>
    <dt>Non-réponses</dt><dd>${d.missing}</dd>
    <dt>Variables</dt><dd>${d.variables.map((v, i) => html`${i ? ', ' : ''}<code>${v}</code>`)}</dd>
    ${d.figures.length ? html`<dt>Chiffres publiés reproduits</dt><dd>${d.figures.map((f, i) => html`${i ? ', ' : ''}<code>${f}</code>`)}</dd>` : ''}
  </dl>`;
}

/**
 * One item as a block of a document: its title, population, chart and
 * tables. `number` numbers the figure ("Figure 12").
 */
export function indicatorItem(item: ReportItem, svg: string, options: { number?: number; headingLevel?: 3 | 4 } = {}): SafeHtml {
  const title = options.number ? `Figure ${options.number} — ${item.label}` : item.label;
  // In print, a short figure stays whole on its page; a long one keeps its chart whole and lets its table follow.
  const rows = item.tables.reduce((n, t) => n + t.rows.length, 0);
  return html`<section class="bc-item${rows <= 12 ? ' bc-item--compact' : ''}" id="ind-${item.id}" data-indicator="${item.id}" aria-labelledby="titre-${item.id}">
    <div class="bc-item__head">
      ${options.headingLevel === 4 ? html`<h4 id="titre-${item.id}" class="bc-item__title">${title}</h4>` : html`<h3 id="titre-${item.id}" class="bc-item__title">${title}</h3>`}
      <p class="bc-item__base">Base : ${item.populationLabel}${item.small ? html` · ${smallBaseNote}` : ''}</p>
      ${svg ? chartFigure(svg, item.label) : ''}
    </div>
    ${item.tables.map((t) => figuresTable(t))}
  </section>`;
}
