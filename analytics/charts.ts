/**
 * Vega-Lite specs of the indicators, a chart type per kind of figure:
 * - a distribution or a multi-answer question: horizontal bars sorted by
 *   share (classes and levels keep their order), each with its n/N, "Autre"
 *   and "Sans réponse" last and grey;
 * - a share: one bar with its n/N (one per group when split);
 * - a split (période de création…): grouped bars, or a heat map past eight
 *   groups (régions, départements), so that no chart has more than eight
 *   colours;
 * - a number: a box plot (quartiles, median, extremes) with the median and
 *   the interquartile range written out;
 * - a trend across campaigns: lines with points, a change of questionnaire
 *   version marked on the axis;
 * - two series side by side (région and France, two years): a dot plot.
 * Bases under 10 are flagged (lighter bar, " *" after the label). Every spec
 * uses CHART_CONFIG (chart-config.ts). Pure: results in, specs out.
 */
import type { TopLevelSpec } from 'vega-lite';
import { getQuestionnaire, type Questionnaire } from '../survey-schema/index.ts';
import { BLUE, CHART_CONFIG, GREY, MAX_COLOURS, PALETTE, SEQUENTIAL, WIDTH } from './chart-config.ts';
import { SANS_REPONSE } from './compute.ts';
import { formatNumber, formatPct } from './format.ts';
import { categoryLabel, groupLabel, SPLIT_LABELS } from './labels.ts';
import type { Indicator, IndicatorResult, SplitVariable } from './types.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Categories shown last and grey. */
export const isGrey = (code: string): boolean => code === SANS_REPONSE || code === 'autre' || code === 'ne_sait_pas';

/** A result row as a chart reads it (masked cells are left out). */
export interface Datum {
  code: string;
  categorie: string;
  groupe: string;
  part: number | null;
  valeur: number | null;
  n: number | null;
  N: number | null;
  /** "71,4 % (10/14)", " *" after it for a base under 10. */
  etiquette: string;
  petite: boolean;
  gris: boolean;
}

export interface ChartOptions {
  /** Questionnaire version of each campaign year: a change is marked on a trend's axis. */
  versions?: ReadonlyMap<number, string>;
}

const star = (small: boolean) => (small ? ' *' : '');

/** "71,4 % (10/14)". */
export function shareLabel(pct: number | null, n: number | null, N: number | null, small = false): string {
  return `${formatPct(pct)} (${formatNumber(n, 0)}/${formatNumber(N, 0)})${star(small)}`;
}

function toData(q: Questionnaire, indicator: Indicator, results: readonly IndicatorResult[]): Datum[] {
  return results
    .filter((r) => r.id === indicator.id && !r.masked)
    .map((r) => ({
      code: r.category,
      categorie: categoryLabel(q, indicator, r.category),
      groupe: groupLabel(r.group),
      part: r.pct === null ? null : r.pct / 100,
      valeur: r.value ?? null,
      n: r.n,
      N: r.N,
      etiquette: r.value !== undefined ? `${formatNumber(r.value)}${star(r.small)}` : shareLabel(r.pct, r.n, r.N, r.small),
      petite: r.small,
      gris: isGrey(r.category),
    }));
}

const splitOf = (results: readonly IndicatorResult[]): SplitVariable | undefined => Object.keys(results[0]?.group ?? {})[0] as SplitVariable | undefined;

/** Whether the categories keep their own order (classes, levels) rather than being sorted by share. */
export const isOrdered = (indicator: Indicator): boolean => Boolean(indicator.classes || indicator.ordered);

/**
 * The categories in display order: by share (the largest first) unless the
 * indicator's categories are ordered; grey ones last.
 */
