/** The database part of the configuration: SQLite by default, PostgreSQL with DATABASE_URL, refused in French when wrong. */
import { describe, expect, it } from 'vitest';
import { databaseLabel, loadConfig } from '../../server/config.ts';

const base = { SESSION_SECRET: 'un-secret-de-test-assez-long', DATABASE_PATH: ':memory:' };

describe('database configuration', () => {
  it('SQLite by default; DATABASE_URL selects PostgreSQL with a pool size', () => {
    const sqlite = loadConfig(base);
    expect(sqlite.databaseUrl).toBeNull();
    const pg = loadConfig({ ...base, DATABASE_URL: 'postgres://bilan:secret@db.interne:5432/bilan_clsm', DATABASE_POOL_SIZE: '20' });
    expect(pg.databaseUrl).toBe('postgres://bilan:secret@db.interne:5432/bilan_clsm');
    expect(pg.databasePoolSize).toBe(20);
    expect(loadConfig({ ...base, DATABASE_URL: 'postgresql://h/b' }).databasePoolSize).toBe(10);
    // Messages name the database, never its password.
    expect(databaseLabel(pg)).toBe('PostgreSQL db.interne:5432/bilan_clsm');
  });

  it('refuses in French another kind of address, a bad pool size, and production without a shared session secret', () => {
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://h/b' })).toThrow(/DATABASE_URL : une adresse postgres:\/\/utilisateur:mot-de-passe@hôte:port\/base est attendue/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'postgres://h/b', DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_PATH: ':memory:', DATABASE_URL: 'postgres://h/b', NODE_ENV: 'production' })).toThrow(
      'SESSION_SECRET : obligatoire avec DATABASE_URL en production (toutes les instances doivent partager la même clé de session)',
    );
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://h/b', NODE_ENV: 'production' }).env).toBe('production');
  });
});
