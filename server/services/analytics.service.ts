/**
 * The one analytics pipeline behind the API, the dashboards, the état des
 * lieux, the open data and the CLI: scoped load of flat rows → Arquero
 * table → catalogue → results → tables, CSV, XLSX, SVG charts, report data.
 *
 * Scope: the bilans that feed the indicators (submitted or validated) within
 * the user's scope; the CCOMS only those whose CLSM consented. Public
 * outputs (open data, the national benchmark beside a région) read every
 * consented bilan of closed campaigns and are masked (analytics/masking.ts).
 *
 * Computations (services/analytics-compute.ts) run in the analytics thread
 * and are kept here per scope and parameters, keyed on the `indicateurs`
 * change stamp read from the database: it moves when a bilan enters, leaves
 * or changes in the indicators, or when the registry changes — never with a
 * draft autosave — so a cache stays warm during a campaign and any instance
 * sees a change on its next request. Charts are rendered once per
 * computation and item, when first asked for; a warm page costs a lookup.
 */
import {
  dotPlotSpec,
  families,
  indicatorsCsv,
  indicatorsJson,
  indicatorsXlsx,
  isFamily,
  keyValue,
  LruMap,
  REGIONS,
  reportItem,
  shareLabel,
  withTitle,
  type Comparison,
  type DotDatum,
  type Indicator,
  type IndicatorFamily,
  type IndicatorJson,
  type IndicatorResult,
  type KeyFigure,
  type KeyValue,
  type Report,
  type ReportItem,
  type TrendPoint,
} from '../../analytics/index.ts';
import { getQuestionnaire, type Questionnaire } from '../../survey-schema/index.ts';
import { canReadIndicators, indicatorScope, publicIndicatorScope, type AuthUser } from '../domain/access.ts';
import { forbidden, notFound } from '../errors.ts';
import { countIndicatorBilansByYear, INDICATEURS_STAMP, readStamp } from '../repositories/analytics.repository.ts';
import type { IndicatorData, IndicatorQuery, OverviewData, PublicData, ReportData } from './analytics-compute.ts';
import type { CampagneService } from './campagne.service.ts';
import type { ServiceDeps } from './deps.ts';
import type { PdfService } from './pdf.service.ts';
import type { SuiviCounts, SuiviService } from './suivi.service.ts';

export type { IndicatorQuery, ReportData };

/** The catalogue computed over a selection of bilans, with the questionnaire it was computed with. */
export interface IndicatorSet extends IndicatorData {
  questionnaire: Questionnaire;
}

/** The open data of a year, with the questionnaire it was computed with. */
export interface PublicSet extends PublicData {
  questionnaire: Questionnaire;
}

/** A key figure of the overview: its value in the scope and year, France beside it, its trend. */
export interface OverviewFigure {
  figure: KeyFigure;
  value: KeyValue | undefined;
  /** France (consented bilans, public masking), when the scope is a région or a département. */
  national: KeyValue | undefined;
  trend: TrendPoint[];
  /** The trend chart (SVG). */
  svg: string;
}

export interface Overview {
  /** The year shown: the latest with bilans in the scope unless asked; null when the scope has none. */
  annee: number | null;
  /** Years with bilans in the scope, newest first. */
  years: Array<{ annee: number; bilans: number }>;
  bilans: number;
  /** The campaign's follow-up counts (services/suivi.service.ts), when the year has a campaign. */
  campagne: { counts: SuiviCounts; statut: string } | null;
  /** "Île-de-France", "Département 93", "France". */
  scopeLabel: string;
  /** "France" when the scope is narrower: the benchmark's label. */
  benchmark: string | null;
  /** France's figures of the year are published (its campaign is closed). */
  nationalPublished: boolean;
  figures: OverviewFigure[];
  /** Participation by space, scope beside France (SVG). */
  espacesSvg: string | null;
  /** The working groups most often in place. */
  themes: Array<{ id: string; label: string; text: string; small: boolean }>;
}

