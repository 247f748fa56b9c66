/** The static list of migrations (no file-system scan), applied in key order. */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23-001-initial.ts';

const migrations: Record<string, Migration> = {
  '2026-11-23-001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
