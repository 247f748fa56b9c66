/**
 * Versioning: 2026.1 bilans stay readable with 2026.1 after 2027.1 is
 * published; the 2026.1 → 2027.1 mapping is complete data; a 2026.1 bilan
 * prefills a 2027.1 one through it (carry-forward policy per question); and
 * indicators over a mix of both versions agree with a hand computation.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalogue, categoriesFor, computeIndicators, flatRowsFromBilans, type Indicator } from '../../analytics/index.ts';
import {
  applyMapping,
  bilanAnnuelDefinition,
  carryForward,
  carryPolicy,
  createRegistry,
  CURRENT_VERSION,
  exampleBilan,
  exampleBilan2026,
  flatColumnNames,
  flattenAnswers,
  flattenHarmonised,
  getQuestionnaire,
  indexOf,
  mapping2026To2027,
  mappingChain,
  migrateAnswers,
  questionnaires,
  unflattenRow,
  validateDraft,
  validateSubmission,
  type Answers,
  type GridValue,
} from '../../survey-schema/index.ts';

const v2026 = getQuestionnaire('2026.1');
const v2027 = getQuestionnaire('2027.1');

describe('questionnaire versions', () => {
  it('keeps every version, 2027.1 being current', () => {
    expect([...questionnaires.keys()]).toEqual(['2026.1', '2027.1']);
    expect(CURRENT_VERSION).toBe('2027.1');
    expect(getQuestionnaire()).toBe(v2027);
    expect(() => getQuestionnaire('1999.1')).toThrow('Version de questionnaire inconnue : 1999.1');
    expect(() => createRegistry([v2026, bilanAnnuelDefinition])).toThrow('en double');
  });

  it('reads, validates and flattens a 2026.1 bilan with its own version', () => {
    const result = validateSubmission(v2026, exampleBilan2026(), { annee: 2025 });
    expect(result.ok).toBe(true);
    const row = flattenAnswers(v2026, result.answers, { clsm_id: 'c1', annee: 2025 });
    expect(row).toMatchObject({ gt_nb_reunions: 19, terr_population: 111_000, bilan_annuel_diffuse: 'oui' });
    expect(Object.keys(row)).toEqual(flatColumnNames(v2026));
    expect(unflattenRow(v2026, row)).toEqual(result.answers);
  });

  it('lets a draft clear a variable 2027.1 no longer asks (a no-op), never give it a value', () => {
    expect(validateDraft(v2027, { terr_population: null, copil_nb_reunions: null }, { annee: 2027 })).toMatchObject({ ok: true, answers: {} });
    expect(validateDraft(v2027, { terr_population: 12_000 }, { annee: 2027 }).issues.map((i) => i.message)).toEqual(['Réponses : la question « terr_population » n\'existe pas dans ce questionnaire']);
    expect(validateDraft(v2027, { terr_populaton: null }, { annee: 2027 }).ok).toBe(false);
  });

  it('would reject the same bilan as a 2027.1 one (so the version matters)', () => {
    const result = validateSubmission(v2027, exampleBilan2026(), { annee: 2025 });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.message)).toContain('Réponses : la question « bilan_annuel_diffuse » n\'existe pas dans ce questionnaire');
    expect(flatColumnNames(v2027)).not.toContain('terr_communes');
  });
});

describe('mapping 2026.1 → 2027.1', () => {
  it('accounts for every 2026.1 question: same name in 2027.1, or a mapping entry', () => {
    const later = indexOf(v2027).questions;
    const listed = new Set(mapping2026To2027.variables.map((m) => m.de));
    for (const { question } of indexOf(v2026).ordered) {
      expect(later.has(question.variable) || listed.has(question.variable), question.variable).toBe(true);
    }
    for (const m of mapping2026To2027.variables) {
      expect(indexOf(v2026).questions.has(m.de), m.de).toBe(true);
      if (m.vers) expect(later.has(m.vers), m.vers).toBe(true);
      for (const split of Object.values(m.eclate ?? {})) for (const v of Object.keys(split)) expect(later.has(v), v).toBe(true);
    }
    expect(mappingChain('2026.1', '2027.1')).toHaveLength(1);
    expect(() => mappingChain('2027.1', '2026.1')).toThrow(/antérieure/);
  });

  it('splits, recodes and drops as the data says', () => {
    expect(applyMapping(mapping2026To2027, { bilan_annuel_diffuse: 'oui', bilan_restitution_population: 'oui' })).toEqual({
      bilan_precedent_realise: 'oui',
      bilan_precedent_diffusion: ['membres', 'financeurs', 'population'],
    });
    expect(applyMapping(mapping2026To2027, { bilan_annuel_diffuse: 'non', terr_population: 40_000, gt_nb_reunions: 3 })).toEqual({});
    expect(applyMapping(mapping2026To2027, { participation_relais: ['gem', 'aucun'] })).toEqual({ participation_relais: ['gem'] });
    const grid = applyMapping(mapping2026To2027, { gt_themes: { sism: { gt_theme: 'oui' }, cellule_situations_complexes: { gt_theme: 'oui' } } }).gt_themes as GridValue;
    expect(Object.keys(grid)).toEqual(['sism']);
  });
});

describe('a 2026.1 bilan prefills 2027.1', () => {
  const carried = carryForward(v2026, exampleBilan2026(), v2027);

  it('carries stable facts, expressed in 2027.1', () => {
    expect(carried.answers).toMatchObject({ annee_creation: 2014, coord_employeur: 'hopital', copil_existe: 'oui', terr_asv: 'oui', genese_initiateurs: ['psychiatrie_adulte', 'elus'] });
    expect((carried.answers.copil_membre as GridValue).unafam).toEqual({ copil_membre: 'membre' });
    // The working-group themes carried, without this year's meetings, participants or actions.
    expect((carried.answers.gt_themes as GridValue).logement_habitat).toEqual({ gt_theme: 'oui', gt_usagers: 'oui' });
    expect((carried.answers.gt_themes as GridValue).cellule_situations_complexes).toBeUndefined();
  });

  it('never carries yearly counts, amounts, meetings or the consent; lists those "à confirmer"', () => {
    for (const v of ['consentement_ccoms', 'copil_nb_reunions', 'ap_nb_reunions', 'cellule_nb_reunions', 'financements_actions', 'usagers_compensation_montant', 'objectifs_annee', 'bilan_precedent_realise']) {
      expect(carried.answers[v], v).toBeUndefined();
    }
    expect(carried.aConfirmer).toEqual(expect.arrayContaining(['copil_nb_membres', 'copil_membre', 'gt_themes', 'coord_etp']));
    expect(carried.aConfirmer).not.toContain('annee_creation');
    expect(carried.nonRepris).toEqual(expect.arrayContaining(['consentement_ccoms', 'terr_communes', 'copil_nb_reunions', 'bilan_annuel_diffuse']));
    expect(carried.sections).toContain('genese');
  });

  it('as carried, asks this year\'s meetings again and names what last year\'s answers contradict', () => {
    const issues = validateSubmission(v2027, { ...exampleBilan(), ...carried.answers }, { annee: 2027 }).issues.map((i) => i.message);
    expect(issues).toContain('Section 5 — Thématiques des groupes de travail (Logement, habitat, Réunions en 2027) : une réponse est attendue');
    // 2026.1 said "no RESAD" next to a cellule: the consistency rule of 2027.1 names both questions.
    expect(issues).toContain(
      'Section 2 — RESAD sur le territoire : vous indiquez en section 4 que le CLSM a une cellule de situations complexes (« Existence d’une cellule de situations complexes ») : elle compte comme RESAD sur le territoire, répondez « Oui »',
    );
  });

  it('blocks the submission until the answers "à confirmer" are touched', () => {
    const answers: Answers = { ...carried.answers, ...exampleBilan() };
    const pending = validateSubmission(v2027, answers, { annee: 2027, pendingConfirmation: ['copil_nb_membres'] });
    expect(pending.ok).toBe(false);
    expect(pending.issues.map((i) => i.message)).toEqual([
      'Section 4 — Sièges au comité de pilotage : reprise de l’an dernier : confirmez ou corrigez la réponse avant l’envoi',
    ]);
    expect(validateSubmission(v2027, answers, { annee: 2027, pendingConfirmation: [] }).ok).toBe(true);
  });

  it('within a version, follows the policy too (2026.1 → 2026.1 carried everything but the consent)', () => {
    const same = carryForward(v2026, exampleBilan2026(), v2026);
    expect(same.answers.copil_nb_reunions).toBe(2);
    expect(same.answers.consentement_ccoms).toBeUndefined();
    expect(carryPolicy(v2026, 'copil_nb_reunions')).toBe('reprise');
    expect(carryPolicy(v2027, 'copil_nb_reunions')).toBe('jamais');
    const next = carryForward(v2027, exampleBilan(), v2027);
    expect(next.answers.coord_vacance_mois).toBeUndefined();
    expect(next.answers.terr_communes_insee).toEqual(['93048']);
  });

  it('migrates without inventing: a 2026.1 "non" to "bilan diffusé" says nothing of the 2027.1 "réalisé"', () => {
    const migrated = migrateAnswers(v2026, { ...exampleBilan2026(), bilan_annuel_diffuse: 'non', bilan_restitution_population: 'non' }, v2027);
    expect(migrated.bilan_precedent_realise).toBeUndefined();
    expect(migrated.terr_communes_insee).toBeUndefined();
  });
});

describe('indicators over a mix of 2026.1 and 2027.1 bilans', () => {
  /** Two 2026.1 and two 2027.1 bilans, chosen to be counted by hand. */
  const old1 = exampleBilan2026(); // COPIL: Unafam membre, ASV membre; bilan diffusé; population 111 000; 19 GT meetings
  const old2: Answers = { ...exampleBilan2026(), bilan_annuel_diffuse: 'non', terr_population: 250_000, gt_nb_reunions: 5 };
  (old2.copil_membre as GridValue).unafam = { copil_membre: 'invite_absent' };
  const new1 = exampleBilan(); // Montreuil (111 934 inhabitants), ASV membre, bilan réalisé, GT 4+3+2+0 = 9 meetings
  const new2: Answers = { ...exampleBilan(), terr_asv: 'non', bilan_precedent_realise: 'non', terr_communes_insee: ['75111', '75112'] };
  delete new2.bilan_precedent_diffusion;
  const grid2 = structuredClone(new2.copil_membre) as GridValue;
  grid2.asv = { copil_membre: 'sans_objet' };
  grid2.unafam = { copil_membre: 'membre_presence_non_relevee' };
  new2.copil_membre = grid2;
  const bilans = [
    { clsm_id: 'a', annee: 2025, region: '11', departement: '93', questionnaire_version: '2026.1', answers: old1 },
    { clsm_id: 'b', annee: 2025, region: '11', departement: '93', questionnaire_version: '2026.1', answers: old2 },
    { clsm_id: 'c', annee: 2027, region: '11', departement: '93', questionnaire_version: '2027.1', answers: new1 },
    { clsm_id: 'd', annee: 2027, region: '11', departement: '75', questionnaire_version: '2027.1', answers: new2 },
  ];
  for (const b of bilans) expect(validateSubmission(getQuestionnaire(b.questionnaire_version), b.answers, { annee: b.annee, region: b.region }).ok, b.clsm_id).toBe(true);
  const rows = flatRowsFromBilans(bilans);
  const catalogue = buildCatalogue(v2027);
  const results = computeIndicators(rows, catalogue, {}, categoriesFor(v2027));
  const get = (id: string, category: string) => {
    const r = results.find((x) => x.id === id && x.category === category);
    return r ? [r.n, r.N] : undefined;
  };

  it('puts both versions in the same columns', () => {
    expect(rows.every((r) => Object.keys(r).join() === flatColumnNames(v2027).join())).toBe(true);
    expect(rows.map((r) => r.terr_population)).toEqual([111_000, 250_000, 111_934, 138_170 + 138_024 /* Paris 11e + 12e */]);
    expect(rows.map((r) => r.tranche_population)).toEqual(['de_100000_a_200000', 'plus_200000', 'de_100000_a_200000', 'plus_200000']);
    expect(rows.map((r) => r.gt_nb_reunions)).toEqual([19, 5, 9, 9]);
    expect(rows.map((r) => r.bilan_precedent_realise)).toEqual(['oui', null, 'oui', 'non']);
    expect(rows.map((r) => r.bilan_annuel_diffuse)).toEqual(['oui', 'non', 'oui', 'non']);
  });

  it('counts as by hand', () => {
    // Bilan réalisé: a (2026.1 "diffusé"), c yes; d no; b unknown (2026.1 "non diffusé") leaves the base.
    expect(get('bilan_precedent_realise', 'oui')).toEqual([2, 3]);
    // Unafam in the COPIL: a membre, b invité, c membre, d présence non relevée (its own category).
    expect(get('copil_membre__unafam', 'membre')).toEqual([2, 4]);
    expect(get('copil_membre__unafam', 'membre_presence_non_relevee')).toEqual([1, 4]);
    expect(get('copil_membre__unafam', 'invite_absent')).toEqual([1, 4]);
    // ASV coordinator in the COPIL where an ASV is in place: a, b, c (d has no ASV: "sans objet", out of the base).
    expect(get('cdc_copil_asv', 'membre')).toEqual([3, 3]);
    expect(get('copil_membre__asv', 'membre')).toEqual([3, 3]);
    // Population bands: two under/over 200 000 each.
    expect(get('tranche_population', 'plus_200000')).toEqual([2, 4]);
    // New 2027.1 questions: only the 2027.1 bilans answer them.
    expect(get('ptsm_implication', 'participe')).toEqual([2, 2]);
    // The ARS counts in the COPIL share "membre" with "présence non relevée".
    const membres: Indicator = catalogue.find((i) => i.id === 'copil_membre_ars')!;
    expect(membres.note).toContain('présence n’est pas relevée');
  });

  it('harmonises a 2026.1 row: shared variables keep their value, mapped ones take the mapping', () => {
    const row = flattenHarmonised(v2026, old2, v2027, { clsm_id: 'b', annee: 2025 });
    expect(row.copil_membre__unafam).toBe('invite_absent');
    expect(row.bilan_annuel_diffuse).toBe('non');
    expect(row.bilan_precedent_realise).toBeNull();
    expect(row.gt_theme__cellule_situations_complexes).toBe('oui');
    expect(row.ptsm_implication).toBeNull();
  });
});