/** The open data's licence (Etalab), named on every public output. */
export const OPEN_DATA_LICENCE = { nom: 'Licence Ouverte / Open Licence version 2.0 (Etalab)', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' } as const;

/**
 * Computations kept: each scope (an ARS région, the CCOMS, the
 * administration) has its overview, years, indicator sets and état des
 * lieux per year. 64 (first in, first out) was smaller than what 20
 * analysts read over ten years (bench:rush: most état des lieux recomputed,
 * a second each, the thread busy all the time). Measured on 3 000 bilans: a
 * national état des lieux with its charts holds about 7 MB, a regional one
 * 2.5 MB, an indicator set about 1 MB.
 */
const MAX_ENTRIES = 256;
/** How long the overview's campaign counts are reused: live within a few seconds, not one follow-up query per page view. */
const COUNTS_MS = 5_000;
const THEME_LABEL = /^Groupe de travail « (.*) » en place ou en cours$/;

type YearPart = Pick<Overview, 'nationalPublished' | 'figures' | 'espacesSvg' | 'themes'>;
interface OverviewComputation extends OverviewData {
  scopeLabel: string;
  benchmark: string | null;
  national: Map<number, IndicatorResult[]>;
  published: Set<number>;
}

export function analyticsService({ db, analytics: runner }: ServiceDeps, others: { suivi: SuiviService; campagnes: CampagneService; pdf: PdfService }) {
  const computations = new LruMap<string, Promise<unknown>>(MAX_ENTRIES);
  let lastStamp: unknown;
  const charts = new WeakMap<object, Map<string, Promise<string>>>();
  const pdfs = new WeakMap<object, Promise<Buffer>>();
  const publicCsvs = new WeakMap<object, string>();
  const yearParts = new WeakMap<OverviewComputation, Map<number, Promise<YearPart>>>();
  const counts = new Map<string, { at: number; value: Promise<Overview['campagne']> }>();

  function requireReader(user: AuthUser): AuthUser {
    if (!canReadIndicators(user)) throw forbidden('Les indicateurs et tableaux de bord sont réservés aux ARS, au CCOMS et à l’administration.');
    return user;
  }

  /** A computation kept per key and stamp (MAX_ENTRIES at most, the least recently used dropped first). */
  async function cachedAs<T extends object>(key: unknown[], compute: () => Promise<T>): Promise<T> {
    const stamp = await readStamp(db, INDICATEURS_STAMP);
    // Computations of an earlier stamp can no longer be asked for: dropped at once rather than one by one.
    if (stamp !== lastStamp) {
      computations.clear();
      lastStamp = stamp;
    }
    const id = JSON.stringify([...key, stamp]);
    let entry = computations.get(id) as Promise<T> | undefined;
    if (!entry) {
      const computing = compute();
      entry = computing;
      computing.catch(() => computations.get(id) === computing && computations.delete(id));
      computations.set(id, computing);
    }
    return entry;
  }
  const cached = <T extends object>(user: AuthUser, key: unknown[], compute: () => Promise<T>) => cachedAs([user.role, user.region, user.departement, ...key], compute);

  /** Questionnaire version of each campaign year (a change is marked on trends). */
  async function versions(): Promise<Array<[number, string]>> {
    return (await others.campagnes.list()).map((c) => [c.annee, c.questionnaire_version]);
  }

  function indicators(user: AuthUser, query: IndicatorQuery): Promise<IndicatorSet> {
    requireReader(user);
    return cached(user, ['indicateurs', query], async () => ({ ...(await runner.run('indicators', user, query, query.split === 'annee' ? await versions() : [])), questionnaire: getQuestionnaire() }));
  }

  /** Years with bilans in the user's scope (and filters), newest first. */
  function years(user: AuthUser, filters: { region?: string | undefined; departement?: string | undefined } = {}): Promise<Array<{ annee: number; bilans: number }>> {
    requireReader(user);
    return cached(user, ['annees', filters.region, filters.departement], () => countIndicatorBilansByYear(db, indicatorScope(user), filters));
  }

  /** The chart of an item as SVG, rendered once per computation (`titled`: with its title inside, for a download). */
  function svgOf(owner: object, item: ReportItem, titled = false): Promise<string> {
    let rendered = charts.get(owner);
    if (!rendered) charts.set(owner, (rendered = new Map()));
    const key = `${item.id}${titled ? ':titre' : ''}`;
    let svg = rendered.get(key);
    if (!svg) {
      const spec = titled ? withTitle(item.spec, item.label, `Base : ${item.populationLabel}${item.small ? ' — * base inférieure à 10 bilans : à interpréter avec prudence' : ''}`) : item.spec;
      rendered.set(key, (svg = runner.run('svg', spec)));
      svg.catch(() => rendered.delete(key));
    }
    return svg;
  }

  /** One item of the catalogue (a family or an indicator) over a selection; 404 when unknown. */
  async function item(user: AuthUser, query: IndicatorQuery, id: string): Promise<{ set: IndicatorSet; item: ReportItem | null; entry: IndicatorFamily | Indicator }> {
    const set = await indicators(user, query);
    const entry = families(set.catalogue, set.questionnaire).find((x) => x.id === id) ?? set.catalogue.find((i) => i.id === id);
    if (!entry) throw notFound(`Indicateur inconnu : ${id} (voir GET /api/indicators)`);
    const found = set.items.find((i) => i.id === id);
    if (found) return { set, item: found, entry };
    // A member of a family (its own page), or an item without data in this selection.
    const members = isFamily(entry) ? entry.members.map((m) => m.indicator.id) : [entry.id];
    const hasData = set.results.some((r) => members.includes(r.id) && ((r.N ?? 0) > 0 || (r.n ?? 0) > 0));
    if (!hasData || (isFamily(entry) && query.split)) return { set, item: null, entry };
    const options = query.split === 'annee' ? { versions: new Map(await versions()) } : {};
    return { set, item: reportItem(entry, set.results.filter((r) => members.includes(r.id)), set.questionnaire, options), entry };
  }

  /** The open data of a year: every consented bilan, France and its régions, masked together. */
  function publicSet(annee: number): Promise<PublicSet> {
    return cachedAs(['public', annee], async () => ({ ...(await runner.run('publicData', annee)), questionnaire: getQuestionnaire() }));
  }

  /**
   * The open data's years, newest first: years with consented bilans whose
   * campaign is closed (an open campaign's figures move every day, and its
   * bilans may still be returned); imported years without a campaign count.
   */
  async function publicYears(): Promise<Array<{ annee: number; bilans: number }>> {
    const [all, campagnes] = await Promise.all([cachedAs(['public-annees'], () => countIndicatorBilansByYear(db, publicIndicatorScope(), {})), others.campagnes.list()]);
    const open = new Set(campagnes.filter((c) => c.statut === 'ouverte').map((c) => c.annee));
    return all.filter((y) => !open.has(y.annee));
  }

  function scopeLabelOf(user: AuthUser, filters: { region?: string | undefined; departement?: string | undefined }): string {
    const departement = filters.departement ?? (user.role === 'ars' ? user.departement : null);
    if (departement) return `Département ${departement}`;
    const region = filters.region ?? (user.role === 'ars' ? user.region : null);
    return region ? (REGIONS[region] ?? `Région ${region}`) : 'France';
  }

  /** The overview's computation for a scope: key figures across the years, France beside a région (published years only). */
  async function overviewData(user: AuthUser, filters: { region?: string | undefined; departement?: string | undefined }): Promise<OverviewComputation> {
    const scopeLabel = scopeLabelOf(user, filters);
    const benchmark = scopeLabel === 'France' ? null : 'France';
    // France's published years are part of the key: closing a campaign publishes its year.
    const published = new Set((await publicYears()).map((y) => y.annee));
    return cached(user, ['apercu', filters.region, filters.departement, [...published]], async () => {
      const national = new Map(benchmark ? (await cachedAs(['national-cles'], async () => ({ years: await runner.run('nationalKeyFigures') }))).years.filter(([annee]) => published.has(annee)) : []);
      const data = await runner.run('overview', user, { filters, scopeLabel, benchmark, national: [...national], versions: await versions() });
      return { ...data, scopeLabel, benchmark, national, published };
    });
  }

  /** The figures of one year, kept with the overview's computation (the same objects for every reader: pages cache their markup on them). */
  function yearPart(data: OverviewComputation, annee: number): Promise<YearPart> {
    let parts = yearParts.get(data);
    if (!parts) yearParts.set(data, (parts = new Map()));
    let part = parts.get(annee);
    if (!part) {
      parts.set(annee, (part = computeYearPart(data, annee)));
      part.catch(() => parts.delete(annee));
    }
    return part;
  }

  async function computeYearPart(data: OverviewComputation, annee: number): Promise<YearPart> {
    const inYear = data.results.filter((r) => r.group.annee === annee).map((r) => ({ ...r, group: {} }));
    const nationalPublished = data.published.has(annee);
    const nationalYear = nationalPublished ? (data.national.get(annee) ?? []) : [];
    const figures = data.figures.map(({ figure, trend, svg }) => ({ figure, value: keyValue(inYear, figure), national: data.benchmark ? keyValue(nationalYear, figure) : undefined, trend, svg }));
    const espaces = figures.filter((f) => f.figure.theme === 'espaces' || f.figure.id === 'copil_personnes');
    const dots: DotDatum[] = espaces.flatMap(({ figure, value, national }) =>
      (
        [
          [data.scopeLabel, value],
          [data.benchmark, national],
        ] as Array<[string | null, KeyValue | undefined]>
      ).flatMap(([serie, v]) =>
        serie && v && !v.masked && v.value !== null && v.N
          ? [{ ligne: figure.short.replace(/^Personnes concernées (au|en) /, '').replace(/^./, (c) => c.toUpperCase()), serie, part: v.value / 100, etiquette: shareLabel(v.value, v.n, v.N, v.small), petite: v.small }]
          : [],
      ),
    );
    const espacesSvg = dots.length ? await runner.run('svg', dotPlotSpec('Participation des personnes concernées, par espace', dots, [data.scopeLabel, ...(data.benchmark ? [data.benchmark] : [])])) : null;
    const themes = inYear
      .filter((r) => r.id.startsWith('gt_theme_en_place__') && (r.N ?? 0) > 0)
      .sort((a, b) => (b.pct ?? 0) - (a.pct ?? 0))
      .slice(0, 6)
      .map((r) => {
        const label = data.catalogue.find((i) => i.id === r.id)?.label ?? r.id;
        return { id: r.id, label: THEME_LABEL.exec(label)?.[1] ?? label, text: shareLabel(r.pct, r.n, r.N, r.small), small: r.small };
      });
    return { nationalPublished, figures, espacesSvg, themes };
  }

  /**
   * The campaign's counts, from the follow-up (services/suivi.service.ts).
   * They are live — a draft started moves them, not the stamp — so they are
   * reused a few seconds only: a national follow-up reads every CLSM.
   */
  function campagneCounts(user: AuthUser, annee: number, filters: { region?: string | undefined; departement?: string | undefined }): Promise<Overview['campagne']> {
    const key = JSON.stringify([user.role, user.region, user.departement, annee, filters.region, filters.departement]);
    const now = Date.now();
    const kept = counts.get(key);
    if (kept && now - kept.at < COUNTS_MS) return kept.value;
    const value = others.suivi.get(user, annee, filters).then(
      (suivi) => ({ counts: suivi.total, statut: suivi.campagne.statut }),
      () => null,
    );
    counts.set(key, { at: now, value });
    for (const [k, v] of counts) if (now - v.at >= COUNTS_MS) counts.delete(k);
    return value;
  }

  async function overview(user: AuthUser, query: { annee?: number | undefined; region?: string | undefined; departement?: string | undefined }): Promise<Overview> {
    requireReader(user);
    const filters = { region: query.region, departement: query.departement };
    const [list, data] = await Promise.all([years(user, filters), overviewData(user, filters)]);
    const annee = query.annee ?? list[0]?.annee ?? null;
    const bilans = list.find((y) => y.annee === annee)?.bilans ?? 0;
    const campagne = annee === null ? null : await campagneCounts(user, annee, filters);
    const part: YearPart = annee === null ? { nationalPublished: false, figures: [], espacesSvg: null, themes: [] } : await yearPart(data, annee);
    return { annee, years: list, bilans, campagne, scopeLabel: data.scopeLabel, benchmark: data.benchmark, ...part };
  }

  /**
   * The état des lieux of a year (optionally of a région), with every chart
   * rendered. An ARS reads its own région's: without a région asked, the
   * document is titled with it, not "France" over regional figures.
   */
  function report(user: AuthUser, annee: number, asked?: string): Promise<ReportData> {
    requireReader(user);
    const region = asked ?? (user.role === 'ars' ? (user.region ?? undefined) : undefined);
    return cached(user, ['etat-des-lieux', annee, region ?? null], async () => {
      const version = (await versions()).find(([a]) => a === annee)?.[1];
      return runner.run('report', user, annee, region, version ? [version] : []);
    });
  }

  return {
    requireReader,
    indicators,
    years,
    item,
    overview,
    /** "Île-de-France", "Département 93" or "France": what a page's figures cover. */
    scopeLabel: scopeLabelOf,

    async json(user: AuthUser, query: IndicatorQuery): Promise<{ indicators: IndicatorJson[] }> {
      return indicatorsJson((await indicators(user, query)).results);
    },
    /** The indicators' CSV (`only`: these indicators). */
    async csv(user: AuthUser, query: IndicatorQuery, only?: string[]): Promise<string> {
      const set = await indicators(user, query);
      return indicatorsCsv(only ? set.results.filter((r) => only.includes(r.id)) : set.results, set.catalogue, set.questionnaire);
    },
    async xlsx(user: AuthUser, query: IndicatorQuery): Promise<Buffer> {
      const set = await indicators(user, query);
      return indicatorsXlsx(set.results, set.catalogue, set.questionnaire);
    },

    /** The SVG chart of an item (a family or an indicator of the catalogue); 404 when unknown or without data. */
    async chartSvg(user: AuthUser, query: IndicatorQuery, id: string, options: { titled?: boolean } = {}): Promise<string> {
      const { set, item: found } = await item(user, query, id);
      if (!found) throw notFound(`Indicateur inconnu ou sans données : ${id} (voir GET /api/indicators)`);
      return svgOf(set, found, options.titled);
    },
    /** The SVG of an item already at hand (an indicator page): rendered once per computation. */
    itemSvg: (set: IndicatorSet, found: ReportItem) => svgOf(set, found),

    report,

    /** The état des lieux as PDF (the HTML the page shows, printed by Chromium), once per computation. */
    async reportPdf(user: AuthUser, annee: number, region: string | undefined, toHtml: (report: Report, svgs: Map<string, string>) => string): Promise<Buffer> {
      const computed = await report(user, annee, region);
      let pdf = pdfs.get(computed);
      if (!pdf) {
        pdfs.set(computed, (pdf = others.pdf.render(toHtml(computed.report, computed.svgs))));
        pdf.catch(() => pdfs.delete(computed));
      }
      return pdf;
    },
    pdfAvailable: () => others.pdf.available(),

    /** Two years side by side, with the key figures' dot plot rendered. */
    comparison(user: AuthUser, from: number, to: number, region?: string): Promise<{ comparison: Comparison; svg: string }> {
      requireReader(user);
      return cached(user, ['comparaison', from, to, region ?? null], () => runner.run('comparison', user, from, to, region));
    },

    publicYears,
    publicSet,
    /** The open data of a year as JSON rows: France (group {}) then the régions. */
    async publicJson(annee: number): Promise<{ indicators: IndicatorJson[]; bilans: number }> {
      const set = await publicSet(annee);
      return { ...indicatorsJson([...set.total, ...set.regions]), bilans: set.bilans };
    },
    async publicCsv(annee: number): Promise<string> {
      const set = await publicSet(annee);
      let csv = publicCsvs.get(set);
      if (csv === undefined) publicCsvs.set(set, (csv = indicatorsCsv([...set.total, ...set.regions], set.catalogue, set.questionnaire)));
      return csv;
    },
  };
}

export type AnalyticsService = ReturnType<typeof analyticsService>;
