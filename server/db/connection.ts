/**
 * Opening the database. SQLite specifics (WAL, busy timeout, foreign keys)
 * live here and only here; the rest of the server writes portable Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { migrationProvider } from '../migrations/index.ts';
import type { Database } from './database.ts';
import { DiskFullWatch } from './disk-full.ts';

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** The underlying better-sqlite3 handle (online backup). */
  sqlite: SQLite.Database;
  /** Writes refused for lack of disk space (logged once per incident). */
  diskFull: DiskFullWatch;
}

/**
 * Kysely's SQLite driver, with three changes.
 * - Transactions begin IMMEDIATE: they take the write lock at once, waiting
 *   for it (busy_timeout) when another process holds it. A deferred
 *   transaction that read first fails instead at its first write (SQLITE_BUSY,
 *   never retried) when another process wrote meanwhile: two servers on one
 *   file gave 500s.
 * - A statement failing with SQLITE_FULL (or SQLITE_IOERR, SQLITE_NOMEM…) may
 *   make SQLite roll the transaction back itself; Kysely's ROLLBACK then
 *   failed with "cannot rollback - no transaction is active", which replaced
 *   the real error. ROLLBACK is skipped when no transaction is open.
 * - A commit tells the disk-full watch that writes work again.
 */
class SqliteDriverKeepingErrors implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly sqlite: SQLite.Database,
    private readonly diskFull: DiskFullWatch,
  ) {}
  init = () => this.inner.init();
  acquireConnection = () => this.inner.acquireConnection();
  async beginTransaction(c: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await this.inner.commitTransaction(c);
    this.diskFull.committed();
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await this.inner.rollbackTransaction(c);
  }
  releaseConnection = (c: DatabaseConnection) => this.inner.releaseConnection(c);
  destroy = () => this.inner.destroy();
}

class Dialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly diskFull: DiskFullWatch,
  ) {
    super({ database: sqlite });
  }
  override createDriver(): Driver {
    return new SqliteDriverKeepingErrors(super.createDriver(), this.sqlite, this.diskFull);
  }
}

export function openDatabase(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const diskFull = new DiskFullWatch();
  return { db: new Kysely<Database>({ dialect: new Dialect(sqlite, diskFull) }), sqlite, diskFull };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`Migration ${failed?.migrationName ?? ''} en échec : ${error instanceof Error ? error.message : String(error)}`);
}
