/** The database itself. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** A round trip to the database. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
