/**
 * Small-cell protection of public outputs (open data, `public=oui`): a cell
 * of 1 to 4 bilans is masked, and so are enough complementary cells that no
 * masked value can be recomputed by subtraction — neither from the published
 * base N and the other cells of its group, nor, when a split is published
 * with its total (the regions beside France), from the total and the other
 * groups.
 *
 * The model. An indicator's results form a table: one row per group (a
 * région…) plus the total row, one column per category, plus the base N and,
 * for a share, the implicit "rest" (N − n, never published). Each row sums
 * to its N and each column sums to its total. With the cells a reader cannot
 * see as unknowns, those equations are the incidence matrix of a bipartite
 * graph (rows and columns as nodes, unknown cells as edges), and an unknown
 * is determined exactly when its edge is a bridge — on no cycle. So the
 * protection masks cells until no protected unknown is a bridge.
 *
 * Decisions (docs/analytics.md):
 * - Sensitive: a count of 1 to 4 bilans. A zero is published (no bilan is
 *   behind it); so is a share of 100 %.
 * - A group with fewer than 5 bilans (a région with fewer than 5 consented
 *   bilans) is masked whole, its N included; when only one group is, the
 *   smallest other one is too, or the total would give it back. The same for
 *   a group whose base N (CLSM ayant un COPIL…) is 1 to 4.
 * - The total row's masks depend on the total only, so that the output
 *   without split and the total of a split agree; complementary cells are
 *   taken in the groups, the smallest positive first.
 * - Statistics: values masked under 5 answers; minimum and maximum (one
 *   CLSM's own answer) never published. Seat shares: masked when fewer than
 *   5 bilans give their seats.
 * Pure.
 */
import { PUBLIC_MIN_CELL, type Indicator, type IndicatorResult } from './types.ts';

/** A count that public outputs never show: 1 to 4 bilans. */
export const isSensitive = (count: number): boolean => count > 0 && count < PUBLIC_MIN_CELL;

/** Statistics never published: an extreme is one CLSM's own answer. */
const EXTREMES = new Set(['min', 'max']);