export function categoryOrder(indicator: Indicator, data: readonly Datum[]): string[] {
  const share = new Map<string, number>();
  const first = new Map<string, number>();
  data.forEach((d, i) => {
    share.set(d.categorie, Math.max(share.get(d.categorie) ?? -1, d.part ?? -1));
    if (!first.has(d.categorie)) first.set(d.categorie, i);
  });
  const grey = new Set(data.filter((d) => d.gris).map((d) => d.categorie));
  const labels = [...first.keys()];
  const sorted = isOrdered(indicator) ? labels : [...labels].sort((a, b) => share.get(b)! - share.get(a)! || first.get(a)! - first.get(b)!);
  return [...sorted.filter((l) => !grey.has(l)), ...sorted.filter((l) => grey.has(l))];
}

const greyOrBlue = { condition: { test: 'datum.gris', value: GREY }, value: BLUE };
const smallOpacity = { condition: { test: 'datum.petite', value: 0.5 }, value: 1 };
const PART_AXIS = { format: '.0%', title: null, tickCount: 5 } as const;

function tooltip(extra: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  return [...extra, { field: 'categorie', type: 'nominal', title: 'Réponse' }, { field: 'etiquette', type: 'nominal', title: 'Part (n/N)' }];
}

/** A spec with the shared config. Built as plain objects (the corpus test compiles every one with zero warnings). */
function base(description: string, data: readonly object[], extra: Record<string, unknown> = {}): TopLevelSpec {
  return { $schema: SCHEMA, description, config: CHART_CONFIG, data: { values: data }, ...extra } as unknown as TopLevelSpec;
}

/**
 * Rows carrying their place in a given order (`rang_categorie`…), which a
 * channel sorts by (`byRank`) instead of listing the values: a chart's spec
 * is then the same whatever its data, compiled once and rendered with each
 * year's or scope's values (render.ts; listing them made each year a new
 * chart to compile, a quarter of the analytics thread's time in bench:rush).
 */
function ranked<T extends object>(rows: readonly T[], orders: Record<string, readonly string[]>): T[] {
  const places = Object.entries(orders).map(([field, order]) => {
    // A value listed twice keeps its first place (two series of the same name: the first's); one not listed comes last.
    const at = new Map<string, number>();
    order.forEach((value, i) => at.has(value) || at.set(value, i));
    return { field, at, last: order.length };
  });
  return rows.map((row) => {
    const ranks: Record<string, number> = {};
    for (const { field, at, last } of places) ranks[`rang_${field}`] = at.get(String((row as Record<string, unknown>)[field])) ?? last;
    return { ...row, ...ranks };
  });
}
/** A channel's sort by the rank `ranked` gave its field. */
const byRank = (field: string) => ({ field: `rang_${field}`, op: 'min' }) as const;

/** Horizontal bars, one per category, sorted; the n/N after each bar. */
function barsSpec(indicator: Indicator, data: Datum[], xTitle: string): TopLevelSpec {
  return base(indicator.label, ranked(data, { categorie: categoryOrder(indicator, data) }), {
    width: WIDTH,
    height: { step: 24 },
    encoding: {
      y: { field: 'categorie', type: 'nominal', sort: byRank('categorie'), title: null },
      x: { field: 'part', type: 'quantitative', scale: { domain: [0, 1] }, axis: { ...PART_AXIS, title: xTitle } },
      tooltip: tooltip(),
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.7 } }, encoding: { color: greyOrBlue, opacity: smallOpacity } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'etiquette', type: 'nominal' } } },
    ],
  });
}

