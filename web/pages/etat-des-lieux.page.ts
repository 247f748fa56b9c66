/**
 * The état des lieux of a year: the report's data (analytics/report.ts)
 * rendered as a page of the site, and as a standalone document (the CLI's
 * `report` command writes it to a file).
 */
import { SMALL_BASE, type Report } from '../../analytics/index.ts';
import type { Campagne } from '../../server/services/index.ts';
import { alert, regionName } from '../components.ts';
import { attrs, escapeHtml, html, type SafeHtml } from '../html.ts';
import { indicatorItem } from './indicators.ts';

function reportBody(report: Report, svgs: Map<string, string>): SafeHtml {
  const nav = [...report.sections.map((s) => ({ id: s.id, title: s.title })), { id: 'effet-2016', title: `Effet ${report.periodeBoundary}` }];
  return html`<nav class="bc-no-print" aria-label="Sommaire"><ol>${nav.map((n) => html`<li><a href="#${n.id}">${n.title}</a></li>`)}</ol></nav>
    ${report.sections.map(
      (s) => html`<section id="${s.id}" class="fr-mt-5w"><h2>${s.title}</h2>${s.items.map((item) => indicatorItem(item, { svg: svgs.get(item.id) ?? '' }, { tablesOpen: true }))}</section>`,
    )}
    <section id="effet-2016" class="fr-mt-5w"><h2>${report.effet.title}</h2>
      <p>Les CLSM sans année de création ne figurent dans aucun des deux groupes. Les petits effectifs ne permettent pas de conclure à une différence.</p>
      ${report.effet.items.map((item) => indicatorItem(item, { svg: svgs.get(`effet:${item.id}`) ?? '' }, { tablesOpen: true }))}
    </section>`;
}

function lead(report: Report): string {
  return `${report.bilans} bilan${report.bilans > 1 ? 's' : ''} envoyé${report.bilans > 1 ? 's' : ''} ou validé${report.bilans > 1 ? 's' : ''}${report.consentedOnly ? ' de CLSM ayant accepté le partage avec le CCOMS' : ''}. Chaque part est donnée avec son effectif n et sa base N ; les bases inférieures à ${SMALL_BASE} sont signalées.`;
}

export function etatDesLieuxPage(data: { report: Report; svgs: Map<string, string>; campagnes: Campagne[]; csvHref: string }): SafeHtml {
  const { report } = data;
  return html`<h1>État des lieux ${report.annee} des conseils locaux de santé mentale${report.region ? ` — ${regionName(report.region)}` : ''}</h1>
    <p class="fr-text--lead">${lead(report)}</p>
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left bc-no-print">
      <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button></li>
      <li><a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href="${data.csvHref}">Tous les indicateurs (CSV)</a></li>
    </ul>
    <nav class="fr-mb-3w bc-no-print" aria-label="Autres années"><p>Autres années : ${data.campagnes.map((c) => html`<a class="fr-link fr-mr-2w" href="/etat-des-lieux/${c.annee}"${attrs({ 'aria-current': c.annee === report.annee ? 'page' : undefined })}>${c.annee}</a>`)}</p></nav>
    ${report.bilans === 0 ? alert('info', `Aucun bilan envoyé pour ${report.annee}`, html`<p>L’état des lieux sera disponible après les premiers envois.</p>`) : html`<div class="bc-report">${reportBody(report, data.svgs)}</div>`}`;
}

const DOCUMENT_STYLE = `body { font-family: Marianne, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #161616; line-height: 1.5; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #000091; }
figure { margin: 1.5rem 0 0.5rem; overflow-x: auto; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; } td { text-align: right; }
.bc-small-base { color: #b34000; font-size: 0.8rem; } details > summary { display: none; }`;

/** The same report as a standalone HTML document (no site frame), for a file. */
export function etatDesLieuxDocument(report: Report, svgs: Map<string, string>, options: { generatedAt?: string } = {}): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${DOCUMENT_STYLE}</style></head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p>${escapeHtml(lead(report))}${options.generatedAt ? ` Généré le ${escapeHtml(options.generatedAt)}.` : ''}</p></header>
<main>${reportBody(report, svgs)}</main>
</body>
</html>
`;
}
