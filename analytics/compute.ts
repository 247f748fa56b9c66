/**
 * Computing the catalogue over flat rows with Arquero: filter, re-derive the
 * period with its boundary, then ONE grouped rollup per split holding every
 * count of every indicator (deduplicated), reshaped into result rows.
 * Pure: no I/O.
 */
import * as aq from 'arquero';
import type { FlatRow } from '../survey-schema/index.ts';
import { answered, column, conditionExpression, countWhere } from './expressions.ts';
import {
  PUBLIC_MIN_CELL,
  SMALL_BASE,
  type CatalogueParams,
  type GroupKey,
  type Indicator,
  type IndicatorResult,
  type NumericClass,
} from './types.ts';

type Table = ReturnType<typeof aq.from>;

/** Category name of missing answers kept in the base. */
export const SANS_REPONSE = 'sans_reponse';
export const STATS = [
  { code: 'moyenne', label: 'Moyenne' },
  { code: 'mediane', label: 'Médiane' },
  { code: 'q1', label: '1er quartile' },
  { code: 'q3', label: '3e quartile' },
  { code: 'min', label: 'Minimum' },
  { code: 'max', label: 'Maximum' },
] as const;

/**
 * The bilans selected by the filters, with `periode_creation` recomputed for
 * the chosen boundary.
 *
 * @example selectBilans(aq.from(rows), { annee: 2024, consentedOnly: true }).numRows();
 */
export function selectBilans(table: Table, params: CatalogueParams): Table {
  let t = table.params({
    annee: params.annee ?? null,
    region: params.region ?? null,
    departement: params.departement ?? null,
    consented: params.consentedOnly ?? false,
    boundary: params.periodeBoundary ?? 2016,
  }) as Table;
  if (params.annee !== undefined) t = t.filter('(d, $) => d.annee == $.annee');
  if (params.region !== undefined) t = t.filter('(d, $) => d.region == $.region');
  if (params.departement !== undefined) t = t.filter('(d, $) => d.departement == $.departement');
  if (params.consentedOnly) t = t.filter('d => d.consentement_ccoms === "oui"');
  if (params.periodeBoundary !== undefined && t.columnNames().includes('annee_creation')) {
    t = t.derive({
      periode_creation: '(d, $) => (d.annee_creation == null || d.annee_creation === "") ? null : (d.annee_creation < $.boundary ? "avant_" + $.boundary : "depuis_" + $.boundary)',
    });
  }
  return t;
}

/** One aggregate of the rollup and how an indicator reads it back. */
interface Plan {
  indicator: Indicator;
  /** Result categories, each reading a count (or statistic) aggregate. */
  cells: { category: string; n: string; base: string; stat?: boolean; population?: string }[];
}

const classCondition = (name: string, c: NumericClass): string =>
  [answered(name), `op.is_finite(${column(name)})`, c.min !== undefined ? `${column(name)} >= ${c.min}` : '', c.max !== undefined ? `${column(name)} <= ${c.max}` : '']
    .filter(Boolean)
    .join(' && ');

/**
 * The aggregates an indicator needs (expression text), registered in a shared
 * map so that identical counts (the same population, say) are computed once.
 */
