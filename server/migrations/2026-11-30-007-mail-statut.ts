/**
 * Frozen: never edit once released; add a new migration instead. Written against Kysely<any>.
 *
 * One spelling of the domain noun: `mail_queue.status` becomes `statut`, as for bilans,
 * campagnes, CLSM and accounts (SQLite and PostgreSQL rename the column and its index).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_queue').renameColumn('status', 'statut').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_queue').renameColumn('statut', 'status').execute();
}
