/**
 * Computing the catalogue over flat rows. Arquero filters the bilans,
 * re-derives the period with its boundary, evaluates every population (and
 * every share's condition) as a derived boolean column, and computes the
 * statistics (mean, median, quartiles) with a grouped rollup. The counts
 * are then one pass per indicator over those materialised columns: a
 * rollup of ~1 500 `op.sum` aggregates was ten times slower.
 * Pure: no I/O.
 */
import * as aq from 'arquero';
import { conditionVariables, getQuestionnaire, type FlatRow, type Questionnaire } from '../survey-schema/index.ts';
import { buildCatalogue, categoriesFor } from './catalogue.ts';
import { column, conditionExpression } from './expressions.ts';
import { groupId, protectSmallCells } from './masking.ts';
import {
  SMALL_BASE,
  type CatalogueParams,
  type GroupKey,
  type Indicator,
  type IndicatorResult,
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

/** The values of a column, row by row: the column itself when the table is materialised (no copy), else a copy. */
function columnValues(table: Table, name: string): ArrayLike<unknown> {
  const column = table.column(name) as unknown;
  if (!table.isFiltered() && !table.isOrdered() && (Array.isArray(column) || ArrayBuffer.isView(column))) return column as ArrayLike<unknown>;
  return table.array(name) as ArrayLike<unknown>;
}

const isAnswered = (v: unknown): boolean => v !== null && v !== undefined && v !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Every condition an indicator needs (its population, a share's `when`),
 * evaluated by Arquero as derived boolean columns: one derive for the whole
 * catalogue, each distinct condition compiled once.
 */
function conditionColumns(table: Table, indicators: readonly Indicator[]): { table: Table; columnOf: (c: Indicator['population']) => string | undefined } {
  const byExpression = new Map<string, string>();
  const nameFor = (c: Indicator['population']): string | undefined => {
    if (!c) return undefined;
    const expr = `d => ${conditionExpression(c)}`;
    let name = byExpression.get(expr);
    if (!name) {
      name = `__condition_${byExpression.size}`;
      byExpression.set(expr, name);
    }
    return name;
  };
  for (const i of indicators) {
    nameFor(i.population);
    nameFor(i.share?.when);
  }
  const derived = byExpression.size ? table.derive(Object.fromEntries([...byExpression].map(([expr, name]) => [name, expr]))) : table;
  return { table: derived, columnOf: nameFor };
}

/** Groups of the split: the group index of each row (-1: no value, left out) and the ordered keys. */
function splitGroups(table: Table, split: CatalogueParams['split']): { groupOf: Int32Array; keys: (string | number | undefined)[] } {
  const size = table.numRows();
  if (!split) return { groupOf: new Int32Array(size), keys: [undefined] };
  const values = columnValues(table, split) as ArrayLike<string | number | null>;
  const keys = [...new Set(Array.from(values).filter(isAnswered))] as (string | number)[];
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(keys.map((k, i) => [k, i]));
  const groupOf = new Int32Array(size);
  for (let r = 0; r < size; r++) groupOf[r] = isAnswered(values[r]) ? index.get(values[r]!)! : -1;
  return { groupOf, keys };
}

/** Counts of one indicator per group: the base, n per category, and (seat shares) the bilans giving both numbers. */
interface Counts {
  base: Float64Array;
  n: Map<string, Float64Array>;
  contributors?: Float64Array;
}

function countIndicator(table: Table, indicator: Indicator, groupOf: Int32Array, groups: number, columnOf: (c: Indicator['population']) => string | undefined, categoriesOf: CategoriesOf, cache: Map<string, ArrayLike<unknown>>): Counts {
  const rows = table.numRows();
  const col = (name: string): ArrayLike<unknown> => {
    let a = cache.get(name);
    if (!a) cache.set(name, (a = columnValues(table, name)));
    return a;
  };
  const popName = columnOf(indicator.population);
  const pop = popName ? (col(popName) as ArrayLike<boolean>) : undefined;
  const vars = indicator.variables.map(col);
  const [first] = vars;
  const base = new Float64Array(groups);
  const n = new Map<string, Float64Array>();
  const counter = (category: string) => {
    let a = n.get(category);
    if (!a) n.set(category, (a = new Float64Array(groups)));
    return a;
  };
  const exclude = indicator.missing === 'exclude';
  switch (indicator.kind) {
    case 'share': {
      const hits = counter(indicator.share?.category ?? 'oui');
      const whenName = columnOf(indicator.share?.when);
      const when = whenName ? (col(whenName) as ArrayLike<boolean>) : undefined;
      const values = new Set(indicator.share?.values ?? ['oui']);
      for (let r = 0; r < rows; r++) {
        const g = groupOf[r]!;
        if (g < 0 || (pop && !pop[r])) continue;
        const answered = vars.some((v) => isAnswered(v[r]));
        if (exclude && !answered) continue;
        base[g]!++;
        if (answered && (when ? when[r] : values.has(first![r] as string))) hits[g]!++;
      }
      break;
    }
    case 'distribution': {
      const classes = indicator.classes;
      const codes = classes ? classes.map((c) => c.code) : (indicator.categories?.map((c) => c.code) ?? categoriesOf(indicator.variables[0]!));
      const arrays = codes.map(counter);
      const index = new Map(codes.map((c, i) => [c, i]));
      const missing = indicator.missing === 'sans_reponse' ? counter(SANS_REPONSE) : undefined;
      for (let r = 0; r < rows; r++) {
        const g = groupOf[r]!;
        if (g < 0 || (pop && !pop[r])) continue;
        const v = first![r];
        if (!isAnswered(v)) {
          if (missing) {
            base[g]!++;
            missing[g]!++;
          }
          continue;
        }
        base[g]!++;
        if (classes) {
          if (!isNumber(v)) continue;
          const k = classes.findIndex((c) => (c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max));
          if (k >= 0) arrays[k]![g]!++;
        } else {
          const k = index.get(v as string);
          if (k !== undefined) arrays[k]![g]!++;
        }
      }
      break;
    }
    case 'multi': {
      const arrays = indicator.variables.map((v) => counter(v.slice(v.lastIndexOf('__') + 2)));
      for (let r = 0; r < rows; r++) {
        const g = groupOf[r]!;
        if (g < 0 || (pop && !pop[r])) continue;
        let answered = false;
        for (let k = 0; k < vars.length; k++) {
          const v = vars[k]![r];
          if (!isAnswered(v)) continue;
          answered = true;
          if (v === 'oui') arrays[k]![g]!++;
        }
        if (answered || !exclude) base[g]!++;
      }
      break;
    }
    case 'seat_share': {
      const seats = counter('usagers');
      const contributors = new Float64Array(groups);
      const [num, den] = vars;
      for (let r = 0; r < rows; r++) {
        const g = groupOf[r]!;
        if (g < 0 || (pop && !pop[r])) continue;
        const a = num![r];
        const b = den![r];
        if (!isNumber(a) || !isNumber(b)) continue;
        seats[g]! += a;
        base[g]! += b;
        contributors[g]!++;
      }
      return { base, n, contributors };
    }
    case 'stats':
      break;
  }
  return { base, n };
}

/** Mean, median, quartiles, min and max of the stats indicators, by Arquero (one grouped rollup). */
function statistics(table: Table, indicators: readonly Indicator[], split: CatalogueParams['split'], columnOf: (c: Indicator['population']) => string | undefined): Map<string, Record<string, unknown>> {
  const exprs: Record<string, string> = {};
  indicators.forEach((indicator, i) => {
    const popName = columnOf(indicator.population);
    const v = column(indicator.variables[0]!);
    const value = `(${popName ? `${column(popName)} && ` : ''}op.is_finite(${v})) ? ${v} : undefined`;
    exprs[`s${i}_n`] = `d => op.valid(${value})`;
    exprs[`s${i}_N`] = popName ? `d => op.sum(${column(popName)} ? 1 : 0)` : 'd => op.count()';
    exprs[`s${i}_moyenne`] = `d => op.mean(${value})`;
    exprs[`s${i}_mediane`] = `d => op.median(${value})`;
    exprs[`s${i}_q1`] = `d => op.quantile(${value}, 0.25)`;
    exprs[`s${i}_q3`] = `d => op.quantile(${value}, 0.75)`;
    exprs[`s${i}_min`] = `d => op.min(${value})`;
    exprs[`s${i}_max`] = `d => op.max(${value})`;
  });
  const out = new Map<string, Record<string, unknown>>();
  if (indicators.length === 0) return out;
  const rolled = split
    ? table.filter(`d => d[${JSON.stringify(split)}] != null && d[${JSON.stringify(split)}] !== ""`).groupby(split).rollup(exprs)
    : table.rollup(exprs);
  for (const row of rolled.objects() as Record<string, unknown>[]) out.set(split ? String(row[split]) : '', row);
  return out;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Distinct option codes of a variable, when the catalogue gives none: the caller resolves them from the codebook. */
export type CategoriesOf = (variable: string) => string[];

/** A selection ready for computing: filtered table, condition columns, column cache. */
interface Prepared {
  table: Table;
  usable: Indicator[];
  columnOf: (c: Indicator['population']) => string | undefined;
  cache: Map<string, ArrayLike<unknown>>;
}

function prepare(rows: readonly FlatRow[] | Table, indicators: readonly Indicator[], params: CatalogueParams): Prepared | undefined {
  // No bilan: an empty table still has the columns, so that every indicator reports N = 0.
  const empty = Array.isArray(rows) && rows.length === 0;
  const columnsNeeded = ['clsm_id', 'annee', 'region', 'departement', 'consentement_ccoms', 'annee_creation', 'periode_creation', ...indicators.flatMap((i) => i.variables)];
  const table = empty ? aq.table(Object.fromEntries(columnsNeeded.map((c) => [c, []]))) : Array.isArray(rows) ? aq.from(rows as FlatRow[]) : (rows as Table);
  const columns = new Set(table.columnNames());
  const usable = indicators.filter((i) => i.variables.every((v) => columns.has(v)) && (!params.indicators || params.indicators.includes(i.id)));
  if (usable.length === 0) return undefined;
  // Only the columns the indicators, their conditions and the splits read, materialised once.
  const needed = new Set(['annee', 'region', 'departement', 'consentement_ccoms', 'annee_creation', 'periode_creation', ...usable.flatMap((i) => [...i.variables, ...(i.population ? conditionVariables(i.population) : []), ...(i.share?.when ? conditionVariables(i.share.when) : [])])]);
  let selected = selectBilans(table.select([...needed].filter((c) => columns.has(c))), params).reify();
  // A condition may read a variable another version lacks ("ne sait pas" of 2027.1 in a 2026.1 table): an empty column.
  const absent = [...needed].filter((c) => !columns.has(c));
  if (absent.length) selected = selected.derive(Object.fromEntries(absent.map((c) => [c, '() => null']))).reify();
  const { table: withConditions, columnOf } = conditionColumns(selected, usable);
  return { table: withConditions, usable, columnOf, cache: new Map() };
}

/** Results of one split (or none), with what the public protection needs: bilans per group, seat shares' contributors. */
interface Computed {
  results: IndicatorResult[];
  groupBilans: Map<string, number>;
  contributors: Map<string, Map<string, number>>;
}

function computeRaw(prepared: Prepared, split: CatalogueParams['split'], categoriesOf: CategoriesOf): Computed {
  const { table, usable, columnOf, cache } = prepared;
  const { groupOf, keys } = splitGroups(table, split);
  const groupBilans = new Map<string, number>();
  const contributors = new Map<string, Map<string, number>>();
  if (split && keys.length === 0) return { results: [], groupBilans, contributors };
  const sizes = new Float64Array(keys.length);
  for (const g of groupOf) if (g >= 0) sizes[g]!++;
  const stats = statistics(table, usable.filter((i) => i.kind === 'stats'), split, columnOf);
  const out: IndicatorResult[] = [];
  const counts = new Map(usable.filter((i) => i.kind !== 'stats').map((i) => [i.id, countIndicator(table, i, groupOf, keys.length, columnOf, categoriesOf, cache)]));
  const statIndex = new Map(usable.filter((i) => i.kind === 'stats').map((i, k) => [i.id, k]));
  keys.forEach((key, g) => {
    const group: GroupKey = split ? { [split]: key as string | number } : {};
    groupBilans.set(groupId({ group }), sizes[g]!);
    for (const indicator of usable) {
      if (indicator.kind === 'stats') {
        const row = stats.get(split ? String(key) : '') ?? {};
        const k = statIndex.get(indicator.id)!;
        const n = finite(row[`s${k}_n`]) ?? 0;
        const N = finite(row[`s${k}_N`]) ?? 0;
        for (const s of STATS) out.push({ id: indicator.id, group, category: s.code, n, N, pct: null, value: finite(row[`s${k}_${s.code}`]), small: n < SMALL_BASE });
        continue;
      }
      const c = counts.get(indicator.id)!;
      const N = c.base[g]!;
      if (c.contributors) {
        let m = contributors.get(indicator.id);
        if (!m) contributors.set(indicator.id, (m = new Map()));
        m.set(groupId({ group }), c.contributors[g]!);
      }
      for (const [category, values] of c.n) {
        const n = values[g]!;
        out.push({ id: indicator.id, group, category, n, N, pct: N > 0 ? (100 * n) / N : null, small: N < SMALL_BASE });
      }
    }
  });
  return { results: out, groupBilans, contributors };
}

function computePrepared(prepared: Prepared, split: CatalogueParams['split'], params: CatalogueParams, categoriesOf: CategoriesOf): IndicatorResult[] {
  const computed = computeRaw(prepared, split, categoriesOf);
  if (!params.public) return computed.results;
  // Public: the split is protected together with its total, which is published too (or by the same request without split).
  const total = split ? computeRaw(prepared, undefined, categoriesOf) : computed;
  const contributors = new Map([...total.contributors].map(([id, m]) => [id, new Map([...m, ...(split ? (computed.contributors.get(id) ?? []) : [])])]));
  const protectedResults = protectSmallCells({ indicators: prepared.usable, total: total.results, ...(split ? { split: computed.results, groupBilans: computed.groupBilans } : {}), contributors });
  return split ? protectedResults.split : protectedResults.total;
}

/**
 * The public output of a selection: the total and the groups of a split,
 * protected together (analytics/masking.ts), as the open data publishes
 * them (France and its régions).
 *
 * @example const { total, split } = computePublic(rows, catalogue, { annee: 2024, consentedOnly: true }, 'region', categoriesFor(q));
 */
export function computePublic(
  rows: readonly FlatRow[] | Table,
  indicators: readonly Indicator[],
  params: Omit<CatalogueParams, 'split' | 'public'>,
  split: NonNullable<CatalogueParams['split']>,
  categoriesOf: CategoriesOf,
): { total: IndicatorResult[]; split: IndicatorResult[]; groupBilans: Map<string, number> } {
  const prepared = prepare(rows, indicators, params);
  if (!prepared) return { total: [], split: [], groupBilans: new Map() };
  const total = computeRaw(prepared, undefined, categoriesOf);
  const groups = computeRaw(prepared, split, categoriesOf);
  const contributors = new Map([...total.contributors].map(([id, m]) => [id, new Map([...m, ...(groups.contributors.get(id) ?? [])])]));
  return { ...protectSmallCells({ indicators: prepared.usable, total: total.results, split: groups.results, groupBilans: groups.groupBilans, contributors }), groupBilans: groups.groupBilans };
}

/**
 * Computes indicators over flat rows (one per bilan), with filters and an
 * optional split. Arquero selects the bilans, re-derives the period,
 * evaluates every population as a derived column and computes the
 * statistics; the counts are then one pass per indicator over those columns.
 * Rows without a value for the split variable are left out of the split
 * groups (they stay in the total).
 *
 * @example
 * computeIndicators(rows, [copilExiste], { split: 'periode_creation' }, () => []);
 * // [{ id: 'copil_existe', group: { periode_creation: 'avant_2016' }, category: 'oui', n: 6, N: 8, pct: 75, small: true }, …]
 */
export function computeIndicators(rows: readonly FlatRow[] | Table, indicators: readonly Indicator[], params: CatalogueParams, categoriesOf: CategoriesOf): IndicatorResult[] {
  const prepared = prepare(rows, indicators, params);
  return prepared ? computePrepared(prepared, params.split, params, categoriesOf) : [];
}

/**
 * The same indicators for several splits at once (the selection and the
 * populations are computed once): '' holds the results without split.
 *
 * @example computeSplits(rows, catalogue, {}, categoriesFor(q)).get('periode_creation');
 */
export function computeSplits(
  rows: readonly FlatRow[] | Table,
  indicators: readonly Indicator[],
  params: Omit<CatalogueParams, 'split'>,
  categoriesOf: CategoriesOf,
  splits: readonly (CatalogueParams['split'] | undefined)[] = [undefined, 'periode_creation', 'region', 'departement', 'annee'],
): Map<string, IndicatorResult[]> {
  const prepared = prepare(rows, indicators, params);
  return new Map(splits.map((split) => [split ?? '', prepared ? computePrepared(prepared, split, params, categoriesOf) : []]));
}

/**
 * The whole catalogue of a questionnaire over flat rows.
 *
 * @example computeCatalogue(rows, { annee: 2024, split: 'periode_creation' });
 */
export function computeCatalogue(rows: readonly FlatRow[] | Table, params: CatalogueParams = {}, questionnaire: Questionnaire = getQuestionnaire()): IndicatorResult[] {
  const catalogue = buildCatalogue(questionnaire, { periodeBoundary: params.periodeBoundary });
  return computeIndicators(rows, catalogue, params, categoriesFor(questionnaire));
}
