/**
 * The état des lieux of a year as a document: a cover, a summary of key
 * figures, the chapters in the order of the CCOMS 2018 document (numbered
 * figures, each with its n/N table), the "effet 2016", and a methodology
 * (who answered, population and base of each figure, consent, masking,
 * questionnaire versions). One body for three uses: the site page (with a
 * toolbar), the standalone document the CLI writes, and the PDF Chromium
 * prints from that same document (A4, running title, page numbers). Also the
 * comparison of two years.
 */
import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PUBLIC_MIN_CELL, SMALL_BASE, type Comparison, type Report, type ReportItem } from '../../analytics/index.ts';
import { alert, filterSelect, formatDateTime, regionName } from '../components.ts';
import { attrs, escapeHtml, html, raw, type SafeHtml } from '../html.ts';
import { chartFigure, indicatorItem, simpleTable, smallBaseMark, smallBaseNote } from './indicators.ts';

function lead(report: Report): string {
  const s = report.bilans > 1 ? 's' : '';
  return `${report.bilans} bilan${s} d’activités ${report.annee} envoyé${s} ou validé${s}${report.consentedOnly ? ' de CLSM ayant accepté le partage avec le CCOMS' : ''}. Chaque part est donnée avec son effectif n et sa base N ; les bases inférieures à ${SMALL_BASE} bilans sont signalées par un astérisque.`;
}

const where = (region: string | null) => (region ? regionName(region) : 'France');

/** The figures of the report, numbered in reading order. */
function numbering(report: Report): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of report.sections.flatMap((s) => s.items)) out.set(item.id, out.size + 1);
  for (const item of report.effet.items) out.set(`effet:${item.id}`, out.size + 1);
  return out;
}

function baseText(item: ReportItem): string {
  if (!item.base) return '–';
  return item.base.min === item.base.max ? String(item.base.min) : `${item.base.min} à ${item.base.max}`;
}

/** The document itself (cover to methodology), the same on the site, in the file and in the PDF (which keep what they write). */
export function reportDocument(report: Report, svgs: Map<string, string>, options: { generatedAt?: string } = {}): SafeHtml {
  return raw(documentParts(report, svgs, options).map((part) => part().value).join(''));
}

/**
 * The same document, written a chapter at a time, the event loop free
 * between chapters: a national document (1.3 MB with its hundred charts)
 * written at once held every autosave behind it for 15 to 40 ms
 * (bench:rush profile). The site page writes it so.
 */
export async function writeReportDocument(report: Report, svgs: Map<string, string>, options: { generatedAt?: string } = {}): Promise<SafeHtml> {
  const out: string[] = [];
  for (const part of documentParts(report, svgs, options)) {
    out.push(part().value);
    await setImmediate();
  }
  return raw(out.join(''));
}

