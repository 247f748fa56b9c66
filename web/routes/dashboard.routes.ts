/**
 * Dashboards (/tableaux-de-bord) and the état des lieux (/etat-des-lieux/:annee):
 * filters as query parameters so that a view is a shareable link; charts as
 * server-rendered SVG with tables giving n/N; small bases flagged; each chart
 * as SVG and the data as CSV or XLSX.
 */
import type { FastifyPluginAsync } from 'fastify';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { REPORT_SECTIONS, SMALL_BASE, SPLIT_VARIABLES, type Indicator, type IndicatorResult } from '../../analytics/index.ts';
import { forbidden } from '../../server/errors.ts';
import { listCampaigns } from '../../server/repositories/campaign.repository.ts';
import { listClsm } from '../../server/repositories/clsm.repository.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import type { Questionnaire } from '../../survey-schema/index.ts';
import { barChartSvg } from '../charts.ts';
import { alert, formatPct, regionName } from '../components.ts';
import { pageUser, sendPage } from '../context.ts';
import { categoryLabel, dashboardData, dashboardQueryString, groupLabel, readDashboardQuery, SPLIT_LABELS, type DashboardParams, type DashboardQuery } from '../dashboard.ts';
import { attrs, html, raw, type SafeHtml } from '../html.ts';
import { parseAnnee } from './bilan.routes.ts';

function requireDashboards(user: AuthUser): AuthUser {
  if (user.role === 'coordinateur') throw forbidden('Les tableaux de bord sont réservés aux ARS, au CCOMS et à l’administration.');
  return user;
}

function chartFor(q: Questionnaire, indicator: Indicator, results: IndicatorResult[]): string {
  const stats = indicator.kind === 'stats';
  const bars = results.map((r) => ({
    label: categoryLabel(q, indicator, r.category),
    group: Object.keys(r.group).length ? groupLabel(r.group) : undefined,
    value: stats ? (r.value ?? null) : r.pct,
    note: stats ? undefined : `(${r.n ?? '—'}/${r.N})`,
  }));
  return barChartSvg(indicator.label, bars, { unit: stats ? '' : ' %', id: `g-${indicator.id}` });
}

function resultTable(q: Questionnaire, indicator: Indicator, results: IndicatorResult[], split: boolean): SafeHtml {
  const stats = indicator.kind === 'stats';
  return html`<div class="fr-table fr-table--sm bc-table-wrap"><table>
    <caption class="fr-sr-only">${indicator.label} : données</caption>
    <thead><tr>${split ? html`<th scope="col">Groupe</th>` : ''}<th scope="col">${stats ? 'Statistique' : 'Réponse'}</th><th scope="col">${stats ? 'Valeur' : 'n'}</th><th scope="col">N</th>${stats ? '' : html`<th scope="col">%</th>`}</tr></thead>
    <tbody>${results.map(
      (r) => html`<tr>${split ? html`<td>${groupLabel(r.group)}</td>` : ''}<th scope="row">${categoryLabel(q, indicator, r.category)}</th>
        <td>${stats ? (r.value === null || r.value === undefined ? '—' : new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(r.value)) : r.masked ? 'masqué' : (r.n ?? '—')}</td>
        <td>${r.N}${r.small ? html` <span class="bc-small-base" title="Base inférieure à ${SMALL_BASE}">*</span>` : ''}</td>
        ${stats ? '' : html`<td>${r.pct === null ? '—' : formatPct(r.pct)}</td>`}</tr>`,
    )}</tbody>
  </table></div>`;
}

function indicatorBlock(q: Questionnaire, indicator: Indicator, results: IndicatorResult[], p: DashboardParams): SafeHtml {
  const small = results.some((r) => r.small);
  return html`<article class="bc-card" id="ind-${indicator.id}" data-indicator="${indicator.id}">
    <h3 class="fr-h6">${indicator.label}</h3>
    <p class="fr-text--sm">Base : ${indicator.populationLabel}${small ? html` · <span class="bc-small-base">base inférieure à ${SMALL_BASE} bilans : à interpréter avec prudence</span>` : ''}</p>
    <div class="bc-chart">${raw(chartFor(q, indicator, results))}</div>
    <details><summary>Tableau des données (n/N)</summary>${resultTable(q, indicator, results, Boolean(p.split))}</details>
    <p class="fr-text--sm bc-no-print"><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/graphiques/${indicator.id}.svg${dashboardQueryString(p)}" download>Télécharger le graphique (SVG)<span class="fr-sr-only"> : ${indicator.label}</span></a></p>
  </article>`;
}