export interface ProtectInput {
  indicators: readonly Indicator[];
  /** The results without split: the total, published too (here or by another request). */
  total: readonly IndicatorResult[];
  /** The results of the split groups (none without split). */
  split?: readonly IndicatorResult[];
  /** Bilans per split group (key: `groupId`). */
  groupBilans?: ReadonlyMap<string, number>;
  /** Seat shares: bilans giving both numbers, per group ('' for the total). */
  contributors?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** The key of a result's group ('' for the total). */
export const groupId = (r: Pick<IndicatorResult, 'group'>): string => Object.values(r.group).map(String).join('\u0000');

/**
 * The groups masked whole whatever the indicator: fewer than 5 bilans, and
 * the smallest other group when only one is.
 *
 * @example wholeGroups(new Map([['94', 3], ['11', 40], ['53', 12]])); // Set {'94', '53'}
 */
export function wholeGroups(groupBilans: ReadonlyMap<string, number>): Set<string> {
  return withComplementaryGroup(groupBilans, new Set([...groupBilans].filter(([, n]) => n < PUBLIC_MIN_CELL).map(([g]) => g)));
}

/** When exactly one group is masked whole, the smallest other one too (the total would give it back). */
function withComplementaryGroup(sizes: ReadonlyMap<string, number>, whole: Set<string>): Set<string> {
  if (whole.size !== 1 || sizes.size < 2) return whole;
  const [other] = [...sizes].filter(([g]) => !whole.has(g)).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  if (other) whole.add(other[0]);
  return whole;
}

/** One row of a table: a group or the total. */
interface Row {
  id: string;
  total: boolean;
  N: number;
  /** Listed cells (the published categories). */
  cells: number[];
  /** N − Σ cells, for a share (the non-hits); undefined for a distribution. */
  rest?: number;
  whole: boolean;
  masked: boolean[];
}

/**
 * Masks of one row alone: the sensitive cells, then the smallest positive
 * cells until the unknowns (masked cells and the rest) are two or more with
 * a positive sum, whenever one of them is protected.
 */
function protectRow(row: Row): void {
  if (row.whole) {
    row.masked.fill(true);
    return;
  }
  row.cells.forEach((v, k) => {
    if (isSensitive(v)) row.masked[k] = true;
  });
  const restSensitive = row.rest !== undefined && isSensitive(row.rest);
  for (;;) {
    const unknown = row.cells.flatMap((v, k) => (row.masked[k] ? [v] : []));
    if (unknown.length === 0 && !restSensitive) return;
    if (row.rest !== undefined) unknown.push(row.rest);
    const sum = unknown.reduce((a, b) => a + b, 0);
    if (unknown.length >= 2 && sum > 0) return;
    const k = smallestOpen(row.cells, row.masked);
    if (k < 0) {
      row.whole = true;
      row.masked.fill(true);
      return;
    }
    row.masked[k] = true;
  }
}

/** The index of the smallest positive unmasked cell (else the smallest unmasked), -1 when none. */
function smallestOpen(cells: readonly number[], masked: readonly boolean[]): number {
  let best = -1;
  cells.forEach((v, k) => {
    if (masked[k]) return;
    if (best < 0 || (v > 0 && (cells[best]! === 0 || v < cells[best]!))) best = k;
  });
  return best;
}

/** Bridges of an undirected graph given as edges (Tarjan, iterative). */
function bridges(nodes: number, edges: ReadonlyArray<readonly [number, number]>): Set<number> {
  const adjacency: Array<Array<[number, number]>> = Array.from({ length: nodes }, () => []);
  edges.forEach(([a, b], e) => {
    adjacency[a]!.push([b, e]);
    adjacency[b]!.push([a, e]);
  });
  const order = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  const out = new Set<number>();
  let time = 0;
  for (let root = 0; root < nodes; root++) {
    if (order[root]! >= 0) continue;
    const stack: Array<{ node: number; via: number; next: number }> = [{ node: root, via: -1, next: 0 }];
    order[root] = low[root] = time++;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const list = adjacency[top.node]!;
      if (top.next < list.length) {
        const [to, e] = list[top.next++]!;
        if (e === top.via) continue;
        if (order[to]! < 0) {
          order[to] = low[to] = time++;
          stack.push({ node: to, via: e, next: 0 });
        } else low[top.node] = Math.min(low[top.node]!, order[to]!);
      } else {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          low[parent.node] = Math.min(low[parent.node]!, low[top.node]!);
          if (low[top.node]! > order[parent.node]!) out.add(top.via);
        }
      }
    }
  }
  return out;
}

/** Nodes reachable from `start` without using edge `cut`. */
function reachable(nodes: number, edges: ReadonlyArray<readonly [number, number]>, cut: number, start: number): Set<number> {
  const adjacency: number[][] = Array.from({ length: nodes }, () => []);
  edges.forEach(([a, b], e) => {
    if (e === cut) return;
    adjacency[a]!.push(b);
    adjacency[b]!.push(a);
  });
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length) for (const next of adjacency[todo.pop()!]!) if (!seen.has(next)) (seen.add(next), todo.push(next));
  return seen;
}

/**
 * Masks the groups of a table published with its total, until no protected
 * unknown is a bridge of the graph of unknowns. Columns: the listed cells,
 * then the rest (a share), then N. The total row (last) is never changed.
 */