/** One bar per group (or a single bar): the share of one category, its n/N written after it. */
function shareBarsSpec(indicator: Indicator, data: Datum[], split: SplitVariable | undefined): TopLevelSpec {
  const groups = split ? [...data].sort((a, b) => (split === 'periode_creation' ? 0 : (b.part ?? -1) - (a.part ?? -1))).map((d) => d.groupe) : [];
  const y = split ? { field: 'groupe', type: 'nominal', sort: byRank('groupe'), title: null } : { field: 'categorie', type: 'nominal', title: null };
  return base(indicator.label, split ? ranked(data, { groupe: groups }) : data, {
    width: WIDTH,
    height: { step: 28 },
    encoding: { y, x: { field: 'part', type: 'quantitative', scale: { domain: [0, 1] }, axis: { ...PART_AXIS } }, tooltip: tooltip(split ? [{ field: 'groupe', type: 'nominal', title: SPLIT_LABELS[split] }] : []) },
    layer: [
      // The whole base as a light track, so that a share reads against 100 %.
      { mark: { type: 'bar', color: '#eeeeee', height: { band: 0.7 } }, encoding: { x: { datum: 0, type: 'quantitative' }, x2: { datum: 1 }, tooltip: null } },
      { mark: { type: 'bar', height: { band: 0.7 } }, encoding: { color: { value: BLUE }, opacity: smallOpacity } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { x: { datum: 1, type: 'quantitative' }, text: { field: 'etiquette', type: 'nominal' } } },
    ],
  });
}

/** Grouped bars: a row per category, a bar per group (eight groups at most). */
function groupedBarsSpec(indicator: Indicator, data: Datum[], split: SplitVariable): TopLevelSpec {
  const groups = [...new Set(data.map((d) => d.groupe))];
  return base(indicator.label, ranked(data, { categorie: categoryOrder(indicator, data), groupe: groups }), {
    width: WIDTH,
    height: { step: 14 * groups.length + 10 },
    encoding: {
      y: { field: 'categorie', type: 'nominal', sort: byRank('categorie'), title: null },
      yOffset: { field: 'groupe', type: 'nominal', sort: byRank('groupe') },
      x: { field: 'part', type: 'quantitative', scale: { domain: [0, 1] }, axis: { ...PART_AXIS } },
      // The whole palette: a scale takes as many colours as it has groups (eight at most), in order.
      color: { field: 'groupe', type: 'nominal', sort: byRank('groupe'), title: SPLIT_LABELS[split], scale: { range: PALETTE.slice(0, MAX_COLOURS) } },
      tooltip: tooltip([{ field: 'groupe', type: 'nominal', title: SPLIT_LABELS[split] }]),
    },
    layer: [
      { mark: { type: 'bar', height: { band: 0.85 } }, encoding: { opacity: smallOpacity } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 11 }, encoding: { text: { field: 'etiquette', type: 'nominal' }, color: { value: '#161616' } } },
    ],
  });
}

/** A heat map for many groups: a row per group, a column per category, the share in each cell. */
function heatmapSpec(indicator: Indicator, rows: Datum[], split: SplitVariable): TopLevelSpec {
  // The small-base flag on the group's label, not in every cell.
  const data = rows.map((d) => ({ ...d, groupe: `${d.groupe}${star(d.petite)}`, court: d.part === null ? '' : formatPct(Math.round(d.part * 100)) }));
  const groups = [...new Set(data.map((d) => d.groupe))].sort((a, b) => a.localeCompare(b, 'fr'));
  return base(indicator.label, ranked(data, { groupe: groups, categorie: categoryOrder(indicator, rows) }), {
    width: { step: 44 },
    height: { step: 22 },
    encoding: {
      y: { field: 'groupe', type: 'nominal', sort: byRank('groupe'), title: null },
      x: { field: 'categorie', type: 'nominal', sort: byRank('categorie'), title: null, axis: { orient: 'top', labelAngle: -40, labelAlign: 'left', labelLimit: 180 } },
      tooltip: tooltip([{ field: 'groupe', type: 'nominal', title: SPLIT_LABELS[split] }]),
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
        encoding: { color: { field: 'part', type: 'quantitative', title: 'Part', scale: { domain: [0, 1], range: [...SEQUENTIAL] }, legend: { format: '.0%', direction: 'horizontal', orient: 'bottom', gradientLength: 160 } } },
      },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'court', type: 'nominal' }, color: { condition: { test: 'datum.part > 0.55', value: '#ffffff' }, value: '#161616' } } },
    ],
  });
}

