/**
 * Demonstration data for `npm start` on an empty database:
 * - the datasets of fixtures/ (registry + validated bilans of past years),
 *   each skipped with a log line when absent; the campagnes of their years
 *   created first in the dataset's questionnaire version (the historical
 *   reconstructions in 2026.1, the demonstration in 2027.1), so that each
 *   bilan is read with its own;
 * - the open campaign of activity year 2025, in the current version (2027.1),
 *   with a realistic mix of bilans: not started, drafts prefilled from last
 *   year (some answers still "à confirmer"), submitted, returned with a
 *   comment, validated;
 * - one account per role, with fixed passwords (README, start log).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetInfo } from '../../fixtures/index.ts';
import { CURRENT_VERSION, validateSubmission, getQuestionnaire, type Answers } from '../../survey-schema/index.ts';
import { SYSTEM_USER, type AuthUser } from '../domain/access.ts';
import type { Services } from '../services/index.ts';

export const DEMO_YEAR = 2025;
/** Folders of fixtures/ loaded in this order (the demonstration first, then the historical reconstructions). */
export const DEMO_DATASETS = ['demo', 'ccoms-2018', 'ars-idf-2016-2017', 'ceapsy-2021'] as const;
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export const DEMO_REGION = '11'; // Île-de-France
export const DEMO_CLSM = 'demo-001';
export const DEMO_ACCOUNTS = [
  { email: 'admin@bilan-clsm.test', password: 'demo-plateforme-2025', role: 'admin', label: 'administration' },
  { email: 'ccoms@bilan-clsm.test', password: 'demo-national-2025', role: 'ccoms', label: 'CCOMS, national, lecture seule' },
  { email: 'ars-idf@bilan-clsm.test', password: 'demo-region-idf-2025', role: 'ars', region: DEMO_REGION, label: 'ARS Île-de-France (région 11)' },
  { email: 'coordination@bilan-clsm.test', password: 'demo-mon-clsm-2025', role: 'coordinateur', clsmIds: [DEMO_CLSM], label: `coordonnateur·rice du CLSM ${DEMO_CLSM}` },
] as const;

interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Nothing in the registry and no account yet. */
export async function isEmptyDatabase(services: Services): Promise<boolean> {
  return (await services.clsm.list(SYSTEM_USER)).length === 0 && (await services.users.list(SYSTEM_USER)).length === 0;
}

async function loadDatasets(services: Services, log: Logger): Promise<void> {
  for (const id of DEMO_DATASETS) {
    const registry = `${FIXTURES}${id}/registry.csv`;
    const bilans = `${FIXTURES}${id}/bilans.csv`;
    if (!existsSync(registry) || !existsSync(bilans)) {
      log.info(`Démonstration : jeu de données fixtures/${id} absent, ignoré.`);
      continue;
    }
    const { version, years } = datasetInfo(id);
    const campagnes = new Set((await services.campagnes.list()).map((c) => c.annee));
    for (const annee of years) if (!campagnes.has(annee)) await services.campagnes.create(SYSTEM_USER, { annee, questionnaire_version: version, statut: 'fermee' });
    const r = await services.clsm.importCsv(SYSTEM_USER, readFileSync(registry));
    if (!r.ok) {
      log.warn(`Démonstration : registre de fixtures/${id} refusé : ${r.errors.slice(0, 3).map((e) => `ligne ${e.ligne} : ${e.message}`).join(' ; ')}`);
      continue;
    }
    const b = await services.exchange.importCsv(SYSTEM_USER, readFileSync(bilans), { statut: 'valide', questionnaire_version: version });
    if (b.ok) log.info(`Démonstration : fixtures/${id} chargé (${r.created} CLSM, ${b.imported} bilans validés ${b.years.join(', ')}, questionnaire ${version}).`);
    else log.warn(`Démonstration : bilans de fixtures/${id} refusés : ${b.errors.slice(0, 3).map((e) => `ligne ${e.ligne} : ${e.message}`).join(' ; ')}`);
  }
}

