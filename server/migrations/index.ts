/** The static list of migrations (no file-system scan), applied in key order. */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-23-001-initial.ts';
import * as bilanSections from './2026-11-23-002-bilan-sections.ts';
import * as statutFlatRows from './2026-11-30-003-statut-flat-rows.ts';
import * as accountsMail from './2026-11-30-004-accounts-mail.ts';
import * as anonymisedAccounts from './2026-11-30-005-anonymised-accounts.ts';
import * as mailStatut from './2026-11-30-007-mail-statut.ts';
import * as fichePublications from './2026-11-30-008-fiche-publications.ts';

const migrations: Record<string, Migration> = {
  '2026-11-23-001-initial': initial,
  '2026-11-23-002-bilan-sections': bilanSections,
  '2026-11-30-003-statut-flat-rows': statutFlatRows,
  '2026-11-30-004-accounts-mail': accountsMail,
  '2026-11-30-005-anonymised-accounts': anonymisedAccounts,
  '2026-11-30-007-mail-statut': mailStatut,
  '2026-11-30-008-fiche-publications': fichePublications,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