function reportBody(q: Questionnaire, catalogue: Indicator[], results: IndicatorResult[], p: DashboardParams): SafeHtml {
  const byId = new Map<string, IndicatorResult[]>();
  for (const r of results) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return html`${REPORT_SECTIONS.map((section) => {
    const indicators = catalogue.filter((i) => i.section === section.id && byId.has(i.id));
    if (indicators.length === 0) return '';
    return html`<section class="fr-mt-5w" aria-labelledby="sec-${section.id}">
      <h2 id="sec-${section.id}">${section.title}</h2>
      ${indicators.map((i) => indicatorBlock(q, i, byId.get(i.id)!, p))}
    </section>`;
  })}`;
}

function toCsv(q: Questionnaire, catalogue: Indicator[], results: IndicatorResult[]): string {
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  return stringify(
    results.map((r) => {
      const i = byId.get(r.id)!;
      return [r.id, i.label, i.populationLabel, groupLabel(r.group), r.category, categoryLabel(q, i, r.category), r.n ?? '', r.N, r.pct ?? '', r.value ?? '', r.small ? 'oui' : 'non'];
    }),
    { header: true, columns: ['indicateur', 'libelle', 'base', 'groupe', 'categorie', 'libelle_categorie', 'n', 'N', 'pct', 'valeur', 'petite_base'] },
  );
}

