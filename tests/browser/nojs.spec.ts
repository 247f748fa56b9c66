/** With JavaScript disabled, the form still works: every question shown with its condition note, plain posts, server errors, submission. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, completeAnswers } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const FORM = `/bilans/clsm-93-sd/${CAMPAIGN}`;

test('the form fills in and submits with JavaScript disabled', async () => {
  const context = await newContext(h, { javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`${FORM}?section=gouvernance`);
  // Without the script, conditional questions stay visible with a note saying when they apply.
  assert.equal(await page.locator('#q-copil_nb_reunions').isVisible(), true);
  assert.equal(await page.locator('#c-copil_nb_reunions').isVisible(), true);
  assert.match((await page.locator('#c-copil_nb_reunions').textContent()) ?? '', /\(si « Existence d’un comité de pilotage » est « Oui »\)/);

  await page.locator('#fs-copil_existe').getByText('Oui', { exact: true }).click();
  await page.getByLabel(/Nombre de réunions du comité de pilotage/).fill('deux');
  await page.getByLabel(/Nombre de sièges au comité de pilotage/).fill('14');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  // A server-side error, in French, linked from the summary to the field.
  const summary = page.locator('#erreurs');
  assert.match((await summary.textContent()) ?? '', /Nombre de réunions du comité de pilotage : un nombre entier positif est attendu/);
  await summary.getByRole('link').first().click();
  assert.match(page.url(), /#q-copil_nb_reunions$/);
  assert.equal(await page.getByLabel(/Nombre de sièges au comité de pilotage/).inputValue(), '14');
  await page.getByLabel(/Nombre de réunions du comité de pilotage/).fill('2');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await page.waitForURL(/section=groupes_travail/);
  await page.goto(`${FORM}?section=gouvernance`);
  assert.equal(await page.getByLabel(/Nombre de réunions du comité de pilotage/).inputValue(), '2');

  // The rest (as filled in coordinator.spec.ts), then the plain submission.
  const db = h.world.app.db;
  const SVC = h.world.app.services;
  const { copil_existe: _a, copil_nb_reunions: _b, copil_nb_membres: _c, ...rest } = completeAnswers();
  const current = await db.selectFrom('bilans').select('version').where('clsm_id', '=', 'clsm-93-sd').executeTakeFirstOrThrow();
  await SVC.bilans.saveDraft(await account(h.world.app, ACCOUNTS.coordinateurSansHistorique), 'clsm-93-sd', CAMPAIGN, { version: current.version, answers: rest });
  await page.goto(`${FORM}/envoi`);
  await page.getByRole('button', { name: /Envoyer le bilan/ }).click();
  await page.getByText(`Merci ! Votre bilan ${CAMPAIGN} a été envoyé à l’ARS.`).waitFor();
  await context.close();
});
