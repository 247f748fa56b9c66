/**
 * Derived variables: computed from answers, never asked. They are columns of
 * the flat row and of the codebook, so analysts split on them like any other.
 */
import type { FlatCell, FlatRow } from './conditions.ts';
import { GEOGRAPHY_SOURCE, territoryPopulation } from './geography.ts';
import { parseTerritoryCodes } from './kinds.ts';
import type { Option, Questionnaire } from './meta-schema.ts';
import { STATUT_THEME, THEMES } from './questionnaire/lists.ts';
import { indexOf } from './structure.ts';

export interface DerivedParams {
  /** First year of the "depuis" period of `periode_creation` (default 2016, the "effet 2016"). */
  periodeBoundary?: number;
}

export interface DerivedVariable {
  variable: string;
  label: string;
  options: Option[];
  /** Variables it is computed from. */
  from: string[];
  /**
   * Only for a questionnaire asking this question (a variable derived in a
   * later version from a new question). In any case a derived variable never
   * shadows a question column of the same name: in a version that asks it,
   * the answer is the value.
   */
  requires?: string;
  compute(row: FlatRow, params: DerivedParams): FlatCell;
}

const num = (v: FlatCell | undefined): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
  return Number.isFinite(n) ? n : null;
};

/**
 * `avant_<boundary>` / `depuis_<boundary>` from `annee_creation`; a bilan
 * without a year of creation is in neither group.
 *
 * @example periodeCreation(2014); // 'avant_2016'
 * @example periodeCreation(2016, 2018); // 'avant_2018'
 */
export function periodeCreation(anneeCreation: number | null | undefined, boundary = 2016): string | null {
  if (anneeCreation === null || anneeCreation === undefined || !Number.isFinite(anneeCreation)) return null;
  return anneeCreation < boundary ? `avant_${boundary}` : `depuis_${boundary}`;
}

/** The ETP classes of the CCOMS 2018 report ("temps consacré au CLSM"). @example classeEtp(0.5); // 'etp_50' */
export function classeEtp(etp: number | null): string | null {
  if (etp === null) return null;
  if (etp >= 1) return 'etp_100';
  if (etp >= 0.8) return 'etp_80';
  if (etp >= 0.5) return 'etp_50';
  return 'etp_moins_50';
}

/** Seniority classes of the CCOMS 2018 report, from whole years in post. @example classeAnciennete(0); // 'moins_1_an' */
export function classeAnciennete(years: number | null): string | null {
  if (years === null || years < 0) return null;
  if (years < 1) return 'moins_1_an';
  if (years < 3) return 'de_1_a_2_ans';
  if (years < 5) return 'de_3_a_4_ans';
  if (years < 7) return 'de_5_a_6_ans';
  return '7_ans_et_plus';
}

/** Population bands of the CCOMS 2018 report. @example tranchePopulation(150000); // 'de_100000_a_200000' */
export function tranchePopulation(population: number | null): string | null {
  if (population === null) return null;
  if (population < 100_000) return 'moins_100000';
  if (population <= 200_000) return 'de_100000_a_200000';
  return 'plus_200000';
}

/**
 * Céapsy 2021 "temps consacré à la fonction": full time, or part time above /
 * at most 50 %. @example quotiteCoordination(0.5); // 'temps_partiel_50_ou_moins'
 */
export function quotiteCoordination(etp: number | null): string | null {
  if (etp === null || etp <= 0) return null;
  if (etp >= 1) return 'temps_plein';
  return etp > 0.5 ? 'temps_partiel_plus_50' : 'temps_partiel_50_ou_moins';
}

/**
 * CCOMS 2018 "financement du poste": ARS alone, local authorities alone, ARS
 * with others, other configurations; from the `coord_financement__*` columns.
 *
 * @example financementPosteConfig({ coord_financement__ars: 'oui', coord_financement__collectivite: 'oui' }); // 'ars_cofinancement'
 */
export function financementPosteConfig(row: FlatRow): string | null {
  const codes = ['ars', 'collectivite', 'hopital', 'politique_ville', 'conseil_departemental', 'autre'];
  const cells = codes.map((c) => row[`coord_financement__${c}`]);
  if (cells.every((v) => v === null || v === undefined || v === '')) return null;
  const chosen = codes.filter((_, i) => cells[i] === 'oui');
  if (chosen.length === 0) return null;
  if (chosen.length === 1 && chosen[0] === 'ars') return 'ars_seule';
  if (chosen.includes('ars')) return 'ars_cofinancement';
  if (chosen.length === 1 && chosen[0] === 'collectivite') return 'collectivites_seules';
  return 'autre';
}

