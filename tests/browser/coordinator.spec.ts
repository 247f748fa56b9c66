/**
 * The coordinator in a real browser: sign-in, autosave with its time,
 * reload, live conditions, the list of what is missing with working links,
 * keyboard-only filling, completing and submitting.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fillVisibleFields, sectionIds } from './flows.ts';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { ACCOUNTS, CAMPAIGN } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const FORM = `/bilans/clsm-93-sd/${CAMPAIGN}`;

test('a coordinator fills part of a section, sees the autosave time, reloads and finds the answers', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.getByRole('link', { name: `Commencer le bilan ${CAMPAIGN}` }).click();
  await page.getByRole('link', { name: /1\. Coordination/ }).click();
  await page.locator('#fs-coord_existe').getByText('Oui', { exact: true }).click();
  await page.getByLabel('Temps de coordination', { exact: false }).fill('0,8');
  await page.getByLabel(/En quelle année le ou la coordonnateur·rice actuel·le/).fill('2021');
  await page.getByLabel(/En quelle année le ou la coordonnateur·rice actuel·le/).blur();
  await page.locator('#bc-save-status').filter({ hasText: /^Enregistré à \d{2}:\d{2}$/ }).waitFor({ timeout: 10_000 });
  // The progress of the section moved without a page load.
  assert.match((await page.locator('[data-progress-section="coordination"]').textContent()) ?? '', /^[3-9]\/\d+$/);
  await page.reload();
  assert.equal(await page.locator('#f-coord_existe--oui').isChecked(), true);
  assert.equal(await page.locator('#f-coord_etp').inputValue(), '0,8');
  assert.equal(await page.locator('#f-coord_annee_prise_poste').inputValue(), '2021');
  await context.close();
});

test('a bilan changed in another tab: autosave says so and keeps what was typed', async () => {
  const context = await newContext(h);
  const first = await context.newPage();
  await logIn(first, ACCOUNTS.coordinateurSansHistorique);
  await first.goto(`${FORM}?section=territoire`);
  const second = await context.newPage();
  await second.goto(`${FORM}?section=territoire`);
  await first.locator('#f-terr_nb_secteurs_psy_adulte').fill('7');
  await first.locator('#f-terr_nb_secteurs_psy_adulte').blur();
  await first.locator('#bc-save-status').filter({ hasText: /^Enregistré à/ }).waitFor();
  await second.locator('#f-terr_nb_secteurs_psy_adulte').fill('9');
  await second.locator('#f-terr_nb_secteurs_psy_adulte').blur();
  const alert = second.locator('#bc-save-status [role="alert"]');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /modifié entre-temps[\s\S]*Vos saisies sont conservées/);
  assert.equal(await second.locator('#f-terr_nb_secteurs_psy_adulte').inputValue(), '9');
  await alert.getByRole('link', { name: 'Recharger la version enregistrée' }).click();
  await second.waitForLoadState('load');
  assert.equal(await second.locator('#f-terr_nb_secteurs_psy_adulte').inputValue(), '7');
  await context.close();
});

test('answering "non" to the COPIL question hides the COPIL questions', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`${FORM}?section=gouvernance`);
  const copilQuestions = ['copil_nb_reunions', 'copil_nb_membres', 'copil_membre'].map((v) => page.locator(`#q-${v}`));
  await page.locator('#fs-copil_existe').getByText('Oui', { exact: true }).click();
  // 2027.1: the composition is asked once the COPIL has met this year.
  await page.locator('#f-copil_nb_reunions').fill('0');
  assert.equal(await page.locator('#q-copil_membre').isVisible(), false);
  await page.locator('#f-copil_nb_reunions').fill('2');
  for (const q of copilQuestions) assert.equal(await q.isVisible(), true);
  await page.locator('#fs-copil_existe').getByText('Non', { exact: true }).click();
  for (const q of copilQuestions) assert.equal(await q.isVisible(), false);
  // Other questions of the section stay.
  assert.equal(await page.locator('#q-ap_existe').isVisible(), true);
  await page.locator('#fs-copil_existe').getByText('Oui', { exact: true }).click();
  assert.equal(await page.locator('#q-copil_nb_reunions').isVisible(), true);
  await context.close();
});

test('submitting too early lists what is missing, and each link leads to its question', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`${FORM}/envoi`);
  await page.getByRole('button', { name: /Envoyer le bilan/ }).click();
  const missing = page.locator('.bc-missing a');
  assert.ok((await missing.count()) > 10);
  const link = page.getByRole('link', { name: /Section 2 — Échelle territoriale du CLSM : une réponse est attendue/ });
  await link.click();
  await page.waitForURL(/section=territoire#q-terr_echelle$/);
  assert.equal(await page.locator('#q-terr_echelle').isVisible(), true);
  assert.ok(await page.locator('#q-terr_echelle').evaluate((el) => el.getBoundingClientRect().top < window.innerHeight), 'la question est à l’écran');
  await context.close();
});

test('the form can be filled with the keyboard only', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`${FORM}?section=identification`);
  const tabTo = async (id: string) => {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((x) => document.activeElement?.id === x, id)) return;
    }
    throw new Error(`#${id} jamais atteint avec Tab`);
  };
  // The skip link comes first.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Contenu');
  await tabTo('f-consentement_ccoms--oui');
  // Focus is visible.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle + getComputedStyle(document.activeElement!.nextElementSibling!, '::before').outlineStyle);
  assert.notEqual(outline, 'nonenone');
  await page.keyboard.press('Space');
  await tabTo('f-annee_creation');
  await page.keyboard.type('2018');
  // Then to the "Enregistrer" button, and Enter.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Enregistrer') break;
  }
  await Promise.all([page.waitForURL(/enregistre=1/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#f-consentement_ccoms--oui').isChecked(), true);
  assert.equal(await page.locator('#f-annee_creation').inputValue(), '2018');
  await context.close();
});

test('completing every section of a 2027.1 bilan, communes chosen with the search, and submitting', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`${FORM}?section=identification`);
  const sections = await sectionIds(page);
  assert.ok(sections.length >= 5);
  for (const id of sections) {
    await page.goto(`${FORM}?section=${id}`);
    if (id === 'territoire') {
      // The commune picker: searched in place, the CLSM's département first, added as a checked box, autosaved.
      const search = page.getByLabel(/Ajouter une commune, un arrondissement ou une intercommunalité/);
      await search.fill('saint-den');
      const result = page.locator('.bc-communes-found li').filter({ hasText: 'Saint-Denis (93066) — Seine-Saint-Denis (93)' });
      await result.waitFor();
      await result.getByRole('button', { name: 'Ajouter Saint-Denis (93066)' }).click();
      assert.equal(await page.locator('#f-terr_communes_insee--93066').isChecked(), true);
      await page.locator('#bc-save-status').filter({ hasText: /^Enregistré à/ }).waitFor({ timeout: 10_000 });
      // Enter in the search field searches; it never sends the form.
      await search.fill('aubervilliers');
      await search.press('Enter');
      await page.locator('.bc-communes-found li').filter({ hasText: 'Aubervilliers (93001)' }).getByRole('button', { name: /Ajouter/ }).click();
      assert.equal(await page.locator('#f-terr_communes_insee--93001').isChecked(), true);
      assert.match(page.url(), /section=territoire$/);
    }
    await fillVisibleFields(page);
    if (id === 'gouvernance') {
      // A consistency rule, checked live: more seats for usager·es and proches than seats in the COPIL.
      await page.locator('#f-copil_nb_membres').fill('3');
      await page.locator('#f-copil_nb_membres').blur();
      assert.match((await page.locator('#rw-sieges_copil').textContent()) ?? '', /dépassent le nombre de « Sièges au comité de pilotage »/);
      await page.locator('#f-copil_nb_membres').fill('12');
      await page.locator('#f-copil_nb_membres').blur();
      assert.equal(await page.locator('#rw-sieges_copil').count(), 0);
    }
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /^Enregistrer et (continuer|vérifier)/ }).click()]);
    assert.equal(await page.locator('#erreurs').count(), 0, `erreurs dans la section ${id}`);
  }
  await page.goto(`${FORM}/envoi`);
  const missing = await page.locator('.bc-missing a').allTextContents();
  assert.deepEqual(missing, []);
  await page.getByRole('button', { name: /Envoyer le bilan/ }).click();
  await page.getByText(`Merci ! Votre bilan ${CAMPAIGN} a été envoyé à l’ARS.`).waitFor();
  // Read-only now: no form, a print button; the communes chosen and the population they cover.
  assert.equal(await page.locator('#bc-form').count(), 0);
  const territory = (await page.locator('#q-terr_communes_insee').textContent()) ?? '';
  assert.match(territory, /Saint-Denis \(93066\)[\s\S]*Aubervilliers \(93001\)[\s\S]*Population couverte : [\d\s\u202f]+ habitant·es/);
  assert.equal(await page.getByRole('button', { name: 'Imprimer ou enregistrer en PDF' }).isVisible(), true);
  await context.close();
});

test('last year’s answers are carried forward, the figures "à confirmer" marked, and a section is confirmed in one click', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateur);
  await page.goto(`/bilans/clsm-75-14/${CAMPAIGN}?section=coordination`);
  const link = page.locator('[data-section-link="coordination"]');
  assert.match((await link.textContent()) ?? '', /reprise/);
  // The 2024 answer is in the field, to confirm.
  assert.equal(await page.locator('#f-coord_etp').inputValue(), '0,5');
  assert.match((await page.locator('#q-coord_etp .bc-to-confirm-note').textContent()) ?? '', /À confirmer Réponse reprise du bilan 2024/);
  await page.getByRole('button', { name: 'Rien n’a changé dans cette section' }).click();
  await page.waitForURL(/section=territoire/);
  assert.doesNotMatch((await page.locator('[data-section-link="coordination"]').textContent()) ?? '', /reprise/);
  await page.goto(`/bilans/clsm-75-14/${CAMPAIGN}?section=coordination`);
  assert.equal(await page.getByRole('button', { name: 'Rien n’a changé dans cette section' }).count(), 0);
  assert.equal(await page.locator('#f-coord_etp').inputValue(), '0,5');
  assert.equal(await page.locator('#q-coord_etp .bc-to-confirm-note').count(), 0);
  // This year's meetings are never carried: last year's 2 is not resubmitted unchanged.
  await page.goto(`/bilans/clsm-75-14/${CAMPAIGN}?section=gouvernance`);
  assert.equal(await page.locator('#f-copil_nb_reunions').inputValue(), '');
  await context.close();
});
