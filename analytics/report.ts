/**
 * What the dashboards and the état des lieux show, as data: items (an
 * indicator, or a family of them such as every actor of the COPIL) each with
 * its chart spec, its n/N tables and its definition, grouped by chapter in
 * the order of the CCOMS 2018 document; the report's summary of key figures
 * and its methodology; the comparison of two years. Pure: rows in, data out;
 * pages render it (web/pages), charts are rendered to SVG by the caller.
 */
import type { TopLevelSpec } from 'vega-lite';
import { indexOf, type FlatRow, type Questionnaire } from '../survey-schema/index.ts';
import { buildCatalogue, categoriesFor } from './catalogue.ts';
import { categoryOrder, chartSpecFor, dotPlotSpec, familyChartSpec, isGrey, shareLabel, type ChartOptions, type DotDatum, type IndicatorFamily } from './charts.ts';
import { computeIndicators } from './compute.ts';
import { indicatorsCsv } from './export.ts';
import { formatNumber, formatPct, formatPoints } from './format.ts';
import { KEY_FIGURES, keyValue, type KeyFigure, type KeyValue } from './key-figures.ts';
import { categoryLabel, groupLabel, REGIONS } from './labels.ts';
import type { FlatTable } from './load.ts';
import { INDICATOR_KINDS, PUBLIC_MIN_CELL, REPORT_SECTIONS, SMALL_BASE, type CatalogueParams, type Indicator, type IndicatorResult, type SplitVariable } from './types.ts';

/** A table of figures, its cells already formatted in French. */
export interface TableData {
  caption: string;
  columns: string[];
  rows: Array<{ header: string; cells: string[]; small: boolean }>;
}

/** How an item is computed, in words: for its page and the methodology. */
export interface ItemDefinition {
  kind: string;
  population: string;
  missing: string;
  /** Codebook variables read. */
  variables: string[];
  /** Published figures (fixtures/reference) the indicator reproduces. */
  figures: string[];
}

/** One thing to show: an indicator or a family, its chart, its tables and its definition. */
export interface ReportItem {
  id: string;
  label: string;
  populationLabel: string;
  section: string;
  /** The chart, without title (pages and documents give it in HTML). */
  spec: TopLevelSpec;
  tables: TableData[];
  /** A base under SMALL_BASE somewhere in the item. */
  small: boolean;
  /** Indicator ids behind the item. */
  indicators: string[];
  definition: ItemDefinition;
  /** The smallest and largest base N of the item (for the methodology). */
  base: { min: number; max: number } | null;
}

/** The category that leads a family of distributions (its first segment, the one that sorts the rows). */
const FAMILY_LEAD: Record<string, string> = { copil_membre: 'membre', ap_membre: 'membre', gt_theme: 'oui' };

const FAMILY_LABELS: Record<string, string> = {
  copil_membre: 'Participation au comité de pilotage, par acteur',
  ap_membre: "Participation à l'assemblée plénière, par acteur",
  gt_theme: 'Thématiques travaillées en groupe de travail',
  gt_theme_en_place: 'Groupes de travail en place ou en cours, par thématique',
  gt_usagers: 'Groupes de travail où des personnes concernées participent',
  participation_usagers: 'Participation des personnes concernées, par espace du CLSM',
};

/** Indicators of the catalogue grouped into families (`copil_membre__*` → `copil_membre`); others stand alone. */
export function families(catalogue: readonly Indicator[], q: Questionnaire): (IndicatorFamily | Indicator)[] {
  const out: (IndicatorFamily | Indicator)[] = [];
  const byFamily = new Map<string, IndicatorFamily>();
  for (const indicator of catalogue) {
    const cut = indicator.id.indexOf('__');
    if (cut < 0 || indicator.kind === 'multi') {
      out.push(indicator);
      continue;
    }
    const id = indicator.id.slice(0, cut);
    let family = byFamily.get(id);
    if (!family) {
      const question = indexOf(q).columnsByVariable.get(indicator.variables[0] ?? '');
      family = { id, label: FAMILY_LABELS[id] ?? question?.label ?? id, populationLabel: indicator.populationLabel, members: [], ...(FAMILY_LEAD[id] ? { lead: FAMILY_LEAD[id] } : {}) };
      byFamily.set(id, family);
      out.push(family);
    }
    const column = indexOf(q).columnsByVariable.get(indicator.variables[0] ?? '');
    family.members.push({ indicator, label: column?.label.split(' — ').slice(1).join(' — ') || indicator.label });
  }
  return out;
}