/**
 * Whole years in post on 31 December of the campaign year: from the month
 * and year of taking the post when the month is known (arrived in March of
 * the campaign year: 0), else the difference of years.
 *
 * @example anneesEnPoste({ annee: 2027, coord_annee_prise_poste: 2026, coord_mois_prise_poste: 3 }); // 1
 * @example anneesEnPoste({ annee: 2027, coord_annee_prise_poste: 2026, coord_mois_prise_poste: 12 }); // 1
 * @example anneesEnPoste({ annee: 2027, coord_annee_prise_poste: 2027, coord_mois_prise_poste: 1 }); // 0
 */
export function anneesEnPoste(row: FlatRow): number | null {
  const annee = num(row.annee);
  const start = num(row.coord_annee_prise_poste);
  if (annee === null || start === null) return null;
  const month = num(row.coord_mois_prise_poste);
  if (month === null || month < 1 || month > 12) return annee - start;
  return Math.floor(((annee - start) * 12 + 12 - month) / 12);
}

/** The population covered, from the official populations of the communes picked (or the typed population of the quartiers, for an infracommunal CLSM). */
function populationCouverte(row: FlatRow): number | null {
  const quartiers = num(row.terr_population_quartiers);
  if (quartiers !== null) return quartiers;
  const codes = row.terr_communes_insee;
  return typeof codes === 'string' && codes.trim() !== '' ? territoryPopulation(parseTerritoryCodes(codes)) : null;
}

const THEMES_GT = THEMES.filter((t) => t.code !== 'cellule_situations_complexes').map((t) => t.code);

/** Meetings of all working groups: the sum of the per-theme counts, null when the theme grid is unanswered. */
function reunionsGroupes(row: FlatRow): number | null {
  if (THEMES_GT.every((code) => row[`gt_theme__${code}`] === null || row[`gt_theme__${code}`] === undefined)) return null;
  return THEMES_GT.reduce((sum, code) => sum + (num(row[`gt_reunions__${code}`]) ?? 0), 0);
}

