/** Dashboards in a real browser: a region filter as a shareable link, charts, and the CSV download parsed. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { ACCOUNTS } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('a dashboard filtered on a region shows charts, and its CSV downloads and parses', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.ccoms);
  await page.getByRole('link', { name: 'Tableaux de bord' }).first().click();
  const all = Number(/(\d+) bilans? dans la sélection/.exec((await page.locator('main').textContent()) ?? '')![1]);
  await page.getByLabel('Région', { exact: true }).selectOption({ label: 'Bretagne' });
  await page.getByLabel('Année', { exact: true }).selectOption('2024');
  await page.getByRole('button', { name: 'Afficher' }).click();
  await page.waitForURL(/region=53/);
  assert.match(page.url(), /annee=2024/);
  const count = Number(/(\d+) bilans? dans la sélection/.exec((await page.locator('main').textContent()) ?? '')![1]);
  assert.ok(count > 0 && count < all, `${count} bilans en Bretagne 2024, ${all} en tout`);
  const charts = page.locator('.bc-chart img');
  assert.ok((await charts.count()) > 10);
  // Charts are server-rendered SVG images, loaded as they scroll into view.
  await charts.first().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (document.querySelector('.bc-chart img') as HTMLImageElement | null)?.naturalWidth ?? 0 > 0);
  assert.ok((await charts.first().evaluate((img) => (img as HTMLImageElement).naturalWidth)) > 100);
  const svg = await page.request.get((await charts.first().getAttribute('src'))!);
  assert.match(await svg.text(), /^<svg[\s\S]*<\/svg>\s*$/);
  // Small bases are flagged (a region has fewer than 10 bilans a year here).
  assert.ok((await page.locator('.bc-small-base').count()) > 0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Données (CSV)' }).click()]);
  const csv = await readFile((await download.path())!, 'utf8');
  const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
  assert.ok(rows.length > 20);
  assert.deepEqual(Object.keys(rows[0]!).slice(0, 4), ['indicateur', 'libelle', 'population', 'groupe']);
  const copil = rows.find((r) => r.indicateur === 'copil_existe' && r.categorie === 'oui');
  assert.ok(copil, 'copil_existe dans le CSV');
  assert.ok(Number(copil.N) <= count && Number(copil.n) <= Number(copil.N));
  // The table beside the chart gives the same n/N.
  const block = page.locator('#ind-copil_existe');
  await block.getByText('Tableau des données (n/N)').click();
  assert.match((await block.locator('table').textContent()) ?? '', new RegExp(`${copil.n}\\s*${copil.N}`));
  await context.close();
});
