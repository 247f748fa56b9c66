/** The database of the CLI commands: same DATABASE_PATH as the server, migrated. */
import { loadConfig, type Config } from '../config.ts';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../db/connection.ts';
import type { AuthUser } from '../domain/access.ts';

/** The CLI acts with an administrator's scope. */
export const CLI_USER: AuthUser = { id: 0, email: 'cli', role: 'admin', region: null, departement: null, clsmIds: [] };

export async function withDatabase<T>(run: (opened: OpenedDatabase, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const opened = openDatabase(config.databasePath);
  try {
    await migrateToLatest(opened.db);
    return await run(opened, config);
  } finally {
    await opened.db.destroy();
  }
}

export function printIssues(issues: Array<{ ligne?: number; message: string }>): void {
  for (const i of issues) process.stderr.write(`${i.ligne !== undefined ? `ligne ${i.ligne} : ` : ''}${i.message}\n`);
}