/** The document in the order it is read, as parts written one at a time: the cover to the summary, each chapter, the "effet 2016", the methodology. */
function documentParts(report: Report, svgs: Map<string, string>, options: { generatedAt?: string }): Array<() => SafeHtml> {
  const numbers = numbering(report);
  const chapters = [...report.sections.map((s) => ({ id: s.id, title: s.title })), { id: 'effet-2016', title: `L’« effet ${report.periodeBoundary} »` }];
  const m = report.methodology;
  const cover = () => html`<article class="bc-document">
    <header class="bc-cover">
      <p class="bc-cover__kicker">Conseils locaux de santé mentale · bilans d’activités</p>
      <h1 class="bc-cover__title">État des lieux des conseils locaux de santé mentale</h1>
      <p class="bc-cover__year">Année ${report.annee} — ${where(report.region)}</p>
      <p class="bc-cover__lead">${lead(report)}</p>
      ${options.generatedAt ? html`<p class="bc-cover__date">Édition du ${options.generatedAt}</p>` : ''}
    </header>

    <nav class="bc-toc" aria-labelledby="sommaire-edl">
      <h2 id="sommaire-edl">Sommaire</h2>
      <ol>
        <li><a href="#synthese">Synthèse : les chiffres clés</a></li>
        ${chapters.map((c) => html`<li><a href="#${c.id}">${c.title}</a></li>`)}
        <li><a href="#methodologie">Méthodologie</a></li>
      </ol>
    </nav>

    <section id="synthese" class="bc-chapter" aria-labelledby="synthese-titre">
      <h2 id="synthese-titre">Synthèse : les chiffres clés</h2>
      <p>La participation des personnes concernées et la vie des instances, ${report.annee}, ${where(report.region)}.</p>
      <div class="bc-summary">${report.summary.map(
        (s) => html`<div class="bc-summary__figure"><p class="bc-summary__value">${s.text}</p><p class="bc-summary__label">${s.figure.label}</p><p class="bc-summary__base">${s.base}</p></div>`,
      )}</div>
    </section>
    `;
  const chapter = (s: Report['sections'][number]) => () =>
    html`<section id="${s.id}" class="bc-chapter" aria-labelledby="titre-${s.id}">
        <h2 id="titre-${s.id}">${s.title}</h2>
        ${s.items.map((item) => indicatorItem(item, svgs.get(item.id) ?? '', { number: numbers.get(item.id)! }))}
      </section>
    `;
  const effet = () => html`<section id="effet-2016" class="bc-chapter" aria-labelledby="titre-effet">
      <h2 id="titre-effet">${report.effet.title}</h2>
      <p>Les CLSM sans année de création ne figurent dans aucun des deux groupes. Les petits effectifs ne permettent pas de conclure à une différence.</p>
      ${report.effet.items.map((item) => indicatorItem({ ...item, id: `effet-${item.id}` }, svgs.get(`effet:${item.id}`) ?? '', { number: numbers.get(`effet:${item.id}`)! }))}
    </section>

    `;
  const methodology = () => html`<section id="methodologie" class="bc-chapter" aria-labelledby="titre-methodologie">
      <h2 id="titre-methodologie">Méthodologie</h2>
      <h3>Qui a répondu</h3>
      <p>${lead(report)} Un bilan est compté dès qu’il est envoyé (soumis) ou validé par l’ARS ; les brouillons et les bilans renvoyés pour correction n’y sont pas.</p>
      ${m.byPlace.length > 1 ? simpleTable(`Bilans par ${m.placeLabel.toLowerCase()}`, [m.placeLabel, 'Bilans'], m.byPlace.map((p) => [p.label, String(p.bilans)])) : ''}
      <h3>Population et base de chaque figure</h3>
      <p>Chaque figure dit sur quelle population elle porte (par exemple « CLSM ayant un comité de pilotage ») : sa base N compte les bilans de cette population. Selon l’indicateur, un bilan sans réponse est exclu de la base, ou y reste compté « Sans réponse ». Les réponses multiples donnent la part des répondant·es citant chaque réponse : leur total dépasse 100 %. Les parts sont calculées exactement et arrondies à l’affichage.</p>
      ${simpleTable(
        'Population, base et traitement des non-réponses de chaque figure',
        ['Figure', 'Population', 'Base N', 'Non-réponses'],
        [...report.sections.flatMap((s) => s.items.map((i) => ({ i, n: numbers.get(i.id)! }))), ...report.effet.items.map((i) => ({ i, n: numbers.get(`effet:${i.id}`)! }))].map(({ i, n }) => [
          `${n}. ${i.label}`,
          i.populationLabel,
          baseText(i),
          i.definition.missing,
        ]),
        { numeric: false },
      )}
      <h3>Consentement</h3>
      <p>${report.consentedOnly
        ? 'Ce document ne compte que les bilans des CLSM ayant accepté de partager leur bilan avec le CCOMS.'
        : 'Ce document compte tous les bilans envoyés ou validés du périmètre, que le CLSM ait ou non accepté le partage avec le CCOMS ; l’état des lieux national du CCOMS et les données ouvertes ne comptent que les bilans partagés.'}</p>
      <h3>Petits effectifs et secret statistique</h3>
      <p>Une base inférieure à ${m.smallBase} bilans est signalée (*) : la part qu’elle donne varie beaucoup d’un bilan à l’autre. Ce document ne donne que des agrégats ; les données ouvertes masquent en plus toute case de 1 à ${m.publicMinCell - 1} bilans, avec au moins une case complémentaire, pour qu’aucune valeur masquée ne se déduise par soustraction, et toute région de moins de ${PUBLIC_MIN_CELL} bilans.</p>
      <h3>Questionnaire</h3>
      <p>Bilans recueillis avec ${m.versions.length > 1 ? 'les versions' : 'la version'} ${m.versions.join(', ')} du questionnaire du bilan d’activités. Les réponses des questionnaires antérieurs (CCOMS 2018, ARS Île-de-France 2016-2017, Céapsy 2021) sont lues dans les variables de cette version ; une évolution d’une campagne à l’autre se lit à questionnaire égal.</p>
    </section>
  </article>`;
  return [cover, ...report.sections.map(chapter), effet, methodology];
}

/** A CSS string literal (for the running title of the printed pages). */
const cssString = (s: string) => `"${s.replace(/["\\\n<>&]/g, (c) => (c === '\n' ? ' ' : `\\${c.charCodeAt(0).toString(16)} `))}"`;

