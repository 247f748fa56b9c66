/**
 * Vega-Lite spec builders, one per indicator kind: bars for shares, stacked
 * bars for distributions, grouped bars for splits, lines across years.
 * French labels; n/N in the tooltips. Pure: they return a `TopLevelSpec`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { getQuestionnaire, type Questionnaire } from '../survey-schema/index.ts';
import { categoryLabel, groupLabel, SPLIT_LABELS } from './labels.ts';
import { INDICATOR_KINDS, type Indicator, type IndicatorResult, type SplitVariable } from './types.ts';

/** One datum of a chart: a result row with its labels, masked cells left out. */
interface Datum {
  categorie: string;
  groupe: string;
  ordre: number;
  pct: number | null;
  valeur: number | null;
  n: number | null;
  N: number;
  base: string;
}

const WIDTH = 560;
const FONT = 'Marianne, Arial, sans-serif';
const CONFIG = { font: FONT, axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 }, legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 }, view: { stroke: null } } as const;

function splitOf(results: readonly IndicatorResult[]): SplitVariable | undefined {
  const keys = results.flatMap((r) => Object.keys(r.group));
  return keys[0] as SplitVariable | undefined;
}

function toData(q: Questionnaire, indicator: Indicator, results: readonly IndicatorResult[]): Datum[] {
  const order = new Map<string, number>();
  return results
    .filter((r) => r.id === indicator.id && !r.masked)
    .map((r) => {
      if (!order.has(r.category)) order.set(r.category, order.size);
      return {
        categorie: categoryLabel(q, indicator, r.category),
        groupe: groupLabel(r.group),
        ordre: order.get(r.category)!,
        pct: r.pct === null ? null : Math.round(r.pct * 10) / 10,
        valeur: r.value === undefined || r.value === null ? null : Math.round(r.value * 100) / 100,
        n: r.n,
        N: r.N,
        base: `${r.n ?? '–'} / ${r.N}${r.small ? ' (base < 10)' : ''}`,
      };
    });
}

const tooltip = (measure: 'pct' | 'valeur') => [
  { field: 'groupe', type: 'nominal', title: 'Groupe' },
  { field: 'categorie', type: 'nominal', title: 'Catégorie' },
  measure === 'pct' ? { field: 'pct', type: 'quantitative', title: 'Part (%)', format: '.1f' } : { field: 'valeur', type: 'quantitative', title: 'Valeur', format: '.2f' },
  { field: 'base', type: 'nominal', title: 'n / N' },
] as const;

/**
 * The chart of an indicator's results (one split at most).
 *
 * @example
 * const spec = chartSpecFor(indicator, computeIndicators(rows, [indicator], { split: 'periode_creation' }, categoriesFor(q)));
 */
