/**
 * Questionnaire 2027.1 (issue 11): a real CLSM can answer truthfully, the
 * consistency rules refuse with French messages naming both questions (and
 * only warn in a draft), every "autre" has its "précisez", Île-de-France
 * items are asked in region 11 only, every question has a carry-forward
 * policy, and the territory is read on the official geography.
 */
import { describe, expect, it } from 'vitest';
import {
  checkRegionDepartement,
  commune,
  communesOf,
  completeness,
  consistencyIssues,
  departementLabel,
  evaluateRuleTest,
  exampleBilan,
  flattenAnswers,
  getQuestionnaire,
  GEOGRAPHY_SOURCE,
  indexOf,
  parseTerritoryCodes,
  regionLabel,
  searchTerritories,
  territoryPopulation,
  validateDraft,
  validateSubmission,
  type Answers,
  type GridValue,
  type Question,
} from '../../survey-schema/index.ts';
import { ACTEURS } from '../../survey-schema/questionnaire/lists.ts';

const q = getQuestionnaire('2027.1');
const ANNEE = 2027;
const idf = { annee: ANNEE, region: '11', departement: '93' };

/**
 * A CLSM of the Nord without ASV, GEM or CLS, whose assemblée plénière did
 * not meet this year, whose coordinator arrived in March: every answer true.
 */
function truthfulBilan(): Answers {
  const base = exampleBilan();
  const copil: GridValue = Object.fromEntries(ACTEURS.map((a) => [a.code, { copil_membre: 'non_invite' }]));
  for (const code of ['elus', 'services_municipaux', 'psychiatrie_adulte', 'unafam', 'associations_usagers']) copil[code] = { copil_membre: 'membre' };
  for (const code of ['asv', 'gem', 'coordinateur_cls']) copil[code] = { copil_membre: 'sans_objet' };
  copil.pedopsychiatrie = { copil_membre: 'invite_absent' };
  const {
    ap_presidence: _p, ap_ouverte_public: _o, ap_nb_participants: _n, ap_elus: _e, ap_membre: _m,
    cls_coordonnateur: _c, cls_articulation: _a, cls_clsm_inscrit: _i, cls_axe: _x,
    terr_idh2: _idh2, terr_resad: _resad, aap_ars_premiere_annee: _aap1, aap_ars_annee: _aap2,
    ...rest
  } = base;
  return {
    ...rest,
    terr_communes_insee: ['59350'],
    terr_asv: 'non',
    terr_cls: 'non',
    terr_associations: ['unafam'],
    coord_annee_prise_poste: ANNEE,
    coord_mois_prise_poste: 3,
    coord_vacance_mois: 2,
    genese_initiateurs: ['ne_sait_pas'],
    genese_usagers_associes: 'ne_sait_pas',
    appui_methodologique: ['ne_sait_pas'],
    appui_methodologique_detail: undefined as never,
    priorites_evolution: 'ne_sait_pas',
    copil_membre: copil,
    copil_role_pedopsychiatrie: 'absente',
    ap_existe: 'oui',
    ap_nb_reunions: 0,
    ap_presidence: 'elu',
    freins_participation_professionnels: ['aucun_frein'],
  };
}

