/**
 * Derived variables (never asked, computed at flattening) and the union of
 * the historical actor and theme lists.
 */
import { describe, expect, it } from 'vitest';
import {
  classeAnciennete,
  classeEtp,
  financementPosteConfig,
  flattenAnswers,
  getQuestionnaire,
  periodeCreation,
  quotiteCoordination,
  tranchePopulation,
} from '../../survey-schema/index.ts';
import { ACTEURS_ARS, THEMES_ARS } from '../../survey-schema/instruments/ars-idf-2016-2017.ts';
import { ccoms2018 } from '../../survey-schema/instruments/index.ts';
import { ACTEURS, THEMES } from '../../survey-schema/questionnaire/lists.ts';

const q = getQuestionnaire();

describe('derived variables', () => {
  it('split the creation period at a boundary given as a parameter', () => {
    expect(periodeCreation(2015)).toBe('avant_2016');
    expect(periodeCreation(2016)).toBe('depuis_2016');
    expect(periodeCreation(null)).toBeNull();
    expect(flattenAnswers(q, { annee_creation: 2017 }, undefined, { periodeBoundary: 2018 }).periode_creation).toBe('avant_2018');
  });

  it('class the coordination time as the CCOMS 2018 and Céapsy 2021 did', () => {
    expect([1, 0.8, 0.5, 0.3].map(classeEtp)).toEqual(['etp_100', 'etp_80', 'etp_50', 'etp_moins_50']);
    expect([1, 0.8, 0.5, 0.2, 0].map(quotiteCoordination)).toEqual(['temps_plein', 'temps_partiel_plus_50', 'temps_partiel_50_ou_moins', 'temps_partiel_50_ou_moins', null]);
  });

  it('class seniority from the year of taking up the post and the campaign year', () => {
    expect([0, 1, 2, 3, 5, 7].map(classeAnciennete)).toEqual(['moins_1_an', 'de_1_a_2_ans', 'de_1_a_2_ans', 'de_3_a_4_ans', 'de_5_a_6_ans', '7_ans_et_plus']);
    const row = flattenAnswers(q, { coord_existe: 'oui', coord_annee_prise_poste: 2021 }, { clsm_id: 'c', annee: 2025 });
    expect(row.classe_anciennete).toBe('de_3_a_4_ans');
    // Without a coordinator in post, the year is not applicable and seniority is unknown.
    expect(flattenAnswers(q, { coord_existe: 'non', coord_annee_prise_poste: 2021 }, { clsm_id: 'c', annee: 2025 }).classe_anciennete).toBeNull();
  });

  it('band the population', () => {
    expect([3000, 100_000, 200_000, 850_000].map(tranchePopulation)).toEqual(['moins_100000', 'de_100000_a_200000', 'de_100000_a_200000', 'plus_200000']);
  });

  it('read the funding configuration of the post from the funders ticked', () => {
    const config = (funders: string[]) => flattenAnswers(q, { coord_existe: 'oui', coord_financement: funders }).financement_poste_config;
    expect(config(['ars'])).toBe('ars_seule');
    expect(config(['ars', 'collectivite'])).toBe('ars_cofinancement');
    expect(config(['collectivite'])).toBe('collectivites_seules');
    expect(config(['hopital'])).toBe('autre');
    expect(financementPosteConfig({})).toBeNull();
  });
});

describe('actor and theme lists', () => {
  const actors = new Set(ACTEURS.map((a) => a.code));
  const themes = new Set(THEMES.map((t) => t.code));

  it('hold the union of the ARS and CCOMS lists, plus the actors the field asked for', () => {
    for (const [, code] of ACTEURS_ARS) expect(actors.has(code), code).toBe(true);
    for (const item of ccoms2018.items.filter((i) => i.ref.startsWith('COPIL — ') && i.variables[0]!.startsWith('copil_membre__'))) {
      for (const v of item.variables) expect(actors.has(v.replace('copil_membre__', '')), v).toBe(true);
    }
    for (const code of ['gem', 'ccas', 'centre_municipal_sante', 'structures_culturelles', 'coordinateur_cls', 'psycom']) expect(actors.has(code), code).toBe(true);
    for (const [, code] of THEMES_ARS) expect(themes.has(code), code).toBe(true);
  });

  it('keep distinct what the instruments kept distinct', () => {
    expect(themes.has('insertion_professionnelle') && themes.has('insertion_sociale')).toBe(true);
    expect(actors.has('ars_delegation') && actors.has('ars_siege')).toBe(true);
    expect(new Set(ACTEURS_ARS.map(([, c]) => c)).size).toBe(ACTEURS_ARS.length);
    expect(new Set(THEMES_ARS.map(([, c]) => c)).size).toBe(THEMES_ARS.length);
  });
});
