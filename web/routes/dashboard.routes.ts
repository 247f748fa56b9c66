import type { FastifyPluginAsync } from 'fastify';
import ExcelJS from 'exceljs';
import { buildReport, categoryLabel, REPORT_SECTIONS, flatRowsFromBilans, groupLabel, indicatorsCsv, SMALL_BASE, SPLIT_LABELS, SPLIT_VARIABLES, type Indicator, type IndicatorResult, type StoredBilan } from '../../analytics/index.ts';
import { forbidden } from '../../server/errors.ts';
import { iterateBilans } from '../../server/repositories/bilan.repository.ts';
import { listCampaigns } from '../../server/repositories/campaign.repository.ts';
import { listClsm } from '../../server/repositories/clsm.repository.ts';
import type { AuthUser } from '../../server/domain/access.ts';
import { getQuestionnaire, type Questionnaire } from '../../survey-schema/index.ts';
import { alert, formatPct, regionName } from '../components.ts';
import { pageUser, sendPage } from '../context.ts';
import { cachedDashboardData, stamped, dashboardQueryString, isFamily, itemIndicators, itemSvg, readDashboardQuery, type DashboardData, type DashboardItem, type DashboardParams, type DashboardQuery } from '../dashboard.ts';
import { attrs, html, raw, type SafeHtml } from '../html.ts';
import { parseAnnee } from './bilan.routes.ts';

function requireDashboards(user: AuthUser): AuthUser {
  if (user.role === 'coordinateur') throw forbidden('Les tableaux de bord sont réservés aux ARS, au CCOMS et à l’administration.');
  return user;
}

