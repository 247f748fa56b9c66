/** The yearly fiche read from a bilan through its own questionnaire version (2026.1 and 2027.1), capped to fit one page. */
import { describe, expect, it } from 'vitest';
import { cut, FICHE_LIMITS, ficheOf } from '../../server/domain/fiche.ts';
import { communesOf, exampleBilan, exampleBilan2026, getQuestionnaire } from '../../survey-schema/index.ts';

const clsm = { id: 'x', nom: 'CLSM de Montreuil', region: '11', departement: '93' };

describe('ficheOf', () => {
  it('reads a 2027.1 bilan: population from the communes chosen, working groups’ meetings summed, labels of the questionnaire', () => {
    const f = ficheOf(getQuestionnaire('2027.1'), exampleBilan(), { clsm, annee: 2025 });
    expect(f.clsm).toEqual({ nom: 'CLSM de Montreuil', region: 'Île-de-France (11)', departement: 'Seine-Saint-Denis (93)' });
    expect(f.territoire.communes).toEqual({ label: 'Communes couvertes', items: ['Montreuil'], total: 1 });
    expect(f.territoire.population?.label).toBe('Population couverte par le CLSM');
    expect(f.territoire.population?.value).toBeGreaterThan(100_000);
    const figures = Object.fromEntries(f.chiffres.map((c) => [c.variable, c]));
    expect(figures.copil_nb_reunions).toEqual({ variable: 'copil_nb_reunions', label: 'Nombre de réunions du comité de pilotage', value: 2 });
    // 2027.1 asks the meetings per group: the total is derived.
    expect(figures.gt_nb_reunions?.label).toBe('Nombre de réunions des groupes de travail');
    expect(figures.gt_nb_reunions?.value).toBe(f.themes.items.reduce((s, t) => s + (t.reunions ?? 0), 0));
    expect(figures.copil_nb_usagers?.label).toBe('Sièges du COPIL occupés par des personnes concernées');
    expect(f.themes.items[0]).toEqual({ label: 'Logement, habitat', etat: 'Oui, en place', en_place: true, reunions: 4 });
    expect(f.partenaires?.items).toContain('UNAFAM');
    expect(f.objectifs?.label).toBe('Objectifs de l’année');
  });

  it('reads a 2026.1 bilan: the communes as typed, the population and the total of meetings as answered', () => {
    const f = ficheOf(getQuestionnaire('2026.1'), exampleBilan2026(), { clsm, annee: 2025 });
    expect(f.questionnaire_version).toBe('2026.1');
    expect(f.territoire.communes).toBeNull();
    expect(f.territoire.communes_texte?.text).toBe('Ville de Montreuil');
    expect(f.territoire.population).toEqual({ variable: 'terr_population', label: 'Population couverte', value: 111000 });
    expect(f.chiffres.find((c) => c.variable === 'gt_nb_reunions')?.value).toBe(19);
    expect(f.themes.items.map((t) => t.label)).toContain('Instance de résolution des situations individuelles complexes');
  });

  it('leaves out what does not apply: no COPIL, no COPIL figures nor members', () => {
    const f = ficheOf(getQuestionnaire('2027.1'), { ...exampleBilan(), copil_existe: 'non' }, { clsm, annee: 2025 });
    expect(f.chiffres.some((c) => c.variable.startsWith('copil_'))).toBe(false);
  });

  it('caps lists and texts to what one page holds', () => {
    const codes = communesOf(['93']).slice(0, 30).map((c) => c.code);
    const f = ficheOf(getQuestionnaire('2027.1'), { ...exampleBilan(), terr_communes_insee: codes, terr_echelle: 'intercommunal', objectifs_annee: 'mot '.repeat(1000) }, { clsm, annee: 2025 });
    expect(f.territoire.communes?.items).toHaveLength(FICHE_LIMITS.communes);
    expect(f.territoire.communes?.total).toBe(30);
    expect(f.objectifs?.truncated).toBe(true);
    expect(f.objectifs!.text.length).toBeLessThanOrEqual(FICHE_LIMITS.objectifs + 1);
    expect(f.objectifs!.text.endsWith('mot…')).toBe(true);
  });
});

describe('cut', () => {
  it('cuts at a word boundary with « … », and leaves a short text alone', () => {
    expect(cut('Un deux trois', 8)).toEqual({ text: 'Un deux…', truncated: true });
    expect(cut('  Un\n deux  ', 20)).toEqual({ text: 'Un deux', truncated: false });
  });
});