/** The @page rules of a document: A4, running title, page numbers (Chromium draws margin boxes). */
function pageRules(title: string): string {
  return `@page { size: A4; margin: 18mm 16mm 20mm;
  @top-left { content: ${cssString(title)}; font: 8.5pt Marianne, arial, sans-serif; color: #666; }
  @bottom-right { content: "Page " counter(page) " sur " counter(pages); font: 8.5pt Marianne, arial, sans-serif; color: #666; }
}
@page :first { @top-left { content: none; } @bottom-right { content: none; } }`;
}

export interface EtatDesLieuxPageData {
  report: Report;
  svgs: Map<string, string>;
  /** Years with bilans in the reader's scope. */
  years: number[];
  csvHref: string;
  /** The PDF's address when this server renders PDF. */
  pdfHref: string | null;
}

/** The site page last written per report computation, with its toolbar and date (the same object each view: sendPage encodes it once; a warm page costs a lookup, not 1 MB of templating). */
const pages = new WeakMap<Report, { key: string; page: Promise<SafeHtml> }>();

/** The site page: a toolbar (not printed), then the document (written a chapter at a time). */
export function etatDesLieuxPage(data: EtatDesLieuxPageData): Promise<SafeHtml> {
  const generatedAt = editionDate();
  const key = JSON.stringify([data.years, data.csvHref, data.pdfHref, generatedAt]);
  let written = pages.get(data.report);
  if (written?.key !== key) {
    const document = data.report.bilans > 0 ? writeReportDocument(data.report, data.svgs, { generatedAt }) : Promise.resolve(null);
    const page = document.then((doc) => writePage(data, doc));
    pages.set(data.report, (written = { key, page }));
    // A page that failed is written again at the next view.
    page.catch(() => pages.get(data.report)?.page === page && pages.delete(data.report));
  }
  return written.page;
}

/** The edition date printed on the document: today. */
const editionDate = () => formatDateTime(new Date().toISOString()).replace(/ à .*$/, '');

function writePage(data: EtatDesLieuxPageData, document: SafeHtml | null): SafeHtml {
  const { report } = data;
  const others = data.years.filter((y) => y !== report.annee);
  return html`<style>${raw(pageRules(report.title))}</style>
    <div class="bc-no-print bc-toolbar">
      <p class="fr-mb-1w"><strong>État des lieux ${report.annee} — ${where(report.region)}</strong> : ${report.bilans} bilan${report.bilans > 1 ? 's' : ''}.</p>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        ${data.pdfHref
          ? html`<li><a class="fr-btn fr-icon-file-pdf-line fr-btn--icon-left" href="${data.pdfHref}" download>Télécharger le PDF</a></li>`
          : html`<li><button type="button" class="fr-btn fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button></li>`}
        <li><a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href="${data.csvHref}">Tous les indicateurs (CSV)</a></li>
      </ul>
      ${others.length
        ? html`<nav aria-label="Autres années"><p>Autres années : ${data.years.map((y) => html`<a class="fr-link fr-mr-2w" href="/etat-des-lieux/${y}${report.region ? `?region=${report.region}` : ''}"${attrs({ 'aria-current': y === report.annee ? 'page' : undefined })}>${y}</a>`)}</p></nav>
          <form method="get" action="/etat-des-lieux/comparaison" class="bc-filters fr-mb-2w">
            ${filterSelect('c-de', 'de', 'Comparer l’année', data.years.map((y) => ({ value: y, label: String(y) })), others[others.length - 1])}
            ${filterSelect('c-a', 'a', 'à l’année', data.years.map((y) => ({ value: y, label: String(y) })), report.annee)}
            ${report.region ? html`<input type="hidden" name="region" value="${report.region}">` : ''}
            <button type="submit" class="fr-btn fr-btn--secondary">Comparer</button>
          </form>`
        : ''}
    </div>
    ${document ?? alert('info', `Aucun bilan envoyé pour ${report.annee}`, html`<p>L’état des lieux sera disponible après les premiers envois.</p>`)}`;
}

const here = dirname(new URL(import.meta.url).pathname);
let documentCss: string | undefined;

/**
 * The stylesheet of a standalone document: the DSFR's core and tables, our
 * document rules, and Marianne (regular and bold) embedded, so that the file
 * and the PDF need nothing from the network.
 */
function standaloneCss(): string {
  if (documentCss) return documentCss;
  const dist = join(dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json')), 'dist');
  const font = (file: string) => readFileSync(join(dist, 'fonts', file)).toString('base64');
  const fonts = [
    [400, 'normal', 'Marianne-Regular.woff2'],
    [700, 'normal', 'Marianne-Bold.woff2'],
    [400, 'italic', 'Marianne-Regular_Italic.woff2'],
  ]
    .map(([weight, style, file]) => `@font-face{font-family:Marianne;font-style:${style};font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${font(file as string)}) format("woff2")}`)
    .join('\n');
  // The DSFR's own @font-face rules and icons point to files: fonts are ours, icons go.
  const dsfr = ['core/core.main.min.css', 'component/table/table.main.min.css']
    .map((f) => readFileSync(join(dist, f), 'utf8').replace(/@font-face\{[^}]*\}/g, '').replace(/url\((?!data:)[^)]*\)/g, 'none'))
    .join('\n');
  documentCss = `${fonts}\n${dsfr}\n${readFileSync(join(here, '..', 'public', 'document.css'), 'utf8')}`;
  return documentCss;
}

/** The same report as a standalone HTML document (no site frame), for a file and for the PDF. */
export function etatDesLieuxDocument(report: Report, svgs: Map<string, string>, options: { generatedAt?: string } = {}): string {
  return `<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${standaloneCss()}
