/**
 * Pages of a list, for every list the API and the pages show (registry,
 * bilans, follow-up, accounts, campagnes, audit trail): no answer ever holds
 * a whole table.
 *
 * A list is a query and its sort keys (the last one unique). A page is read
 * after the keys of the previous page's last row ("keyset": stable while rows
 * are added, and as fast on page 1 000 as on page 1), or at an offset (the
 * numbered pages of the web). The keys of the last row travel as an opaque
 * cursor (base64url of their JSON).
 */
import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import { invalid } from '../errors.ts';

export type KeyValue = string | number;

/** One sort key: a column (or expression), its direction, and its value in a row read. */
export interface SortKey<Row> {
  ref: string | Expression<unknown>;
  desc?: boolean;
  of: (row: Row) => KeyValue;
}

export interface PageRequest {
  limit: number;
  /** The cursor of the previous page (`next_cursor`). */
  cursor?: string | undefined;
  /** Rows to skip instead (numbered pages). */
  offset?: number | undefined;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; null on the last page. */
  next_cursor: string | null;
}

/** Largest page any list gives; its default. */
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

export function encodeCursor(keys: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The keys of a cursor; a French 400 when it is not one of ours for this list. */
export function decodeCursor(cursor: string, arity: number): KeyValue[] {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys) || keys.length !== arity || !keys.every((k) => typeof k === 'string' || typeof k === 'number')) {
    throw invalid('Curseur de pagination invalide : reprenez la liste depuis sa première page (sans « cursor »), puis suivez « next_cursor ».', [{ message: 'curseur invalide', variable: 'cursor' }]);
  }
  return keys as KeyValue[];
}

type AnyBuilder = ExpressionBuilder<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Rows strictly after `values` in the order of `keys`: (k1 > v1) or (k1 = v1 and k2 > v2) or … */
function after<Row>(eb: AnyBuilder, keys: ReadonlyArray<SortKey<Row>>, values: readonly KeyValue[]): Expression<SqlBool> {
  return eb.or(
    keys.map((key, i) =>
      eb.and([...keys.slice(0, i).map((previous, j) => eb(previous.ref as string, '=', values[j])), eb(key.ref as string, key.desc ? '<' : '>', values[i])]),
    ),
  );
}

/**
 * One page of a query in the order of `keys`.
 *
 * @example const page = await readPage(db.selectFrom('clsm').select(CLSM_COLUMNS), CLSM_ORDER, { limit: 100, cursor });
 */
export async function readPage<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  keys: ReadonlyArray<SortKey<Row>>,
  request: PageRequest,
): Promise<Page<Row>> {
  const limit = Math.max(1, Math.min(request.limit, MAX_PAGE));
  let q = query as unknown as SelectQueryBuilder<any, any, Row>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (request.cursor !== undefined) {
    const values = decodeCursor(request.cursor, keys.length);
    q = q.where((eb) => after(eb, keys, values));
  }
  for (const key of keys) q = q.orderBy(key.ref as string, key.desc ? 'desc' : 'asc');
  q = q.limit(limit + 1);
  if (request.offset) q = q.offset(request.offset);
  const rows = await q.execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(keys.map((k) => k.of(last))) : null };
}

/** Every row of a query, page by page in the order of `keys` (exports: never the whole table at once). */
export async function* readAll<DB, TB extends keyof DB, Row>(
  query: SelectQueryBuilder<DB, TB, Row>,
  keys: ReadonlyArray<SortKey<Row>>,
  size = MAX_PAGE,
): AsyncGenerator<Row> {
  for (let cursor: string | undefined; ; ) {
    const page = await readPage(query, keys, { limit: size, cursor });
    yield* page.items;
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}

/** Rows strictly after `values` in the order of `keys`, compared as the database would (numbers, then strings by code unit). */
function compareKeys(a: readonly KeyValue[], b: readonly KeyValue[], keys: ReadonlyArray<{ desc?: boolean }>): number {
  for (let i = 0; i < keys.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = x === y ? 0 : x < y ? -1 : 1;
    if (c) return keys[i]!.desc ? -c : c;
  }
  return 0;
}

/**
 * A page of a list already in memory (a short list filtered by rules the
 * database cannot express: the accounts an ARS manages), with the same
 * cursors as `readPage`.
 */
export function pageOf<Row>(rows: readonly Row[], keys: ReadonlyArray<SortKey<Row>>, request: PageRequest): Page<Row> {
  const limit = Math.max(1, Math.min(request.limit, MAX_PAGE));
  const keyed = rows.map((row) => ({ row, key: keys.map((k) => k.of(row)) })).sort((a, b) => compareKeys(a.key, b.key, keys));
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, keys.length);
  const rest = after ? keyed.filter((r) => compareKeys(r.key, after, keys) > 0) : keyed.slice(request.offset ?? 0);
  const items = rest.slice(0, limit);
  return { items: items.map((r) => r.row), next_cursor: rest.length > limit ? encodeCursor(items[items.length - 1]!.key) : null };
}