const text = (v: FlatCell | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Every derived variable, of every version (see `derivedVariablesOf`). */
export const allDerivedVariables: DerivedVariable[] = [
  {
    variable: 'periode_creation',
    label: 'Période de création du CLSM (avant / depuis la loi de 2016)',
    options: [
      { code: 'avant_2016', label: 'Créé avant 2016' },
      { code: 'depuis_2016', label: 'Créé depuis 2016' },
    ],
    from: ['annee_creation'],
    compute: (row, params) => periodeCreation(num(row.annee_creation), params.periodeBoundary ?? 2016),
  },
  {
    variable: 'classe_etp',
    label: 'Temps de coordination consacré au CLSM (classe)',
    options: [
      { code: 'etp_100', label: '100 %' },
      { code: 'etp_80', label: '80 %' },
      { code: 'etp_50', label: '50 %' },
      { code: 'etp_moins_50', label: 'Moins de 50 %' },
    ],
    from: ['coord_etp'],
    compute: (row) => classeEtp(num(row.coord_etp)),
  },
  {
    variable: 'classe_anciennete',
    label: 'Ancienneté du ou de la coordonnateur·rice dans le poste (classe)',
    options: [
      { code: 'moins_1_an', label: "Moins d'un an" },
      { code: 'de_1_a_2_ans', label: 'De 1 à 2 ans' },
      { code: 'de_3_a_4_ans', label: 'De 3 à 4 ans' },
      { code: 'de_5_a_6_ans', label: 'De 5 à 6 ans' },
      { code: '7_ans_et_plus', label: '7 ans ou plus' },
    ],
    from: ['coord_annee_prise_poste', 'coord_mois_prise_poste', 'annee'],
    compute: (row) => classeAnciennete(anneesEnPoste(row)),
  },
  {
    variable: 'terr_population',
    label: `Population couverte par le CLSM : populations municipales légales ${GEOGRAPHY_SOURCE.populationYear} (INSEE, en vigueur au 1er janvier ${GEOGRAPHY_SOURCE.cog}) des communes choisies, d’après ${GEOGRAPHY_SOURCE.package} ${GEOGRAPHY_SOURCE.version} ; population des quartiers si elle est saisie`,
    options: [],
    from: ['terr_communes_insee', 'terr_population_quartiers'],
    requires: 'terr_communes_insee',
    compute: (row) => populationCouverte(row),
  },
  {
    variable: 'tranche_population',
    label: 'Population couverte (tranche)',
    options: [
      { code: 'moins_100000', label: 'Moins de 100 000 habitants' },
      { code: 'de_100000_a_200000', label: 'Entre 100 000 et 200 000 habitants' },
      { code: 'plus_200000', label: 'Plus de 200 000 habitants' },
    ],
    from: ['terr_population'],
    compute: (row) => tranchePopulation(num(row.terr_population)),
  },
  {
    variable: 'quotite_coordination',
    label: 'Quotité du poste de coordination (temps plein, temps partiel)',
    options: [
      { code: 'temps_plein', label: 'Temps plein' },
      { code: 'temps_partiel_plus_50', label: 'Temps partiel supérieur à 50 %' },
      { code: 'temps_partiel_50_ou_moins', label: 'Temps partiel égal ou inférieur à 50 %' },
    ],
    from: ['coord_etp'],
    compute: (row) => quotiteCoordination(num(row.coord_etp)),
  },
  {
    variable: 'financement_poste_config',
    label: 'Configuration du financement du poste de coordination',
    options: [
      { code: 'ars_seule', label: '100 % ARS' },
      { code: 'ars_cofinancement', label: "L'ARS cofinance avec d'autres (collectivités, hôpital…)" },
      { code: 'collectivites_seules', label: '100 % collectivités' },
      { code: 'autre', label: 'Autre configuration, sans l’ARS' },
    ],
    from: ['coord_financement'],
    compute: (row) => financementPosteConfig(row),
  },
  {
    variable: 'gt_nb_reunions',
    label: 'Nombre de réunions des groupes de travail (somme des réunions par thématique)',
    options: [],
    from: ['gt_reunions'],
    requires: 'gt_themes',
    compute: (row) => reunionsGroupes(row),
  },
  {
    variable: 'gt_theme__cellule_situations_complexes',
    label: 'Instance de résolution des situations individuelles complexes (d’après l’existence de la cellule)',
    options: STATUT_THEME,
    from: ['cellule_existe'],
    requires: 'cellule_existe',
    compute: (row) => text(row.cellule_existe),
  },
  {
    variable: 'gt_reunions__cellule_situations_complexes',
    label: 'Réunions de l’instance des situations complexes (d’après la cellule)',
    options: [],
    from: ['cellule_nb_reunions'],
    requires: 'cellule_existe',
    compute: (row) => num(row.cellule_nb_reunions),
  },
  {
    variable: 'gt_usagers__cellule_situations_complexes',
    label: 'Des personnes concernées participent à l’instance des situations complexes (d’après la participation par espace)',
    options: [
      { code: 'oui', label: 'Oui' },
      { code: 'non', label: 'Non' },
    ],
    from: ['participation_usagers'],
    requires: 'cellule_existe',
    compute: (row) => (row.cellule_existe === 'oui' || row.cellule_existe === 'en_cours' ? text(row.participation_usagers__cellule) : null),
  },
  {
    variable: 'bilan_annuel_diffuse',
    label: 'Bilan d’activités diffusé aux membres et aux financeurs (d’après le bilan de l’année précédente)',
    options: [
      { code: 'oui', label: 'Oui' },
      { code: 'non', label: 'Non' },
    ],
    from: ['bilan_precedent_realise', 'bilan_precedent_diffusion'],
    requires: 'bilan_precedent_realise',
    compute: (row) => {
      if (row.bilan_precedent_realise === 'non') return 'non';
      if (row.bilan_precedent_realise !== 'oui') return null;
      return row.bilan_precedent_diffusion__membres === 'oui' && row.bilan_precedent_diffusion__financeurs === 'oui' ? 'oui' : 'non';
    },
  },
  {
    variable: 'bilan_restitution_population',
    label: 'Bilan restitué à la population (d’après la diffusion du bilan de l’année précédente)',
    options: [
      { code: 'oui', label: 'Oui' },
      { code: 'non', label: 'Non' },
    ],
    from: ['bilan_precedent_realise', 'bilan_precedent_diffusion'],
    requires: 'bilan_precedent_realise',
    compute: (row) => {
      if (row.bilan_precedent_realise === 'non') return 'non';
      if (row.bilan_precedent_realise !== 'oui') return null;
      return text(row.bilan_precedent_diffusion__population);
    },
  },
];

/**
 * The derived variables common to every version (none of them is ever a
 * question): an importer ignores these columns whatever the version.
 */
export const derivedVariables: DerivedVariable[] = allDerivedVariables.filter((d) => d.requires === undefined);

const derivedOf = new WeakMap<Questionnaire, DerivedVariable[]>();

/**
 * The derived variables of a questionnaire version, in column order: the
 * common ones, and those of its own questions (2027.1 derives
 * `terr_population` from the communes, `gt_nb_reunions` from the per-theme
 * counts…), never one that the version asks as a question.
 *
 * @example derivedVariablesOf(getQuestionnaire('2026.1')).some((d) => d.variable === 'terr_population'); // false (asked)
 */
export function derivedVariablesOf(questionnaire: Questionnaire): DerivedVariable[] {
  let list = derivedOf.get(questionnaire);
  if (!list) {
    const index = indexOf(questionnaire);
    list = allDerivedVariables.filter((d) => !index.columnsByVariable.has(d.variable) && (d.requires === undefined || index.questions.has(d.requires)));
    derivedOf.set(questionnaire, list);
  }
  return list;
}
