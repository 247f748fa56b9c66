/**
 * A small world for the web tests (integration and browser): two regions,
 * four CLSM of their own plus the demonstration dataset, one account per role, an open 2025 campaign and a 2024 bilan
 * to carry forward. Built through the services, like real data.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { testConfig, type Config } from '../../server/config.ts';
import { SYSTEM_USER, type AuthUser } from '../../server/domain/access.ts';
import { datasetPath, loadBilans } from '../../fixtures/index.ts';
import { communesOf, getQuestionnaire, indexOf, validateSubmission, type Answers, type Question } from '../../survey-schema/index.ts';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from '../support/database.ts';

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
  const database = await createTestDatabase();
  const dir = database.dir;
  const app = await buildApp(testConfig({ ...database.target, loginMaxPerMinute: 1000, ...overrides }));
  const { services } = app;
  const system = SYSTEM_USER;
  for (const c of [
    { id: 'clsm-75-14', nom: 'CLSM Paris 14e', region: '11', departement: '75', statut: 'actif' as const, annee_creation: 2012 },
    { id: 'clsm-93-sd', nom: 'CLSM Saint-Denis', region: '11', departement: '93', statut: 'actif' as const, annee_creation: 2018 },
    { id: 'clsm-94-iv', nom: 'CLSM Ivry-sur-Seine', region: '11', departement: '94', statut: 'actif' as const, annee_creation: 2015 },
    { id: 'clsm-35-re', nom: 'CLSM Rennes', region: '53', departement: '35', statut: 'actif' as const, annee_creation: 2010 },
  ])
    await services.clsm.create(system, c);
  // The demonstration dataset: validated bilans 2021-2024 of fictional CLSM (dashboards).
  const registry = await services.clsm.importCsv(system, readFileSync(datasetPath('demo', 'registry.csv')));
  if (!registry.ok) throw new Error(`registre de démonstration refusé : ${registry.errors[0]?.message}`);
  const bilans = await services.exchange.importCsv(system, readFileSync(datasetPath('demo', 'bilans.csv')), { statut: 'valide' });
  if (!bilans.ok) throw new Error(`bilans de démonstration refusés : ${bilans.errors[0]?.message}`);
  if (!(await services.campagnes.list()).some((c) => c.annee === 2024)) await services.campagnes.create(system, { annee: 2024, statut: 'fermee' });
  await services.campagnes.create(system, { annee: CAMPAIGN, statut: 'ouverte' });
  await services.users.create(system, { email: ACCOUNTS.coordinateur, password: PASSWORD, role: 'coordinateur', clsmIds: ['clsm-75-14'] });
  await services.users.create(system, { email: ACCOUNTS.coordinateurSansHistorique, password: PASSWORD, role: 'coordinateur', clsmIds: ['clsm-93-sd'] });
  await services.users.create(system, { email: ACCOUNTS.ars, password: PASSWORD, role: 'ars', region: '11' });
  await services.users.create(system, { email: ACCOUNTS.arsBretagne, password: PASSWORD, role: 'ars', region: '53' });
  await services.users.create(system, { email: ACCOUNTS.ccoms, password: PASSWORD, role: 'ccoms' });
  await services.users.create(system, { email: ACCOUNTS.admin, password: PASSWORD, role: 'admin' });
  // Last year's bilan of Paris 14e, to be carried forward into 2025.
  await services.bilans.saveDraft(system, 'clsm-75-14', 2024, {
    version: 0,
    answers: { annee_creation: 2012, coord_existe: 'oui', coord_etp: 0.5, terr_communes_insee: ['75114'], copil_existe: 'oui', copil_nb_reunions: 2 },
  });
  return {
    app,
    dir,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** An account of the world, as the services see it (to act as that person). */
export async function account(app: FastifyInstance, email: string): Promise<AuthUser> {
  const found = (await app.services.users.list(SYSTEM_USER)).find((u) => u.email === email);
  if (!found) throw new Error(`Compte absent : ${email}`);
  return found;
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

/**
 * The longest bilan a coordinator can send: every working-group theme in
 * place with its action, every actor present at the COPIL and the plenary
 * assembly, many communes, every free text of the fiche at its maximum
 * length. What the one-page fiche must still hold.
 */
export function longestAnswers(annee = CAMPAIGN): Answers {
  const q = getQuestionnaire();
  const base = completeAnswers(annee);
  const index = indexOf(q);
  const grid = (variable: string) => index.questions.get(variable)!.question as Question & { kind: 'grille' };
  const words = (n: number) => 'Renforcer la coordination entre la psychiatrie, les services sociaux et les habitant·es du territoire ; '.repeat(Math.ceil(n / 100)).slice(0, n).trim();
  const themes = Object.fromEntries(grid('gt_themes').rows.map((r, i) => [r.code, { gt_theme: 'oui', gt_reunions: 10 + i, gt_participants: 25, gt_usagers: 'oui', gt_action: words(300) }]));
  const members = (variable: string) => Object.fromEntries(grid(variable).rows.map((r) => [r.code, { [variable]: 'membre' }]));
  return {
    ...base,
    terr_echelle: 'intercommunal',
    terr_communes_insee: communesOf(['93']).slice(0, 40).map((c) => c.code),
    gt_themes: themes,
    gt_theme_autre_precision: words(300),
    copil_membre: members('copil_membre'),
    ap_membre: members('ap_membre'),
    objectifs_annee: words(4000),
  };
}