${pageRules(report.title)}
body { max-width: 56rem; margin: 0 auto; padding: 1rem 1.5rem; }
@media print { body { max-width: none; padding: 0; } }</style></head>
<body>
<main>${reportDocument(report, svgs, options).value}</main>
</body>
</html>
`;
}

/** Two years side by side: the key figures' dot plot, then every figure with its change. */
export function comparisonPage(data: { comparison: Comparison; svg: string; years: number[] }): SafeHtml {
  const c = data.comparison;
  const cellOf = (x: { text: string; small: boolean } | null) => (x ? html`${x.text}${x.small ? html` ${smallBaseMark}` : ''}` : '–');
  return html`<style>${raw(pageRules(c.title))}</style>
    <div class="bc-no-print bc-toolbar">
      <form method="get" action="/etat-des-lieux/comparaison" class="bc-filters fr-mb-2w">
        ${filterSelect('c-de', 'de', 'Comparer l’année', data.years.map((y) => ({ value: y, label: String(y) })), c.from)}
        ${filterSelect('c-a', 'a', 'à l’année', data.years.map((y) => ({ value: y, label: String(y) })), c.to)}
        ${c.region ? html`<input type="hidden" name="region" value="${c.region}">` : ''}
        <button type="submit" class="fr-btn fr-btn--secondary">Comparer</button>
        <button type="button" class="fr-btn fr-btn--tertiary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button>
      </form>
    </div>
    <article class="bc-document">
      <header class="bc-cover bc-cover--short">
        <p class="bc-cover__kicker">Conseils locaux de santé mentale · édition comparée</p>
        <h1 class="bc-cover__title">État des lieux : ${c.from} et ${c.to} comparés</h1>
        <p class="bc-cover__year">${where(c.region)}</p>
        <p class="bc-cover__lead">${c.bilans.from} bilans en ${c.from}, ${c.bilans.to} en ${c.to}${c.consentedOnly ? ', de CLSM ayant accepté le partage avec le CCOMS' : ''}. L’écart d’une part est donné en points de pourcentage (pts) ; celui d’une médiane, dans son unité. ${smallBaseNote}.</p>
      </header>
      <section class="bc-chapter" id="synthese" aria-labelledby="cmp-synthese">
        <h2 id="cmp-synthese">Les chiffres clés</h2>
        ${data.svg ? chartFigure(data.svg, `Chiffres clés ${c.from} et ${c.to}`) : ''}
        ${simpleTable(
          `Chiffres clés, ${c.from} et ${c.to}`,
          ['Indicateur', String(c.from), String(c.to), 'Écart'],
          c.summary.map((s) => [s.figure.label, s.from ? `${s.from.text} (${s.from.base})` : '–', s.to ? `${s.to.text} (${s.to.base})` : '–', s.change]),
        )}
      </section>
      ${c.sections.map(
        (s) => html`<section class="bc-chapter" id="cmp-${s.id}" aria-labelledby="cmp-titre-${s.id}">
          <h2 id="cmp-titre-${s.id}">${s.title}</h2>
          ${simpleTable(
            `${s.title} : ${c.from} et ${c.to}`,
            ['Indicateur — réponse', `${c.from} : part (n/N)`, `${c.to} : part (n/N)`, 'Écart'],
            s.lines.map((l) => [`${l.label} — ${l.category}`, cellOf(l.from), cellOf(l.to), l.change]),
          )}
        </section>`,
      )}
    </article>`;
}
