/**
 * The dashboards, the état des lieux and the open data in a real browser: an
 * ARS analyst lands on the latest campaign's overview, reads the trend of the
 * share of COPIL with personnes concernées with France beside the région,
 * finds an indicator by search and downloads its CSV; the état des lieux
 * downloads as a PDF that opens; the open data work signed out.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { buildCatalogue } from '../../analytics/index.ts';
import { getQuestionnaire } from '../../survey-schema/index.ts';
import { logIn, newContext, startHarness, type Harness } from './harness.ts';
import { ACCOUNTS } from './seed.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const csvRows = (csv: string) => parse(csv.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;

test('an ARS analyst lands on the latest campaign, reads a key figure’s trend with France beside the région, finds an indicator and downloads its CSV', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.ars);
  await page.getByRole('link', { name: 'Tableaux de bord' }).first().click();
  // The latest campaign with bilans in the région (2024 here), not every year mixed.
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tableaux de bord — Île-de-France, campagne 2024');
  const card = page.locator('#cle-copil_personnes');
  assert.match((await card.locator('h3').textContent()) ?? '', /personnes concernées participent au comité de pilotage/);
  assert.match((await card.locator('.bc-key__value').textContent()) ?? '', /\d+(,\d)?\s%\s*\d+ CLSM sur \d+/);
  assert.match((await card.locator('.bc-key__france').textContent()) ?? '', /France : \S+/);
  // The trend: one line for the région, one for France, across the campaigns.
  const chart = card.locator('.bc-chart svg');
  const labels = await chart.locator('text').allTextContents();
  for (const label of ['Île-de-France', 'France', '2021', '2024']) assert.ok(labels.includes(label), `« ${label} » dans ${labels.join(' | ')}`);
  assert.ok((await chart.boundingBox())!.width > 200);
  // Its figures, one line per campaign, open on demand.
  await card.getByText('Évolution en chiffres (n/N)').click();
  assert.equal(await card.locator('table tbody tr').count(), 4);

  // A search, as a GET form: the results link to one page per indicator.
  await page.getByLabel('Rechercher un indicateur').fill('présidence pilotage');
  await page.getByLabel('Rechercher un indicateur').press('Enter');
  await page.waitForURL(/\/tableaux-de-bord\/indicateurs\?.*q=/);
  await page.getByRole('link', { name: 'Présidence du comité de pilotage' }).click();
  await page.waitForURL(/\/tableaux-de-bord\/indicateurs\/copil_presidence/);
  assert.ok(await page.locator('.bc-chart svg').isVisible());
  const table = page.locator('.bc-figures table').first();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Les chiffres de cet indicateur (CSV)' }).click()]);
  const rows = csvRows(await readFile((await download.path())!, 'utf8'));
  assert.deepEqual([...new Set(rows.map((r) => r.indicateur))], ['copil_presidence']);
  // The page's table says the same n and N, row by row.
  const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!.replace(/\s*\*$/, '').trim(), ...[...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())]));
  for (const r of rows) {
    const line = shown.find(([header]) => header === r.libelle_categorie);
    assert.deepEqual(line?.slice(2), [r.n, r.N], r.libelle_categorie);
  }
  await context.close();
});

test('the état des lieux downloads as a PDF that opens, A4, every chapter in it', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await logIn(page, ACCOUNTS.ccoms);
  await page.goto('/etat-des-lieux/2024');
  const chapters = await page.locator('.bc-document .bc-chapter').count();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le PDF' }).click()]);
  assert.match(download.suggestedFilename(), /^etat-des-lieux-2024\.pdf$/);
  const pdf = await readFile((await download.path())!);
  const raw = pdf.toString('latin1');
  assert.equal(raw.slice(0, 5), '%PDF-');
  assert.match(raw.slice(-64), /%%EOF\s*$/);
  // The page tree's count is the number of page objects, and each chapter starts a page.
  const pages = (raw.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const counts = [...raw.matchAll(/\/Type\s*\/Pages[\s\S]{0,200}?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  assert.equal(Math.max(...counts), pages);
  assert.ok(pages >= chapters + 2, `${pages} pages pour ${chapters} chapitres`);
  // A4: 595 × 842 points.
  for (const [, w, hgt] of raw.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)) assert.deepEqual([Math.round(Number(w)), Math.round(Number(hgt))], [595, 842]);
  // It opens: the cross-reference table a reader starts from points at every object it lists.
  const xref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw)![1]);
  assert.equal(raw.slice(xref, xref + 4), 'xref');
  const [, first, size] = /^xref\s+(\d+)\s+(\d+)/.exec(raw.slice(xref))!.map(Number) as [number, number, number];
  const entries = raw.slice(xref).split(/\r?\n/).slice(2, 2 + size);
  let objects = 0;
  entries.forEach((entry, i) => {
    const [offset, , kind] = entry.trim().split(/\s+/);
    if (kind !== 'n') return;
    objects++;
    assert.match(raw.slice(Number(offset), Number(offset) + 20), new RegExp(`^${first + i} 0 obj`), `objet ${first + i}`);
  });
  assert.ok(objects > pages);
  // And Chromium's own PDF viewer opens it, counting the same pages.
  const file = join(await mkdtemp(join(tmpdir(), 'edl-')), 'etat-des-lieux-2024.pdf');
  await writeFile(file, pdf);
  const viewer = await context.newPage();
  await viewer.goto(`file://${file}`);
  // The viewer shows 0 pages until the document is read.
  let total: string | null = null;
  for (let i = 0; i < 100 && !Number(total); i++) {
    const frame = viewer.frames().find((f) => f.url().startsWith('chrome-extension://'));
    total = frame ? await frame.evaluate(() => {
      const deep = (root: Document | ShadowRoot): Element | null => root.querySelector('#pagelength') ?? [...root.querySelectorAll('*')].map((e) => (e.shadowRoot ? deep(e.shadowRoot) : null)).find(Boolean) ?? null;
      return deep(document)?.textContent ?? null;
    }) : null;
    if (!Number(total)) await viewer.waitForTimeout(200);
  }
  assert.equal(Number(total), pages, JSON.stringify(viewer.frames().map((f) => f.url())));
  await context.close();
});

test('the open data work signed out: key figures by région, the CSV, the licence', async () => {
  const context = await newContext(h);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Données ouvertes' }).click();
  await page.waitForURL(/\/donnees-ouvertes/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Données ouvertes');
  assert.ok(await page.getByRole('link', { name: /Licence Ouverte/ }).isVisible());
  const table = page.locator('table').first();
  assert.equal(await table.locator('tbody tr').first().locator('th').textContent(), 'France');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Indicateurs \d{4} \(CSV/ }).click()]);
  const rows = csvRows(await readFile((await download.path())!, 'utf8'));
  assert.ok(rows.length > 100);
  // Published counts of bilans are 0 or 5 and more: the small ones are masked (a seat share counts seats; its base of bilans is checked apart, analytics.masking.test.ts).
  const seatShares = new Set(buildCatalogue(getQuestionnaire()).filter((i) => i.kind === 'seat_share').map((i) => i.id));
  for (const r of rows) if (r.n !== '' && !seatShares.has(r.indicateur!)) assert.ok(Number(r.n) === 0 || Number(r.n) >= 5, `${r.indicateur} ${r.groupe} ${r.categorie} = ${r.n}`);
  assert.ok(rows.some((r) => r.masque === 'oui'));
  await context.close();
});
