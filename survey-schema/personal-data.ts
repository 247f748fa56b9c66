/**
 * Which codebook variables are personal data (RGPD), decided here and
 * nowhere else: the codebook prints it (column `donnees_personnelles`) and
 * the microdata exports leave these columns out unless an administrator asks
 * for them.
 *
 * - `profil_coordonnateur`: the coordinator's profile. A CLSM has one
 *   coordinator, so their diploma, training, year and month in post and
 *   employer describe one identifiable person, although no name is asked.
 * - `texte_libre`: every free text; the form asks for no name, but a text
 *   may hold one.
 *
 * Derived classes (`classe_anciennete`, `classe_etp`…) are not marked: they
 * are the coarsened figures the état des lieux publishes.
 */
import type { Questionnaire } from './meta-schema.ts';
import { flatColumnNames } from './flatten.ts';
import { indexOf } from './structure.ts';

export const PERSONAL_DATA_KINDS = ['profil_coordonnateur', 'texte_libre'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** The questions of the coordinator's profile, in every version (a test checks each exists in one). */
export const COORDINATOR_PROFILE: ReadonlySet<string> = new Set([
  'coord_intitule_poste',
  'coord_annee_prise_poste',
  'coord_mois_prise_poste',
  'coord_employeur',
  'coord_employeur_autre',
  'coord_detache',
  'coord_service_rattachement',
  'coord_formation',
  'coord_formation_autre',
  'coord_niveau_diplome',
  'coord_formation_sante_publique',
  'coord_formation_cnfpt',
]);

const FREE_TEXT = new Set(['texte_court', 'texte_long']);

/**
 * The personal-data kind of a flat column, from its question and its type.
 *
 * @example
 * personalDataKind('coord_niveau_diplome', 'choix_unique'); // 'profil_coordonnateur'
 * personalDataKind('effets_ville', 'texte_long'); // 'texte_libre'
 * personalDataKind('copil_existe', 'oui_non'); // null
 */
export function personalDataKind(question: string, type: string): PersonalDataKind | null {
  if (COORDINATOR_PROFILE.has(question)) return 'profil_coordonnateur';
  return FREE_TEXT.has(type) ? 'texte_libre' : null;
}

/** French, for the codebook's readers and the pages. */
export const PERSONAL_DATA_LABEL: Record<PersonalDataKind, string> = {
  profil_coordonnateur: 'profil du ou de la coordonnateur·rice (une personne identifiable)',
  texte_libre: 'texte libre (peut nommer des personnes)',
};

const cache = new WeakMap<Questionnaire, ReadonlyMap<string, PersonalDataKind>>();

/** The personal-data columns of a version, with their kind (the others are absent). */
export function personalColumnsOf(questionnaire: Questionnaire): ReadonlyMap<string, PersonalDataKind> {
  const cached = cache.get(questionnaire);
  if (cached) return cached;
  const marked = new Map<string, PersonalDataKind>();
  for (const c of indexOf(questionnaire).columns) {
    const kind = personalDataKind(c.question, c.type);
    if (kind) marked.set(c.variable, kind);
  }
  cache.set(questionnaire, marked);
  return marked;
}

/**
 * The columns of a microdata export: every flat column, less the personal
 * data unless `personalData` (an administrator's explicit request).
 *
 * @example
 * exportedColumns(getQuestionnaire(), { personalData: false }).includes('coord_niveau_diplome'); // false
 */
export function exportedColumns(questionnaire: Questionnaire, options: { personalData: boolean }): string[] {
  const all = flatColumnNames(questionnaire);
  if (options.personalData) return all;
  const personal = personalColumnsOf(questionnaire);
  return all.filter((c) => !personal.has(c));
}
