/**
 * A yearly campaign run from the web, in a real browser, on a fresh database,
 * every mail read on the wire of an in-process SMTP server:
 * the admin invites an ARS analyst, who invites a coordinator; the
 * coordinator chooses a password from the mail, fills in and submits; the
 * ARS receives the submission mail, returns the bilan with a comment; the
 * coordinator receives it, corrects, submits again; the ARS validates; the
 * coordinator is told. Then a forgotten-password reset, after which the
 * session opened before the reset is refused.
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../server/app.ts';
import { testConfig } from '../../server/config.ts';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { firstLink, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { addCommune, fillVisibleFields, sectionIds } from './flows.ts';
import { CHROMIUM, newContext, type Harness } from './harness.ts';

const ADMIN = 'admin@plateforme-clsm.fr';
const ADMIN_PASSWORD = 'la plateforme des bilans';
const ARS = 'analyste@ars-idf.fr';
const COORD = 'coordination@clsm-paris-14.fr';
const YEAR = 2025;
const BILAN = `/bilans/clsm-75-14/${YEAR}`;

let smtp: TestSmtp;
let h: Harness;
let browser: Browser;
let database: TestDatabase;

before(async () => {
  smtp = await startSmtp();
  database = await createTestDatabase();
  // A free port first: the links of the mails (PUBLIC_URL) lead to this server.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await buildApp(testConfig({ ...database.target, loginMaxPerMinute: 1000, mail: { smtpUrl: smtp.url, publicUrl: baseUrl, workerIntervalMs: 100 } }));
  await app.listen({ host: '127.0.0.1', port });
  // What exists before anyone signs in: the registry, the campaign, one admin (created with `npm run cli -- user add`).
  for (const c of [
    { id: 'clsm-75-14', nom: 'CLSM Paris 14e', region: '11', departement: '75', statut: 'actif' as const, annee_creation: 2012 },
    { id: 'clsm-93-sd', nom: 'CLSM Saint-Denis', region: '11', departement: '93', statut: 'actif' as const, annee_creation: 2018 },
    { id: 'clsm-35-re', nom: 'CLSM Rennes', region: '53', departement: '35', statut: 'actif' as const, annee_creation: 2010 },
  ])
    await app.services.clsm.create(SYSTEM_USER, c);
  await app.services.campagnes.create(SYSTEM_USER, { annee: YEAR, statut: 'ouverte' });
  await app.services.users.create(SYSTEM_USER, { email: ADMIN, password: ADMIN_PASSWORD, role: 'admin' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  h = { world: { app, dir: database.dir, close: async () => app.close() }, baseUrl, browser, close: async () => undefined };
});

after(async () => {
  await browser?.close();
  await h?.world.close();
  await smtp?.close();
  await database?.drop();
});

/** The link of the latest mail to `to` whose subject matches. */
async function linkOf(to: string, subject: RegExp): Promise<string> {
  const mail = await smtp.waitFor((m) => m.to.includes(to) && subject.test(m.subject), 20_000);
  return firstLink(mail);
}

async function choosePassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await page.locator('#password').fill(password);
  await page.locator('#password_confirmation').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: /mot de passe et me connecter/ }).click()]);
}

