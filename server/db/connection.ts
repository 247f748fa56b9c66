/**
 * Opening the database: SQLite (a file, DATABASE_PATH) or PostgreSQL
 * (DATABASE_URL, a pool of connections). Dialect specifics (SQLite's WAL,
 * busy timeout and foreign keys; PostgreSQL's pool, timeouts and advisory
 * lock) live here and only here; the rest of the server writes portable Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDatabase, type TransactionSettings } from 'kysely';
import pg from 'pg';
import { LruMap } from '../../analytics/lru.ts';
import { migrationProvider } from '../migrations/index.ts';
import type { Database } from './database.ts';
import { DiskFullWatch } from './disk-full.ts';

export type DialectName = 'sqlite' | 'postgres';

/** Where the data is: a SQLite file, or a PostgreSQL database when `databaseUrl` is set. */
export interface DatabaseTarget {
  databasePath: string;
  databaseUrl: string | null;
  databasePoolSize?: number | undefined;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** SQLite only: the better-sqlite3 handle (online backup); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** Writes refused for lack of disk space (logged once per incident). */
  diskFull: DiskFullWatch;
  /**
   * Runs `work` alone among the instances that share the database: on
   * PostgreSQL under an advisory lock (two instances starting together
   * migrate, fill derived data and load the demonstration one after the
   * other, the second finding the work done); on SQLite at once (one process).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** The advisory lock key of the start-up work (any constant that no other lock of the database uses). */
const STARTUP_LOCK = '7135921870412213545';

/** A command-line database argument: `postgres://…` or a SQLite file path. */
export function targetOf(location: string): DatabaseTarget {
  return /^postgres(ql)?:\/\//.test(location) ? { databasePath: '', databaseUrl: location } : { databasePath: location, databaseUrl: null };
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

/** Prepared statements kept, the least recently used dropped first (SQL texts vary with the length of `in (…)` lists and multi-row inserts). */
const STATEMENTS_KEPT = 500;

/**
 * better-sqlite3 keeping its prepared statements by SQL text. Kysely
 * prepares every query it runs; preparing took an eighth of the server's
 * time in an autosave (profile of `npm run bench:rush`), where the same few
 * statements run thousands of times. Kysely runs one query at a time on
 * the connection (a streamed query holds it until it ends), so a kept
 * statement is never in use when it is handed out again (a `.stream()`
 * whose loop ran the same SQL inside one transaction would find it busy:
 * nothing streams today, exports read page by page).
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new LruMap<string, SQLite.Statement>(STATEMENTS_KEPT);
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = sqlite.prepare(text)));
      return statement;
    },
  };
}

class Dialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly diskFull: DiskFullWatch,
  ) {
    super({ database: keepingStatements(sqlite) });
  }
  override createDriver(): Driver {
    return new SqliteDriverKeepingErrors(super.createDriver(), this.sqlite, this.diskFull);
  }
}

export function openDatabase(target: DatabaseTarget): OpenedDatabase {
  return target.databaseUrl ? openPostgres(target.databaseUrl, target.databasePoolSize ?? 10) : openSqlite(target.databasePath);
}

function openSqlite(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const diskFull = new DiskFullWatch();
  return { db: new Kysely<Database>({ dialect: new Dialect(sqlite, diskFull) }), dialect: 'sqlite', sqlite, diskFull, exclusive: (work) => work() };
}

function openPostgres(url: string, poolSize: number): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // An unreachable server fails a request (and the health check) within seconds instead of queueing it forever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection cut by the server (restart, failover) is dropped and replaced; without a listener it would end the process.
  pool.on('error', () => {});
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    sqlite: null,
    diskFull: new DiskFullWatch(),
    async exclusive(work) {
      // A connection of its own: the work runs on the pool, possibly in parallel queries.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
        return await work();
      } finally {
        await client.end().catch(() => {});
      }
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