function protectTable(rows: Row[]): void {
  const K = rows[0]!.cells.length;
  const hasRest = rows[0]!.rest !== undefined;
  const restCol = K;
  const nCol = K + (hasRest ? 1 : 0);
  const columns = nCol + 1;
  const node = { row: (r: number) => r, col: (c: number) => rows.length + c };
  const groups = rows.flatMap((row, r) => (row.total ? [] : [r]));
  for (let guard = 0; guard <= rows.length * columns; guard++) {
    const edges: Array<readonly [number, number]> = [];
    const meta: Array<{ r: number; c: number; protectedCell: boolean }> = [];
    rows.forEach((row, r) => {
      for (let k = 0; k < K; k++) if (row.masked[k]) (edges.push([node.row(r), node.col(k)]), meta.push({ r, c: k, protectedCell: true }));
      if (hasRest) (edges.push([node.row(r), node.col(restCol)]), meta.push({ r, c: restCol, protectedCell: row.whole || isSensitive(row.rest!) }));
      if (row.whole) (edges.push([node.row(r), node.col(nCol)]), meta.push({ r, c: nCol, protectedCell: true }));
    });
    const nodes = rows.length + columns;
    const bad = [...bridges(nodes, edges)].find((e) => meta[e]!.protectedCell);
    if (bad === undefined) return;
    const [a, b] = edges[bad]!;
    const sideA = reachable(nodes, edges, bad, a);
    const sideB = reachable(nodes, edges, bad, b);
    const open = (r: number, k: number) => !rows[r]!.whole && !rows[r]!.masked[k];
    // A published cell joining the two sides puts the bridge on a cycle.
    const joining: Array<[number, number]> = [];
    for (const r of groups)
      for (let k = 0; k < K; k++) {
        if (!open(r, k)) continue;
        const rn = node.row(r);
        const cn = node.col(k);
        if ((sideA.has(rn) && sideB.has(cn)) || (sideB.has(rn) && sideA.has(cn))) joining.push([r, k]);
      }
    // Else grow the side of the bridge's own row or column.
    const { r: br, c: bc } = meta[bad]!;
    const near: Array<[number, number]> = [];
    if (!rows[br]!.total) for (let k = 0; k < K; k++) if (open(br, k)) near.push([br, k]);
    if (bc < K) for (const r of groups) if (open(r, bc)) near.push([r, bc]);
    const pick = smallest(joining.length ? joining : near, rows);
    if (pick) {
      rows[pick[0]]!.masked[pick[1]] = true;
      continue;
    }
    // Nothing left to mask in the groups: the groups go whole, the smallest first.
    const next = groups.filter((r) => !rows[r]!.whole).sort((x, y) => rows[x]!.N - rows[y]!.N)[0];
    if (next === undefined) return;
    rows[next]!.whole = true;
    rows[next]!.masked.fill(true);
  }
}

function smallest(candidates: Array<[number, number]>, rows: Row[]): [number, number] | undefined {
  let best: [number, number] | undefined;
  const value = ([r, k]: [number, number]) => rows[r]!.cells[k]!;
  for (const c of candidates) {
    if (!best) best = c;
    else if (value(c) > 0 && (value(best) === 0 || value(c) < value(best))) best = c;
  }
  return best;
}

/** Writes a row's masks into its results. */
function masked(result: IndicatorResult, whole: boolean, cell: boolean): IndicatorResult {
  if (whole) return { ...result, n: null, N: null, pct: null, small: false, masked: true, ...(result.value !== undefined ? { value: null } : {}) };
  // A statistic keeps its count of answers; the value goes.
  if (cell) return result.value !== undefined ? { ...result, value: null, masked: true } : { ...result, n: null, pct: null, masked: true };
  return result;
}

/**
 * The public version of results: small cells and their complements masked,
 * in the split groups and in the total alike.
 *
 * @example
 * const { total, split } = protectSmallCells({ indicators, total: national, split: regional, groupBilans });
 */
