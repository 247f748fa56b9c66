/**
 * Frozen: never edit once released; add a new migration instead. Written against Kysely<any>.
 *
 * Personal data (issue 16): `users.anonymised_at`. An anonymised account keeps its row (bilans,
 * comments and audit entries point to it) as « Compte anonymisé n° id »; its address, password,
 * sessions and links are gone, and its identifier is never given again (AUTOINCREMENT / serial).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('anonymised_at', 'varchar(40)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('anonymised_at').execute();
}
