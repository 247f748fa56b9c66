/**
 * `npm run screenshots`: the main pages, in Chromium, into docs/screenshots/
 * (shown in the README). Same world as the browser tests.
 */
import { mkdirSync } from 'node:fs';
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
  await SVC.bilans.saveDraft(await userOf(ACCOUNTS.admin), 'clsm-93-sd', 2024, { version: 0, answers: { ...completeAnswers(2024), terr_population: 104000, copil_nb_reunions: 1 } });
  const draft = await SVC.bilans.saveDraft(sd, 'clsm-93-sd', CAMPAIGN, { version: 0, answers: { ...completeAnswers(), terr_population: 112000 } });
  await SVC.bilans.submit(sd, 'clsm-93-sd', CAMPAIGN, { version: draft.version });
  const iv = await userOf(ACCOUNTS.admin);
  const d2 = await SVC.bilans.saveDraft(iv, 'clsm-94-iv', CAMPAIGN, { version: 0, answers: completeAnswers() });
  const sent = await SVC.bilans.submit(iv, 'clsm-94-iv', CAMPAIGN, { version: d2.version });
  await SVC.bilans.return(await userOf(ACCOUNTS.ars), 'clsm-94-iv', CAMPAIGN, { version: sent.version, comments: [{ variable: 'copil_nb_reunions', message: 'Deux réunions sont attendues par an : pouvez-vous préciser ?' }] });

  const shoot = async (who: string | null, shots: Array<[string, string, boolean?]>) => {
    const context = await newContext(h);
    const page = await context.newPage();
    if (who) await logIn(page, who);
    for (const [name, url, full] of shots) {
      await page.goto(url, { waitUntil: 'networkidle' });
      await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full ?? false });
      process.stdout.write(`${OUT}/${name}.png\n`);
    }
    await context.close();
  };
  await shoot(null, [['connexion', '/connexion']]);
  await shoot(ACCOUNTS.coordinateur, [
    ['coordonnateur-accueil', '/'],
    ['formulaire-gouvernance', `/bilans/clsm-75-14/${CAMPAIGN}?section=gouvernance`],
    ['formulaire-groupes-de-travail', `/bilans/clsm-75-14/${CAMPAIGN}?section=groupes_travail#q-gt_themes`],
    ['envoi-manquants', `/bilans/clsm-75-14/${CAMPAIGN}/envoi`],
  ]);
  await shoot(ACCOUNTS.coordinateurSansHistorique, [
    ['bilan-envoye', `/bilans/clsm-93-sd/${CAMPAIGN}`],
    ['fiche-annuelle', `/bilans/clsm-93-sd/${CAMPAIGN}/fiche`, true],
  ]);
  await shoot(ACCOUNTS.ars, [
    ['ars-suivi', `/suivi?annee=${CAMPAIGN}`, true],
    ['ars-relecture', `/bilans/clsm-93-sd/${CAMPAIGN}/relecture`],
    ['tableaux-de-bord', '/tableaux-de-bord?annee=2024&region=11&split=periode_creation'],
  ]);
  await shoot(ACCOUNTS.ccoms, [['etat-des-lieux', '/etat-des-lieux/2024']]);
} finally {
  await h.close();
}
