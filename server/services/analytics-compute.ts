/**
 * The computations of the analytics pipeline, from the database to data:
 * the flat rows of a scope → Arquero table → catalogue → results and items;
 * the état des lieux with its charts; a chart's SVG. They run in the
 * analytics thread (services/analytics-thread.ts) — the same functions run
 * in the process when the thread is off (an in-memory database).
 */
import type { Kysely } from 'kysely';
import type { TopLevelSpec } from 'vega-lite';
import {
  buildCatalogue,
  buildReport,
  categoriesFor,
  computeIndicators,
  FLAT_COLUMNS,
  flatTableFromValues,
  presentItems,
  renderSvg,
  type CatalogueParams,
  type FlatTable,
  type Indicator,
  type IndicatorResult,
  type Report,
  type ReportItem,
  type SplitVariable,
} from '../../analytics/index.ts';
import { getQuestionnaire, type FlatCell } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import { indicatorScope, type AuthUser } from '../domain/access.ts';
import { pageFlatRows } from '../repositories/analytics.repository.ts';
import type { BilanFilters } from '../repositories/bilan.repository.ts';

export interface IndicatorQuery {
  annee?: number | undefined;
  region?: string | undefined;
  departement?: string | undefined;
  split?: SplitVariable | undefined;
  /** Public output: small cells masked. */
  public?: boolean | undefined;
  /** First year of the "depuis" period (default 2016). */
  periode?: number | undefined;
}

/** The catalogue computed over a selection of bilans, as plain data (it crosses from the thread). */
export interface IndicatorData {
  catalogue: Indicator[];
  results: IndicatorResult[];
  /** Bilans in the selection. */
  count: number;
  /** What a page shows: the items with data (families when not split), each with its chart spec and tables. */
  items: ReportItem[];
}

/** The état des lieux and its charts: SVG keyed by item id, `effet:<id>` for the split items of the "effet 2016" chapter. */
export interface ReportData {
  report: Report;
  svgs: Map<string, string>;
}

const PAGE = 1000;
const REGION = FLAT_COLUMNS.indexOf('region');
const DEPARTEMENT = FLAT_COLUMNS.indexOf('departement');

function paramsOf(user: AuthUser, query: IndicatorQuery): CatalogueParams {
  return {
    ...(query.split ? { split: query.split } : {}),
    ...(query.public ? { public: true } : {}),
    ...(query.periode ? { periodeBoundary: query.periode } : {}),
    ...(user.role === 'ccoms' ? { consentedOnly: true } : {}),
  };
}

export function analyticsComputations(db: Kysely<Database>) {
  /** The flat rows of the scope as an Arquero table (read page by page; région and département from the registry). */
  async function loadTable(user: AuthUser, filters: BilanFilters): Promise<{ table: FlatTable; count: number }> {
    const rows: FlatCell[][] = [];
    for (let after = 0; ; ) {
      const page = await pageFlatRows(db, indicatorScope(user), filters, after, PAGE);
      for (const r of page) {
        const values = JSON.parse(r.row) as FlatCell[];
        values[REGION] = r.region;
        values[DEPARTEMENT] = r.departement;
        rows.push(values);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.bilan_id;
    }
    return { table: flatTableFromValues(rows), count: rows.length };
  }

  return {
    async indicators(user: AuthUser, query: IndicatorQuery): Promise<IndicatorData> {
      const questionnaire = getQuestionnaire();
      const params = paramsOf(user, query);
      const catalogue = buildCatalogue(questionnaire, { periodeBoundary: params.periodeBoundary });
      const { table, count } = await loadTable(user, { annee: query.annee, region: query.region, departement: query.departement });
      const results = computeIndicators(table, catalogue, params, categoriesFor(questionnaire));
      return { catalogue, results, count, items: presentItems(catalogue, results, questionnaire, query.split) };
    },

    async report(user: AuthUser, annee: number, region: string | undefined): Promise<ReportData> {
      const { table } = await loadTable(user, { annee, region });
      const report = buildReport({ rows: table, questionnaire: getQuestionnaire(), annee, region, consentedOnly: user.role === 'ccoms' });
      const svgs = new Map<string, string>();
      for (const item of report.sections.flatMap((s) => s.items)) svgs.set(item.id, await renderSvg(item.spec));
      for (const item of report.effet.items) svgs.set(`effet:${item.id}`, await renderSvg(item.spec));
      return { report, svgs };
    },

    svg: (spec: TopLevelSpec): Promise<string> => renderSvg(spec),
  };
}

export type AnalyticsComputations = ReturnType<typeof analyticsComputations>;
export type AnalyticsJob = keyof AnalyticsComputations;