/** The 2025 campagne in progress: a mix of statuts over the active CLSM of the demonstration registry. */
async function seedOpenCampagne(services: Services, ars: AuthUser, log: Logger): Promise<void> {
  const admin = SYSTEM_USER;
  if (!(await services.campagnes.list()).some((c) => c.annee === DEMO_YEAR)) {
    await services.campagnes.create(admin, { annee: DEMO_YEAR, questionnaire_version: CURRENT_VERSION, opens_on: `${DEMO_YEAR + 1}-01-15`, closes_on: `${DEMO_YEAR + 1}-12-31`, statut: 'ouverte' });
  }
  // Every active CLSM is expected, those of the historical datasets too: the mix spans them all.
  const clsm = (await services.clsm.list(admin, { statut: 'actif' })).sort((a, b) => a.id.localeCompare(b.id));
  const counts: Record<string, number> = {};
  const questionnaire = getQuestionnaire();
  const mix = ['non_commence', 'brouillon', 'soumis', 'renvoye', 'valide', 'brouillon', 'soumis', 'valide', 'non_commence', 'soumis'] as const;
  // Complete answer sets of past years: the historical reconstructions hold only the published
  // items, so their CLSM take the other answers of this fictional year from one of these.
  const valid = await services.bilans.list(admin, { statuts: ['valide'] });
  const stored: Answers[] = [];
  for (const b of valid) stored.push((await services.bilans.get(admin, b.clsm_id, b.annee)).answers);
  const complete = stored
    .map((answers) => validateSubmission(questionnaire, { ...answers, consentement_ccoms: 'oui' }, { annee: DEMO_YEAR }))
    .filter((r) => r.ok)
    .map((r) => r.answers);
  let i = 0;
  for (const { id, region, departement } of clsm) {
    // The coordinator's own CLSM stays "not started": signing in shows last year's answers carried forward.
    const plan = id === DEMO_CLSM ? 'non_commence' : mix[i++ % mix.length]!;
    counts[plan] = (counts[plan] ?? 0) + 1;
    if (plan === 'non_commence') continue;
    const { answers: carried } = await services.bilans.get(admin, id, DEMO_YEAR);
    const filler = complete.length ? complete[i % complete.length]! : {};
    const consent = i % 3 === 0 ? 'non' : 'oui';
    // Last year's answers, and this year's filled in from a complete fictional bilan.
    let answers: Record<string, unknown> = { ...fillIn(carried, filler), consentement_ccoms: consent };
    if (plan === 'brouillon') {
      // A draft in progress: this year's figures not entered yet, last year's "à confirmer" not confirmed yet.
      answers = { ...answers, coord_vacance_mois: null, copil_nb_reunions: null, ap_nb_reunions: null };
    } else {
      // A bilan to send: when last year's answers and the filled-in ones do not make a complete, consistent
      // bilan (a historical reconstruction holds only the published items), this year's are rewritten whole.
      const context = { annee: DEMO_YEAR, region, departement };
      if (!validateSubmission(questionnaire, { ...carried, ...answers }, context).ok) {
        const whole = complete.find((c, k) => k >= i % complete.length && validateSubmission(questionnaire, c, context).ok) ?? filler;
        answers = { ...Object.fromEntries(Object.keys(carried).map((v) => [v, null])), ...whole, consentement_ccoms: consent };
      }
    }
    const draft = await services.bilans.saveDraft(admin, id, DEMO_YEAR, {
      answers,
      version: 0,
      confirm_variables: [],
      // A bilan sent was checked section by section ("rien n'a changé") before.
      confirm_sections: plan === 'brouillon' ? [] : questionnaire.sections.map((s) => s.id),
    });
    if (plan === 'brouillon') continue;
    const reviewer = ars.region === region ? ars : admin;
    try {
      await services.bilans.submit(admin, id, DEMO_YEAR, { version: draft.version });
    } catch {
      // Carried-forward and filled-in answers that do not make a complete bilan: it stays a draft.
      counts[plan]--;
      counts.brouillon = (counts.brouillon ?? 0) + 1;
      continue;
    }
    if (plan === 'renvoye') {
      await services.bilans.return(reviewer, id, DEMO_YEAR, {
        comments: [{ variable: 'copil_nb_reunions', message: 'Le nombre de réunions du COPIL paraît faible pour 2025 : pouvez-vous le vérifier ?' }],
      });
    }
    if (plan === 'valide') await services.bilans.validate(reviewer, id, DEMO_YEAR);
  }
  log.info(`Démonstration : campagne ${DEMO_YEAR} ouverte — ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
}

const isGrid = (v: unknown): v is Record<string, Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The answers of `filler` that `carried` lacks: whole questions, and the missing cells of grids. */
function fillIn(carried: Answers, filler: Answers): Answers {
  const out: Answers = {};
  for (const [variable, value] of Object.entries(filler)) {
    const mine = carried[variable];
    if (mine === undefined) out[variable] = value;
    else if (isGrid(mine) && isGrid(value)) {
      const rows = Object.fromEntries(Object.entries(value).map(([row, cells]) => [row, { ...cells, ...(mine[row] ?? {}) }]));
      out[variable] = { ...mine, ...rows } as Answers[string];
    }
  }
  return out;
}

export async function seedDemo(services: Services, log: Logger): Promise<void> {
  await loadDatasets(services, log);
  const users: AuthUser[] = [];
  const hasDemoClsm = (await services.clsm.list(SYSTEM_USER)).some((c) => c.id === DEMO_CLSM);
  for (const account of DEMO_ACCOUNTS) {
    if (account.role === 'coordinateur' && !hasDemoClsm) {
      log.warn(`Démonstration : CLSM ${DEMO_CLSM} absent, compte ${account.email} non créé.`);
      continue;
    }
    users.push(await services.users.create(SYSTEM_USER, { ...account, clsmIds: 'clsmIds' in account ? [...account.clsmIds] : [] }));
  }
  await seedOpenCampagne(services, users[2]!, log);
}

export function demoAccountsText(): string {
  return ['Comptes de démonstration (mots de passe initiaux) :', ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(30)} ${a.password.padEnd(21)} ${a.label}`)].join('\n');
}
