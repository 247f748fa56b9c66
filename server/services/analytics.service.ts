/**
 * The one analytics pipeline behind the API, the dashboards, the état des
 * lieux and the CLI: scoped load of flat rows → Arquero table → catalogue →
 * results → tables, CSV, XLSX, SVG charts, report data.
 *
 * Scope: the bilans that feed the indicators (submitted or validated) within
 * the user's scope; the CCOMS only those whose CLSM consented.
 *
 * Computations are kept per scope and parameters, keyed on the `indicateurs`
 * change stamp read from the database: it moves when a bilan enters, leaves
 * or changes in the indicators, or when the registry changes — never with a
 * draft autosave — so a cache stays warm during a campaign and any instance
 * sees a change on its next request. Charts are rendered once per
 * computation.
 */
import {
  buildCatalogue,
  buildReport,
  categoriesFor,
  computeIndicators,
  flatTable,
  indicatorsCsv,
  indicatorsJson,
  indicatorsXlsx,
  presentItems,
  renderSvg,
  type CatalogueParams,
  type FlatTable,
  type Indicator,
  type IndicatorJson,
  type IndicatorResult,
  type Report,
  type ReportItem,
  type SplitVariable,
} from '../../analytics/index.ts';
import { getQuestionnaire, type FlatRow, type Questionnaire } from '../../survey-schema/index.ts';
import { canReadIndicators, indicatorScope, type AuthUser } from '../domain/access.ts';
import { forbidden, notFound } from '../errors.ts';
import { INDICATEURS_STAMP, pageFlatRows, readStamp } from '../repositories/analytics.repository.ts';
import type { BilanFilters } from '../repositories/bilan.repository.ts';
import type { ServiceDeps } from './deps.ts';

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

/** The catalogue computed over a selection of bilans. */
export interface IndicatorSet {
  questionnaire: Questionnaire;
  catalogue: Indicator[];
  results: IndicatorResult[];
  /** Bilans in the selection. */
  count: number;
  /** What a page shows: the items with data (families when not split), each with its chart spec and tables. */
  items: ReportItem[];
}

const PAGE = 1000;
const MAX_ENTRIES = 32;

export function analyticsService({ db }: ServiceDeps) {
  const computations = new Map<string, Promise<unknown>>();
  const charts = new WeakMap<object, Map<string, Promise<string>>>();

  function requireReader(user: AuthUser): AuthUser {
    if (!canReadIndicators(user)) throw forbidden('Les indicateurs et tableaux de bord sont réservés aux ARS, au CCOMS et à l’administration.');
    return user;
  }

  /** A computation kept per scope, parameters and stamp (a few dozen at most, oldest dropped first). */
  async function cached<T extends object>(user: AuthUser, key: unknown[], compute: () => Promise<T>): Promise<T> {
    const stamp = await readStamp(db, INDICATEURS_STAMP);
    const id = JSON.stringify([user.role, user.region, user.departement, ...key, stamp]);
    let entry = computations.get(id) as Promise<T> | undefined;
    if (!entry) {
      entry = compute();
      entry.catch(() => computations.delete(id));
      computations.set(id, entry);
      while (computations.size > MAX_ENTRIES) computations.delete(computations.keys().next().value!);
    }
    return entry;
  }

  /** The flat rows of the scope as an Arquero table (rows read page by page, parsed one at a time). */
  async function loadTable(user: AuthUser, filters: BilanFilters): Promise<{ table: FlatTable; count: number }> {
    const rows: FlatRow[] = [];
    for (let after = 0; ; ) {
      const page = await pageFlatRows(db, indicatorScope(user), filters, after, PAGE);
      for (const r of page) rows.push({ ...(JSON.parse(r.row) as FlatRow), region: r.region, departement: r.departement });
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.bilan_id;
    }
    return { table: flatTable(rows), count: rows.length };
  }

  function paramsOf(user: AuthUser, query: IndicatorQuery): CatalogueParams {
    return {
      ...(query.split ? { split: query.split } : {}),
      ...(query.public ? { public: true } : {}),
      ...(query.periode ? { periodeBoundary: query.periode } : {}),
      ...(user.role === 'ccoms' ? { consentedOnly: true } : {}),
    };
  }

  function indicators(user: AuthUser, query: IndicatorQuery): Promise<IndicatorSet> {
    requireReader(user);
    return cached(user, ['indicateurs', query], async () => {
      const questionnaire = getQuestionnaire();
      const params = paramsOf(user, query);
      const catalogue = buildCatalogue(questionnaire, { periodeBoundary: params.periodeBoundary });
      const { table, count } = await loadTable(user, { annee: query.annee, region: query.region, departement: query.departement });
      const results = computeIndicators(table, catalogue, params, categoriesFor(questionnaire));
      return { questionnaire, catalogue, results, count, items: presentItems(catalogue, results, questionnaire, query.split) };
    });
  }

  /** The chart of an item as SVG, rendered once per computation. */
  function svgOf(owner: object, item: ReportItem): Promise<string> {
    let rendered = charts.get(owner);
    if (!rendered) charts.set(owner, (rendered = new Map()));
    let svg = rendered.get(item.id);
    if (!svg) rendered.set(item.id, (svg = renderSvg(item.spec)));
    return svg;
  }

  return {
    requireReader,
    indicators,

    async json(user: AuthUser, query: IndicatorQuery): Promise<{ indicators: IndicatorJson[] }> {
      return indicatorsJson((await indicators(user, query)).results);
    },
    async csv(user: AuthUser, query: IndicatorQuery): Promise<string> {
      const set = await indicators(user, query);
      return indicatorsCsv(set.results, set.catalogue, set.questionnaire);
    },
    async xlsx(user: AuthUser, query: IndicatorQuery): Promise<Buffer> {
      const set = await indicators(user, query);
      return indicatorsXlsx(set.results, set.catalogue, set.questionnaire);
    },

    /** The SVG chart of an item (a family or an indicator of the catalogue); 404 when unknown or without data. */
    async chartSvg(user: AuthUser, query: IndicatorQuery, id: string): Promise<string> {
      const set = await indicators(user, query);
      const item = set.items.find((i) => i.id === id) ?? presentItems(set.catalogue.filter((i) => i.id === id), set.results, set.questionnaire, 'annee').find((i) => i.id === id);
      if (!item) throw notFound(`Indicateur inconnu ou sans données : ${id} (voir GET /api/indicators)`);
      return svgOf(set, item);
    },

    /** The état des lieux of a year (optionally of a région), with every chart rendered. */
    report(user: AuthUser, annee: number, region?: string): Promise<{ report: Report; svgs: Map<string, string> }> {
      requireReader(user);
      return cached(user, ['etat-des-lieux', annee, region ?? null], async () => {
        const { table } = await loadTable(user, { annee, region });
        const report = buildReport({ rows: table, questionnaire: getQuestionnaire(), annee, region, consentedOnly: user.role === 'ccoms' });
        // Keyed by item id; the split items of the "effet 2016" chapter by `effet:<id>`.
        const svgs = new Map<string, string>();
        for (const item of report.sections.flatMap((s) => s.items)) svgs.set(item.id, await renderSvg(item.spec));
        for (const item of report.effet.items) svgs.set(`effet:${item.id}`, await renderSvg(item.spec));
        return { report, svgs };
      });
    },
  };
}

export type AnalyticsService = ReturnType<typeof analyticsService>;