export const isFamily = (x: IndicatorFamily | Indicator): x is IndicatorFamily => 'members' in x;
const membersOf = (x: IndicatorFamily | Indicator): Indicator[] => (isFamily(x) ? x.members.map((m) => m.indicator) : [x]);

const MASKED = 'secret';

/** The definition of an indicator, in words. */
export function definitionOf(indicator: Indicator): ItemDefinition {
  return {
    kind: INDICATOR_KINDS[indicator.kind],
    population: indicator.populationLabel,
    missing:
      indicator.kind === 'seat_share'
        ? 'Somme des sièges des bilans qui donnent les deux nombres.'
        : indicator.missing === 'exclude'
          ? 'Les bilans sans réponse sont exclus de la base.'
          : 'Les bilans sans réponse restent dans la base, comptés « Sans réponse ».',
    variables: indicator.variables,
    figures: indicator.figures,
  };
}

function indicatorTable(q: Questionnaire, indicator: Indicator, results: readonly IndicatorResult[], caption = indicator.label): TableData {
  let rows = results.filter((r) => r.id === indicator.id);
  const stats = indicator.kind === 'stats';
  const split = rows.some((r) => Object.keys(r.group).length > 0);
  // Without split, the table follows the chart's order (by share, grey categories last).
  if (!split && (indicator.kind === 'distribution' || indicator.kind === 'multi')) {
    const order = categoryOrder(
      indicator,
      rows.map((r) => ({ code: r.category, categorie: categoryLabel(q, indicator, r.category), groupe: '', part: r.pct, valeur: null, n: r.n, N: r.N, etiquette: '', petite: r.small, gris: isGrey(r.category) })),
    );
    rows = [...rows].sort((a, b) => order.indexOf(categoryLabel(q, indicator, a.category)) - order.indexOf(categoryLabel(q, indicator, b.category)));
  }
  return {
    caption: `${caption} — ${indicator.populationLabel}`,
    columns: stats ? ['Statistique', 'Valeur', 'Réponses (n)', 'Base (N)'] : ['Réponse', 'Part', 'n', 'N'],
    rows: rows.map((r) => ({
      header: `${split ? `${groupLabel(r.group)} — ` : ''}${categoryLabel(q, indicator, r.category)}`,
      cells: stats
        ? [r.masked ? MASKED : formatNumber(r.value), formatNumber(r.n, 0), r.N === null ? MASKED : formatNumber(r.N, 0)]
        : [r.masked ? MASKED : formatPct(r.pct), r.masked ? MASKED : formatNumber(r.n, 0), r.N === null ? MASKED : formatNumber(r.N, 0)],
      small: r.small,
    })),
  };
}

function familyTable(q: Questionnaire, family: IndicatorFamily, results: readonly IndicatorResult[]): TableData {
  const first = family.members[0]!.indicator;
  const categories = [...new Set(results.filter((r) => r.id === first.id).map((r) => r.category))];
  const lead = family.lead && categories.includes(family.lead) ? family.lead : categories[0];
  const rows = family.members.map(({ indicator, label }) => ({ indicator, label, rows: results.filter((r) => r.id === indicator.id) }));
  const share = (x: (typeof rows)[number]) => x.rows.find((r) => r.category === lead)?.pct ?? -1;
  return {
    caption: `${family.label} — ${family.populationLabel} (part et effectif n ; N = base)`,
    columns: ['Ligne', ...categories.map((c) => categoryLabel(q, first, c)), 'N'],
    rows: [...rows]
      .sort((a, b) => share(b) - share(a))
      .map(({ label, rows: mine }) => {
        const N = mine[0]?.N ?? 0;
        const cells = categories.map((c) => {
          const r = mine.find((x) => x.category === c);
          return !r ? '–' : r.masked ? MASKED : `${formatPct(r.pct)} (${formatNumber(r.n, 0)})`;
        });
        return { header: label, cells: [...cells, N === null ? MASKED : formatNumber(N, 0)], small: N !== null && N < SMALL_BASE };
      }),
  };
}

/** Something to show: a base (or, for statistics, answers) in at least one row. */
const hasData = (results: readonly IndicatorResult[], ids: string[]): boolean => results.some((r) => ids.includes(r.id) && (r.value !== undefined ? (r.n ?? 0) > 0 : (r.N ?? 0) > 0));

