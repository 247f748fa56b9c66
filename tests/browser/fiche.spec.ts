/**
 * The yearly fiche: the longest bilan a coordinator can send prints on
 * exactly one A4 page (the page count of Chromium's PDF), its footer with the
 * link to the web version included; published, it opens signed out (and
 * prints on one page too); withdrawn, it stops opening.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { logIn, newContext, seriousViolations, startHarness, type Harness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, longestAnswers } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  const sd = await account(h.world.app, ACCOUNTS.coordinateurSansHistorique);
  const draft = await h.world.app.services.bilans.saveDraft(sd, 'clsm-93-sd', CAMPAIGN, { version: 0, answers: longestAnswers() });
  await h.world.app.services.bilans.submit(sd, 'clsm-93-sd', CAMPAIGN, { version: draft.version });
});
after(async () => {
  await h?.close();
});

const FICHE = `/bilans/clsm-93-sd/${CAMPAIGN}/fiche`;

/** The number of pages of Chromium's A4 PDF of the page, read from the PDF's page tree. */
async function printedPages(page: Page): Promise<number> {
  const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
  const counts = [...pdf.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  const leaves = (pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
  assert.equal(Math.max(...counts), leaves, 'arbre des pages du PDF incohérent');
  return leaves;
}

/** In print, the fiche's content fits its page: nothing is clipped by the last-resort overflow, and the link is on the page. */
async function fitsInPrint(page: Page): Promise<{ clipped: number; footer: boolean }> {
  await page.emulateMedia({ media: 'print' });
  const result = await page.evaluate(() => {
    const body = document.querySelector('.bc-fiche__body') as HTMLElement;
    const fiche = document.querySelector('.bc-fiche') as HTMLElement;
    const foot = document.querySelector('.bc-fiche__foot') as HTMLElement;
    return { clipped: body.scrollHeight - body.clientHeight, footer: foot.getBoundingClientRect().bottom <= fiche.getBoundingClientRect().bottom + 0.5 };
  });
  await page.emulateMedia({ media: null });
  return result;
}

test('the longest fiche prints on exactly one A4 page; published, it opens signed out; withdrawn, it stops opening', async () => {
  const coordinator = await (await newContext(h)).newPage();
  await logIn(coordinator, ACCOUNTS.coordinateurSansHistorique);
  await coordinator.goto(FICHE);
  assert.equal(await coordinator.getByRole('heading', { level: 1 }).textContent(), 'CLSM Saint-Denis');
  assert.equal(await printedPages(coordinator), 1);
  assert.deepEqual(await fitsInPrint(coordinator), { clipped: 0, footer: true });
  // Capped lists say how many more there are.
  assert.match((await coordinator.locator('.bc-fiche__more').allTextContents()).join(' '), /et \d+ autres/);

  await coordinator.getByRole('button', { name: 'Publier la fiche' }).click();
  await coordinator.waitForURL(/fait=publiee/);
  const path = await coordinator.locator('a.bc-fiche-url').getAttribute('href');
  assert.match(path ?? '', /^\/f\/[A-Za-z0-9_-]{22}$/);
  // The printed fiche now carries the address of its web version, and still one page.
  assert.match((await coordinator.locator('.bc-fiche__link').textContent()) ?? '', /Version en ligne : http:\/\/\S+\/f\/[A-Za-z0-9_-]{22}/);
  assert.equal(await printedPages(coordinator), 1);

  const citizen = await (await newContext(h, { bypassCSP: true })).newPage(); // axe is injected inline
  const opened = await citizen.goto(path!);
  assert.equal(opened?.status(), 200);
  assert.equal(await citizen.getByRole('heading', { level: 1 }).textContent(), 'CLSM Saint-Denis');
  assert.equal(await citizen.getByRole('link', { name: 'Se connecter' }).count(), 0);
  assert.equal(await citizen.locator('nav#navigation').count(), 0);
  assert.equal(await printedPages(citizen), 1);
  assert.deepEqual(await seriousViolations(citizen), []);

  await coordinator.getByRole('button', { name: 'Retirer la publication' }).click();
  await coordinator.waitForURL(/fait=retiree/);
  const again = await citizen.reload();
  assert.equal(again?.status(), 404);
  assert.equal(await citizen.getByRole('heading', { level: 1 }).textContent(), 'Fiche introuvable');
  assert.equal(await citizen.locator('.bc-fiche').count(), 0);
});