const number = (x: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(x);

function resultTable(q: Questionnaire, indicator: Indicator, results: IndicatorResult[], split: boolean, rowLabel?: string): SafeHtml {
  const stats = indicator.kind === 'stats';
  return html`<div class="fr-table fr-table--sm bc-table-wrap"><table>
    <caption>${rowLabel ?? indicator.label}</caption>
    <thead><tr>${split ? html`<th scope="col">Groupe</th>` : ''}<th scope="col">${stats ? 'Statistique' : 'Réponse'}</th><th scope="col">${stats ? 'Valeur' : 'n'}</th><th scope="col">N</th>${stats ? '' : html`<th scope="col">%</th>`}</tr></thead>
    <tbody>${results.map(
      (r) => html`<tr>${split ? html`<td>${groupLabel(r.group)}</td>` : ''}<th scope="row">${categoryLabel(q, indicator, r.category)}</th>
        <td>${stats ? (r.value === null || r.value === undefined ? '—' : number(r.value)) : r.masked ? 'masqué' : (r.n ?? '—')}</td>
        <td>${r.N}${r.small ? html` <span class="bc-small-base" title="Base inférieure à ${SMALL_BASE}">*</span>` : ''}</td>
        ${stats ? '' : html`<td>${r.pct === null ? '—' : formatPct(r.pct)}</td>`}</tr>`,
    )}</tbody>
  </table></div>`;
}

function itemBlock(data: DashboardData, item: DashboardItem, p: DashboardParams): SafeHtml {
  const q = data.questionnaire;
  const members = isFamily(item) ? item.members : [{ indicator: item, label: item.label }];
  const resultsOf = (i: Indicator) => data.results.filter((r) => r.id === i.id);
  const small = members.some((m) => resultsOf(m.indicator).some((r) => r.small));
  return html`<article class="bc-card" id="ind-${item.id}" data-indicator="${item.id}">
    <h3 class="fr-h6">${item.label}</h3>
    <p class="fr-text--sm">Base : ${item.populationLabel}${small ? html` · <span class="bc-small-base">base inférieure à ${SMALL_BASE} bilans : à interpréter avec prudence</span>` : ''}</p>
    <figure class="bc-chart"><img src="/tableaux-de-bord/graphiques/${item.id}.svg${dashboardQueryString(p)}" alt="${item.label} (les chiffres sont dans le tableau ci-dessous)" loading="lazy" decoding="async"></figure>
    <details><summary>Tableau des données (n/N)</summary>${members.map((m) => resultTable(q, m.indicator, resultsOf(m.indicator), Boolean(p.split), isFamily(item) ? m.label : undefined))}</details>
    <p class="fr-text--sm bc-no-print"><a class="fr-link fr-icon-download-line fr-link--icon-left" href="/tableaux-de-bord/graphiques/${item.id}.svg${dashboardQueryString(p)}" download>Télécharger le graphique (SVG)<span class="fr-sr-only"> : ${item.label}</span></a></p>
  </article>`;
}

function dashboardBody(data: DashboardData, p: DashboardParams): SafeHtml {
  const sections = new Map<string, DashboardItem[]>();
  for (const item of data.items) {
    const section = itemIndicators(item)[0]!.section;
    sections.set(section, [...(sections.get(section) ?? []), item]);
  }
  return html`${REPORT_SECTIONS.filter((section) => sections.has(section.id)).map(
    (section) =>
      html`<section class="fr-mt-5w" aria-labelledby="sec-${section.id}"><h2 id="sec-${section.id}">${section.title}</h2>${sections.get(section.id)!.map((item) => itemBlock(data, item, p))}</section>`,
  )}`;
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
    const data = await cachedDashboardData(app.db, user, p);
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
        ${data.count === 0 ? alert('info', 'Aucun bilan envoyé dans cette sélection', html`<p>Modifiez les filtres, ou attendez les premiers envois de la campagne.</p>`) : dashboardBody(data, p)}`,
    });
  });

  app.get<{ Querystring: DashboardQuery }>('/tableaux-de-bord/donnees.csv', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const data = await cachedDashboardData(app.db, user, readDashboardQuery(request.query));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="indicateurs.csv"').send(indicatorsCsv(data.results, data.catalogue, data.questionnaire));
  });

  app.get<{ Querystring: DashboardQuery }>('/tableaux-de-bord/donnees.xlsx', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const data = await cachedDashboardData(app.db, user, readDashboardQuery(request.query));
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Indicateurs');
    sheet.columns = ['indicateur', 'libelle', 'population', 'groupe', 'categorie', 'libelle_categorie', 'n', 'N', 'pct', 'valeur', 'base_inferieure_a_10'].map((header) => ({ header, key: header, width: header === 'libelle' ? 60 : 16 }));
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
    const data = await cachedDashboardData(app.db, user, readDashboardQuery(request.query));
    const item = data.items.find((i) => i.id === request.params.id) ?? data.catalogue.find((i) => i.id === request.params.id);
    if (!item) return reply.code(404).type('text/plain; charset=utf-8').send(`Indicateur inconnu ou sans données : ${request.params.id}`);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${item.id}.svg"`)
      .send(await itemSvg(data, item));
  });

  app.get('/etat-des-lieux', async (request, reply) => {
    requireDashboards(pageUser(request));
    const campaigns = await listCampaigns(app.db);
    return reply.redirect(`/etat-des-lieux/${campaigns.find((c) => c.statut === 'fermee')?.annee ?? campaigns[0]?.annee ?? new Date().getFullYear()}`);
  });

  /** The état des lieux built by analytics (the same report as the CLI), inside the site's frame. */
  app.get<{ Params: { annee: string }; Querystring: DashboardQuery }>('/etat-des-lieux/:annee', async (request, reply) => {
    const user = requireDashboards(pageUser(request));
    const annee = parseAnnee(request.params.annee);
    const region = request.query.region?.trim() || undefined;
    const { count, report } = await stamped(app.db, user, ['etat-des-lieux', annee, region], async () => {
      const stored: StoredBilan[] = [];
      for await (const b of iterateBilans(app.db, user, { annee, region, statuses: ['soumis', 'valide'] })) stored.push(b);
      const built = stored.length ? await buildReport({ rows: flatRowsFromBilans(stored), questionnaire: getQuestionnaire(), annee, region, consentedOnly: user.role === 'ccoms' }) : null;
      return { count: stored.length, report: built };
    });
    const campaigns = await listCampaigns(app.db);
    // The report is analytics' own escaped HTML: its summary, then its content.
    const part = (tag: string) => (report ? (new RegExp(`<${tag}[^>]*>[\\s\\S]*?</${tag}>`).exec(report.html)?.[0] ?? '') : '');
    const p: DashboardParams = { annee, region };
    return sendPage(request, reply, {
      title: `État des lieux ${annee}`,
      breadcrumb: [{ href: '/', label: 'Accueil' }, { label: `État des lieux ${annee}` }],
      formScript: true,
      body: html`<h1>État des lieux ${annee} des conseils locaux de santé mentale${region ? ` — ${regionName(region)}` : ''}</h1>
        <p class="fr-text--lead">${count} bilan${count > 1 ? 's' : ''} envoyé${count > 1 ? 's' : ''} ou validé${count > 1 ? 's' : ''}${user.role === 'ccoms' ? ' de CLSM ayant accepté le partage avec le CCOMS' : ''}. Chaque part est donnée avec son effectif n et sa base N ; les bases inférieures à ${SMALL_BASE} sont signalées.</p>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left bc-no-print">
          <li><button type="button" class="fr-btn fr-btn--secondary fr-icon-printer-line fr-btn--icon-left" data-print>Imprimer ou enregistrer en PDF</button></li>
          <li><a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href="/tableaux-de-bord/donnees.csv${dashboardQueryString(p)}">Tous les indicateurs (CSV)</a></li>
        </ul>
        <nav class="fr-mb-3w bc-no-print" aria-label="Autres années"><p>Autres années : ${campaigns.map((c) => html`<a class="fr-link fr-mr-2w" href="/etat-des-lieux/${c.annee}"${attrs({ 'aria-current': c.annee === annee ? 'page' : undefined })}>${c.annee}</a>`)}</p></nav>
        ${report ? html`<div class="bc-report">${raw(part('nav'))}${raw(part('main').replace(/^<main>|<\/main>$/g, ''))}</div>` : alert('info', `Aucun bilan envoyé pour ${annee}`, html`<p>L’état des lieux sera disponible après les premiers envois.</p>`)}`,
    });
  });
};
