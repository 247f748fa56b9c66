/** The catalogue engine on tiny inline tables: every kind, population, missing rule, filter, split, flag and mask. */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  categoriesFor,
  computeCatalogue,
  computeIndicators,
  computeSplits,
  conditionExpression,
  flatRowsFromBilans,
  groupLabel,
  indicatorsJson,
  type Indicator,
  type IndicatorResult,
} from '../../analytics/index.ts';
import { evaluateCondition, getQuestionnaire, type Condition, type FlatRow } from '../../survey-schema/index.ts';

const q = getQuestionnaire();
const noCategories = () => [] as string[];
const row = (cells: FlatRow): FlatRow => ({ clsm_id: 'x', annee: 2024, region: '11', departement: '93', consentement_ccoms: 'oui', ...cells });
const pick = (results: IndicatorResult[], category: string, group: object = {}) => results.find((r) => r.category === category && JSON.stringify(r.group) === JSON.stringify(group));

describe('conditions compiled into Arquero expressions', () => {
  const leaf = fc.oneof(
    fc.record({ var: fc.constantFrom('a', 'b'), eq: fc.constantFrom('oui', 'non', 2) }),
    fc.record({ var: fc.constantFrom('a', 'b'), ne: fc.constantFrom('oui', 2) }),
    fc.record({ var: fc.constantFrom('a', 'b'), in: fc.constantFrom(['oui', 'en_cours'], [1, 2]) }),
    fc.record({ var: fc.constantFrom('a', 'b'), gte: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ var: fc.constantFrom('a', 'b'), lte: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ var: fc.constantFrom('a', 'b'), answered: fc.boolean() }),
  ) as fc.Arbitrary<Condition>;
  const condition: fc.Arbitrary<Condition> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }), fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }), fc.record({ not: tie('node') })),
  })).node as fc.Arbitrary<Condition>;
  const cell = fc.constantFrom<string | number | null>('oui', 'non', 'en_cours', '', null, 0, 1, 2, 3);

  it('mean exactly what evaluateCondition means over a flat row', () => {
    fc.assert(
      fc.property(condition, fc.array(fc.record({ a: cell, b: cell }), { minLength: 1, maxLength: 8 }), (c, rows) => {
        const expected = rows.map((r) => evaluateCondition(c, r));
        const got = aq.from(rows).derive({ hit: `d => ${conditionExpression(c)}` }).array('hit') as boolean[];
        expect(got.map(Boolean)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('embed names and values as JSON literals (no code injection through a value)', () => {
    const expr = conditionExpression({ var: 'a', eq: '"); process.exit(1); ("' });
    const got = aq.from([{ a: '"); process.exit(1); ("' }, { a: 'x' }]).derive({ hit: `d => ${expr}` }).array('hit');
    expect(Array.from(got as ArrayLike<boolean>)).toEqual([true, false]);
  });
});

describe('kinds of indicators', () => {
  const copil: Indicator = { id: 'copil', label: 'COPIL', section: 'gouvernance', kind: 'share', variables: ['copil_existe'], populationLabel: 'tous', missing: 'sans_reponse', share: { values: ['oui'], category: 'oui', label: 'Oui' }, figures: [] };
  const rows = [row({ copil_existe: 'oui' }), row({ copil_existe: 'oui' }), row({ copil_existe: 'non' }), row({ copil_existe: null })];

  it('share: a missing answer stays in the base as "sans réponse", or leaves it', () => {
    expect(computeIndicators(rows, [copil], {}, noCategories)).toEqual([{ id: 'copil', group: {}, category: 'oui', n: 2, N: 4, pct: 50, small: true }]);
    expect(pick(computeIndicators(rows, [{ ...copil, missing: 'exclude' }], {}, noCategories), 'oui')).toMatchObject({ n: 2, N: 3 });
    expect(pick(computeIndicators(rows, [{ ...copil, missing: 'exclude' }], {}, noCategories), 'oui')!.pct).toBeCloseTo(200 / 3, 12);
  });

  it('distribution: one row per category plus "sans réponse"; population restricts the base', () => {
    const membre: Indicator = { id: 'm', label: 'M', section: 'gouvernance', kind: 'distribution', variables: ['copil_membre__unafam'], population: { var: 'copil_existe', eq: 'oui' }, populationLabel: 'COPIL', missing: 'sans_reponse', figures: [] };
    const data = [row({ copil_existe: 'oui', copil_membre__unafam: 'membre' }), row({ copil_existe: 'oui', copil_membre__unafam: null }), row({ copil_existe: 'non', copil_membre__unafam: 'membre' })];
    const out = computeIndicators(data, [membre], {}, categoriesFor(q));
    expect(out.map((r) => [r.category, r.n, r.N])).toEqual([
      ['membre', 1, 2], ['membre_presence_non_relevee', 0, 2], ['invite_absent', 0, 2], ['non_invite', 0, 2], ['sans_objet', 0, 2], ['sans_reponse', 1, 2],
    ]);
  });

  it('distribution over a count: numeric classes', () => {
    const reunions: Indicator = { id: 'r', label: 'R', section: 'gouvernance', kind: 'distribution', variables: ['copil_nb_reunions'], populationLabel: 'tous', missing: 'exclude', figures: [], classes: [{ code: 'zero', label: '0', min: 0, max: 0 }, { code: 'un_deux', label: '1-2', min: 1, max: 2 }, { code: 'trois_et_plus', label: '3+', min: 3 }] };
    const data = [0, 1, 2, 2, 5, null].map((n) => row({ copil_nb_reunions: n }));
    expect(computeIndicators(data, [reunions], {}, noCategories).map((r) => [r.category, r.n, r.N])).toEqual([['zero', 1, 5], ['un_deux', 3, 5], ['trois_et_plus', 1, 5]]);
  });

  it('multi-answer: share of respondents citing each option, totals above 100 %', () => {
    const relais: Indicator = { id: 'relais', label: 'R', section: 'participation', kind: 'multi', variables: ['relais__gem', 'relais__esat'], populationLabel: 'tous', missing: 'exclude', figures: [] };
    const data = [row({ relais__gem: 'oui', relais__esat: 'oui' }), row({ relais__gem: 'oui', relais__esat: 'non' }), row({ relais__gem: null, relais__esat: null })];
    const out = computeIndicators(data, [relais], {}, noCategories);
    expect(out.map((r) => [r.category, r.n, r.N, r.pct])).toEqual([['gem', 2, 2, 100], ['esat', 1, 2, 50]]);
  });

  it('stats: mean, median, quartiles, min, max of a count over the population', () => {
    const stats: Indicator = { id: 's', label: 'S', section: 'gouvernance', kind: 'stats', variables: ['copil_nb_reunions'], population: { var: 'copil_existe', eq: 'oui' }, populationLabel: 'COPIL', missing: 'exclude', figures: [] };
    const data = [1, 2, 3, 4, 10].map((n) => row({ copil_existe: 'oui', copil_nb_reunions: n })).concat([row({ copil_existe: 'non', copil_nb_reunions: 50 }), row({ copil_existe: 'oui', copil_nb_reunions: null })]);
    const out = Object.fromEntries(computeIndicators(data, [stats], {}, noCategories).map((r) => [r.category, [r.value, r.n, r.N]]));
    expect(out).toEqual({ moyenne: [4, 5, 6], mediane: [3, 5, 6], q1: [2, 5, 6], q3: [4, 5, 6], min: [1, 5, 6], max: [10, 5, 6] });
  });

  it('seat share: Σ usagers / Σ seats, over bilans giving both', () => {
    const seats: Indicator = { id: 'seats', label: 'S', section: 'participation', kind: 'seat_share', variables: ['copil_nb_usagers', 'copil_nb_membres'], populationLabel: 'COPIL', missing: 'exclude', figures: [] };
    const data = [row({ copil_nb_usagers: 2, copil_nb_membres: 20 }), row({ copil_nb_usagers: 1, copil_nb_membres: 10 }), row({ copil_nb_usagers: null, copil_nb_membres: 30 })];
    expect(computeIndicators(data, [seats], {}, noCategories)).toEqual([{ id: 'seats', group: {}, category: 'usagers', n: 3, N: 30, pct: 10, small: false }]);
  });
});

describe('filters, splits, flags and masks', () => {
  const part: Indicator = { id: 'p', label: 'P', section: 'participation', kind: 'share', variables: ['participation_usagers__copil'], populationLabel: 'tous', missing: 'exclude', figures: [] };
  const data: FlatRow[] = [
    ...Array.from({ length: 6 }, (_, i) => row({ annee_creation: 2012, periode_creation: 'avant_2016', participation_usagers__copil: i < 2 ? 'oui' : 'non' })),
    ...Array.from({ length: 7 }, (_, i) => row({ annee_creation: 2017 + (i % 3), periode_creation: 'depuis_2016', participation_usagers__copil: i < 5 ? 'oui' : 'non', region: '32', consentement_ccoms: i === 0 ? 'non' : 'oui' })),
    row({ annee_creation: null, periode_creation: null, participation_usagers__copil: 'oui', annee: 2023 }),
  ];

  it('splits by period of creation; a bilan without a year of creation is in no group but in the total', () => {
    const split = computeIndicators(data, [part], { split: 'periode_creation' }, noCategories);
    expect(split.map((r) => [r.group, r.n, r.N])).toEqual([[{ periode_creation: 'avant_2016' }, 2, 6], [{ periode_creation: 'depuis_2016' }, 5, 7]]);
    expect(pick(computeIndicators(data, [part], {}, noCategories), 'oui')).toMatchObject({ n: 8, N: 14 });
  });

  it('re-derives the period for another boundary', () => {
    const split = computeIndicators(data, [part], { split: 'periode_creation', periodeBoundary: 2018 }, noCategories);
    expect(split.map((r) => [r.group.periode_creation, r.N])).toEqual([['avant_2018', 9], ['depuis_2018', 4]]);
  });

  it('filters on year, region, département and consent', () => {
    expect(pick(computeIndicators(data, [part], { annee: 2023 }, noCategories), 'oui')!.N).toBe(1);
    expect(pick(computeIndicators(data, [part], { region: '32' }, noCategories), 'oui')!.N).toBe(7);
    expect(pick(computeIndicators(data, [part], { departement: '93' }, noCategories), 'oui')!.N).toBe(14);
    expect(pick(computeIndicators(data, [part], { consentedOnly: true }, noCategories), 'oui')!.N).toBe(13);
    expect(computeIndicators(data, [part], { split: 'region' }, noCategories).map((r) => r.group.region)).toEqual(['11', '32']);
  });

  it('flags bases under 10 and, in public mode, masks cells under 5 with their complement (5 of 7 gives the other 2 away)', () => {
    const split = computeIndicators(data, [part], { split: 'periode_creation', public: true }, noCategories);
    expect(split[0]).toMatchObject({ n: null, pct: null, N: 6, masked: true, small: true });
    expect(split[1]).toMatchObject({ n: null, pct: null, N: 7, masked: true, small: true });
    expect(computeIndicators(data, [part], { split: 'periode_creation' }, noCategories)[1]).toMatchObject({ n: 5, N: 7 });
    expect(pick(computeIndicators(data, [part], {}, noCategories), 'oui')!.small).toBe(false);
  });

  it('prints the CLI JSON shape with pct rounded to 2 decimals', () => {
    const json = indicatorsJson(computeIndicators(data, [part], { split: 'periode_creation' }, noCategories));
    expect(json.indicators[1]).toEqual({ id: 'p', group: { periode_creation: 'depuis_2016' }, category: 'oui', n: 5, N: 7, pct: 71.43 });
  });
});

describe('the catalogue', () => {
  const catalogue = buildCatalogue(q);

  it('reads only variables of the questionnaire and has unique ids', () => {
    expect(new Set(catalogue.map((i) => i.id)).size).toBe(catalogue.length);
    expect(catalogue.length).toBeGreaterThan(150);
  });

  it('covers the three mission indicators in all their forms', () => {
    const ids = new Set(catalogue.map((i) => i.id));
    for (const id of ['copil_membre__associations_usagers', 'participation_usagers__copil', 'copil_sieges_usagers', 'gt_theme__sism', 'gt_theme_en_place__sism', 'copil_nb_reunions', 'ap_nb_reunions', 'gt_nb_reunions', 'periode_creation']) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(catalogue.find((i) => i.id === 'copil_sieges_usagers')!.kind).toBe('seat_share');
  });

  it('computes from stored bilans (answer sets) in one call', () => {
    const rows = flatRowsFromBilans([
      { clsm_id: 'a', annee: 2024, answers: { annee_creation: 2014, copil_existe: 'oui', copil_nb_membres: 10, copil_nb_usagers: 2 } },
      { clsm_id: 'b', annee: 2024, answers: { annee_creation: 2019, copil_existe: 'non' } },
    ]);
    const results = computeCatalogue(rows, { split: 'periode_creation' });
    expect(results.find((r) => r.id === 'copil_existe' && r.group.periode_creation === 'avant_2016')).toMatchObject({ n: 1, N: 1 });
    expect(results.find((r) => r.id === 'copil_sieges_usagers' && r.group.periode_creation === 'avant_2016')).toMatchObject({ n: 2, N: 10, pct: 20 });
  });
});

describe('no bilan', () => {
  it('reports every indicator with an empty base rather than nothing', () => {
    const results = computeCatalogue([], {});
    expect(results.find((r) => r.id === 'copil_existe')).toMatchObject({ n: 0, N: 0, pct: null, small: true });
    expect(computeCatalogue([], { split: 'region' })).toEqual([]);
  });
});

describe('every split at once', () => {
  it('gives exactly the results of one computation per split', () => {
    const q2 = getQuestionnaire();
    const rows = flatRowsFromBilans([
      { clsm_id: 'a', annee: 2023, region: '11', departement: '93', answers: { annee_creation: 2014, copil_existe: 'oui', copil_nb_reunions: 2, copil_nb_membres: 12, copil_nb_usagers: 1, participation_usagers: { copil: { participation_usagers: 'oui' } } } },
      { clsm_id: 'b', annee: 2024, region: '32', departement: '59', answers: { annee_creation: 2019, copil_existe: 'oui', copil_nb_reunions: 4, copil_nb_membres: 20, copil_nb_usagers: 3 } },
      { clsm_id: 'c', annee: 2024, region: '32', departement: '62', answers: { copil_existe: 'non' } },
    ]);
    const catalogue = buildCatalogue(q2);
    const all = computeSplits(rows, catalogue, {}, categoriesFor(q2));
    for (const split of ['periode_creation', 'region', 'departement', 'annee'] as const) {
      expect(all.get(split)).toEqual(computeIndicators(rows, catalogue, { split }, categoriesFor(q2)));
    }
    expect(all.get('')).toEqual(computeIndicators(rows, catalogue, {}, categoriesFor(q2)));
  });
});

describe('the catalogue of 2027.1 (issue 11)', () => {
  const catalogue = buildCatalogue(getQuestionnaire('2027.1'));
  const byId = new Map(catalogue.map((i) => [i.id, i]));

  it('has an indicator for each question the ARS needs from the cahier des charges', () => {
    for (const id of ['cls_clsm_inscrit', 'cls_axe', 'ptsm_implication', 'cellule_charte_ethique', 'coord_vacance_mois', 'coord_vacance', 'coord_financement_ars_montant', 'bilan_precedent_realise', 'bilan_precedent_diffusion', 'cdc_copil_asv', 'cdc_copil_coordinateur_cls']) {
      expect(byId.has(id), id).toBe(true);
    }
    // 2026.1 asked none of them: its catalogue leaves them out.
    const old = new Set(buildCatalogue(getQuestionnaire('2026.1')).map((i) => i.id));
    expect(old.has('ptsm_implication')).toBe(false);
    expect(old.has('copil_membre__unafam')).toBe(true);
  });

  it('says how "présence non relevée", "sans objet" and "ne sait pas" count', () => {
    expect(byId.get('copil_membre__unafam')?.note).toMatch(/présence non relevée.*catégorie à part.*« sans objet ».*sortent de la base/s);
    expect(byId.get('cdc_copil_asv')?.note).toContain('« Sans objet » sort de la base');
    expect(JSON.stringify(byId.get('priorites_evolution')?.population)).toContain('ne_sait_pas');
    expect(byId.get('genese_initiateurs')?.variables).not.toContain('genese_initiateurs__ne_sait_pas');
  });

  it('does not count "sans objet" as a gap of the cahier des charges, and counts the ARS "Oui" as a member', () => {
    const row = (cells: FlatRow): FlatRow => ({ copil_existe: 'oui', terr_asv: 'oui', ...cells });
    const data = [row({ copil_membre__asv: 'membre' }), row({ copil_membre__asv: 'membre_presence_non_relevee' }), row({ copil_membre__asv: 'non_invite' }), row({ copil_membre__asv: 'sans_objet' }), row({ terr_asv: 'non', copil_membre__asv: 'sans_objet' })];
    const out = computeIndicators(data, [byId.get('cdc_copil_asv')!], {}, categoriesFor(getQuestionnaire('2027.1')));
    expect(out.map((r) => [r.category, r.n, r.N])).toEqual([['membre', 2, 3]]);
  });

  it('names départements and régions from the official geography', () => {
    expect(groupLabel({ departement: '93' })).toBe('Seine-Saint-Denis (93)');
    expect(groupLabel({ region: '11' })).toBe('Île-de-France');
    expect(groupLabel({ departement: 'D1' })).toBe('Département D1');
  });
});
