/**
 * The review loop in a real browser: the ARS analyst sees the submitted bilan
 * in the follow-up, returns it with a comment on an item, the coordinator
 * sees the comment, corrects and resubmits, the analyst validates.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, completeAnswers } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  // Paris 14e has a 2024 bilan; its coordinator sent the 2025 one (filling and sending through the UI is covered by coordinator.spec.ts).
  const SVC = h.world.app.services;
  const coordinator = await account(h.world.app, ACCOUNTS.coordinateur);
  const draft = await SVC.bilans.saveDraft(coordinator, 'clsm-75-14', CAMPAIGN, { version: 0, answers: { ...completeAnswers(), terr_nb_secteurs_psy_adulte: 15 } });
  await SVC.bilans.submit(coordinator, 'clsm-75-14', CAMPAIGN, { version: draft.version });
});
after(async () => {
  await h?.close();
});

const COMMENT = 'Quinze secteurs de psychiatrie adulte, contre un l’an dernier : pouvez-vous vérifier le chiffre ?';

test('the analyst returns the bilan with a comment, the coordinator corrects and resubmits, the analyst validates', async () => {
  const arsContext = await newContext(h);
  const ars = await arsContext.newPage();
  await logIn(ars, ACCOUNTS.ars);
  await ars.getByRole('link', { name: 'Suivre la campagne' }).click();
  const row = ars.locator('tr[data-clsm="clsm-75-14"]');
  assert.match((await row.textContent()) ?? '', /Soumis/);
  await row.getByRole('link', { name: /Relire/ }).click();
  await ars.getByRole('heading', { name: /Relecture — Bilan 2025 — CLSM Paris 14e/ }).waitFor();
  // Changed since last year, with last year's answer beside it.
  const population = ars.locator('#q-terr_nb_secteurs_psy_adulte');
  assert.match((await population.textContent()) ?? '', /Modifié[\s\S]*15 secteurs[\s\S]*L’an dernier :/);
  await population.getByText('Commenter cette réponse').click();
  await population.getByLabel('Commentaire pour le ou la coordonnateur·rice').fill(COMMENT);
  await ars.getByRole('button', { name: 'Renvoyer pour correction' }).click();
  await ars.waitForURL(/\/suivi/);
  assert.match((await ars.locator('tr[data-clsm="clsm-75-14"]').textContent()) ?? '', /Renvoyé pour correction/);

  const coordContext = await newContext(h);
  const coord = await coordContext.newPage();
  await logIn(coord, ACCOUNTS.coordinateur);
  await coord.getByText(COMMENT).waitFor();
  await coord.getByRole('link', { name: 'Nombre de secteurs de psychiatrie adulte' }).first().click();
  await coord.waitForURL(/section=territoire#q-terr_nb_secteurs_psy_adulte/);
  await coord.getByText('Bilan renvoyé pour correction par l’ARS').waitFor();
  await coord.locator('#f-terr_nb_secteurs_psy_adulte').fill('2');
  await coord.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await coord.goto(`/bilans/clsm-75-14/${CAMPAIGN}/envoi`);
  await coord.getByRole('button', { name: /Envoyer le bilan/ }).click();
  await coord.getByText(`Merci ! Votre bilan ${CAMPAIGN} a été envoyé à l’ARS.`).waitFor();

  await ars.goto(`/suivi?annee=${CAMPAIGN}`);
  await ars.locator('tr[data-clsm="clsm-75-14"]').getByRole('link', { name: /Relire/ }).click();
  assert.match((await ars.locator('#q-terr_nb_secteurs_psy_adulte').textContent()) ?? '', /2 secteurs/);
  await ars.getByRole('button', { name: 'Valider le bilan' }).click();
  await ars.waitForURL(/\/suivi/);
  assert.match((await ars.locator('tr[data-clsm="clsm-75-14"]').textContent()) ?? '', /Validé/);
  await arsContext.close();
  await coordContext.close();
});
