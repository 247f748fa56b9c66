/**
 * A small world for the web tests (integration and browser): two regions,
 * four CLSM of their own plus the demonstration dataset, one account per role, an open 2025 campaign and a 2024 bilan
 * to carry forward. Built through the repositories, like real data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { testConfig, type Config } from '../../server/config.ts';
import { createCampaign, findCampaign } from '../../server/repositories/campaign.repository.ts';
import { upsertClsm } from '../../server/repositories/clsm.repository.ts';
import { createUser } from '../../server/repositories/user.repository.ts';
import { saveDraft } from '../../server/repositories/bilan.repository.ts';
import { importBilansCsv } from '../../server/exchange/bilans-import.ts';
import { importRegistryCsv } from '../../server/exchange/registry-import.ts';
import { datasetPath, loadBilans } from '../../fixtures/index.ts';
import { getQuestionnaire, validateSubmission, type Answers } from '../../survey-schema/index.ts';
import { readFileSync } from 'node:fs';

export const PASSWORD = 'mot-de-passe-de-test-2025';
export const ACCOUNTS = {
  coordinateur: 'coordination@clsm-paris-14.fr',
  coordinateurSansHistorique: 'coordination@clsm-saint-denis.fr',
  ars: 'analyste@ars-idf.fr',
  arsBretagne: 'analyste@ars-bretagne.fr',
  ccoms: 'equipe@ccoms.fr',
  admin: 'admin@bilan-clsm.fr',
} as const;

export const CAMPAIGN = 2025;

export interface TestWorld {
  app: FastifyInstance;
  dir: string;
  close(): Promise<void>;
}

export async function buildWorld(overrides: Partial<Config> = {}): Promise<TestWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-web-'));
  // Draft saves in their own thread, as `npm start` runs them: the form's autosave goes through it.
  const app = await buildApp(testConfig({ databasePath: join(dir, 'test.sqlite'), loginMaxPerMinute: 1000, saveThread: true, ...overrides }));
  const db = app.db;
  const cost = app.config.argon2;
  await upsertClsm(db, [
    { id: 'clsm-75-14', nom: 'CLSM Paris 14e', region: '11', departement: '75', statut: 'actif', annee_creation: 2012 },
    { id: 'clsm-93-sd', nom: 'CLSM Saint-Denis', region: '11', departement: '93', statut: 'actif', annee_creation: 2018 },
    { id: 'clsm-94-iv', nom: 'CLSM Ivry-sur-Seine', region: '11', departement: '94', statut: 'actif', annee_creation: 2015 },
    { id: 'clsm-35-re', nom: 'CLSM Rennes', region: '53', departement: '35', statut: 'actif', annee_creation: 2010 },
  ]);
  // The demonstration dataset: validated bilans 2021-2024 of fictional CLSM (dashboards).
  const registry = await importRegistryCsv(db, readFileSync(datasetPath('demo', 'registry.csv')));
  if (!registry.ok) throw new Error(`registre de démonstration refusé : ${registry.errors[0]?.message}`);
  const bilans = await importBilansCsv(db, readFileSync(datasetPath('demo', 'bilans.csv')), { status: 'valide' });
  if (!bilans.ok) throw new Error(`bilans de démonstration refusés : ${bilans.errors[0]?.message}`);
  if (!(await findCampaign(db, 2024))) await createCampaign(db, null, { annee: 2024, statut: 'fermee' });
  await createCampaign(db, null, { annee: CAMPAIGN, statut: 'ouverte' });
  await createUser(db, cost, { email: ACCOUNTS.coordinateur, password: PASSWORD, role: 'coordinateur', clsmIds: ['clsm-75-14'] });
  await createUser(db, cost, { email: ACCOUNTS.coordinateurSansHistorique, password: PASSWORD, role: 'coordinateur', clsmIds: ['clsm-93-sd'] });
  await createUser(db, cost, { email: ACCOUNTS.ars, password: PASSWORD, role: 'ars', region: '11' });
  await createUser(db, cost, { email: ACCOUNTS.arsBretagne, password: PASSWORD, role: 'ars', region: '53' });
  await createUser(db, cost, { email: ACCOUNTS.ccoms, password: PASSWORD, role: 'ccoms' });
  const admin = await createUser(db, cost, { email: ACCOUNTS.admin, password: PASSWORD, role: 'admin' });
  // Last year's bilan of Paris 14e, to be carried forward into 2025.
  await saveDraft(db, admin, 'clsm-75-14', 2024, {
    version: 0,
    answers: { annee_creation: 2012, coord_existe: 'oui', coord_etp: 0.5, terr_population: 140000, copil_existe: 'oui', copil_nb_reunions: 2 },
  });
  return {
    app,
    dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A complete answer set for a campaign year: the first demonstration bilan that passes submission. */
export function completeAnswers(annee = CAMPAIGN): Answers {
  const q = getQuestionnaire();
  for (const record of loadBilans('demo', q)) {
    const r = validateSubmission(q, { ...record.answers, consentement_ccoms: 'oui' }, { annee });
    if (r.ok) return r.answers;
  }
  throw new Error('Aucun bilan complet dans fixtures/demo');
}
