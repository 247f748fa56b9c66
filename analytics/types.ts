/**
 * The vocabulary of the indicator catalogue: what an indicator declares, the
 * parameters of a computation, and the shape of every result row.
 */
import type { Condition, Option, ScalarValue } from '../survey-schema/index.ts';

/** How an indicator summarises its variable(s). */
export const INDICATOR_KINDS = {
  /** Share of the base giving one of `share.values` (e.g. COPIL exists = oui). */
  share: 'Part de CLSM',
  /** Distribution over mutually exclusive classes (options, or numeric classes). */
  distribution: 'Répartition',
  /** Multi-answer question: share of respondents citing each option (totals may exceed 100 %). */
  multi: 'Réponses multiples',
  /** Mean, median, quartiles of a count. */
  stats: 'Statistiques d’un nombre',
  /** Σ numerator / Σ denominator over the base (e.g. seats held by usager·es). */
  seat_share: 'Part des sièges',
} as const;
export type IndicatorKind = keyof typeof INDICATOR_KINDS;

/** Whether a missing answer leaves the base, or stays in it as "sans réponse". */
export type MissingRule = 'exclude' | 'sans_reponse';

/** A numeric class of a distribution over a count (bounds inclusive). */
export interface NumericClass {
  code: string;
  label: string;
  min?: number;
  max?: number;
}

/** The chapters of the état des lieux, in the order of the CCOMS 2018 document. */
export const REPORT_SECTIONS = [
  { id: 'campagne', title: 'Les bilans de la campagne' },
  { id: 'coordination', title: '1. Le profil des coordonnateur·rices' },
  { id: 'territoire', title: '2. Territorialisation des CLSM' },
  { id: 'gouvernance', title: '3. Organisation et fonctionnement des CLSM' },
  { id: 'thematiques', title: '4. Priorités et thématiques travaillées' },
  { id: 'participation', title: '5. Participation des personnes concernées' },
  { id: 'partenariats', title: '6. Partenariats, dispositifs et suivi' },
] as const;
export type ReportSectionId = (typeof REPORT_SECTIONS)[number]['id'];

export interface Indicator {
  id: string;
  /** French label, as a title. */
  label: string;
  section: ReportSectionId;
  kind: IndicatorKind;
  /** Flat variables read: one for share/distribution/stats; the option columns for multi; [numerator, denominator] for seat_share. */
  variables: string[];
  /** Which bilans form the population (a condition over the flat row); all bilans when absent. */
  population?: Condition;
  /** French description of the population, for tables ("CLSM ayant un COPIL"). */
  populationLabel: string;
  missing: MissingRule;
  /** share: the codes that count, and the category name of the result row. */
  share?: { values?: ScalarValue[]; when?: Condition; category: string; label: string };
  /** distribution: the ordered categories (defaults to the variable's options in the codebook). */
  categories?: Option[];
  /** distribution over a number: classes instead of options. */
  classes?: NumericClass[];
  /** distribution: the categories have an order (levels, classes of time): charts keep it rather than sorting by share. */
  ordered?: boolean;
  /** multi: the label of each option column (defaults to the codebook). */
  optionLabels?: Record<string, string>;
  /** Published figure ids (fixtures/reference) this indicator reproduces. */
  figures: string[];
  /** One of the three mission indicators (usagers on the COPIL, working groups, effet 2016). */
  mission?: boolean;
  /** How the indicator counts particular answers (codes added by a version, "sans objet", "ne sait pas"), in French. */
  note?: string;
}

export type SplitVariable = 'periode_creation' | 'region' | 'departement' | 'annee';
export const SPLIT_VARIABLES: readonly SplitVariable[] = ['periode_creation', 'region', 'departement', 'annee'];

export interface CatalogueParams {
  annee?: number;
  region?: string;
  departement?: string;
  /** Only bilans whose CLSM consented to share with the CCOMS. */
  consentedOnly?: boolean;
  split?: SplitVariable;
  /** First year of the "depuis" period (default 2016). */
  periodeBoundary?: number;
  /** Public output: small cells and their complements masked (analytics/masking.ts). */
  public?: boolean;
  /** Restrict to these indicator ids. */
  indicators?: string[];
}

export type GroupKey = Partial<Record<SplitVariable, string | number>>;

/** One row per indicator × group × category. */
export interface IndicatorResult {
  id: string;
  group: GroupKey;
  category: string;
  /** Count of the category (share, distribution, multi), answered count (stats), Σ numerator (seat_share). */
  n: number | null;
  /** The base: bilans in the population (and answered, when missing answers are excluded); Σ denominator for seat_share. Null only in a public output, for a group masked whole. */
  N: number | null;
  /** Exact percentage 100·n/N (not rounded); null for stats, an empty base, or a masked cell. */
  pct: number | null;
  /** stats only: the statistic's value. */
  value?: number | null;
  /** The base is under 10: interpret with care. */
  small: boolean;
  /** Public mode: the cell is hidden (a count of 1 to 4, or its complement: analytics/masking.ts). */
  masked?: boolean;
}

/** Thresholds of the conventions (questionnaire.md §4). */
export const SMALL_BASE = 10;
export const PUBLIC_MIN_CELL = 5;
