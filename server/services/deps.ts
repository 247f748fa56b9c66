/** What every service is built with. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

export interface ServiceDeps {
  db: Kysely<Database>;
  config: Config;
}