export function chartSpecFor(indicator: Indicator, results: readonly IndicatorResult[], questionnaire: Questionnaire = getQuestionnaire()): TopLevelSpec {
  const data = toData(questionnaire, indicator, results);
  const split = splitOf(results.filter((r) => r.id === indicator.id));
  const title = { text: indicator.label, subtitle: `${INDICATOR_KINDS[indicator.kind]} — ${indicator.populationLabel}`, anchor: 'start' as const, fontSize: 14 };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, width: WIDTH, config: CONFIG, data: { values: data } } as const;
  const measure = indicator.kind === 'stats' ? 'valeur' : 'pct';
  const xTitle = measure === 'pct' ? 'Part (%)' : 'Valeur';
  const quantitative = { field: measure, type: 'quantitative', title: xTitle, ...(measure === 'pct' ? { scale: { domain: [0, 100] } } : {}) } as const;
  const groupTitle = split ? SPLIT_LABELS[split] : 'Groupe';

  // Lines across years.
  if (split === 'annee') {
    return {
      ...base,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'groupe', type: 'ordinal', title: 'Année', axis: { labelAngle: 0 } },
        y: { ...quantitative },
        color: { field: 'categorie', type: 'nominal', title: 'Catégorie', sort: { field: 'ordre' } },
        tooltip: [...tooltip(measure)],
      },
    } as TopLevelSpec;
  }

  // Distribution: one stacked bar per group.
  if (indicator.kind === 'distribution') {
    return {
      ...base,
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'groupe', type: 'nominal', title: split ? groupTitle : null },
        x: { field: 'pct', type: 'quantitative', title: 'Part (%)', stack: 'zero', scale: { domain: [0, 100] } },
        color: { field: 'categorie', type: 'nominal', title: 'Catégorie', sort: { field: 'ordre' } },
        order: { field: 'ordre', type: 'quantitative' },
        tooltip: [...tooltip('pct')],
      },
    } as TopLevelSpec;
  }

  // Split: grouped bars (one row per category, one bar per group).
  if (split) {
    return {
      ...base,
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'categorie', type: 'nominal', title: null, sort: { field: 'ordre' } },
        yOffset: { field: 'groupe', type: 'nominal' },
        x: { ...quantitative },
        color: { field: 'groupe', type: 'nominal', title: groupTitle },
        tooltip: [...tooltip(measure)],
      },
    } as TopLevelSpec;
  }

  // Shares, multi-answer shares, statistics: bars.
  return {
    ...base,
    layer: [
      { mark: { type: 'bar', color: '#000091' } },
      { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: measure, type: 'quantitative', format: measure === 'pct' ? '.0f' : '.1f' } } },
    ],
    encoding: {
      y: { field: 'categorie', type: 'nominal', title: null, sort: indicator.kind === 'multi' ? { field: 'pct', op: 'max', order: 'descending' } : { field: 'ordre', op: 'min' } },
      x: { ...quantitative },
      tooltip: [...tooltip(measure)],
    },
  } as TopLevelSpec;
}

/** A family of indicators shown together (e.g. every actor of the COPIL): one row per member. */
export interface IndicatorFamily {
  id: string;
  label: string;
  populationLabel: string;
  members: { indicator: Indicator; label: string }[];
}

/**
 * One chart for a family (no split): stacked bars for distributions (one
 * bar per member), bars for shares.
 *
 * @example familyChartSpec(families(catalogue, q).find((f) => f.id === 'copil_membre')!, results);
 */
export function familyChartSpec(family: IndicatorFamily, results: readonly IndicatorResult[], questionnaire: Questionnaire = getQuestionnaire()): TopLevelSpec {
  const data = family.members.flatMap(({ indicator, label }, row) =>
    toData(questionnaire, indicator, results.filter((r) => r.id === indicator.id && Object.keys(r.group).length === 0)).map((d) => ({ ...d, ligne: label, rang: row })),
  );
  const kind = family.members[0]?.indicator.kind ?? 'share';
  const title = { text: family.label, subtitle: family.populationLabel, anchor: 'start' as const, fontSize: 14 };
  const height = Math.max(60, family.members.length * 18);
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, width: WIDTH - 120, height, config: CONFIG, data: { values: data } } as const;
  const tip = [{ field: 'ligne', type: 'nominal', title: 'Ligne' }, ...tooltip('pct')];
  if (kind === 'distribution') {
    return {
      ...base,
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'ligne', type: 'nominal', title: null, sort: { field: 'rang', op: 'min' } },
        x: { field: 'pct', type: 'quantitative', title: 'Part (%)', stack: 'zero', scale: { domain: [0, 100] } },
        color: { field: 'categorie', type: 'nominal', title: 'Catégorie', sort: { field: 'ordre' } },
        order: { field: 'ordre', type: 'quantitative' },
        tooltip: tip,
      },
    } as TopLevelSpec;
  }
  return {
    ...base,
    mark: { type: 'bar', color: '#000091' },
    encoding: {
      y: { field: 'ligne', type: 'nominal', title: null, sort: { field: 'pct', op: 'max', order: 'descending' } },
      x: { field: 'pct', type: 'quantitative', title: 'Part (%)', scale: { domain: [0, 100] } },
      tooltip: tip,
    },
  } as TopLevelSpec;
}
