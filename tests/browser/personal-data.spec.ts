/**
 * Issue 16 in the browser: the footer's four mandatory pages open signed
 * out and pass axe-core; a coordinator downloads their data from « Mon
 * compte » (their account and audit entries, nothing about others); an
 * admin anonymises an account through the pages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { logIn, newContext, seriousViolations, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const LEGAL = [
  ['Accessibilité : non conforme', '/accessibilite', 'Déclaration d’accessibilité'],
  ['Mentions légales', '/mentions-legales', 'Mentions légales'],
  ['Données personnelles', '/donnees-personnelles', 'Données personnelles'],
  ['Gestion des cookies', '/gestion-des-cookies', 'Gestion des cookies'],
] as const;

test('the footer’s four pages open signed out, pass axe-core and read on a 320-pixel screen', async () => {
  const context = await newContext(h, { bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${page.url()} : ${e.message}`));
  const found: string[] = [];
  for (const [link, path, title] of LEGAL) {
    await page.goto('/connexion');
    await page.locator('#pied-de-page').getByRole('link', { name: link, exact: true }).click();
    await page.waitForURL((url) => url.pathname === path);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), title);
    for (const v of await seriousViolations(page)) found.push(`${path} — ${v.impact} ${v.id} (${v.help}) : ${v.nodes.join(' | ')}`);
  }
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
  await context.close();

  const narrow = await h.browser.newContext({ baseURL: h.baseUrl, viewport: { width: 320, height: 800 } });
  const small = await narrow.newPage();
  for (const [, path] of LEGAL) {
    await small.goto(path);
    const [scroll, width] = await small.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${path} : ${scroll} px de large pour ${width} px d’écran`);
  }
  await narrow.close();
});

test('a coordinator downloads their data from « Mon compte »: their account and audit entries, nothing about anyone else', async () => {
  const me = await account(h.world.app, ACCOUNTS.coordinateurSansHistorique);
  await h.world.app.services.bilans.saveDraft(me, 'clsm-93-sd', CAMPAIGN, { version: 0, answers: { copil_existe: 'oui' } });
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto('/mon-compte');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger mes données/ }).click()]);
  assert.match(download.suggestedFilename(), /^mes-donnees-bilan-clsm-\d+-\d{4}-\d{2}-\d{2}\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const data = JSON.parse(text) as { compte: { adresse_electronique: string }; sessions: unknown[]; journal: { mes_actions: Array<{ objet: string; identifiant: string; variable: string | null }> } };
  assert.equal(data.compte.adresse_electronique, ACCOUNTS.coordinateurSansHistorique);
  assert.ok(data.sessions.length >= 1);
  assert.ok(data.journal.mes_actions.some((e) => e.objet === 'bilan' && e.variable === 'copil_existe'));
  for (const other of Object.values(ACCOUNTS).filter((e) => e !== ACCOUNTS.coordinateurSansHistorique)) assert.ok(!text.includes(other), other);
  await context.close();
});

test('an admin anonymises an account through the pages, after a confirmation', async () => {
  const target = await account(h.world.app, ACCOUNTS.arsBretagne);
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.admin);
  await page.goto(`/admin/comptes/${target.id}`);
  await page.getByRole('link', { name: 'Anonymiser ce compte…' }).click();
  await page.getByRole('button', { name: 'Anonymiser définitivement' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/comptes');
  assert.match((await page.getByRole('status').first().textContent()) ?? '', new RegExp(`Compte anonymisé n° ${target.id}`));
  assert.equal(await page.getByText(ACCOUNTS.arsBretagne).count(), 0);
  await context.close();
});