test('the whole story of a campaign, with its mails', async () => {
  // 1. The admin invites the ARS analyst of Île-de-France.
  const adminCtx = await newContext(h);
  const admin = await adminCtx.newPage();
  await admin.goto('/connexion');
  await admin.getByLabel('Adresse électronique').fill(ADMIN);
  await admin.getByLabel('Mot de passe').fill(ADMIN_PASSWORD);
  await Promise.all([admin.waitForURL((u) => u.pathname === '/'), admin.getByRole('button', { name: 'Se connecter' }).click()]);
  await admin.getByRole('link', { name: 'Comptes' }).first().click();
  await admin.locator('#invite-email').fill(ARS);
  await admin.locator('#role').selectOption('ars');
  await admin.locator('#region').selectOption('11');
  await Promise.all([admin.waitForURL(/fait=invitation/), admin.getByRole('button', { name: 'Envoyer l’invitation' }).click()]);
  await admin.getByText(`Invitation envoyée à ${ARS}`).waitFor();

  // 2. The analyst chooses a password from the mail, then invites the coordinator of Paris 14e.
  const arsCtx = await newContext(h);
  const ars = await arsCtx.newPage();
  await choosePassword(ars, await linkOf(ARS, /choisissez votre mot de passe/), 'suivi régional des clsm');
  await ars.getByRole('heading', { name: `Campagne ${YEAR}` }).waitFor();
  await ars.goto('/admin/comptes');
  await ars.locator('#invite-email').fill(COORD);
  await ars.locator('#role').selectOption('coordinateur');
  await ars.locator('#clsm_ids').selectOption('clsm-75-14');
  await Promise.all([ars.waitForURL(/fait=invitation/), ars.getByRole('button', { name: 'Envoyer l’invitation' }).click()]);

  // 3. The coordinator chooses a password, fills in every section and submits.
  const coordCtx = await newContext(h);
  const coord = await coordCtx.newPage();
  const invitation = await linkOf(COORD, /choisissez votre mot de passe/);
  assert.match((await smtp.waitFor((m) => m.to.includes(COORD))).text, new RegExp(`${ARS} vous a créé un compte sur Bilan CLSM`));
  await choosePassword(coord, invitation, 'mon clsm du quatorzième');
  await coord.getByRole('link', { name: `Commencer le bilan ${YEAR}` }).click();
  for (const id of await sectionIds(coord)) {
    await coord.goto(`${BILAN}?section=${id}`);
    // The territory is chosen from the official geography (2027.1), not typed.
    if (id === 'territoire') await addCommune(coord, 'paris 14', 'Paris 14e Arrondissement (75114)');
    await fillVisibleFields(coord);
    await Promise.all([coord.waitForLoadState('load'), coord.getByRole('button', { name: /^Enregistrer et (continuer|vérifier)/ }).click()]);
    assert.equal(await coord.locator('#erreurs').count(), 0, `erreurs dans la section ${id}`);
  }
  await coord.goto(`${BILAN}/envoi`);
  assert.deepEqual(await coord.locator('.bc-missing a').allTextContents(), []);
  await coord.getByRole('button', { name: /Envoyer le bilan/ }).click();
  await coord.getByText(`Merci ! Votre bilan ${YEAR} a été envoyé à l’ARS.`).waitFor();

  // 4. The ARS is told, opens the bilan from the mail and returns it with a comment.
  const review = await linkOf(ARS, /Bilan 2025 du CLSM Paris 14e soumis : à relire/);
  assert.equal(new URL(review).pathname, `${BILAN}/relecture`);
  await ars.goto(review);
  await ars.locator('#commentaire-general').fill('Le nombre de réunions du COPIL semble faible : pouvez-vous vérifier ?');
  await Promise.all([ars.waitForURL(/\/suivi/), ars.getByRole('button', { name: 'Renvoyer pour correction' }).click()]);

  // 5. The coordinator receives the comment, corrects and submits again.
  const returned = await smtp.waitFor((m) => m.to.includes(COORD) && /renvoyé pour correction/.test(m.subject), 20_000);
  assert.match(returned.text, /- Le nombre de réunions du COPIL semble faible : pouvez-vous vérifier \?/);
  await coord.goto(firstLink(returned));
  await coord.getByText('Bilan renvoyé pour correction par l’ARS').waitFor();
  await coord.goto(`${BILAN}?section=gouvernance`);
  await coord.locator('#f-copil_nb_reunions').fill('5');
  await coord.locator('#f-copil_nb_reunions').blur();
  await coord.locator('#bc-save-status').filter({ hasText: /^Enregistré à/ }).waitFor();
  await coord.goto(`${BILAN}/envoi`);
  assert.deepEqual(await coord.locator('.bc-missing a').allTextContents(), []);
  await coord.getByRole('button', { name: /Envoyer le bilan/ }).click();
  await coord.getByText(`Merci ! Votre bilan ${YEAR} a été envoyé à l’ARS.`).waitFor();

  // 6. The ARS validates; the coordinator is told.
  await ars.goto(`${BILAN}/relecture`);
  await Promise.all([ars.waitForURL(/\/suivi/), ars.getByRole('button', { name: 'Valider le bilan' }).click()]);
  const validated = await smtp.waitFor((m) => m.to.includes(COORD) && /validé/.test(m.subject), 20_000);
  assert.equal(validated.subject, 'Bilan 2025 du CLSM Paris 14e validé');
  // Nobody else got a mail about this CLSM; the admin got none at all.
  assert.deepEqual([...new Set(smtp.mails.flatMap((m) => m.to))].sort(), [ARS, COORD].sort());

  // 7. A forgotten password: the session the coordinator had opened before the reset is refused after it.
  const resetCtx = await newContext(h);
  const reset = await resetCtx.newPage();
  await reset.goto('/connexion');
  await reset.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await reset.getByLabel('Adresse électronique').fill(COORD);
  await reset.getByRole('button', { name: 'Recevoir un lien' }).click();
  await reset.getByText('Si un compte existe pour cette adresse').waitFor();
  await choosePassword(reset, await linkOf(COORD, /nouveau mot de passe/), 'un tout nouveau mot de passe');
  await reset.getByRole('heading', { name: 'CLSM Paris 14e' }).waitFor();
  await coord.goto('/');
  assert.equal(new URL(coord.url()).pathname, '/connexion');
  await coord.getByRole('heading', { name: 'Connexion à Bilan CLSM' }).waitFor();

  for (const ctx of [adminCtx, arsCtx, coordCtx, resetCtx]) await ctx.close();
});
