/**
 * Data of the dashboards: the bilans in the viewer's scope (submitted or
 * validated; the CCOMS only those whose CLSM consented), flattened, then the
 * analytics catalogue. The computation is analytics' own; here only the
 * query parameters, the labels and the exports.
 */
import type { Kysely } from 'kysely';
import { buildCatalogue, categoriesFor, computeIndicators, optionsFor, SANS_REPONSE, STATS, type CatalogueParams, type Indicator, type IndicatorResult, type SplitVariable, SPLIT_VARIABLES } from '../analytics/index.ts';
import { flattenAnswers, getQuestionnaire, type FlatRow, type Questionnaire } from '../survey-schema/index.ts';
import type { Database } from '../server/db/database.ts';
import type { AuthUser } from '../server/domain/access.ts';
import { iterateBilans } from '../server/repositories/bilan.repository.ts';
import { regionName } from './components.ts';

export const SPLIT_LABELS: Record<SplitVariable, string> = {
  periode_creation: 'Période de création',
  region: 'Région',
  departement: 'Département',
  annee: 'Année',
};

export interface DashboardQuery {
  annee?: string;
  region?: string;
  departement?: string;
  split?: string;
  indicateur?: string;
}

export interface DashboardParams {
  annee?: number;
  region?: string;
  departement?: string;
  split?: SplitVariable;
}

export function readDashboardQuery(query: DashboardQuery): DashboardParams {
  const annee = Number(query.annee);
  return {
    annee: Number.isInteger(annee) && annee > 1990 ? annee : undefined,
    region: query.region?.trim() || undefined,
    departement: query.departement?.trim() || undefined,
    split: SPLIT_VARIABLES.includes(query.split as SplitVariable) ? (query.split as SplitVariable) : undefined,
  };
}

export function dashboardQueryString(p: DashboardParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (p.annee !== undefined) q.set('annee', String(p.annee));
  if (p.region) q.set('region', p.region);
  if (p.departement) q.set('departement', p.departement);
  if (p.split) q.set('split', p.split);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface DashboardData {
  questionnaire: Questionnaire;
  catalogue: Indicator[];
  results: IndicatorResult[];
  /** Bilans in the selection. */
  count: number;
}

export async function dashboardData(db: Kysely<Database>, user: AuthUser, p: DashboardParams, onlyIndicator?: string): Promise<DashboardData> {
  const questionnaire = getQuestionnaire();
  const rows: FlatRow[] = [];
  for await (const b of iterateBilans(db, user, { annee: p.annee, region: p.region, departement: p.departement, statuses: ['soumis', 'valide'] })) {
    rows.push(flattenAnswers(getQuestionnaire(b.questionnaire_version), b.answers, { clsm_id: b.clsm_id, annee: b.annee, region: b.region, departement: b.departement }));
  }
  const catalogue = buildCatalogue(questionnaire).filter((i) => !onlyIndicator || i.id === onlyIndicator);
  const params: CatalogueParams = { split: p.split, consentedOnly: user.role === 'ccoms' };
  const results = rows.length ? computeIndicators(rows, catalogue, params, categoriesFor(questionnaire)) : [];
  return { questionnaire, catalogue, results, count: rows.length };
}

/** The French label of a result category. */
export function categoryLabel(q: Questionnaire, indicator: Indicator, category: string): string {
  if (category === SANS_REPONSE) return 'Sans réponse';
  if (indicator.kind === 'share' && indicator.share && category === indicator.share.category) return indicator.share.label;
  if (indicator.kind === 'stats') return STATS.find((s) => s.code === category)?.label ?? category;
  if (indicator.kind === 'multi') return indicator.optionLabels?.[category] ?? optionsFor(q, category)[0]?.label ?? category.split('__').pop() ?? category;
  const fromClasses = indicator.classes?.find((c) => c.code === category)?.label;
  const fromCategories = indicator.categories?.find((c) => c.code === category)?.label;
  const fromCodebook = indicator.variables[0] ? optionsFor(q, indicator.variables[0]).find((o) => o.code === category)?.label : undefined;
  return fromClasses ?? fromCategories ?? fromCodebook ?? category;
}

export function groupLabel(group: IndicatorResult['group']): string {
  const entries = Object.entries(group);
  if (entries.length === 0) return 'Ensemble';
  return entries
    .map(([k, v]) => (k === 'periode_creation' ? String(v).replace('avant_', 'Créé avant ').replace('depuis_', 'Créé depuis ') : k === 'region' ? regionName(String(v)) : String(v)))
    .join(', ');
}
