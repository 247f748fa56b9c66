/**
 * SQLite's prepared statements, kept by SQL text (server/db/connection.ts):
 * a query run again, streamed or not, is not prepared again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../server/db/connection.ts';

let dir: string;
let opened: OpenedDatabase;
// A table of the test's own, outside the application's schema.
let db: Kysely<{ t: { n: number } }>;

beforeEach(async () => {
  dir = mkdtempSync(join(os.tmpdir(), 'bilan-clsm-statements-'));
  opened = openDatabase({ databasePath: join(dir, 'test.sqlite'), databaseUrl: null });
  db = opened.db as unknown as Kysely<{ t: { n: number } }>;
  await sql`create table t (n integer)`.execute(db);
  await db.insertInto('t').values([{ n: 1 }, { n: 2 }, { n: 3 }]).execute();
});

afterEach(async () => {
  await opened.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const query = () => db.selectFrom('t').select('n').orderBy('n');

describe('prepared statements', () => {
  it('are prepared once per SQL text, however often the query runs (streamed or not)', async () => {
    const prepare = vi.spyOn(opened.sqlite!, 'prepare');
    for (let i = 0; i < 5; i++) expect((await query().execute()).map((r) => r.n)).toEqual([1, 2, 3]);
    const streamed: number[] = [];
    for await (const row of query().stream()) streamed.push(row.n);
    expect(streamed).toEqual([1, 2, 3]);
    expect((await query().execute()).map((r) => r.n)).toEqual([1, 2, 3]);
    expect(prepare.mock.calls.filter(([text]) => text === query().compile().sql)).toHaveLength(1);
  });
});
