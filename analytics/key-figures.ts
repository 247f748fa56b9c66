/**
 * The key figures of the mission (the participation of personnes concernées
 * and the life of the CLSM's instances), as data: which indicator and
 * category each reads. The dashboards' overview, the état des lieux summary
 * and the open data page show the same ones. Pure.
 */
import type { IndicatorResult } from './types.ts';

export interface KeyFigure {
  id: string;
  /** The catalogue indicator and the category read (a statistic for a number). */
  indicator: string;
  category: string;
  label: string;
  /** For a chart's axis. */
  short: string;
  /** A share (of CLSM, of seats) or a median. */
  measure: 'part' | 'mediane';
  /** Where it belongs in the overview. */
  theme: 'copil' | 'espaces' | 'instances';
}

export const KEY_FIGURES: readonly KeyFigure[] = [
  { id: 'copil_personnes', short: 'Personnes concernées au COPIL', indicator: 'participation_usagers__copil', category: 'oui', label: 'Des personnes concernées participent au comité de pilotage', measure: 'part', theme: 'copil' },
  { id: 'copil_associations', short: 'Associations d’usager·es au COPIL', indicator: 'copil_membre__associations_usagers', category: 'membre', label: 'Une association d’usager·es est membre du comité de pilotage', measure: 'part', theme: 'copil' },
  { id: 'copil_gem', short: 'GEM au COPIL', indicator: 'copil_membre__gem', category: 'membre', label: 'Un groupe d’entraide mutuelle (GEM) est membre du comité de pilotage', measure: 'part', theme: 'copil' },
  { id: 'copil_sieges', short: 'Sièges du COPIL', indicator: 'copil_sieges_usagers', category: 'usagers', label: 'Sièges du comité de pilotage occupés par des personnes concernées', measure: 'part', theme: 'copil' },
  { id: 'espace_ap', short: 'Personnes concernées en assemblée plénière', indicator: 'participation_usagers__ap', category: 'oui', label: 'Des personnes concernées participent à l’assemblée plénière', measure: 'part', theme: 'espaces' },
  { id: 'espace_gt', short: 'Personnes concernées en groupe de travail', indicator: 'participation_usagers__gt', category: 'oui', label: 'Des personnes concernées participent aux groupes de travail', measure: 'part', theme: 'espaces' },
  { id: 'espace_cellule', short: 'Personnes concernées en cellule', indicator: 'participation_usagers__cellule', category: 'oui', label: 'Des personnes concernées participent à la cellule de situations complexes', measure: 'part', theme: 'espaces' },
  { id: 'reunions_copil', short: 'Réunions du COPIL', indicator: 'copil_nb_reunions', category: 'mediane', label: 'Réunions du comité de pilotage dans l’année (médiane)', measure: 'mediane', theme: 'instances' },
  { id: 'reunions_ap', short: 'Réunions de l’assemblée plénière', indicator: 'ap_nb_reunions', category: 'mediane', label: 'Réunions de l’assemblée plénière dans l’année (médiane)', measure: 'mediane', theme: 'instances' },
  { id: 'reunions_cellule', short: 'Réunions de la cellule', indicator: 'cellule_nb_reunions', category: 'mediane', label: 'Réunions de la cellule de situations complexes dans l’année (médiane)', measure: 'mediane', theme: 'instances' },
  { id: 'reunions_gt', short: 'Réunions des groupes de travail', indicator: 'gt_nb_reunions', category: 'mediane', label: 'Réunions des groupes de travail dans l’année, tous groupes (médiane)', measure: 'mediane', theme: 'instances' },
];

/** A key figure's value in one selection: the share or median, with n/N. */
export interface KeyValue {
  /** A percentage (0-100) or a median. */
  value: number | null;
  n: number | null;
  N: number | null;
  small: boolean;
  masked: boolean;
  /** Statistics: the quartiles around the median. */
  q1?: number | null;
  q3?: number | null;
}

/**
 * The value of a key figure among results (of the group given, {} for the total).
 *
 * @example keyValue(results, KEY_FIGURES[0]); // { value: 42.9, n: 12, N: 28, small: false, masked: false }
 */
export function keyValue(results: readonly IndicatorResult[], figure: KeyFigure, group: Record<string, string | number> = {}): KeyValue | undefined {
  const keys = Object.keys(group);
  const same = (r: IndicatorResult) => r.id === figure.indicator && Object.keys(r.group).length === keys.length && keys.every((k) => String(r.group[k as keyof typeof r.group]) === String(group[k]));
  const r = results.find((x) => same(x) && x.category === figure.category);
  if (!r) return undefined;
  if (figure.measure === 'mediane') {
    const stat = (c: string) => results.find((x) => same(x) && x.category === c)?.value ?? null;
    return { value: r.value ?? null, n: r.n, N: r.N, small: r.small, masked: Boolean(r.masked), q1: stat('q1'), q3: stat('q3') };
  }
  return { value: r.pct, n: r.n, N: r.N, small: r.small, masked: Boolean(r.masked) };
}

/** The indicator ids the key figures read. */
export const KEY_INDICATORS: readonly string[] = [...new Set(KEY_FIGURES.map((f) => f.indicator))];
