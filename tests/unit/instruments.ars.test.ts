/**
 * Every item of the ARS Île-de-France 2016-2017 form (sources/002, lines
 * 4760-5549) is mapped onto existing canonical variables. The expected items
 * are listed here from the form itself, independently of the mapping.
 */
import { describe, expect, it } from 'vitest';
import { flatColumnNames, getQuestionnaire } from '../../survey-schema/index.ts';
import { arsIdf20162017 } from '../../survey-schema/instruments/index.ts';

const letters = (section: number, last: string) =>
  Array.from({ length: last.charCodeAt(0) - 'a'.charCodeAt(0) + 1 }, (_, i) => `${section}${String.fromCharCode(97 + i)}`);

/** The rows of the form's membership grid (COPIL and AP columns), as printed. */
const MEMBERSHIP_ROWS = [
  'Maire/ élu local', 'Psychiatrie publique : chef de pôle/secteur', 'Pédopsychiatrie', 'Unafam', 'Association d’usagers', 'ASV',
  'Programme de réussite éducative', 'CCAS', 'Psychiatrie publique : cadre de santé, infirmiers, AS …', 'Centre municipal de santé',
  'Médecins généralistes', 'Structures sociales (associations tutélaires, CHRS..)', 'Structures médico-sociales (SAVS, SAMSAH, ..)',
  'Bailleurs sociaux', 'Education nationale', 'Police', 'Justice', 'Associations de quartiers', 'Agence régionale de santé (DT)',
  'Conseil Général', 'MDPH', 'Hôpital du territoire', 'Structures culturelles', 'ARS', 'Autres*',
];

/** The rows of the working-groups table (5n). */
const THEME_ROWS = [
  'Observation/ diagnostic territorial de santé', 'Formation croisée (renseigner la thématique)', 'Accès aux soins',
  'Prévention précoce (enfants 0-8 ans)', 'Insertion sociale', 'Logement/ habitat', 'Activités culturelles et de loisirs',
  'Contribution à la réduction des inégalités socio-territoriales de la santé mentale', 'Sensibilisation, information en santé mentale',
  'Semaine d’information en santé mentale', 'Cellule de concertation pour situations individuelles complexes', 'Soins sous contrainte',
  'La santé mentale des enfants', 'La santé mentale des adolescents', 'Gestion des situations d’urgence',
  'Promotion de l’accès à la citoyenneté des usagers', 'Amélioration de l’accès aux loisirs et à la culture des usagers',
  'Promotion d’outils d’accompagnement des personnes atteintes de troubles psychiques', 'Autres',
];

const EXPECTED = [
  'En-tête — CLSM de', 'En-tête — accord CCOMS', 'En-tête — rempli par', 'En-tête — émergence', 'En-tête — mise en place officielle',
  ...letters(1, 'h'),
  ...letters(2, 'l'), '2a — appels à projets',
  ...letters(3, 'f'),
  ...letters(4, 'g'),
  ...MEMBERSHIP_ROWS.map((r) => `Membres — ${r}`),
  ...letters(5, 'n'),
  ...THEME_ROWS.map((r) => `5n — ${r}`),
  'Financements',
  '6', '7', '8',
];

const q = getQuestionnaire();
const columns = new Set(flatColumnNames(q));
const questions = new Map(q.sections.flatMap((s) => s.questions.map((x) => [x.variable, x] as const)));

describe('ARS Île-de-France 2016-2017 form', () => {
  const items = new Map(arsIdf20162017.items.map((i) => [i.ref, i]));

  it('has one mapping per item and no item outside the form', () => {
    expect(EXPECTED.length).toBe(5 + 8 + 13 + 6 + 7 + 25 + 14 + 19 + 4);
    expect([...items.keys()].sort()).toEqual([...EXPECTED].sort());
  });

  it.each(EXPECTED.map((ref) => [ref]))('%s is mapped to existing canonical variables', (ref) => {
    const item = items.get(ref);
    expect(item, `${ref} is not mapped`).toBeDefined();
    expect(item!.variables.length).toBeGreaterThan(0);
    for (const v of item!.variables) expect(columns.has(v) || questions.has(v), `${ref} → ${v}`).toBe(true);
  });

  it('maps the grid rows onto both instances and the ARS option labels onto canonical codes', () => {
    const psy = items.get('Membres — Psychiatrie publique : chef de pôle/secteur')!;
    expect(psy.variables).toEqual(['copil_membre__psychiatrie_adulte', 'ap_membre__psychiatrie_adulte']);
    expect(items.get('Membres — Agence régionale de santé (DT)')!.variables).toEqual(['copil_membre__ars_delegation', 'ap_membre__ars_delegation']);
    expect(items.get('Membres — ARS')!.variables).toEqual(['copil_membre__ars_siege', 'ap_membre__ars_siege']);
    expect(items.get('Membres — Conseil Général')!.variables).toEqual(['copil_membre__conseil_departemental', 'ap_membre__conseil_departemental']);
    const statuses = new Set((questions.get('copil_membre') as { columns: { cell: { options: { code: string }[] } }[] }).columns[0]!.cell.options.map((o) => o.code));
    for (const row of MEMBERSHIP_ROWS.slice(0, -1)) {
      for (const code of Object.values(items.get(`Membres — ${row}`)!.options!)) expect(statuses.has(code)).toBe(true);
    }
  });

  it('maps option labels only onto options of the mapped questions', () => {
    const formation = items.get('1f')!;
    const codes = new Set((questions.get('coord_formation') as { options: { code: string }[] }).options.map((o) => o.code));
    for (const code of Object.values(formation.options!)) expect(codes.has(code), code).toBe(true);
    const cnfpt = new Set((questions.get('coord_formation_cnfpt') as { options: { code: string }[] }).options.map((o) => o.code));
    for (const code of Object.values(items.get('1h')!.options!)) expect(cnfpt.has(code), code).toBe(true);
  });

  it('turns the funding table into a repeating group (type, source and its "précisez", yearly amount)', () => {
    const group = questions.get('financements_actions');
    expect(group?.kind).toBe('groupe_repete');
    expect(group?.kind === 'groupe_repete' && group.fields.map((f) => f.code)).toEqual(['type_action', 'source', 'source_precision', 'montant']);
  });
});
