/**
 * The computations of the analytics pipeline, from the database to data:
 * the flat rows of a scope → Arquero table → catalogue → results and items;
 * the overview's key figures and their trends; the état des lieux and the
 * comparison of two years with their charts; the open data (masked); a
 * chart's SVG. They run in the analytics thread
 * (services/analytics-thread.ts) — the same functions run in the process
 * when the thread is off (an in-memory database). Arguments and results
 * cross the thread as plain data.
 */
import type { Kysely } from 'kysely';
import type { TopLevelSpec } from 'vega-lite';
import {
  buildCatalogue,
  buildComparison,
  buildReport,
  categoriesFor,
  computeIndicators,
  computePublic,
  FLAT_COLUMNS,
  flatTableFromValues,
  KEY_FIGURES,
  KEY_INDICATORS,
  keyValue,
  presentItems,
  REGIONS,
  renderSvg,
  shareLabel,
  trendSpec,
  type CatalogueParams,
  type Comparison,
  type FlatTable,
  type Indicator,
  type IndicatorResult,
  type KeyFigure,
  type KeyValue,
  type Report,
  type ReportItem,
  type SplitVariable,
  type TrendPoint,
} from '../../analytics/index.ts';
import { formatNumber, formatPct } from '../../analytics/format.ts';
import { getQuestionnaire, type FlatCell } from '../../survey-schema/index.ts';
import type { Database } from '../db/database.ts';
import { indicatorScope, publicIndicatorScope, type AuthUser } from '../domain/access.ts';
import { countIndicatorBilansByYear, pageFlatRows } from '../repositories/analytics.repository.ts';
import type { BilanFilters, BilanScope } from '../repositories/bilan.repository.ts';

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

/** The open data of a year: France and its régions, masked together. */
export interface PublicData {
  annee: number;
  catalogue: Indicator[];
  /** France. */
  total: IndicatorResult[];
  /** The régions. */
  regions: IndicatorResult[];
  /** Consented bilans of the year. */
  bilans: number;
  /** Régions and their consented bilans; null when masked (fewer than 5, or complementary). */
  regionBilans: Array<{ region: string; bilans: number | null }>;
}

/** The overview of a scope across its years: the key figures by year, their trends (France beside a région) as SVG. */
export interface OverviewData {
  catalogue: Indicator[];
  /** The key indicators (and the working groups in place) split by year. */
  results: IndicatorResult[];
  figures: Array<{ figure: KeyFigure; trend: TrendPoint[]; svg: string }>;
}

