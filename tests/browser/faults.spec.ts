/**
 * A full disk under the browser's autosave: the page says so in French,
 * keeps what was typed, sends it again by itself, and once there is room the
 * answers are saved (found after a reload).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bigTerritoire, fillDisk, freeDisk } from '../support/full-disk.ts';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { ACCOUNTS, CAMPAIGN } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('a full disk during autosave: French message, the typed text kept and sent again once there is room', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.coordinateurSansHistorique);
  await page.goto(`/bilans/clsm-93-sd/${CAMPAIGN}?section=territoire`);
  const typed = bigTerritoire('Saint-Denis');
  fillDisk(h.world.app.sqlite!);
  try {
    await page.locator('label[for="f-terr_echelle--infracommunal"]').click();
    await page.locator('#f-terr_quartiers').fill(typed.terr_quartiers);
    await page.locator('#f-terr_etablissements_psy').fill(typed.terr_etablissements_psy);
    await page.locator('#f-terr_etablissements_psy').blur();
    const status = page.locator('#bc-save-status');
    await status.filter({ hasText: /Espace disque insuffisant, réessayez plus tard/ }).waitFor({ timeout: 10_000 });
    assert.match((await status.textContent()) ?? '', /Vos saisies restent sur cette page ; nouvel essai dans \d+ secondes/);
    assert.equal(await page.locator('#f-terr_quartiers').inputValue(), typed.terr_quartiers);
  } finally {
    freeDisk(h.world.app.sqlite!);
  }
  await page.locator('#bc-save-status').filter({ hasText: /^Enregistré à \d{2}:\d{2}$/ }).waitFor({ timeout: 20_000 });
  await page.reload();
  assert.equal(await page.locator('#f-terr_quartiers').inputValue(), typed.terr_quartiers);
  assert.equal(await page.locator('#f-terr_etablissements_psy').inputValue(), typed.terr_etablissements_psy);
  await context.close();
});
