/** The static list of migrations (no file-system scan), applied in key order. */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23-001-initial.ts';
import * as bilanSections from './2026-11-23-002-bilan-sections.ts';

const migrations: Record<string, Migration> = {
  '2026-11-23-001-initial': initial,
  '2026-11-23-002-bilan-sections': bilanSections,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
