/**
 * The database of `npm run bench:rush`: ten years of a national campaign and
 * the open one, at ten times the national count of CLSM.
 *
 * - a registry of 3 000 CLSM over the 13 metropolitan régions, in proportion
 *   to their population, each in one of the région's départements;
 * - campaigns 2016-2025 closed, 300 bilans each (3 000 in all), two thirds
 *   validated and one third submitted, complete synthetic answers
 *   (fixtures/lib/synthetic.ts), every other one consenting to the CCOMS;
 * - campaign 2026 open, every CLSM with a draft in progress (the deadline
 *   rush: coordinators finishing their bilan), complete synthetic answers
 *   drawn from DRAFTS distinct sets (the load generator then renders each
 *   section's form once per set, not once per coordinator);
 * - one coordinator account per CLSM (or fewer, for quick runs), one ARS
 *   account per région, a CCOMS and an admin account, all with PASSWORD.
 *
 * Only the app's own services write (registry and bilans imports, campagnes,
 * accounts), as the administration would. Deterministic for a given seed.
 */
import { SYSTEM_USER } from '../server/domain/access.ts';
import { registryCsv } from '../server/exchange/registry-csv.ts';
import type { Clsm, Services } from '../server/services/index.ts';
import { bilansCsv } from '../fixtures/lib/csv.ts';
import { createRng } from '../fixtures/lib/prng.ts';
import { drawProfile, syntheticAnswers } from '../fixtures/lib/synthetic.ts';
import { flattenAnswers, getQuestionnaire, type Answers, type FlatRow } from '../survey-schema/index.ts';

export const PASSWORD = 'Banc-rush-2026-charge-CLSM';
export const OPEN_YEAR = 2026;
export const PAST_YEARS = Array.from({ length: 10 }, (_, i) => 2016 + i);
/** Distinct answer sets of the 2026 drafts. */
export const DRAFTS = 100;