function planIndicator(indicator: Indicator, categoriesOf: (variable: string) => string[], aggregates: Map<string, string>): Plan {
  const key = (expr: string): string => {
    let k = aggregates.get(expr);
    if (!k) {
      k = `a${aggregates.size}`;
      aggregates.set(expr, k);
    }
    return k;
  };
  const pop = indicator.population ? conditionExpression(indicator.population) : 'true';
  const [first = ''] = indicator.variables;
  const anyAnswered = `(${indicator.variables.map(answered).join(' || ')})`;
  const base = key(countWhere(indicator.missing === 'exclude' ? `${pop} && ${anyAnswered}` : pop));
  const cells: Plan['cells'] = [];
  switch (indicator.kind) {
    case 'share': {
      const values = indicator.share?.values ?? ['oui'];
      const test = indicator.share?.when
        ? conditionExpression(indicator.share.when)
        : `${answered(first)} && (${values.map((v) => `${column(first)} == ${JSON.stringify(v)}`).join(' || ')})`;
      const hit = `${pop} && ${anyAnswered} && ${test}`;
      cells.push({ category: indicator.share?.category ?? 'oui', n: key(countWhere(hit)), base });
      break;
    }
    case 'distribution': {
      if (indicator.classes) {
        for (const c of indicator.classes) cells.push({ category: c.code, n: key(countWhere(`${pop} && ${classCondition(first, c)}`)), base });
      } else {
        const codes = indicator.categories?.map((c) => c.code) ?? categoriesOf(first);
        for (const code of codes) cells.push({ category: code, n: key(countWhere(`${pop} && ${answered(first)} && ${column(first)} == ${JSON.stringify(code)}`)), base });
      }
      if (indicator.missing === 'sans_reponse') cells.push({ category: SANS_REPONSE, n: key(countWhere(`${pop} && !${answered(first)}`)), base });
      break;
    }
    case 'multi': {
      for (const variable of indicator.variables) {
        const code = variable.slice(variable.lastIndexOf('__') + 2);
        cells.push({ category: code, n: key(countWhere(`${pop} && ${answered(variable)} && ${column(variable)} == "oui"`)), base });
      }
      break;
    }
    case 'stats': {
      const value = `(${pop} && ${answered(first)} && op.is_finite(${column(first)})) ? ${column(first)} : undefined`;
      const answeredKey = key(`d => op.valid(${value})`);
      const exprs: Record<string, string> = {
        moyenne: `d => op.mean(${value})`,
        mediane: `d => op.median(${value})`,
        q1: `d => op.quantile(${value}, 0.25)`,
        q3: `d => op.quantile(${value}, 0.75)`,
        min: `d => op.min(${value})`,
        max: `d => op.max(${value})`,
      };
      // For stats, n is the answered count and N the population size.
      for (const s of Object.keys(exprs)) cells.push({ category: s, n: answeredKey, base: key(exprs[s]!), stat: true, population: key(countWhere(pop)) });
      break;
    }
    case 'seat_share': {
      const [num = '', den = ''] = indicator.variables;
      const both = `${pop} && ${answered(num)} && ${answered(den)} && op.is_finite(${column(num)}) && op.is_finite(${column(den)})`;
      cells.push({ category: 'usagers', n: key(`d => op.sum((${both}) ? ${column(num)} : 0)`), base: key(`d => op.sum((${both}) ? ${column(den)} : 0)`) });
      break;
    }
  }
  return { indicator, cells };
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toResults(plans: Plan[], rollup: Record<string, unknown>, group: GroupKey, params: CatalogueParams): IndicatorResult[] {
  const out: IndicatorResult[] = [];
  for (const plan of plans) {
    for (const cell of plan.cells) {
      let result: IndicatorResult;
      if (cell.stat) {
        const n = finite(rollup[cell.n]) ?? 0;
        const population = finite(rollup[cell.population ?? '']) ?? 0;
        result = { id: plan.indicator.id, group, category: cell.category, n, N: population, pct: null, value: finite(rollup[cell.base]), small: n < SMALL_BASE };
        if (params.public && n < PUBLIC_MIN_CELL) result = { ...result, value: null, masked: true };
      } else {
        const n = finite(rollup[cell.n]) ?? 0;
        const N = finite(rollup[cell.base]) ?? 0;
        result = { id: plan.indicator.id, group, category: cell.category, n, N, pct: N > 0 ? (100 * n) / N : null, small: N < SMALL_BASE };
        if (params.public && n < PUBLIC_MIN_CELL) result = { ...result, n: null, pct: null, masked: true };
      }
      out.push(result);
    }
  }
  return out;
}

/** Distinct option codes of a variable, when the catalogue gives none: the caller resolves them from the codebook. */
export type CategoriesOf = (variable: string) => string[];

/**
 * Computes indicators over flat rows (one per bilan), with filters and an
 * optional split. Rows without a value for the split variable are left out
 * of the split groups.
 *
 * @example
 * computeIndicators(rows, [copilExiste], { split: 'periode_creation' }, () => []);
 * // [{ id: 'copil_existe', group: { periode_creation: 'avant_2016' }, category: 'oui', n: 6, N: 8, pct: 75, small: true }, …]
 */
export function computeIndicators(rows: readonly FlatRow[] | Table, indicators: readonly Indicator[], params: CatalogueParams, categoriesOf: CategoriesOf): IndicatorResult[] {
  // No bilan: an empty table still has the columns, so that every indicator reports N = 0.
  const empty = Array.isArray(rows) && rows.length === 0;
  const columnsNeeded = ['clsm_id', 'annee', 'region', 'departement', 'consentement_ccoms', 'annee_creation', 'periode_creation', ...indicators.flatMap((i) => i.variables)];
  const table = empty ? aq.table(Object.fromEntries(columnsNeeded.map((c) => [c, []]))) : Array.isArray(rows) ? aq.from(rows as FlatRow[]) : (rows as Table);
  const selected = selectBilans(table, params);
  const columns = new Set(selected.columnNames());
  const usable = indicators.filter((i) => i.variables.every((v) => columns.has(v)) && (!params.indicators || params.indicators.includes(i.id)));
  const aggregates = new Map<string, string>();
  const plans = usable.map((i) => planIndicator(i, categoriesOf, aggregates));
  const exprs = Object.fromEntries([...aggregates].map(([expr, k]) => [k, expr]));
  if (plans.length === 0) return [];
  const split = params.split;
  if (!split) {
    const rollup = selected.rollup(exprs).object() as Record<string, unknown>;
    return toResults(plans, rollup, {}, params);
  }
  const grouped = selected.filter(`d => d[${JSON.stringify(split)}] != null && d[${JSON.stringify(split)}] !== ""`).groupby(split).rollup(exprs).orderby(split);
  const out: IndicatorResult[] = [];
  for (const row of grouped.objects() as Record<string, unknown>[]) {
    out.push(...toResults(plans, row, { [split]: row[split] as string | number }, params));
  }
  return out;
}