export function protectSmallCells(input: ProtectInput): { total: IndicatorResult[]; split: IndicatorResult[] } {
  const split = input.split ?? [];
  const byIndicator = new Map<string, { total: IndicatorResult[]; groups: Map<string, IndicatorResult[]> }>();
  for (const r of input.total) {
    let entry = byIndicator.get(r.id);
    if (!entry) byIndicator.set(r.id, (entry = { total: [], groups: new Map() }));
    entry.total.push(r);
  }
  for (const r of split) {
    let entry = byIndicator.get(r.id);
    if (!entry) byIndicator.set(r.id, (entry = { total: [], groups: new Map() }));
    const g = groupId(r);
    const rows = entry.groups.get(g);
    if (rows) rows.push(r);
    else entry.groups.set(g, [r]);
  }
  const whole = wholeGroups(input.groupBilans ?? new Map());
  const out = new Map<IndicatorResult, IndicatorResult>();
  const kinds = new Map(input.indicators.map((i) => [i.id, i.kind]));

  for (const [id, { total, groups }] of byIndicator) {
    const kind = kinds.get(id) ?? 'distribution';
    const baseOf = (rows: IndicatorResult[]) => (kind === 'seat_share' ? (input.contributors?.get(id)?.get(rows[0] ? groupId(rows[0]) : '') ?? 0) : (rows[0]?.N ?? 0));
    // Whole rows for this indicator: the groups masked whole, a base of 1 to 4 (seat shares: under 5 bilans).
    const small = (rows: IndicatorResult[]) => (kind === 'seat_share' ? baseOf(rows) < PUBLIC_MIN_CELL : isSensitive(baseOf(rows)));
    const wholeHere = new Set([...groups].filter(([g, rows]) => whole.has(g) || small(rows)).map(([g]) => g));
    withComplementaryGroup(new Map([...groups].map(([g, rows]) => [g, baseOf(rows)])), wholeHere);
    const totalWhole = total.length > 0 && small(total);

    if (kind === 'stats' || kind === 'seat_share') {
      const apply = (rows: IndicatorResult[], isWhole: boolean) =>
        rows.forEach((r) => out.set(r, masked(r, isWhole, kind === 'stats' && (EXTREMES.has(r.category) || (r.n ?? 0) < PUBLIC_MIN_CELL))));
      apply(total, totalWhole);
      for (const [g, rows] of groups) apply(rows, wholeHere.has(g));
      continue;
    }

    // A share and each option of a multi-answer question are tables of one cell and its rest; a distribution is one table.
    const shareLike = kind === 'share' || kind === 'multi';
    const categories = [...new Set([...total, ...[...groups.values()].flat()].map((r) => r.category))];
    const tables = shareLike ? categories.map((c) => [c]) : [categories];
    const tablesOf: Array<Array<Row & { results: (IndicatorResult | undefined)[] }>> = [];
    for (const columns of tables) {
      const rowOf = (rows: IndicatorResult[], gid: string, isTotal: boolean, isWhole: boolean): Row & { results: (IndicatorResult | undefined)[] } => {
        const byCategory = new Map(rows.map((r) => [r.category, r]));
        const results = columns.map((c) => byCategory.get(c));
        const cells = results.map((r) => r?.n ?? 0);
        const N = rows[0]?.N ?? 0;
        return { id: gid, total: isTotal, N, cells, ...(shareLike ? { rest: N - cells[0]! } : {}), whole: isWhole, masked: cells.map(() => false), results };
      };
      const totalRow = total.length ? rowOf(total, '', true, totalWhole) : undefined;
      const groupRows = [...groups].map(([g, rows]) => rowOf(rows, g, false, wholeHere.has(g)));
      if (totalRow) protectRow(totalRow);
      for (const row of groupRows) protectRow(row);
      if (totalRow && groupRows.length >= 2) protectTable([...groupRows, totalRow]);
      tablesOf.push([...groupRows, ...(totalRow ? [totalRow] : [])]);
    }
    // A row masked whole in one table (an option of a multi-answer question) is masked whole in all: its N is one.
    const wholeRows = new Set(tablesOf.flat().filter((row) => row.whole).map((row) => `${row.total}:${row.id}`));
    for (const row of tablesOf.flat()) {
      const isWhole = wholeRows.has(`${row.total}:${row.id}`);
      row.results.forEach((r, k) => {
        if (r) out.set(r, masked(r, isWhole, row.masked[k]!));
      });
    }
  }
  return { total: input.total.map((r) => out.get(r) ?? r), split: split.map((r) => out.get(r) ?? r) };
}
