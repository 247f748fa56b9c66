/**
 * With JavaScript disabled, the form still works: every question shown with
 * its condition note, plain posts, server errors, the commune search page,
 * submission — a 2027.1 bilan filled end to end.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { fillVisibleFields, sectionIds } from './flows.ts';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, completeAnswers, PASSWORD } from './seed.ts';

let h: Harness;
const RENNES = 'coordination@clsm-rennes.fr';
before(async () => {
  h = await startHarness();
  await h.world.app.services.users.create(SYSTEM_USER, { email: RENNES, password: PASSWORD, role: 'coordinateur', clsmIds: ['clsm-35-re'] });
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

test('a 2027.1 bilan filled end to end without JavaScript, communes chosen on the search page', async () => {
  const context = await newContext(h, { javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, RENNES);
  const form = `/bilans/clsm-35-re/${CAMPAIGN}`;
  await page.goto(`${form}?section=identification`);
  const sections = await sectionIds(page);
  for (const id of sections) {
    await page.goto(`${form}?section=${id}`);
    if (id === 'territoire') {
      // "Rechercher" saves the section and opens the search page, the CLSM's département first.
      await page.getByLabel(/Ajouter une commune, un arrondissement ou une intercommunalité/).fill('rennes');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL(/\/communes\?q=rennes$/);
      assert.match((await page.locator('#resultats').textContent()) ?? '', /résultats? pour « rennes » \(Ille-et-Vilaine \(35\)\)/);
      await page.getByRole('button', { name: 'Ajouter Rennes', exact: true }).click();
      await page.waitForURL(/section=territoire&enregistre=1#q-terr_communes_insee$/);
      // A second one, from another search: the first is kept.
      await page.getByLabel(/Ajouter une commune, un arrondissement ou une intercommunalité/).fill('cesson');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('button', { name: 'Ajouter Cesson-Sévigné' }).click();
      await page.waitForURL(/section=territoire&enregistre=1/);
      assert.equal(await page.locator('#f-terr_communes_insee--35238').isChecked(), true);
      assert.equal(await page.locator('#f-terr_communes_insee--35051').isChecked(), true);
      assert.match((await page.locator('#p-terr_communes_insee').textContent()) ?? '', /Population couverte : [\d\s\u202f]+ habitant·es/);
      // Île-de-France items are not asked in Bretagne.
      assert.equal(await page.locator('#q-terr_idh2').count(), 0);
    }
    await fillVisibleFields(page);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /^Enregistrer et (continuer|vérifier)/ }).click()]);
    assert.equal(await page.locator('#erreurs').count(), 0, `erreurs dans la section ${id}`);
  }
  await page.goto(`${form}/envoi`);
  assert.deepEqual(await page.locator('.bc-missing a').allTextContents(), []);
  await page.getByRole('button', { name: /Envoyer le bilan/ }).click();
  await page.getByText(`Merci ! Votre bilan ${CAMPAIGN} a été envoyé à l’ARS.`).waitFor();
  assert.match((await page.locator('#q-terr_communes_insee').textContent()) ?? '', /Rennes \(35238\)[\s\S]*Cesson-Sévigné \(35051\)/);
  await context.close();
});