/**
 * An indicator or a family as a report item.
 *
 * @example reportItem(catalogue.find((i) => i.id === 'copil_existe')!, results, q).tables[0].rows;
 */
export function reportItem(item: IndicatorFamily | Indicator, results: readonly IndicatorResult[], q: Questionnaire, options: ChartOptions = {}): ReportItem {
  const members = membersOf(item);
  const ids = new Set(members.map((m) => m.id));
  const mine = results.filter((r) => ids.has(r.id));
  const family = isFamily(item) && !mine.some((r) => Object.keys(r.group).length > 0);
  const bases = mine.map((r) => r.N).filter((n): n is number => n !== null);
  return {
    id: item.id,
    label: item.label,
    populationLabel: item.populationLabel,
    section: members[0]!.section,
    spec: isFamily(item) ? familyChartSpec(item, mine, q) : chartSpecFor(item, mine, q, options),
    tables: family ? [familyTable(q, item as IndicatorFamily, mine)] : isFamily(item) ? item.members.map((m) => indicatorTable(q, m.indicator, mine, m.label)) : [indicatorTable(q, item, mine)],
    small: mine.some((r) => r.small),
    indicators: members.map((m) => m.id),
    definition: definitionOf(members[0]!),
    base: bases.length ? { min: Math.min(...bases), max: Math.max(...bases) } : null,
  };
}

/**
 * The items with data, in catalogue order: families when the results are not
 * split (one chart per family), every indicator when they are.
 *
 * @example presentItems(catalogue, results, q).map((i) => i.id);
 */
export function presentItems(catalogue: readonly Indicator[], results: readonly IndicatorResult[], q: Questionnaire, split?: SplitVariable, options: ChartOptions = {}): ReportItem[] {
  const items = split ? [...catalogue] : families(catalogue, q);
  const byId = new Map<string, IndicatorResult[]>();
  for (const r of results) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return items
    .map((item) => ({ item, mine: membersOf(item).flatMap((m) => byId.get(m.id) ?? []) }))
    .filter(({ item, mine }) => hasData(mine, membersOf(item).map((i) => i.id)))
    .map(({ item, mine }) => reportItem(item, mine, q, options));
}

export interface ReportInput {
  /** Flat rows, or the table `flatTable` builds. */
  rows: readonly FlatRow[] | FlatTable;
  questionnaire: Questionnaire;
  annee: number;
  region?: string | undefined;
  /** Only bilans whose CLSM consented (the CCOMS' état des lieux). */
  consentedOnly?: boolean;
  periodeBoundary?: number;
  /** The questionnaire version(s) the year's bilans were asked with (the campaign's). */
  versions?: string[];
}

/** A key figure of the summary, with its value. */
export interface SummaryFigure {
  figure: KeyFigure;
  value: KeyValue;
  /** "42,9 %" or "2". */
  text: string;
  /** "12 CLSM sur 28" or "n = 28". */
  base: string;
}

export interface Report {
  title: string;
  annee: number;
  region: string | null;
  /** Bilans in the base. */
  bilans: number;
  consentedOnly: boolean;
  periodeBoundary: number;
  summary: SummaryFigure[];
  sections: Array<{ id: string; title: string; items: ReportItem[] }>;
  /** The mission indicators split by period of creation. */
  effet: { title: string; items: ReportItem[] };
  methodology: {
    /** Bilans per région (national report) or département (regional report). */
    byPlace: Array<{ label: string; bilans: number }>;
    placeLabel: string;
    versions: string[];
    smallBase: number;
    publicMinCell: number;
  };
  results: IndicatorResult[];
  /** Every indicator of the report, as the indicators CSV. */
  csv: string;
}

/** A key figure's value as the summary writes it. */
export function summaryFigure(figure: KeyFigure, value: KeyValue): SummaryFigure {
  const star = value.small ? ' *' : '';
  if (value.masked) return { figure, value, text: 'secret', base: 'secret statistique (petits effectifs)' };
  if (figure.measure === 'mediane') return { figure, value, text: formatNumber(value.value, 1), base: `n = ${formatNumber(value.n, 0)}${star}` };
  const base = figure.indicator === 'copil_sieges_usagers' ? `${formatNumber(value.n, 0)} sièges sur ${formatNumber(value.N, 0)}` : `${formatNumber(value.n, 0)} CLSM sur ${formatNumber(value.N, 0)}`;
  return { figure, value, text: formatPct(value.value), base: `${base}${star}` };
}

