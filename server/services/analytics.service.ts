/**
 * The one analytics pipeline behind the API, the dashboards, the état des
 * lieux and the CLI: scoped load of flat rows → Arquero table → catalogue →
 * results → tables, CSV, XLSX, SVG charts, report data.
 *
 * Scope: the bilans that feed the indicators (submitted or validated) within
 * the user's scope; the CCOMS only those whose CLSM consented.
 *
 * Computations (services/analytics-compute.ts) run in the analytics thread
 * and are kept here per scope and parameters, keyed on the `indicateurs`
 * change stamp read from the database: it moves when a bilan enters, leaves
 * or changes in the indicators, or when the registry changes — never with a
 * draft autosave — so a cache stays warm during a campaign and any instance
 * sees a change on its next request. Charts are rendered once per
 * computation.
 */
import { indicatorsCsv, indicatorsJson, indicatorsXlsx, presentItems, type IndicatorJson, type ReportItem } from '../../analytics/index.ts';
import { getQuestionnaire, type Questionnaire } from '../../survey-schema/index.ts';
import { canReadIndicators, type AuthUser } from '../domain/access.ts';
import { forbidden, notFound } from '../errors.ts';
import { INDICATEURS_STAMP, readStamp } from '../repositories/analytics.repository.ts';
import type { IndicatorData, IndicatorQuery, ReportData } from './analytics-compute.ts';
import type { ServiceDeps } from './deps.ts';

export type { IndicatorQuery, ReportData };

/** The catalogue computed over a selection of bilans, with the questionnaire it was computed with. */
export interface IndicatorSet extends IndicatorData {
  questionnaire: Questionnaire;
}

const MAX_ENTRIES = 32;

export function analyticsService({ db, analytics: runner }: ServiceDeps) {
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

  function indicators(user: AuthUser, query: IndicatorQuery): Promise<IndicatorSet> {
    requireReader(user);
    return cached(user, ['indicateurs', query], async () => ({ ...(await runner.run('indicators', user, query)), questionnaire: getQuestionnaire() }));
  }

  /** The chart of an item as SVG, rendered once per computation. */
  function svgOf(owner: object, item: ReportItem): Promise<string> {
    let rendered = charts.get(owner);
    if (!rendered) charts.set(owner, (rendered = new Map()));
    let svg = rendered.get(item.id);
    if (!svg) rendered.set(item.id, (svg = runner.run('svg', item.spec)));
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
    report(user: AuthUser, annee: number, region?: string): Promise<ReportData> {
      requireReader(user);
      return cached(user, ['etat-des-lieux', annee, region ?? null], () => runner.run('report', user, annee, region));
    },
  };
}

export type AnalyticsService = ReturnType<typeof analyticsService>;
