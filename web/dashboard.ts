/**
 * Data of the dashboards: the bilans in the viewer's scope (submitted or
 * validated; the CCOMS only those whose CLSM consented), flattened and
 * computed by analytics (catalogue, families, labels, Vega-Lite charts).
 * Here only the query parameters and the assembling of a page.
 */
import type { Kysely } from 'kysely';
import {
  buildCatalogue,
  categoriesFor,
  chartSpecFor,
  computeIndicators,
  families,
  familyChartSpec,
  flatRowsFromBilans,
  renderSvg,
  SPLIT_VARIABLES,
  type CatalogueParams,
  type Indicator,
  type IndicatorFamily,
  type IndicatorResult,
  type SplitVariable,
  type StoredBilan,
} from '../analytics/index.ts';
import { getQuestionnaire, type Questionnaire } from '../survey-schema/index.ts';
import type { Database } from '../server/db/database.ts';
import type { AuthUser } from '../server/domain/access.ts';
import { iterateBilans } from '../server/repositories/bilan.repository.ts';

export interface DashboardQuery {
  annee?: string;
  region?: string;
  departement?: string;
  split?: string;
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

export function dashboardQueryString(p: DashboardParams): string {
  const q = new URLSearchParams();
  if (p.annee !== undefined) q.set('annee', String(p.annee));
  if (p.region) q.set('region', p.region);
  if (p.departement) q.set('departement', p.departement);
  if (p.split) q.set('split', p.split);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** What one card of the dashboard shows: an indicator, or a family of them (every actor of the COPIL…) when the view is not split. */
export type DashboardItem = Indicator | IndicatorFamily;
export const isFamily = (item: DashboardItem): item is IndicatorFamily => 'members' in item;
export const itemIndicators = (item: DashboardItem): Indicator[] => (isFamily(item) ? item.members.map((m) => m.indicator) : [item]);

export interface DashboardData {
  questionnaire: Questionnaire;
  catalogue: Indicator[];
  items: DashboardItem[];
  results: IndicatorResult[];
  /** Bilans in the selection. */
  count: number;
}

export async function dashboardData(db: Kysely<Database>, user: AuthUser, p: DashboardParams): Promise<DashboardData> {
  const questionnaire = getQuestionnaire();
  const stored: StoredBilan[] = [];
  for await (const b of iterateBilans(db, user, { annee: p.annee, region: p.region, departement: p.departement, statuses: ['soumis', 'valide'] })) stored.push(b);
  const rows = flatRowsFromBilans(stored);
  const catalogue = buildCatalogue(questionnaire);
  const params: CatalogueParams = { split: p.split, consentedOnly: user.role === 'ccoms' };
  const results = rows.length ? computeIndicators(rows, catalogue, params, categoriesFor(questionnaire)) : [];
  const withData = new Set(results.filter((r) => r.N > 0).map((r) => r.id));
  const items = (p.split ? catalogue : families(catalogue, questionnaire)).filter((item) => itemIndicators(item).some((i) => withData.has(i.id)));
  return { questionnaire, catalogue, items, results, count: rows.length };
}

/** The chart of an item, as SVG (Vega-Lite rendered on the server), rendered once per data state. */
export function itemSvg(data: DashboardData, item: DashboardItem): Promise<string> {
  const rendered = svgCache.get(data);
  const known = rendered?.get(item.id);
  if (known) return known;
  const svg = renderSvg(isFamily(item) ? familyChartSpec(item, data.results, data.questionnaire) : chartSpecFor(item, data.results, data.questionnaire));
  rendered?.set(item.id, svg);
  return svg;
}

/**
 * Dashboards are read far more often than bilans are sent: a computation is
 * kept per scope and parameters until a bilan changes (the stamp is the count
 * and latest update of the bilans); charts are kept with their data.
 */
const MAX_ENTRIES = 32;
const computations = new Map<string, Promise<unknown>>();
const svgCache = new WeakMap<DashboardData, Map<string, Promise<string>>>();

export async function stamped<T>(db: Kysely<Database>, user: AuthUser, params: unknown, compute: () => Promise<T>): Promise<T> {
  const stamp = await db.selectFrom('bilans').select((eb) => [eb.fn.max('updated_at').as('last'), eb.fn.countAll().as('count')]).executeTakeFirst();
  const key = JSON.stringify([user.role, user.region, user.departement, params, stamp?.last, stamp?.count]);
  let entry = computations.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = compute();
    entry.catch(() => computations.delete(key));
    computations.set(key, entry);
    while (computations.size > MAX_ENTRIES) computations.delete(computations.keys().next().value!);
  }
  return entry;
}

export function cachedDashboardData(db: Kysely<Database>, user: AuthUser, p: DashboardParams): Promise<DashboardData> {
  return stamped(db, user, ['tableaux-de-bord', p], async () => {
    const data = await dashboardData(db, user, p);
    svgCache.set(data, new Map());
    return data;
  });
}