/** The statistics of a number per group, as rows of a box plot. */
function boxData(results: readonly IndicatorResult[], indicator: Indicator) {
  const byGroup = new Map<string, Record<string, number | null>>();
  const meta = new Map<string, { n: number | null; N: number | null; small: boolean }>();
  for (const r of results.filter((x) => x.id === indicator.id)) {
    const g = groupLabel(r.group);
    byGroup.set(g, { ...byGroup.get(g), [r.category]: r.masked ? null : (r.value ?? null) });
    meta.set(g, { n: r.n, N: r.N, small: r.small });
  }
  return [...byGroup]
    .filter(([, s]) => typeof s.mediane === 'number')
    .map(([groupe, s]) => {
      const m = meta.get(groupe)!;
      const iqr = typeof s.q1 === 'number' && typeof s.q3 === 'number' ? ` · écart interquartile ${formatNumber(s.q1)} à ${formatNumber(s.q3)}` : '';
      return {
        groupe,
        min: s.min ?? s.q1 ?? s.mediane,
        q1: s.q1 ?? s.mediane,
        mediane: s.mediane,
        q3: s.q3 ?? s.mediane,
        max: s.max ?? s.q3 ?? s.mediane,
        moyenne: s.moyenne,
        petite: m.small,
        resume: `médiane ${formatNumber(s.mediane)}${iqr} · n = ${formatNumber(m.n, 0)}${star(m.small)}`,
      };
    });
}

/** A box plot per group: whiskers to the extremes, the box from the first to the third quartile, the median marked, written out beside. */
function boxSpec(indicator: Indicator, results: readonly IndicatorResult[], split: SplitVariable | undefined): TopLevelSpec {
  const data = boxData(results, indicator);
  return base(indicator.label, ranked(data, { groupe: data.map((d) => d.groupe) }), {
    width: WIDTH - 120,
    height: { step: 34 },
    encoding: {
      y: { field: 'groupe', type: 'nominal', sort: byRank('groupe'), title: null, axis: split ? {} : null },
      tooltip: [
        { field: 'groupe', type: 'nominal', title: split ? SPLIT_LABELS[split] : 'Groupe' },
        { field: 'resume', type: 'nominal', title: 'Résumé' },
        { field: 'moyenne', type: 'quantitative', title: 'Moyenne', format: ',.2~f' },
      ],
    },
    layer: [
      { mark: { type: 'rule', color: '#666666' }, encoding: { x: { field: 'min', type: 'quantitative', title: indicator.label, axis: { format: ',~f' }, scale: { zero: false, nice: true } }, x2: { field: 'max' } } },
      { mark: { type: 'bar', height: 16, color: BLUE }, encoding: { x: { field: 'q1', type: 'quantitative' }, x2: { field: 'q3' }, opacity: smallOpacity } },
      { mark: { type: 'tick', color: '#ffffff', thickness: 3, size: 16 }, encoding: { x: { field: 'mediane', type: 'quantitative' } } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6 }, encoding: { x: { field: 'max', type: 'quantitative' }, text: { field: 'resume', type: 'nominal' } } },
    ],
  });
}

/** A point of a trend: a campaign year of one series. */
export interface TrendPoint {
  annee: number;
  serie: string;
  /** 0-1 for a share; a median for a number. */
  y: number | null;
  /** Interquartile range of a number (the band around its median). */
  q1?: number | null;
  q3?: number | null;
  etiquette: string;
  court: string;
  petite: boolean;
}

/**
 * Lines with points across campaign years; a year whose questionnaire
 * version differs from the year before is marked by a dashed rule and its
 * version under the axis.
 *
 * @example trendSpec('Part de COPIL…', points, { versions: new Map([[2024, '2026.1']]) });
 */
