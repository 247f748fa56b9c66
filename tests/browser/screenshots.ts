/**
 * `npm run screenshots`: the main pages, in Chromium, into docs/screenshots/
 * (shown in the README). Same world as the browser tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { etatDesLieuxDocument } from '../../web/pages/etat-des-lieux.page.ts';
import type { Page } from 'playwright-core';
import { logIn, newContext, startHarness } from './harness.ts';
import { account, ACCOUNTS, CAMPAIGN, completeAnswers } from './seed.ts';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });
const h = await startHarness();
try {
  const SVC = h.world.app.services;
  const userOf = (email: string) => account(h.world.app, email);
  const sd = await userOf(ACCOUNTS.coordinateurSansHistorique);
  // A 2024 bilan, so that the review shows what changed since last year.
  await SVC.bilans.saveDraft(await userOf(ACCOUNTS.admin), 'clsm-93-sd', 2024, { version: 0, answers: { ...completeAnswers(2024), copil_nb_reunions: 1 } });
  // Saint-Denis covers its own commune (the demonstration's bilan covers another one, as a synthetic record may).
  const draft = await SVC.bilans.saveDraft(sd, 'clsm-93-sd', CAMPAIGN, { version: 0, answers: { ...completeAnswers(), terr_nb_secteurs_psy_adulte: 2, terr_echelle: 'communal', terr_communes_insee: ['93066'] } });
  await SVC.bilans.submit(sd, 'clsm-93-sd', CAMPAIGN, { version: draft.version });
  // Its yearly fiche, published by a public link.
  const published = await SVC.fiche.publish(sd, 'clsm-93-sd', CAMPAIGN);
  const iv = await userOf(ACCOUNTS.admin);
  const d2 = await SVC.bilans.saveDraft(iv, 'clsm-94-iv', CAMPAIGN, { version: 0, answers: completeAnswers() });
  const sent = await SVC.bilans.submit(iv, 'clsm-94-iv', CAMPAIGN, { version: d2.version });
  await SVC.bilans.return(await userOf(ACCOUNTS.ars), 'clsm-94-iv', CAMPAIGN, { version: sent.version, comments: [{ variable: 'copil_nb_reunions', message: 'Deux réunions sont attendues par an : pouvez-vous préciser ?' }] });
  // Paris 14e's 2025 draft, prefilled from 2024, nearly complete: a commune more, one answer missing, the COPIL with more
  // seats for usager·es and proches than seats, last year's coordination figures not confirmed yet.
  const { coord_existe: _e, coord_etp: _t, terr_nb_secteurs_psy_adulte: _n, ...nearly } = completeAnswers();
  await SVC.bilans.saveDraft(await userOf(ACCOUNTS.coordinateur), 'clsm-75-14', CAMPAIGN, {
    version: 0,
    answers: { ...nearly, terr_communes_insee: ['75114', '75115'], copil_nb_membres: 4, copil_nb_usagers: 3, copil_nb_aidants: 2 },
    confirm_variables: [],
  });

  const shoot = async (who: string | null, shots: Array<[string, string, boolean?, ((page: Page) => Promise<void>)?]>) => {
    const context = await newContext(h);
    const page = await context.newPage();
    if (who) await logIn(page, who);
    for (const [name, url, full, act] of shots) {
      await page.goto(url, { waitUntil: 'networkidle' });
      await act?.(page);
      await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full ?? false });
      process.stdout.write(`${OUT}/${name}.png\n`);
    }
    await context.close();
  };
  await shoot(null, [['connexion', '/connexion']]);
  await shoot(ACCOUNTS.coordinateur, [
    ['coordonnateur-accueil', '/'],
    ['formulaire-gouvernance', `/bilans/clsm-75-14/${CAMPAIGN}?section=gouvernance`],
    [
      'formulaire-territoire',
      `/bilans/clsm-75-14/${CAMPAIGN}?section=territoire`,
      false,
      async (page) => {
        // The commune picker searching in place.
        await page.getByLabel(/Ajouter une commune, un arrondissement ou une intercommunalité/).fill('paris 1');
        await page.locator('.bc-communes-found li').first().waitFor();
        await page.locator('#q-terr_communes_insee').scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollBy(0, -80));
      },
    ],
    ['recherche-communes', `/bilans/clsm-75-14/${CAMPAIGN}/communes?q=montrouge&partout=1`],
    ['formulaire-groupes-de-travail', `/bilans/clsm-75-14/${CAMPAIGN}?section=groupes_travail#q-gt_themes`],
    ['envoi-manquants', `/bilans/clsm-75-14/${CAMPAIGN}/envoi`, true],
  ]);
  await shoot(ACCOUNTS.coordinateurSansHistorique, [
    ['bilan-envoye', `/bilans/clsm-93-sd/${CAMPAIGN}`],
    ['fiche-annuelle', `/bilans/clsm-93-sd/${CAMPAIGN}/fiche`, true],
  ]);
  await shoot(null, [['fiche-publique', published.path, true]]);
  {
    // The fiche as printed: Chromium's A4 PDF of the public page, shown by its PDF viewer.
    const context = await newContext(h);
    const printed = await context.newPage();
    await printed.goto(published.path, { waitUntil: 'networkidle' });
    const file = join(mkdtempSync(join(tmpdir(), 'bilan-clsm-fiche-')), 'fiche.pdf');
    writeFileSync(file, await printed.pdf({ format: 'A4' }));
    await printed.setViewportSize({ width: 820, height: 1160 });
    await printed.goto(`file://${file}#toolbar=0&navpanes=0&view=FitH`);
    await printed.waitForTimeout(2500);
    await printed.screenshot({ path: `${OUT}/fiche-imprimee.png` });
    process.stdout.write(`${OUT}/fiche-imprimee.png\n`);
    await context.close();
  }
  await shoot(ACCOUNTS.ars, [
    ['ars-suivi', `/suivi?annee=${CAMPAIGN}`, true],
    ['ars-relecture', `/bilans/clsm-93-sd/${CAMPAIGN}/relecture`],
    ['tableaux-de-bord', '/tableaux-de-bord?annee=2024', true],
    ['indicateur', '/tableaux-de-bord/indicateurs/coord_formation?annee=2024', true],
  ]);
  await shoot(ACCOUNTS.ccoms, [['etat-des-lieux', '/etat-des-lieux/2024']]);
  // Two pages of the état des lieux's PDF (the server's Chromium prints it; its PDF viewer shows it): the summary,
  // and the first page of a chapter (printed alone, so that it starts on page 4, after cover, contents and summary).
  const ccoms = await userOf(ACCOUNTS.ccoms);
  const { report, svgs } = await SVC.analytics.report(ccoms, 2024);
  const today = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' }).format(new Date());
  const context = await newContext(h);
  const viewer = await context.newPage();
  await viewer.setViewportSize({ width: 820, height: 1160 });
  const shots = [
    ['etat-des-lieux-synthese', report, 3],
    ['etat-des-lieux-page', { ...report, sections: report.sections.filter((s) => s.id === 'coordination') }, 4],
  ] as const;
  for (const [name, printed, pageNumber] of shots) {
    const file = join(mkdtempSync(join(tmpdir(), 'bilan-clsm-edl-')), `${name}.pdf`);
    writeFileSync(file, await SVC.pdf.render(etatDesLieuxDocument(printed, svgs, { generatedAt: today })));
    await viewer.goto(`file://${file}#page=${pageNumber}&toolbar=0&navpanes=0&view=FitH`);
    await viewer.waitForTimeout(2500);
    await viewer.screenshot({ path: `${OUT}/${name}.png` });
    process.stdout.write(`${OUT}/${name}.png\n`);
  }
  await context.close();
  await shoot(null, [['donnees-ouvertes', '/donnees-ouvertes', true]]);
  // The footer's mandatory pages (issue 16), signed out; « Mon compte » with the data download.
  await shoot(null, [
    ['accessibilite', '/accessibilite', true],
    ['mentions-legales', '/mentions-legales', true],
    ['donnees-personnelles', '/donnees-personnelles'],
    ['gestion-des-cookies', '/gestion-des-cookies', true],
  ]);
  await shoot(ACCOUNTS.coordinateur, [['mon-compte-donnees', '/mon-compte', true]]);
} finally {
  await h.close();
}