/**
 * The état des lieux of a year (optionally of a region), as data.
 *
 * @example const report = buildReport({ rows, questionnaire: q, annee: 2024 }); report.sections[0].items[0].tables;
 */
export function buildReport(input: ReportInput): Report {
  const q = input.questionnaire;
  const boundary = input.periodeBoundary ?? 2016;
  const catalogue = buildCatalogue(q, { periodeBoundary: input.periodeBoundary });
  const params: CatalogueParams = {
    annee: input.annee,
    ...(input.region ? { region: input.region } : {}),
    ...(input.consentedOnly ? { consentedOnly: true } : {}),
    ...(input.periodeBoundary ? { periodeBoundary: input.periodeBoundary } : {}),
  };
  const categories = categoriesFor(q);
  const results = computeIndicators(input.rows, catalogue, params, categories);
  const mission = catalogue.filter((i) => i.mission && i.kind !== 'distribution' && !i.id.startsWith('gt_usagers__') && !i.id.startsWith('gt_theme_en_place__'));
  const split = computeIndicators(input.rows, mission, { ...params, split: 'periode_creation' }, categories);
  const place: SplitVariable = input.region ? 'departement' : 'region';
  const periode = catalogue.filter((i) => i.id === 'periode_creation');
  const byPlace = computeIndicators(input.rows, periode, { ...params, split: place }, categories)
    .filter((r) => r.category === periode[0]?.categories?.[0]?.code)
    .map((r) => ({ label: groupLabel(r.group), bilans: r.N ?? 0 }))
    .sort((a, b) => b.bilans - a.bilans || a.label.localeCompare(b.label, 'fr'));
  const where = input.region ? ` — ${REGIONS[input.region] ?? `région ${input.region}`}` : ' — France';
  const items = presentItems(catalogue, results, q);
  return {
    title: `État des lieux des CLSM, année ${input.annee}${where}`,
    annee: input.annee,
    region: input.region ?? null,
    bilans: results.find((r) => r.id === 'periode_creation')?.N ?? 0,
    consentedOnly: input.consentedOnly ?? false,
    periodeBoundary: boundary,
    summary: KEY_FIGURES.flatMap((f) => {
      const value = keyValue(results, f);
      return value && value.N ? [summaryFigure(f, value)] : [];
    }),
    sections: REPORT_SECTIONS.map((s) => ({ id: s.id, title: s.title, items: items.filter((i) => i.section === s.id) })).filter((s) => s.items.length > 0),
    effet: {
      title: `L'« effet ${boundary} » : indicateurs de mission selon la période de création`,
      items: mission.filter((i) => hasData(split, [i.id])).map((i) => reportItem(i, split, q)),
    },
    methodology: { byPlace, placeLabel: place === 'region' ? 'Région' : 'Département', versions: input.versions ?? [q.version], smallBase: SMALL_BASE, publicMinCell: PUBLIC_MIN_CELL },
    results,
    csv: indicatorsCsv([...results, ...split], catalogue, q),
  };
}

/** One line of the comparison of two years: a category of an indicator (a statistic for a number). */
export interface ComparisonLine {
  indicator: string;
  label: string;
  category: string;
  from: { text: string; small: boolean } | null;
  to: { text: string; small: boolean } | null;
  /** In points for a share; in units for a median. */
  change: string;
  /** The change as a number (points or units), for sorting and tests. */
  delta: number | null;
}

export interface Comparison {
  title: string;
  from: number;
  to: number;
  region: string | null;
  bilans: { from: number; to: number };
  consentedOnly: boolean;
  /** The key figures of both years, side by side (dot plot). */
  summarySpec: TopLevelSpec;
  summary: Array<{ figure: KeyFigure; from: SummaryFigure | null; to: SummaryFigure | null; change: string }>;
  sections: Array<{ id: string; title: string; lines: ComparisonLine[] }>;
}

export interface ComparisonInput extends Omit<ReportInput, 'annee' | 'versions'> {
  from: number;
  to: number;
}

/**
 * Two years side by side, every figure with its change: in points for a
 * share, in units for a median. Families show their leading category.
 *
 * @example buildComparison({ rows, questionnaire: q, from: 2017, to: 2024 }).sections[0].lines[0].change; // '+3,2 pts'
 */
