/** axe-core on the main pages: no serious or critical violation. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logIn, newContext, seriousViolations, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, completeAnswers } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  const SVC = h.world.app.services;
  const coordinator = await account(h.world.app, ACCOUNTS.coordinateurSansHistorique);
  const draft = await SVC.bilans.saveDraft(coordinator, 'clsm-93-sd', CAMPAIGN, { version: 0, answers: completeAnswers() });
  await SVC.bilans.submit(coordinator, 'clsm-93-sd', CAMPAIGN, { version: draft.version });
});
after(async () => {
  await h?.close();
});

const PAGES: Record<string, string[]> = {
  anonyme: ['/connexion', '/mot-de-passe-oublie', '/donnees-ouvertes'],
  coordinateur: [
    '/',
    `/bilans/clsm-75-14/${CAMPAIGN}?section=identification`,
    `/bilans/clsm-75-14/${CAMPAIGN}?section=coordination`,
    `/bilans/clsm-75-14/${CAMPAIGN}?section=territoire`,
    `/bilans/clsm-75-14/${CAMPAIGN}/communes?q=paris`,
    `/bilans/clsm-75-14/${CAMPAIGN}?section=gouvernance`,
    `/bilans/clsm-75-14/${CAMPAIGN}?section=groupes_travail`,
    `/bilans/clsm-75-14/${CAMPAIGN}/envoi`,
    `/bilans/clsm-75-14/2024/fiche`,
    '/glossaire',
  ],
  coordinateurSansHistorique: [`/bilans/clsm-93-sd/${CAMPAIGN}`],
  ars: [
    '/',
    `/suivi?annee=${CAMPAIGN}`,
    `/suivi/relance?annee=${CAMPAIGN}&tous=1`,
    `/bilans/clsm-93-sd/${CAMPAIGN}/relecture`,
    '/tableaux-de-bord?annee=2024',
    '/tableaux-de-bord/indicateurs?annee=2024&q=pilotage',
    '/tableaux-de-bord/indicateurs/copil_presidence?annee=2024',
    '/tableaux-de-bord/indicateurs/coord_formation?annee=2024&split=annee',
    '/etat-des-lieux/2024',
    '/etat-des-lieux/comparaison?de=2021&a=2024',
    '/admin/comptes',
    '/admin/registre',
    '/admin/registre/nouveau',
    '/admin/registre/import',
    `/admin/campagnes/${CAMPAIGN}/prolongations`,
    '/mon-compte',
  ],
  admin: ['/admin/campagnes', `/admin/campagnes/${CAMPAIGN}`, '/admin/courriels'],
};

test('no serious or critical axe-core violation (and no script error) on the main pages', async () => {
  const found: string[] = [];
  const errors: string[] = [];
  for (const [who, urls] of Object.entries(PAGES)) {
    // axe-core is injected as an inline script, which the app's CSP rightly refuses.
    const context = await newContext(h, { bypassCSP: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()} : ${e.message}`));
    if (who !== 'anonyme') await logIn(page, ACCOUNTS[who as keyof typeof ACCOUNTS]);
    for (const url of urls) {
      await page.goto(url);
      for (const v of await seriousViolations(page)) found.push(`${url} — ${v.impact} ${v.id} (${v.help}) : ${v.nodes.join(' | ')}`);
    }
    await context.close();
  }
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
});

test('the form reflows on a narrow screen: grids scroll inside themselves, never the page (RGAA 10.11)', async () => {
  const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateur);
  for (const section of ['territoire', 'gouvernance', 'groupes_travail', 'participation']) {
    await page.goto(`/bilans/clsm-75-14/${CAMPAIGN}?section=${section}`);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `section ${section} : ${scroll} px de large pour ${width} px d’écran`);
  }
  await context.close();
});
