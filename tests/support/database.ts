/**
 * The database of a test server: a SQLite file in a temporary folder (`npm
 * test`), or, under `npm run test:postgres` (TEST_POSTGRES_URL set by
 * scripts/with-postgres.ts), a fresh database of the throwaway PostgreSQL
 * cluster. The same test files run on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The superuser URL of the test cluster, when the suite runs on PostgreSQL. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL || null;
export const onPostgres = POSTGRES_ADMIN_URL !== null;
/** For `it.skipIf` / `describe.skipIf` of what only SQLite has (its file, its migrations' past). */
export const onSqlite = !onPostgres;

export interface TestDatabase {
  /** The configuration fields of the database (spread into testConfig). */
  target: { databasePath: string; databaseUrl: string | null; databasePoolSize: number };
  /** The environment variables of the same database, for a child process (CLI, server). */
  env: Record<string, string>;
  /** A temporary folder of the test's own (removed with the database). */
  dir: string;
  drop(): Promise<void>;
}

let counter = 0;

/** Runs statements as the superuser of the test cluster (CREATE/DROP DATABASE). */
export async function adminQuery(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL! });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL of a database of the test cluster. */
export function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new, empty PostgreSQL database of the cluster (its name). */
export async function createPostgresDatabase(prefix = 'bilan_test'): Promise<string> {
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database "${name}"`);
  return name;
}

export const dropPostgresDatabase = (name: string) => adminQuery(`drop database if exists "${name}" with (force)`);

export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-test-'));
  const databasePath = join(dir, 'test.sqlite');
  if (!onPostgres) {
    return { target: { databasePath, databaseUrl: null, databasePoolSize: 1 }, env: { DATABASE_PATH: databasePath }, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = await createPostgresDatabase();
  const url = postgresUrl(name);
  return {
    target: { databasePath, databaseUrl: url, databasePoolSize: 5 },
    env: { DATABASE_PATH: databasePath, DATABASE_URL: url, DATABASE_POOL_SIZE: '5' },
    dir,
    async drop() {
      await dropPostgresDatabase(name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment variables that point a child process or the command line at a test server's database. */
export function databaseEnv(config: { databasePath: string; databaseUrl: string | null }): Record<string, string> {
  return { DATABASE_PATH: config.databasePath, ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}) };
}
