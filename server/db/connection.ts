/**
 * Opening the database. SQLite specifics (WAL, busy timeout, foreign keys)
 * live here and only here; the rest of the server writes portable Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../migrations/index.ts';
import type { Database } from './database.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The underlying better-sqlite3 handle (online backup). */
  sqlite: SQLite.Database;
}

export function openDatabase(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }), sqlite };
}

/**
 * Kysely's SQLite driver prepares every statement anew; the queries of the
 * server are few and repeated (a draft save runs the same seven), so prepared
 * statements are kept by SQL text. Safe: one connection, used one query at a
 * time, and no statement is iterated (streamed).
 *
 * Transactions begin IMMEDIATE (the write lock at once) rather than Kysely's
 * plain `begin`: the server writes through two connections (the event loop's
 * and the draft-save thread's, repositories/draft-saver.ts), and a deferred
 * transaction that read before another connection committed could not take
 * the lock to write (SQLITE_BUSY at once, the busy timeout does not apply).
 * Every transaction of the server writes.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= 1000) cache.clear();
        stmt = sqlite.prepare(sql === 'begin' ? 'begin immediate' : sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`Migration ${failed?.migrationName ?? ''} en échec : ${error instanceof Error ? error.message : String(error)}`);
}