/** Metropolitan régions (INSEE code), population in millions (weight), départements. */
export const REGIONS: [string, number, string[]][] = [
  ['11', 12.3, ['75', '77', '78', '91', '92', '93', '94', '95']],
  ['24', 2.6, ['18', '28', '36', '37', '41', '45']],
  ['27', 2.8, ['21', '25', '39', '58', '70', '71', '89', '90']],
  ['28', 3.3, ['14', '27', '50', '61', '76']],
  ['32', 6.0, ['02', '59', '60', '62', '80']],
  ['44', 5.6, ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88']],
  ['52', 3.9, ['44', '49', '53', '72', '85']],
  ['53', 3.4, ['22', '29', '35', '56']],
  ['75', 6.1, ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87']],
  ['76', 6.1, ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82']],
  ['84', 8.1, ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74']],
  ['93', 5.1, ['04', '05', '06', '13', '83', '84']],
  ['94', 0.35, ['2A', '2B']],
];

export interface RushSeedOptions {
  /** CLSM in the registry (each with a 2026 draft); default 3 000. */
  clsm?: number;
  /** Coordinator accounts, for the first CLSM; default all of them. */
  coordinators?: number;
  seed?: number;
}

export interface RushCoordinator {
  email: string;
  clsm: string;
  /** The answers of its 2026 draft as seeded: one of DRAFTS sets, shared (not to be modified). */
  answers: Answers;
}

export interface RushAnalyst {
  email: string;
  role: 'ars' | 'ccoms' | 'admin';
  region: string | null;
}

export interface RushSeed {
  coordinators: RushCoordinator[];
  /** One per ARS région, then the CCOMS, then the admin. */
  analysts: RushAnalyst[];
  /** Submitted or validated bilans of the past campaigns. */
  submitted: number;
}

/** The région of the i-th of n CLSM: régions take contiguous shares in proportion to their weight. */
function regionAt(i: number, n: number): [string, string[]] {
  const total = REGIONS.reduce((s, [, w]) => s + w, 0);
  let at = ((i + 0.5) / n) * total;
  for (const [code, w, deps] of REGIONS) {
    if (at < w) return [code, deps];
    at -= w;
  }
  const [code, , deps] = REGIONS[REGIONS.length - 1]!;
  return [code, deps];
}

export async function seedRush(services: Services, options: RushSeedOptions = {}): Promise<RushSeed> {
  const q = getQuestionnaire();
  const rng = createRng(options.seed ?? 2026);
  const count = options.clsm ?? 3_000;
  const perYear = Math.ceil(count / PAST_YEARS.length);

  const registry: Clsm[] = [];
  const past: { valide: FlatRow[]; soumis: FlatRow[] } = { valide: [], soumis: [] };
  const drafts: FlatRow[] = [];
  const coordinators: RushCoordinator[] = [];
  const inRegion = new Map<string, number>();
  // Every other set consents to the CCOMS, as every other CLSM (DRAFTS is even).
  const draftSets = Array.from({ length: DRAFTS }, (_, k) => ({ ...syntheticAnswers(q, rng, OPEN_YEAR, drawProfile(rng)), consentement_ccoms: k % 2 === 0 ? 'oui' : 'non' }));
  for (let i = 0; i < count; i++) {
    const [region, deps] = regionAt(i, count);
    const k = inRegion.get(region) ?? 0;
    inRegion.set(region, k + 1);
    const departement = deps[k % deps.length]!;
    const id = `rush-${String(i + 1).padStart(4, '0')}`;
    // One past bilan per CLSM: 300 a year for 3 000 CLSM (ten years of a national campaign).
    const annee = PAST_YEARS[Math.floor(i / perYear) % PAST_YEARS.length]!;
    const profile = drawProfile(rng, rng.int(2005, annee));
    registry.push({ id, nom: `CLSM banc ${id}`, region, departement, annee_creation: profile.annee_creation, statut: 'actif', autres_departements: null, communes: null });
    const consent = i % 2 === 0 ? 'oui' : 'non';
    const old = { ...syntheticAnswers(q, rng, annee, profile), consentement_ccoms: consent };
    (i % 3 === 2 ? past.soumis : past.valide).push(flattenAnswers(q, old, { clsm_id: id, annee }));
    const current = draftSets[i % DRAFTS]!;
    drafts.push(flattenAnswers(q, current, { clsm_id: id, annee: OPEN_YEAR }));
    if (i < (options.coordinators ?? count)) coordinators.push({ email: `coord-${id}@rush.test`, clsm: id, answers: current });
  }

  const refused = (what: string, errors: Array<{ ligne?: number; message: string }>) =>
    new Error(`Import du banc refusé (${what}) : ${errors.slice(0, 3).map((e) => `ligne ${e.ligne} : ${e.message}`).join(' ; ')}`);
  // A registry import takes at most 2 000 CLSM (issue 15): the bench imports it in parts, as an admin would.
  for (let start = 0; start < registry.length; start += 2_000) {
    const imported = await services.clsm.importCsv(SYSTEM_USER, registryCsv(registry.slice(start, start + 2_000)));
    if (!imported.ok) throw refused('registre', imported.errors);
  }
  await services.campagnes.create(SYSTEM_USER, { annee: OPEN_YEAR, statut: 'ouverte' });
  for (const [statut, rows] of [['valide', past.valide], ['soumis', past.soumis], ['brouillon', drafts]] as const) {
    const report = await services.exchange.importCsv(SYSTEM_USER, bilansCsv(q, rows), { statut });
    if (!report.ok) throw refused(statut, report.errors);
  }

  for (const c of coordinators) await services.users.create(SYSTEM_USER, { email: c.email, password: PASSWORD, role: 'coordinateur', clsmIds: [c.clsm] });
  const analysts: RushAnalyst[] = [
    ...REGIONS.map(([region]): RushAnalyst => ({ email: `ars-${region}@rush.test`, role: 'ars', region })),
    { email: 'ccoms@rush.test', role: 'ccoms', region: null },
    { email: 'admin@rush.test', role: 'admin', region: null },
  ];
  for (const a of analysts) await services.users.create(SYSTEM_USER, { email: a.email, password: PASSWORD, role: a.role, region: a.region });
  return { coordinators, analysts, submitted: past.valide.length + past.soumis.length };
}