export const dashboardRoutes: FastifyPluginAsync = async (app) => {
  async function filterOptions(user: AuthUser) {
    const clsms = await listClsm(app.db, user);
    return {
      campaigns: await listCampaigns(app.db),
      regions: [...new Set(clsms.map((c) => c.region))].sort((a, b) => a.localeCompare(b, 'fr')),
      departements: [...new Set(clsms.map((c) => c.departement))].sort(),
    };
  }

  app.get<{ Querystring: DashboardQuery }>('/tableaux-de-bord', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const p = readDashboardQuery(request.query);
    const { campaigns, regions, departements } = await filterOptions(user);
    const data = await dashboardData(app.db, user, p);
    const scope = user.role === 'ars' ? ` (votre périmètre : ${regionName(user.region)}${user.departement ? `, ${user.departement}` : ''})` : '';
    return sendPage(request, reply, {
      title: 'Tableaux de bord',
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: 'Tableaux de bord' }],
      body: html`<h1>Tableaux de bord</h1>
        <p>Indicateurs calculés sur les bilans envoyés ou validés${user.role === 'ccoms' ? ' des CLSM ayant accepté le partage avec le CCOMS' : ''}${scope}. Chaque pourcentage est donné avec son effectif n et sa base N.</p>
        <form method="get" action="/tableaux-de-bord" class="bc-filters fr-mb-3w">
          <div class="fr-select-group"><label class="fr-label" for="d-annee">Année</label>
            <select class="fr-select" id="d-annee" name="annee"><option value="">Toutes</option>${campaigns.map((c) => html`<option value="${c.annee}"${attrs({ selected: c.annee === p.annee })}>${c.annee}</option>`)}</select></div>
          <div class="fr-select-group"><label class="fr-label" for="d-region">Région</label>
            <select class="fr-select" id="d-region" name="region"><option value="">Toutes</option>${regions.map((r) => html`<option value="${r}"${attrs({ selected: r === p.region })}>${regionName(r)}</option>`)}</select></div>
          <div class="fr-select-group"><label class="fr-label" for="d-departement">Département</label>
            <select class="fr-select" id="d-departement" name="departement"><option value="">Tous</option>${departements.map((d) => html`<option value="${d}"${attrs({ selected: d === p.departement })}>${d}</option>`)}</select></div>
          <div class="fr-select-group"><label class="fr-label" for="d-split">Comparer selon</label>
            <select class="fr-select" id="d-split" name="split"><option value="">Pas de comparaison</option>${SPLIT_VARIABLES.map((s) => html`<option value="${s}"${attrs({ selected: s === p.split })}>${SPLIT_LABELS[s]}</option>`)}</select></div>
          <button type="submit" class="fr-btn">Afficher</button>
        </form>
        <p><strong>${data.count}</strong> bilan${data.count > 1 ? 's' : ''} dans la sélection.
          <a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/donnees.csv${dashboardQueryString(p)}">Données (CSV)</a>
          <a class="fr-link fr-icon-download-line fr-link--icon-left fr-ml-2w" href="/tableaux-de-bord/donnees.xlsx${dashboardQueryString(p)}">Données (XLSX)</a></p>
        ${data.count === 0 ? alert('info', 'Aucun bilan envoyé dans cette sélection', html`<p>Modifiez les filtres, ou attendez les premiers envois de la campagne.</p>`) : reportBody(data.questionnaire, data.catalogue, data.results, p)}`,
    });
  });

  app.get<{ Querystring: DashboardQuery }>('/tableaux-de-bord/donnees.csv', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const data = await dashboardData(app.db, user, readDashboardQuery(request.query));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="indicateurs.csv"').send('\uFEFF' + toCsv(data.questionnaire, data.catalogue, data.results));
  });

  app.get<{ Querystring: DashboardQuery }>('/tableaux-de-bord/donnees.xlsx', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const data = await dashboardData(app.db, user, readDashboardQuery(request.query));
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Indicateurs');
    sheet.columns = ['indicateur', 'libelle', 'base', 'groupe', 'categorie', 'libelle_categorie', 'n', 'N', 'pct', 'valeur', 'petite_base'].map((header) => ({ header, key: header, width: header === 'libelle' ? 60 : 16 }));
    const byId = new Map(data.catalogue.map((i) => [i.id, i]));
    for (const r of data.results) {
      const i = byId.get(r.id)!;
      sheet.addRow([r.id, i.label, i.populationLabel, groupLabel(r.group), r.category, categoryLabel(data.questionnaire, i, r.category), r.n, r.N, r.pct, r.value ?? null, r.small ? 'oui' : 'non']);
    }
    const buffer = await book.xlsx.writeBuffer();
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="indicateurs.xlsx"')
      .send(Buffer.from(buffer));
  });

  app.get<{ Params: { id: string }; Querystring: DashboardQuery }>('/tableaux-de-bord/graphiques/:id.svg', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const data = await dashboardData(app.db, user, readDashboardQuery(request.query), request.params.id);
    const indicator = data.catalogue[0];
    if (!indicator) return reply.code(404).type('text/plain; charset=utf-8').send(`Indicateur inconnu : ${request.params.id}`);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${indicator.id}.svg"`)
      .send(chartFor(data.questionnaire, indicator, data.results));
  });

  app.get('/etat-des-lieux', async (request, reply) => {
    requireDashboards(pageUser(request));
    const campaigns = await listCampaigns(app.db);
    return reply.redirect(`/etat-des-lieux/${campaigns.find((c) => c.statut === 'fermee')?.annee ?? campaigns[0]?.annee ?? new Date().getFullYear()}`);
  });

  app.get<{ Params: { annee: string }; Querystring: DashboardQuery }>('/etat-des-lieux/:annee', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const annee = parseAnnee(request.params.annee);
    const p: DashboardParams = { annee, region: request.query.region?.trim() || undefined };
    const data = await dashboardData(app.db, user, p);
    const campaigns = await listCampaigns(app.db);
    return sendPage(request, reply, {
      title: `État des lieux ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: `État des lieux ${annee}` }],
      body: html`<h1>État des lieux ${annee} des conseils locaux de santé mentale</h1>
        <p class="fr-text--lead">${data.count} bilan${data.count > 1 ? 's' : ''} envoyé${data.count > 1 ? 's' : ''} ou validé${data.count > 1 ? 's' : ''}${user.role === 'ccoms' ? ' de CLSM ayant accepté le partage avec le CCOMS' : ''}${p.region ? `, ${regionName(p.region)}` : ''}. Chaque pourcentage est donné avec sa base.</p>
        <ul class="fr-btns-group fr-btns-group--inline-md bc-no-print">
          <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button></li>
          <li><a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href="/tableaux-de-bord/donnees.csv${dashboardQueryString(p)}">Tous les indicateurs (CSV)</a></li>
        </ul>
        <nav class="fr-mb-3w bc-no-print" aria-label="Autres années"><p>Autres années : ${campaigns.map((c) => html`<a class="fr-link fr-mr-2w" href="/etat-des-lieux/${c.annee}"${attrs({ 'aria-current': c.annee === annee ? 'page' : undefined })}>${c.annee}</a>`)}</p></nav>
        ${data.count === 0 ? alert('info', `Aucun bilan envoyé pour ${annee}`, html`<p>L’état des lieux sera disponible après les premiers envois.</p>`) : reportBody(data.questionnaire, data.catalogue, data.results, p)}`,
      formScript: true,
    });
  });
};