export function buildComparison(input: ComparisonInput): Comparison {
  const q = input.questionnaire;
  const catalogue = buildCatalogue(q, { periodeBoundary: input.periodeBoundary });
  const categories = categoriesFor(q);
  const params = (annee: number): CatalogueParams => ({
    annee,
    ...(input.region ? { region: input.region } : {}),
    ...(input.consentedOnly ? { consentedOnly: true } : {}),
    ...(input.periodeBoundary ? { periodeBoundary: input.periodeBoundary } : {}),
  });
  const a = computeIndicators(input.rows, catalogue, params(input.from), categories);
  const b = computeIndicators(input.rows, catalogue, params(input.to), categories);
  const index = (results: IndicatorResult[]) => new Map(results.map((r) => [`${r.id}\u0000${r.category}`, r]));
  const [ia, ib] = [index(a), index(b)];
  const lead = new Map<string, string>();
  for (const item of families(catalogue, q)) if (isFamily(item) && item.lead) for (const m of item.members) lead.set(m.indicator.id, item.lead);
  const cell = (r: IndicatorResult | undefined, stats: boolean) =>
    !r || (r.N ?? 0) === 0 || (stats && (r.value === null || r.value === undefined)) ? null : { text: stats ? `${formatNumber(r.value)} (n = ${formatNumber(r.n, 0)})` : shareLabel(r.pct, r.n, r.N), small: r.small };
  const lines = (indicator: Indicator): ComparisonLine[] => {
    const stats = indicator.kind === 'stats';
    const codes = stats ? ['mediane', 'moyenne'] : [...new Set([...a, ...b].filter((r) => r.id === indicator.id).map((r) => r.category))].filter((c) => !lead.has(indicator.id) || c === lead.get(indicator.id));
    return codes.flatMap((code) => {
      const [ra, rb] = [ia.get(`${indicator.id}\u0000${code}`), ib.get(`${indicator.id}\u0000${code}`)];
      const [ca, cb] = [cell(ra, stats), cell(rb, stats)];
      if (!ca && !cb) return [];
      const va = stats ? ra?.value : ra?.pct;
      const vb = stats ? rb?.value : rb?.pct;
      const delta = ca && cb && typeof va === 'number' && typeof vb === 'number' ? vb - va : null;
      return [{ indicator: indicator.id, label: indicator.label, category: categoryLabel(q, indicator, code), from: ca, to: cb, delta, change: delta === null ? '–' : stats ? `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${formatNumber(Math.abs(delta))}` : formatPoints(delta) }];
    });
  };
  const total = (results: IndicatorResult[]) => results.find((r) => r.id === 'periode_creation')?.N ?? 0;
  const summary = KEY_FIGURES.map((figure) => {
    const [va, vb] = [keyValue(a, figure), keyValue(b, figure)];
    const [fa, fb] = [va && va.N ? summaryFigure(figure, va) : null, vb && vb.N ? summaryFigure(figure, vb) : null];
    const delta = fa && fb && fa.value.value !== null && fb.value.value !== null ? fb.value.value - fa.value.value : null;
    return { figure, from: fa, to: fb, change: delta === null ? '–' : figure.measure === 'part' ? formatPoints(delta) : `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${formatNumber(Math.abs(delta))}` };
  });
  const dots: DotDatum[] = summary.flatMap(({ figure, from, to }) =>
    figure.measure !== 'part'
      ? []
      : [
          ...(from && from.value.value !== null ? [{ ligne: figure.short, serie: String(input.from), part: from.value.value / 100, etiquette: shareLabel(from.value.value, from.value.n, from.value.N, from.value.small), petite: from.value.small }] : []),
          ...(to && to.value.value !== null ? [{ ligne: figure.short, serie: String(input.to), part: to.value.value / 100, etiquette: shareLabel(to.value.value, to.value.n, to.value.N, to.value.small), petite: to.value.small }] : []),
        ],
  );
  const where = input.region ? ` — ${REGIONS[input.region] ?? `région ${input.region}`}` : ' — France';
  return {
    title: `État des lieux des CLSM : ${input.from} et ${input.to} comparés${where}`,
    from: input.from,
    to: input.to,
    region: input.region ?? null,
    bilans: { from: total(a), to: total(b) },
    consentedOnly: input.consentedOnly ?? false,
    summarySpec: dotPlotSpec(`Chiffres clés ${input.from} et ${input.to}`, dots, [String(input.from), String(input.to)]),
    summary,
    sections: REPORT_SECTIONS.map((s) => ({ id: s.id, title: s.title, lines: catalogue.filter((i) => i.section === s.id).flatMap(lines) })).filter((s) => s.lines.length > 0),
  };
}