export function trendSpec(description: string, points: readonly TrendPoint[], options: ChartOptions & { measure?: 'part' | 'nombre'; compact?: boolean } = {}): TopLevelSpec {
  const measure = options.measure ?? 'part';
  const shown = points.filter((p) => p.y !== null);
  const series = [...new Set(shown.map((p) => p.serie))];
  const years = [...new Set(shown.map((p) => p.annee))].sort((a, b) => a - b);
  const changes = versionChanges(years, options.versions);
  const labelled = ranked(
    shown.map((p) => ({ ...p, annee: String(p.annee) })),
    { serie: series },
  );
  // Shares on 0-100 %, unless all are small (seats: a few %), where the axis stops a little above the largest.
  const top = Math.max(0, ...shown.map((p) => p.y ?? 0));
  const domain = top >= 0.3 ? [0, 1] : [0, Math.max(0.05, Math.ceil(top * 1.25 * 20) / 20)];
  const y = { field: 'y', type: 'quantitative', scale: measure === 'part' ? { domain } : { zero: true }, axis: { format: measure === 'part' ? '.0%' : ',~f', title: null, tickCount: 4 } };
  const many = series.length > 1;
  // Colour, dash and shape together: a series reads without colour too.
  const colour = many ? { field: 'serie', type: 'nominal', sort: byRank('serie'), title: null, scale: { range: seriesColours(series.length) } } : { value: BLUE };
  const dash = many ? { field: 'serie', type: 'nominal', sort: byRank('serie'), title: null, scale: { range: Array.from({ length: MAX_COLOURS }, (_, i) => DASHES[i % DASHES.length]) } } : { value: [1, 0] };
  const shape = many ? { field: 'serie', type: 'nominal', sort: byRank('serie'), title: null } : { value: 'circle' };
  const first = { filter: { field: 'rang_serie', equal: 0 } };
  const layers: Record<string, unknown>[] = [];
  // The interquartile range of the first series (the scope's), as a band around its median.
  if (shown.some((p) => p.serie === series[0] && p.q1 !== undefined && p.q1 !== null))
    layers.push({ transform: [first], mark: { type: 'area', opacity: 0.15, color: BLUE }, encoding: { y: { ...y, field: 'q1' }, y2: { field: 'q3' } } });
  layers.push(
    { mark: { type: 'line', strokeWidth: 2 }, encoding: { y, color: colour, strokeDash: dash } },
    { mark: { type: 'point', filled: true, size: options.compact ? 30 : 50 }, encoding: { y, color: colour, shape, opacity: smallOpacity } },
  );
  // Values written above the points while they stay readable: two series at most, the first only in a small chart.
  if (series.length <= 2) {
    layers.push({ transform: options.compact && many ? [first] : [], mark: { type: 'text', dy: -10, fontSize: options.compact ? 10 : 11 }, encoding: { y, text: { field: 'court', type: 'nominal' }, color: colour } });
  }
  if (changes.length)
    layers.push({
      data: { values: changes.map((c) => ({ annee: String(c.annee), note: `questionnaire ${c.version}` })) },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#666666' } },
        { mark: { type: 'text', align: 'left', dx: 3, baseline: 'top', fontSize: 10, color: '#3a3a3a', y: 0 }, encoding: { text: { field: 'note', type: 'nominal' } } },
      ],
      encoding: { tooltip: null },
    });
  return base(description, labelled, {
    width: options.compact ? { step: 46 } : Math.max(WIDTH, years.length * 70),
    height: options.compact ? 110 : 200,
    encoding: {
      // Years as text of four digits: in ascending order as numbers.
      x: { field: 'annee', type: 'ordinal', sort: 'ascending', title: null, axis: { labelAngle: 0, labelExpr: versionLabelExpr(changes) } },
      tooltip: [
        { field: 'annee', type: 'ordinal', title: 'Année' },
        { field: 'serie', type: 'nominal', title: 'Série' },
        { field: 'etiquette', type: 'nominal', title: measure === 'part' ? 'Part (n/N)' : 'Valeur' },
      ],
    },
    layer: layers,
  });
}

const DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]];

/** Colours of series: two series (a région and France, two years) take bleu France and terre battue, the most distinct pair; more take the palette in order. */
function seriesColours(count: number): string[] {
  return count <= 2 ? [PALETTE[0]!, PALETTE[2]!] : PALETTE.slice(0, MAX_COLOURS);
}

/** Years whose questionnaire version differs from the previous year shown. */
export function versionChanges(years: readonly number[], versions?: ReadonlyMap<number, string>): Array<{ annee: number; version: string }> {
  if (!versions) return [];
  const out: Array<{ annee: number; version: string }> = [];
  for (let i = 1; i < years.length; i++) {
    const before = versions.get(years[i - 1]!);
    const now = versions.get(years[i]!);
    if (before && now && before !== now) out.push({ annee: years[i]!, version: now });
  }
  return out;
}

/** Axis labels: "2027 ▲" for a year that starts a new questionnaire version. */
function versionLabelExpr(changes: ReadonlyArray<{ annee: number }>): string {
  if (!changes.length) return 'datum.label';
  return `indexof([${changes.map((c) => JSON.stringify(String(c.annee))).join(',')}], datum.label) >= 0 ? datum.label + ' ▲' : datum.label`;
}

/** The points of an indicator's trend: one series per category (shares: one), at most eight. */
export function trendPoints(q: Questionnaire, indicator: Indicator, results: readonly IndicatorResult[]): { points: TrendPoint[]; left: number } {
  const rows = results.filter((r) => r.id === indicator.id && !r.masked && r.group.annee !== undefined);
  if (indicator.kind === 'stats') {
    const byYear = new Map<number, Record<string, IndicatorResult>>();
    for (const r of rows) byYear.set(Number(r.group.annee), { ...byYear.get(Number(r.group.annee)), [r.category]: r });
    const points = [...byYear].flatMap(([annee, s]) => {
      const m = s.mediane;
      if (!m || m.value === null || m.value === undefined) return [];
      return [{ annee, serie: 'Médiane', y: m.value, q1: s.q1?.value ?? null, q3: s.q3?.value ?? null, etiquette: `médiane ${formatNumber(m.value)} (n = ${formatNumber(m.n, 0)})`, court: formatNumber(m.value), petite: m.small }];
    });
    return { points, left: 0 };
  }
  const data = rows.map((r) => ({ r, label: categoryLabel(q, indicator, r.category) }));
  // Eight series at most: the categories with the highest mean share.
  const mean = new Map<string, number>();
  for (const { r, label } of data) mean.set(label, (mean.get(label) ?? 0) + (r.pct ?? 0));
  const kept = [...mean.keys()].sort((a, b) => mean.get(b)! - mean.get(a)!).slice(0, MAX_COLOURS);
  const points = data
    .filter(({ label }) => kept.includes(label))
    .map(({ r, label }) => ({
      annee: Number(r.group.annee),
      serie: label,
      y: r.pct === null ? null : r.pct / 100,
      etiquette: shareLabel(r.pct, r.n, r.N, r.small),
      court: `${formatPct(r.pct === null ? null : Math.round(r.pct))}${star(r.small)}`,
      petite: r.small,
    }));
  return { points, left: mean.size - kept.length };
}

/** One row of a dot plot: a figure and one of its two series. */
export interface DotDatum {
  ligne: string;
  serie: string;
  part: number | null;
  etiquette: string;
  petite: boolean;
}

/**
 * Two series side by side (région and France, two years): a dot each, a rule
 * between them, the share written beside each dot.
 *
 * @example dotPlotSpec('Participation par espace', [{ ligne: 'COPIL', serie: 'Île-de-France', part: 0.42, … }, …]);
 */
