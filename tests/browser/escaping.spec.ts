/**
 * A `<script>` typed into free-text answers shows as text on every page that
 * displays it, and never runs: not in the form, the read-only view, the
 * review page, nor the fiche.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, completeAnswers } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const ATTACK = '<script>window.__xss = 1; alert("xss")</script><img src=x onerror="window.__xss = 2">';
const FORM = `/bilans/clsm-93-sd/${CAMPAIGN}`;

async function assertInert(page: Page, where: string) {
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, `script exécuté : ${where}`);
  assert.equal(await page.locator('main img[src="x"]').count(), 0, `balise img injectée : ${where}`);
}

test('a <script> typed into a free-text answer shows as text everywhere and never runs', async () => {
  const context = await newContext(h);
  const dialogs: string[] = [];
  context.on('page', (p) => p.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss())));
  const page = await context.newPage();
  page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`${FORM}?section=territoire`);
  await page.locator('#f-terr_etablissements_psy').fill(ATTACK);
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForURL(/enregistre=1/);
  assert.equal(await page.locator('#f-terr_etablissements_psy').inputValue(), ATTACK);
  await assertInert(page, 'formulaire');
  await page.goto(`${FORM}?section=groupes_travail`);
  await page.locator('#f-objectifs_annee').fill(ATTACK);
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForURL(/enregistre=1/);

  // The rest of the bilan (filled through the UI in coordinator.spec.ts), then sent.
  const db = h.world.app.db;
  const SVC = h.world.app.services;
  const coordinator = await account(h.world.app, ACCOUNTS.coordinateurSansHistorique);
  const { terr_etablissements_psy: _a, objectifs_annee: _b, ...rest } = completeAnswers();
  const current = await db.selectFrom('bilans').select('version').where('clsm_id', '=', 'clsm-93-sd').executeTakeFirstOrThrow();
  const saved = await SVC.bilans.saveDraft(coordinator, 'clsm-93-sd', CAMPAIGN, { version: current.version, answers: rest });
  await SVC.bilans.submit(coordinator, 'clsm-93-sd', CAMPAIGN, { version: saved.version });

  await page.goto(FORM);
  const territoire = page.locator('#q-terr_etablissements_psy');
  assert.match((await territoire.textContent()) ?? '', /<script>window\.__xss = 1; alert\("xss"\)<\/script><img src=x onerror="window\.__xss = 2">/);
  await assertInert(page, 'bilan en lecture seule');
  await page.goto(`${FORM}/fiche`);
  assert.ok(((await page.locator('main').textContent()) ?? '').includes(ATTACK));
  await assertInert(page, 'fiche');

  const arsPage = await (await newContext(h)).newPage();
  arsPage.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
  await logIn(arsPage, ACCOUNTS.ars);
  await arsPage.goto(`${FORM}/relecture`);
  assert.ok(((await arsPage.locator('#q-terr_etablissements_psy').textContent()) ?? '').includes(ATTACK));
  await assertInert(arsPage, 'relecture');
  assert.deepEqual(dialogs, []);
  await context.close();
});
