/**
 * The dashboards, the état des lieux and the open data over app.inject, on
 * the web tests' world (the demonstration bilans 2021-2024, an open 2025
 * campaign), without Chromium: the ARS lands on its latest campaign, its
 * key figures carry n/N and France beside them; the catalogue is searched
 * without JavaScript, one page per indicator with its CSV; the état des
 * lieux is a document and offers the browser's print; the open data work
 * signed out, from consented bilans only, masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { buildCatalogue, PUBLIC_MIN_CELL } from '../../analytics/index.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';
import { account, ACCOUNTS, buildWorld, CAMPAIGN, completeAnswers, type TestWorld } from '../browser/seed.ts';
import { PageClient, text } from './web.helpers.ts';

let world: TestWorld;
let ars: PageClient;

beforeAll(async () => {
  world = await buildWorld({ chromiumPath: null });
  ars = await PageClient.as(world.app, ACCOUNTS.ars);
}, 120_000);
afterAll(() => world.close());

type Row = { id: string; group: Record<string, string>; category: string; n: number | null; N: number | null; pct: number | null };
const api = async (client: PageClient, url: string) => {
  const res = await client.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n);

describe('the overview', () => {
  it('opens on the latest campaign with bilans in the ARS’s région: the campaign’s counts, key figures with n/N, France beside them', async () => {
    const page = await ars.get('/tableaux-de-bord');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Tableaux de bord — Île-de-France, campagne 2024');
    // Years are chosen, never mixed: no "all years" in the filter.
    expect(page.body).not.toMatch(/<option value="">Toutes<\/option>/);
    // The campaign's counts are the follow-up's.
    const suivi = await world.app.services.suivi.get(await account(world.app, ACCOUNTS.ars), 2024);
    expect(body).toContain(`${suivi.total.attendus} CLSM attendus`);
    expect(body).toContain(`${suivi.total.valide} Bilans validés`);
    // The share of COPIL with personnes concernées: the région's n/N and France's, from consented bilans with the public rule.
    const region = (await api(ars, '/api/indicators?annee=2024')).indicators.find((r: Row) => r.id === 'participation_usagers__copil' && r.category === 'oui');
    const france = (await api(new PageClient(world.app), '/api/public/indicators?annee=2024')).indicators.find((r: Row) => r.id === 'participation_usagers__copil' && Object.keys(r.group).length === 0);
    const card = text(/<article[^>]*id="cle-copil_personnes"[\s\S]*?<\/article>/.exec(page.body)![0]);
    expect(card).toContain(`${region.n} CLSM sur ${region.N}`);
    expect(card).toContain(france.n === null ? 'France : secret' : `France : ${fr(Math.round(france.pct * 10) / 10)}`);
    expect(card).toContain(`${france.n} CLSM sur ${france.N}`);
    // Its trend across campaigns: a chart, and its figures per year.
    expect(/<article[^>]*id="cle-copil_personnes"[\s\S]*?<\/article>/.exec(page.body)![0]).toContain('<svg');
    expect(card).toMatch(/Évolution en chiffres \(n\/N\) .*Campagne Île-de-France France 2021/);
  });

  it('moves to the new campaign as soon as a bilan of it is sent, and shows the whole nation to the CCOMS without a benchmark', async () => {
    const coordinator = await account(world.app, ACCOUNTS.coordinateurSansHistorique);
    const draft = await world.app.services.bilans.saveDraft(coordinator, 'clsm-93-sd', CAMPAIGN, { version: 0, answers: completeAnswers() });
    await world.app.services.bilans.submit(coordinator, 'clsm-93-sd', CAMPAIGN, { version: draft.version });
    expect(text((await ars.get('/tableaux-de-bord')).body)).toContain(`Île-de-France, campagne ${CAMPAIGN} 1 bilan envoyé ou validé`);
    const ccoms = await PageClient.as(world.app, ACCOUNTS.ccoms);
    const body = text((await ccoms.get('/tableaux-de-bord?annee=2024')).body);
    expect(body).toContain('Tableaux de bord — France, campagne 2024');
    expect(body).not.toContain('France :');
  });

  it('answers a French 400 to a malformed year, and 403 to a coordinator', async () => {
    expect((await ars.get('/tableaux-de-bord?annee=deux')).statusCode).toBe(400);
    expect((await ars.get('/tableaux-de-bord?annee=2024&annee=2023')).statusCode).toBe(400);
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    expect((await coord.get('/tableaux-de-bord/indicateurs')).statusCode).toBe(403);
    expect((await coord.get('/tableaux-de-bord/indicateurs/copil_existe')).statusCode).toBe(403);
  });
});

describe('the catalogue', () => {
  it('is searched without JavaScript (a GET form), by chapter, accents and case aside', async () => {
    const all = await ars.get('/tableaux-de-bord/indicateurs?annee=2024');
    const links = (body: string) => [...body.matchAll(/href="\/tableaux-de-bord\/indicateurs\/([a-z0-9_]+)\?/g)].map((m) => m[1]);
    expect(links(all.body).length).toBeGreaterThan(60);
    // Not a chart in sight: the list links to one page per indicator.
    expect(all.body).not.toContain('<svg');
    const found = await ars.get('/tableaux-de-bord/indicateurs?annee=2024&q=PRESIDENCE+pilotage');
    expect(links(found.body)).toEqual(['copil_presidence']);
    expect(text(found.body)).toContain('1 indicateur pour « PRESIDENCE pilotage »');
    const chapter = await ars.get('/tableaux-de-bord/indicateurs?annee=2024&chapitre=coordination');
    expect(links(chapter.body)).toContain('coord_formation');
    expect(links(chapter.body)).not.toContain('copil_existe');
    expect((await ars.get('/tableaux-de-bord/indicateurs?chapitre=inconnu')).statusCode).toBe(400);
  });

  it('gives each indicator a page: chart, n/N table, definition, downloads — and its CSV has the same n/N', async () => {
    const page = await ars.get('/tableaux-de-bord/indicateurs/copil_presidence?annee=2024');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Présidence du comité de pilotage');
    expect(page.body).toContain('<svg');
    expect(body).toContain('Population (base N) CLSM ayant un comité de pilotage');
    expect(body).toContain('Les bilans sans réponse sont exclus de la base.');
    expect(page.body).toContain('<code>copil_presidence</code>');
    const csvHref = /href="(\/tableaux-de-bord\/donnees\.csv\?[^"]*indicateur=copil_presidence[^"]*)"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
    const csv = await ars.get(csvHref);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(new Set(rows.map((r) => r.indicateur))).toEqual(new Set(['copil_presidence']));
    for (const r of rows) expect(page.body).toMatch(new RegExp(`${r.libelle_categorie!.replace(/[()’]/g, '.')}</th><td class="bc-num">[^<]*</td><td class="bc-num">${r.n}</td><td class="bc-num">${r.N}</td>`));
    const svg = await ars.get('/tableaux-de-bord/graphiques/copil_presidence.svg?annee=2024');
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('Présidence du comité de pilotage');
  });

  it('compares an indicator across years (lines), régions or periods, and keeps a family’s members reachable', async () => {
    const trend = await ars.get('/tableaux-de-bord/indicateurs/copil_existe?split=annee');
    expect(text(trend.body)).toContain('Île-de-France, toutes les campagnes');
    for (const year of [2021, 2022, 2023, 2024]) expect(trend.body).toContain(`>${year}</text>`);
    const period = await ars.get('/tableaux-de-bord/indicateurs/copil_existe?annee=2024&split=periode_creation');
    expect(text(period.body)).toContain('Créé avant 2016');
    const family = await ars.get('/tableaux-de-bord/indicateurs/copil_membre?annee=2024');
    expect(family.body).toContain('href="/tableaux-de-bord/indicateurs/copil_membre__unafam?annee=2024"');
    const unknown = await ars.get('/tableaux-de-bord/indicateurs/inconnu');
    expect(unknown.statusCode).toBe(404);
    expect(text(unknown.body)).toContain('Indicateur inconnu : inconnu');
  });
});

describe('the état des lieux', () => {
  it('is a document — cover, summary, numbered figures, methodology — and offers the browser’s print when the server has no Chromium', async () => {
    const ccoms = await PageClient.as(world.app, ACCOUNTS.ccoms);
    const page = await ccoms.get('/etat-des-lieux/2024');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Imprimer ou enregistrer en PDF');
    expect(page.body).not.toContain('2024.pdf');
    expect(body).toContain('Synthèse : les chiffres clés');
    expect(body).toMatch(/Figure 1 — Période de création/);
    expect(body).toContain('Population, base et traitement des non-réponses de chaque figure');
    expect(page.body).toContain('@page { size: A4');
    const pdf = await ccoms.get('/etat-des-lieux/2024.pdf');
    expect(pdf.statusCode).toBe(404);
    expect(text(pdf.body)).toContain('Imprimer ou enregistrer en PDF');
    expect((await ccoms.get('/etat-des-lieux/2024.docx')).statusCode).toBe(400);
  });

  it('compares two years with the change in points', async () => {
    const page = await ars.get('/etat-des-lieux/comparaison?de=2021&a=2024');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('État des lieux : 2021 et 2024 comparés');
    const rows = (annee: number) => api(ars, `/api/indicators?annee=${annee}`).then((x) => x.indicators.find((r: Row) => r.id === 'copil_existe' && r.category === 'oui') as Row);
    const [a, b] = await Promise.all([rows(2021), rows(2024)]);
    const delta = Math.round((b.pct! - a.pct!) * 10) / 10;
    expect(body).toMatch(new RegExp(`Le CLSM a un comité de pilotage — Oui [^—]*${delta > 0 ? '\\+' : delta < 0 ? '−' : '±'}${fr(Math.abs(delta)).replace(',', ',')}\\s?pts?`));
  });
});

describe('the open data', () => {
  it('works signed out: the page, its licence, its CSV; the API from consented bilans only, masked', async () => {
    const anonymous = new PageClient(world.app);
    const page = await anonymous.get('/donnees-ouvertes');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Licence Ouverte / Open Licence version 2.0');
    expect(page.body).toMatch(/href="\/api\/public\/indicators\.csv\?annee=\d{4}"/);
    const json = await api(anonymous, '/api/public/indicators?annee=2024');
    expect(json.licence.url).toContain('etalab.gouv.fr');
    const national = json.indicators.filter((r: Row) => Object.keys(r.group).length === 0);
    const consent = national.find((r: Row) => r.id === 'consentement_ccoms')!;
    expect(consent.n).toBe(consent.N);
    expect(consent.N).toBe(json.bilans);
    // Counts of bilans: none from 1 to 4 (a seat share counts seats, its base of bilans is checked apart: analytics.masking.test.ts).
    const seatShares = new Set(buildCatalogue(getQuestionnaire()).filter((i) => i.kind === 'seat_share').map((i) => i.id));
    for (const r of json.indicators as Row[]) if (r.n !== null && !seatShares.has(r.id)) expect(r.n === 0 || r.n >= PUBLIC_MIN_CELL, `${r.id} ${JSON.stringify(r.group)} ${r.category} = ${r.n}`).toBe(true);
    for (const { region, bilans } of json.regions as Array<{ region: string; bilans: number | null }>) {
      const N = json.indicators.find((r: Row) => r.id === 'periode_creation' && r.group.region === region).N;
      expect(N).toBe(bilans);
    }
    const csv = await anonymous.get('/api/public/indicators.csv?annee=2024');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').length).toBe(json.indicators.length + 2);
    expect((await anonymous.get('/api/public/indicators?annee=1999')).statusCode).toBe(404);
    expect((await anonymous.get('/api/public/indicators?annee=deux')).statusCode).toBe(400);
    expect((await anonymous.get('/donnees-ouvertes?annee=1999')).statusCode).toBe(404);
  });
});