describe('a truthful bilan of a CLSM without ASV, GEM or CLS, whose AP never met, whose coordinator arrived this year', () => {
  const answers = Object.fromEntries(Object.entries(truthfulBilan()).filter(([, v]) => v !== undefined)) as Answers;
  const ctx = { annee: ANNEE, region: '32', departement: '59' };

  it('submits', () => {
    const result = validateSubmission(q, answers, ctx);
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('is not asked the AP composition, nor the Île-de-France items', () => {
    const applicable = completeness(q, answers, ctx).applicable;
    for (const v of ['ap_membre', 'ap_elus', 'ap_nb_participants', 'terr_idh2', 'terr_resad', 'aap_ars_premiere_annee', 'cls_clsm_inscrit']) expect(applicable.has(v), v).toBe(false);
    for (const v of ['ap_nb_reunions', 'copil_membre', 'coord_mois_prise_poste']) expect(applicable.has(v), v).toBe(true);
  });

  it('derives its seniority, population and its band, and leaves "sans objet" out of the cahier-des-charges base', () => {
    const row = flattenAnswers(q, answers, { clsm_id: 'nord-1', annee: ANNEE, region: '32', departement: '59' });
    expect(row.classe_anciennete).toBe('moins_1_an');
    expect(row.terr_population).toBe(commune('59350')!.population);
    expect(row.tranche_population).toBe('plus_200000');
    expect(row.copil_membre__asv).toBe('sans_objet');
    expect(row.gt_theme__cellule_situations_complexes).toBe('oui');
  });

  it('was not possible in 2026.1 ("sans objet", "ne sait pas", "aucun frein" did not exist)', () => {
    const draft = validateDraft(getQuestionnaire('2026.1'), { copil_membre: { asv: { copil_membre: 'sans_objet' } }, freins_participation_professionnels: ['aucun_frein'] }, { annee: 2025 });
    expect(draft.issues.map((i) => i.variable)).toEqual(['copil_membre__asv', 'freins_participation_professionnels']);
  });
});

describe('consistency rules', () => {
  const rulesOf = (answers: Answers, ctx = idf) => validateSubmission(q, answers, ctx).issues.filter((i) => i.code === 'coherence');
  const cases: Array<[string, Answers, string]> = [
    [
      'sieges_copil',
      { ...exampleBilan(), copil_nb_membres: 4, copil_nb_usagers: 3, copil_nb_aidants: 2 },
      'Section 4 — Sièges du COPIL occupés par des personnes concernées : avec les « Sièges du COPIL occupés par des proches ou aidant·es », ils dépassent le nombre de « Sièges au comité de pilotage » : la somme des deux ne peut pas dépasser le total des sièges',
    ],
    [
      'annees_emergence_creation',
      { ...exampleBilan(), annee_emergence_projet: 2016, annee_creation: 2014 },
      'Section 0 — Année d’émergence du projet de CLSM : elle ne peut pas être après l’« Année de création officielle du CLSM », ni celle-ci après 2027, l’année du bilan',
    ],
    [
      'role_absente_psychiatrie_adulte',
      { ...exampleBilan(), copil_role_psychiatrie_adulte: 'absente' },
      'Section 4 — Rôle de la psychiatrie adulte au COPIL : « Elle n’y siège pas » contredit la « Composition du COPIL », qui compte la psychiatrie adulte comme membre (ligne « Psychiatrie publique adulte ») : corrigez l’une des deux réponses',
    ],
    [
      'role_siege_pedopsychiatrie',
      { ...exampleBilan(), copil_membre: { ...(exampleBilan().copil_membre as GridValue), pedopsychiatrie: { copil_membre: 'non_invite' } } },
      'Section 4 — Rôle de la pédopsychiatrie au COPIL : ce rôle suppose que la pédopsychiatrie siège, alors que la « Composition du COPIL » la dit non invitée ou sans objet (ligne « Pédopsychiatrie ») : corrigez l’une des deux réponses',
    ],
    [
      'cellule_resad',
      { ...exampleBilan(), terr_resad: 'non' },
      'Section 2 — RESAD sur le territoire : vous indiquez en section 4 que le CLSM a une cellule de situations complexes (« Existence d’une cellule de situations complexes ») : elle compte comme RESAD sur le territoire, répondez « Oui »',
    ],
    [
      'cellule_participation',
      { ...exampleBilan(), cellule_existe: 'non', participation_usagers: { copil: { participation_usagers: 'oui' }, ap: { participation_usagers: 'oui' }, gt: { participation_usagers: 'oui' }, cellule: { participation_usagers: 'oui' } } },
      'Section 6 — Participation des personnes concernées par espace : des personnes concernées ne peuvent pas avoir participé à la cellule de situations complexes si le CLSM n’en a pas (« Existence d’une cellule de situations complexes » : non)',
    ],
  ];

  it('every declared rule has a case here', () => {
    expect(cases.map(([id]) => id).sort()).toEqual(
      q.rules.map((r) => r.id).filter((id) => !['role_siege_psychiatrie_adulte', 'role_absente_pedopsychiatrie'].includes(id)).sort(),
    );
  });

  it.each(cases)('%s refuses the submission with its French message naming both questions', (id, answers, message) => {
    const issues = rulesOf(answers);
    expect(issues.map((i) => [i.rule, i.message])).toEqual([[id, message]]);
    expect(validateSubmission(q, answers, idf).ok).toBe(false);
  });

  it.each(cases)('%s only warns in a draft', (id, answers) => {
    const draft = validateDraft(q, answers, idf);
    expect(draft.ok).toBe(true);
    expect(consistencyIssues(q, draft.answers, idf).map((w) => w.rule)).toEqual([id]);
  });

  it('does not apply while a number it compares is unanswered', () => {
    const { copil_nb_aidants: _, ...partial }: Answers = { ...exampleBilan(), copil_nb_membres: 1, copil_nb_usagers: 3 };
    expect(consistencyIssues(q, partial, idf).map((i) => i.rule)).toEqual([]);
    expect(evaluateRuleTest({ croissant: ['annee_emergence_projet', 'annee_creation', 'annee'] }, { annee_creation: 2014, annee: 2027 })).toBeNull();
    expect(evaluateRuleTest({ somme: ['a', 'b'], auPlus: 'c' }, { a: 1, b: '2', c: 3 })).toBe(true);
    expect(evaluateRuleTest({ si: { var: 'x', eq: 'oui' }, alors: { var: 'y', eq: 'oui' } }, { x: 'non' })).toBeNull();
  });
});

describe('answers a real CLSM can give', () => {
  const questions = indexOf(q).ordered.map((e) => e.question);
  const optionsOf = (question: Question) => ('options' in question ? question.options : []);

  it('every "autre" option has its "précisez" text, asked when "autre" is chosen', () => {
    // Questions whose free text covers the "autre" option without a condition of its own.
    const covered: Record<string, string> = { appui_methodologique: 'appui_methodologique_detail', souhaits_types: 'souhaits' };
    const texts = questions.filter((x) => x.kind === 'texte_court' || x.kind === 'texte_long');
    const asksFor = (variable: string) =>
      texts.find((t) => t.condition && JSON.stringify(t.condition).match(new RegExp(`"var":"${variable}(__autre)?","(eq|in)":("autre"|"oui"|\\[[^\\]]*"autre")`)));
    let checked = 0;
    for (const question of questions) {
      if (optionsOf(question).some((o) => o.code === 'autre')) {
        checked++;
        expect(covered[question.variable] ?? asksFor(question.variable)?.variable, question.variable).toBeDefined();
      }
    }
    // Grid rows and repeating-group options.
    expect(JSON.stringify(questions.find((x) => x.variable === 'gt_theme_autre_precision')?.condition)).toContain('"var":"gt_theme__autre"');
    const funding = questions.find((x) => x.variable === 'financements_actions');
    expect(funding?.kind === 'groupe_repete' && funding.fields.map((f) => f.code)).toContain('source_precision');
    expect(checked).toBeGreaterThan(20);
  });

  it('every question about events before the coordinator\'s arrival accepts "ne sait pas"', () => {
    for (const v of ['genese_initiateurs', 'appui_methodologique', 'priorites_evolution', 'terr_resad', 'genese_usagers_associes', 'terr_diagnostic_local_sante', 'diag_sante_mentale']) {
      const question = questions.find((x) => x.variable === v)!;
      expect(optionsOf(question).map((o) => o.code), v).toContain('ne_sait_pas');
    }
    // And the optional years and delays say that a blank is "I don't know".
    for (const v of ['annee_emergence_projet', 'genese_delai_mois']) expect(questions.find((x) => x.variable === v)?.help, v).toMatch(/Laissez vide si vous ne (la|le) connaissez pas/);
  });

  it('asks the relays only where personnes concernées took part, with arrivals on their own and individual referrals', () => {
    const none: Answers = { ...exampleBilan(), participation_usagers: Object.fromEntries(['copil', 'ap', 'gt', 'cellule'].map((e) => [e, { participation_usagers: 'non' }])) };
    delete none.participation_relais;
    delete none.niveau_engagement;
    expect(completeness(q, none, idf).applicable.has('participation_relais')).toBe(false);
    expect(validateSubmission(q, none, idf).ok).toBe(true);
    expect(optionsOf(questions.find((x) => x.variable === 'participation_relais')!).map((o) => o.code)).toEqual(expect.arrayContaining(['orientation_individuelle', 'aucun_relais']));
    expect(validateDraft(q, { participation_relais: ['gem', 'aucun_relais'] }, idf).issues[0]?.message).toBe(
      'Section 6 — Relais des personnes concernées : « Aucun relais : elles sont venues d’elles-mêmes » ne peut pas être cochée avec d\'autres réponses',
    );
  });

  it('"aucun frein" is a truthful answer, exclusive of the others', () => {
    expect(validateSubmission(q, { ...exampleBilan(), freins_participation_professionnels: ['aucun_frein'] }, idf).ok).toBe(true);
    expect(validateDraft(q, { freins_participation_professionnels: ['aucun_frein', 'temps_effectifs'] }, idf).ok).toBe(false);
  });

  it('asks the Île-de-France items in region 11 only (and everywhere when the region is unknown)', () => {
    const answers = exampleBilan();
    expect(validateSubmission(q, answers, { annee: ANNEE, region: '11' }).answers.terr_idh2).toBe(0.49);
    const paca = validateSubmission(q, answers, { annee: ANNEE, region: '93' });
    expect(paca.ok).toBe(true);
    expect(paca.answers.terr_idh2).toBeUndefined();
    expect(paca.answers.aap_ars_premiere_annee).toBeUndefined();
    expect(completeness(q, answers, { annee: ANNEE }).applicable.has('terr_idh2')).toBe(true);
  });

  it('declares a carry-forward policy on every question', () => {
    for (const question of questions) expect(['reprise', 'a_confirmer', 'jamais'], question.variable).toContain(question.report);
    const never = questions.filter((x) => x.report === 'jamais').map((x) => x.variable);
    expect(never).toEqual(expect.arrayContaining(['consentement_ccoms', 'copil_nb_reunions', 'ap_nb_reunions', 'cellule_nb_reunions', 'coord_financement_ars_montant', 'usagers_compensation_montant', 'financements_actions']));
  });

  it('derives the total of working-group meetings from the per-theme counts', () => {
    expect(questions.some((x) => x.variable === 'gt_nb_reunions')).toBe(false);
    expect(flattenAnswers(q, exampleBilan()).gt_nb_reunions).toBe(4 + 3 + 2 + 0);
  });

  it('puts the objectives of the year at the head of section 5', () => {
    const section = q.sections.find((s) => s.number === 5)!;
    expect(section.questions.slice(0, 3).map((x) => x.variable)).toEqual(['objectifs_annee', 'objectifs_evolution', 'objectifs_evolution_detail']);
  });
});

describe('the official geography', () => {
  it('knows régions, départements, communes with population and EPCI with members', () => {
    expect(regionLabel('11')).toBe('Île-de-France (11)');
    expect(departementLabel('93')).toBe('Seine-Saint-Denis (93)');
    expect(departementLabel('2A')).toBe('Corse-du-Sud (2A)');
    expect(communesOf(['93'], { arrondissements: false })).toHaveLength(39);
    expect(communesOf(['75']).filter((c) => c.type === 'arrondissement')).toHaveLength(20);
    expect(GEOGRAPHY_SOURCE).toMatchObject({ version: '6.0.0', populationYear: 2023 });
  });

  it('checks a registry\'s region and département', () => {
    expect(checkRegionDepartement('11', '93')).toEqual([]);
    expect(checkRegionDepartement('11', '59')).toEqual(['le département Nord (59) n’est pas dans la région Île-de-France (11)']);
    expect(checkRegionDepartement('99', '93')).toEqual(['la région « 99 » n’existe pas dans le code officiel géographique']);
  });

  it('searches communes by name, accents and hyphens ignored, within départements', () => {
    expect(searchTerritories('st denis', { departements: ['93'] }).map((c) => c.code)).toEqual(['93066', '93039']); // Saint-Denis, L'Île-Saint-Denis
    expect(searchTerritories('montreuil', { departements: ['93'] })[0]?.code).toBe('93048');
    expect(searchTerritories('93048')).toHaveLength(1);
  });

  it('derives the population covered: EPCI expanded, a commune counted once with its arrondissements', () => {
    const paris = commune('75056')!.population;
    expect(territoryPopulation(['75056', '75111'])).toBe(paris);
    expect(territoryPopulation(['93048', '93048'])).toBe(commune('93048')!.population);
    expect(territoryPopulation(['200054781'])).toBeGreaterThan(7_000_000); // Métropole du Grand Paris
    expect(parseTerritoryCodes('Montreuil (93048)\nAjaccio (2a004)')).toEqual(['93048', '2A004']);
  });

  it('refuses an unknown code with a French message', () => {
    expect(validateDraft(q, { terr_communes_insee: ['93048', '99999'] }, idf).issues.map((i) => i.message)).toEqual([
      'Section 2 — Communes couvertes : le code « 99999 » n’est ni une commune ni une intercommunalité du code officiel géographique',
    ]);
  });
});