export function dotPlotSpec(description: string, data: readonly DotDatum[], order?: readonly string[]): TopLevelSpec {
  const lines = [...new Set(data.map((d) => d.ligne))];
  const series = order ? order.filter((s) => data.some((d) => d.serie === s)) : [...new Set(data.map((d) => d.serie))];
  const colour = { field: 'serie', type: 'nominal', sort: byRank('serie'), title: null, scale: { range: seriesColours(series.length) } };
  const rows = ranked(
    data.map((d) => ({ ...d, court: d.part === null ? '' : `${formatPct(Math.round(d.part * 100))}${star(d.petite)}` })),
    { ligne: lines, serie: series },
  );
  return base(description, rows, {
    width: WIDTH - 80,
    height: { step: 40 },
    encoding: {
      y: { field: 'ligne', type: 'nominal', sort: byRank('ligne'), title: null },
      x: { field: 'part', type: 'quantitative', scale: { domain: [0, 1] }, axis: { ...PART_AXIS } },
      tooltip: [
        { field: 'ligne', type: 'nominal', title: 'Indicateur' },
        { field: 'serie', type: 'nominal', title: 'Série' },
        { field: 'etiquette', type: 'nominal', title: 'Part (n/N)' },
      ],
    },
    layer: [
      { mark: { type: 'line', color: '#bbbbbb', strokeWidth: 2 }, encoding: { detail: { field: 'ligne', type: 'nominal' } } },
      { mark: { type: 'point', filled: true, size: 110, opacity: 1 }, encoding: { color: colour, shape: { field: 'serie', type: 'nominal', sort: byRank('serie'), title: null } } },
      // The first series' values above their dots, the second's below, so that close values stay readable.
      { transform: [{ filter: { field: 'rang_serie', equal: 0 } }], mark: { type: 'text', dy: -13, fontSize: 11 }, encoding: { text: { field: 'court', type: 'nominal' }, color: colour } },
      { transform: [{ filter: { not: { field: 'rang_serie', equal: 0 } } }], mark: { type: 'text', dy: 16, fontSize: 11 }, encoding: { text: { field: 'court', type: 'nominal' }, color: colour } },
    ],
  });
}

/**
 * The chart of an indicator's results (one split at most).
 *
 * @example const spec = chartSpecFor(indicator, computeIndicators(rows, [indicator], { split: 'periode_creation' }, categoriesFor(q)));
 */
export function chartSpecFor(indicator: Indicator, results: readonly IndicatorResult[], questionnaire: Questionnaire = getQuestionnaire(), options: ChartOptions = {}): TopLevelSpec {
  const mine = results.filter((r) => r.id === indicator.id);
  const split = splitOf(mine);
  if (split === 'annee') {
    const { points } = trendPoints(questionnaire, indicator, mine);
    return trendSpec(indicator.label, points, { ...options, measure: indicator.kind === 'stats' ? 'nombre' : 'part' });
  }
  if (indicator.kind === 'stats') return boxSpec(indicator, mine, split);
  const data = toData(questionnaire, indicator, mine);
  if (indicator.kind === 'share' || indicator.kind === 'seat_share') return shareBarsSpec(indicator, data, split);
  if (!split) return barsSpec(indicator, data, indicator.kind === 'multi' ? 'Part des répondant·es citant la réponse' : 'Part des bilans');
  const groups = new Set(data.map((d) => d.groupe)).size;
  return groups <= MAX_COLOURS ? groupedBarsSpec(indicator, data, split) : heatmapSpec(indicator, data, split);
}

/** A family of indicators shown together (e.g. every actor of the COPIL): one row per member. */
export interface IndicatorFamily {
  id: string;
  label: string;
  populationLabel: string;
  members: { indicator: Indicator; label: string }[];
  /** Distributions: the category that leads each bar and sorts the rows (membre, oui…). */
  lead?: string;
}

/**
 * One chart for a family (no split): for shares, bars sorted by share with
 * their n/N; for distributions, a 100 % bar per member, the lead category
 * first and written out, the rows sorted by it.
 *
 * @example familyChartSpec(families(catalogue, q).find((f) => f.id === 'copil_membre')!, results);
 */