export interface OverviewInput {
  filters: { region?: string | undefined; departement?: string | undefined };
  scopeLabel: string;
  /** "France" when the scope is narrower. */
  benchmark: string | null;
  /** France's key figures of each published year (the open data's). */
  national: Array<[number, IndicatorResult[]]>;
  /** Questionnaire version of each campaign year. */
  versions: Array<[number, string]>;
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

/** A key figure's value as a point of its trend. */
function keyPoint(figure: KeyFigure, annee: number, serie: string, v: KeyValue | undefined): TrendPoint[] {
  if (!v || v.masked || v.value === null || !v.N) return [];
  const part = figure.measure === 'part';
  return [
    {
      annee,
      serie,
      y: part ? v.value / 100 : v.value,
      ...(part ? {} : { q1: v.q1 ?? null, q3: v.q3 ?? null }),
      etiquette: part ? shareLabel(v.value, v.n, v.N, v.small) : `médiane ${formatNumber(v.value)} (n = ${formatNumber(v.n, 0)})`,
      court: part ? `${formatPct(Math.round(v.value))}${v.small ? ' *' : ''}` : formatNumber(v.value),
      petite: v.small,
    },
  ];
}

export function analyticsComputations(db: Kysely<Database>) {
  /** The flat rows of a scope as an Arquero table (read page by page; région and département from the registry). */
  async function loadTable(scope: BilanScope, filters: BilanFilters): Promise<{ table: FlatTable; count: number }> {
    const rows: FlatCell[][] = [];
    for (let after = 0; ; ) {
      const page = await pageFlatRows(db, scope, filters, after, PAGE);
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
    /** `versions`: the questionnaire version of each campaign year, marked on a trend (split by year). */
    async indicators(user: AuthUser, query: IndicatorQuery, versions: Array<[number, string]> = []): Promise<IndicatorData> {
      const questionnaire = getQuestionnaire();
      const params = paramsOf(user, query);
      const catalogue = buildCatalogue(questionnaire, { periodeBoundary: params.periodeBoundary });
      const { table, count } = await loadTable(indicatorScope(user), { annee: query.annee, region: query.region, departement: query.departement });
      const results = computeIndicators(table, catalogue, params, categoriesFor(questionnaire));
      return { catalogue, results, count, items: presentItems(catalogue, results, questionnaire, query.split, query.split === 'annee' ? { versions: new Map(versions) } : {}) };
    },

    async report(user: AuthUser, annee: number, region: string | undefined, versions: string[] = []): Promise<ReportData> {
      const { table } = await loadTable(indicatorScope(user), { annee, region });
      const report = buildReport({ rows: table, questionnaire: getQuestionnaire(), annee, region, consentedOnly: user.role === 'ccoms', ...(versions.length ? { versions } : {}) });
      const svgs = new Map<string, string>();
      for (const item of report.sections.flatMap((s) => s.items)) svgs.set(item.id, await renderSvg(item.spec));
      for (const item of report.effet.items) svgs.set(`effet:${item.id}`, await renderSvg(item.spec));
      return { report, svgs };
    },

    /** The key figures of a scope across its years, each with its trend chart (France beside a région). */
    async overview(user: AuthUser, input: OverviewInput): Promise<OverviewData> {
      const questionnaire = getQuestionnaire();
      const catalogue = buildCatalogue(questionnaire).filter((i) => KEY_INDICATORS.includes(i.id) || i.id.startsWith('gt_theme_en_place__'));
      const { table } = await loadTable(indicatorScope(user), input.filters);
      const results = computeIndicators(table, catalogue, { split: 'annee', ...(user.role === 'ccoms' ? { consentedOnly: true } : {}) }, categoriesFor(questionnaire));
      const years = [...new Set(results.map((r) => Number(r.group.annee)))].sort((a, b) => a - b);
      const versions = new Map(input.versions);
      const figures = [];
      for (const figure of KEY_FIGURES) {
        const trend = [
          ...years.flatMap((annee) => keyPoint(figure, annee, input.scopeLabel, keyValue(results, figure, { annee }))),
          ...(input.benchmark ? input.national.flatMap(([annee, rows]) => (years.includes(annee) ? keyPoint(figure, annee, input.benchmark!, keyValue(rows, figure)) : [])) : []),
        ];
        const spec = trendSpec(`${figure.label} : évolution par campagne`, trend, { versions, measure: figure.measure === 'part' ? 'part' : 'nombre', compact: true });
        figures.push({ figure, trend, svg: trend.length ? await renderSvg(spec) : '' });
      }
      return { catalogue, results, figures };
    },

    /** France's key figures per year with consented bilans, as the open data publishes them (the benchmark beside a région). */
    async nationalKeyFigures(): Promise<Array<[number, IndicatorResult[]]>> {
      const questionnaire = getQuestionnaire();
      const catalogue = buildCatalogue(questionnaire).filter((i) => KEY_INDICATORS.includes(i.id));
      const { table } = await loadTable(publicIndicatorScope(), {});
      const years = await countIndicatorBilansByYear(db, publicIndicatorScope(), {});
      return years.map(({ annee }) => [annee, computeIndicators(table, catalogue, { annee, consentedOnly: true, public: true }, categoriesFor(questionnaire))]);
    },

    /** The open data of a year: every consented bilan, France and its régions, masked together. */
    async publicData(annee: number): Promise<PublicData> {
      const questionnaire = getQuestionnaire();
      const catalogue = buildCatalogue(questionnaire);
      const { table, count } = await loadTable(publicIndicatorScope(), { annee });
      const { total, split, groupBilans } = computePublic(table, catalogue, { annee, consentedOnly: true }, 'region', categoriesFor(questionnaire));
      const masked = new Set(split.filter((r) => r.N === null && r.id === 'periode_creation').map((r) => String(r.group.region)));
      const regionBilans = [...groupBilans]
        .map(([region, bilans]) => ({ region, bilans: masked.has(region) ? null : bilans }))
        .sort((a, b) => (REGIONS[a.region] ?? a.region).localeCompare(REGIONS[b.region] ?? b.region, 'fr'));
      return { annee, catalogue, total, regions: split, bilans: count, regionBilans };
    },

    /** Two years side by side, with the key figures' dot plot rendered. */
    async comparison(user: AuthUser, from: number, to: number, region: string | undefined): Promise<{ comparison: Comparison; svg: string }> {
      const { table } = await loadTable(indicatorScope(user), { region });
      const comparison = buildComparison({ rows: table, questionnaire: getQuestionnaire(), from, to, region, consentedOnly: user.role === 'ccoms' });
      return { comparison, svg: await renderSvg(comparison.summarySpec) };
    },

    svg: (spec: TopLevelSpec): Promise<string> => renderSvg(spec),
  };
}

export type AnalyticsComputations = ReturnType<typeof analyticsComputations>;
export type AnalyticsJob = keyof AnalyticsComputations;
