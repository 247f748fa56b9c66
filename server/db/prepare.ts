/**
 * What every start does before serving (server, command line): pending
 * migrations, then derived data an older database or a new questionnaire
 * version lacks, then the caller's own start-up work — alone among the
 * instances sharing the database (OpenedDatabase.exclusive).
 */
import { ensureDerivedData } from '../services/derived-data.ts';
import { migrateToLatest, type OpenedDatabase } from './connection.ts';

export function prepareDatabase(opened: OpenedDatabase, then?: () => Promise<void>): Promise<void> {
  return opened.exclusive(async () => {
    await migrateToLatest(opened.db);
    await ensureDerivedData(opened.db);
    await then?.();
  });
}