export function familyChartSpec(family: IndicatorFamily, results: readonly IndicatorResult[], questionnaire: Questionnaire = getQuestionnaire()): TopLevelSpec {
  const data = family.members.flatMap(({ indicator, label }) =>
    toData(questionnaire, indicator, results.filter((r) => r.id === indicator.id && Object.keys(r.group).length === 0)).map((d) => ({ ...d, ligne: label })),
  );
  const kind = family.members[0]?.indicator.kind ?? 'share';
  if (kind !== 'distribution') {
    const order = [...data].sort((a, b) => (b.part ?? -1) - (a.part ?? -1)).map((d) => d.ligne);
    return base(family.label, ranked(data, { ligne: order }), {
      width: WIDTH,
      height: { step: 22 },
      encoding: {
        y: { field: 'ligne', type: 'nominal', sort: byRank('ligne'), title: null },
        x: { field: 'part', type: 'quantitative', scale: { domain: [0, 1] }, axis: { ...PART_AXIS } },
        tooltip: [{ field: 'ligne', type: 'nominal', title: 'Ligne' }, ...tooltip()],
      },
      layer: [
        { mark: { type: 'bar', height: { band: 0.7 } }, encoding: { color: { value: BLUE }, opacity: smallOpacity } },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'etiquette', type: 'nominal' } } },
      ],
    });
  }
  const codes = [...new Set(data.map((d) => d.code))];
  const lead = family.lead && codes.includes(family.lead) ? family.lead : codes[0];
  const plain = codes.filter((c) => !isGrey(c));
  const ordered = plain.indexOf(lead!) === plain.length - 1 ? [...plain].reverse() : [lead!, ...plain.filter((c) => c !== lead)];
  const stack = [...ordered, ...codes.filter(isGrey)];
  const labelOf = new Map(data.map((d) => [d.code, d.categorie]));
  const leadShare = new Map(data.filter((d) => d.code === lead).map((d) => [d.ligne, d]));
  const rows = [...new Set(data.map((d) => d.ligne))].sort((a, b) => (leadShare.get(b)?.part ?? -1) - (leadShare.get(a)?.part ?? -1));
  const colours = stack.map((c, i) => (isGrey(c) ? GREY : PALETTE[i % MAX_COLOURS]!));
  return base(family.label, ranked(data.map((d) => ({ ...d, rang: stack.indexOf(d.code) })), { ligne: rows }), {
    width: WIDTH - 60,
    height: { step: 22 },
    encoding: {
      y: { field: 'ligne', type: 'nominal', sort: byRank('ligne'), title: null },
      tooltip: [{ field: 'ligne', type: 'nominal', title: 'Ligne' }, ...tooltip()],
    },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          x: { field: 'part', type: 'quantitative', stack: 'zero', scale: { domain: [0, 1] }, axis: { ...PART_AXIS } },
          color: { field: 'categorie', type: 'nominal', title: null, sort: stack.map((c) => labelOf.get(c)!), scale: { domain: stack.map((c) => labelOf.get(c)!), range: colours } },
          order: { field: 'rang', type: 'quantitative' },
          opacity: smallOpacity,
        },
      },
      {
        transform: [{ filter: { field: 'code', equal: lead! } }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 },
        encoding: { x: { datum: 1, type: 'quantitative' }, text: { field: 'etiquette', type: 'nominal' } },
      },
    ],
  });
}

/**
 * A spec with its title and subtitle inside (for a chart downloaded alone;
 * pages and documents give them in HTML).
 *
 * @example withTitle(spec, 'Présidence du comité de pilotage', 'CLSM ayant un comité de pilotage');
 */
export function withTitle(spec: TopLevelSpec, title: string, subtitle: string): TopLevelSpec {
  return { ...spec, title: { text: title, subtitle } } as TopLevelSpec;
}
