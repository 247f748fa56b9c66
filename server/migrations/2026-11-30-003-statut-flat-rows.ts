/**
 * Frozen: never edit once released; add a new migration instead. Written against Kysely<any>.
 *
 * - One spelling per domain noun: table `campaigns` → `campagnes`, column `bilans.status` → `statut`.
 * - `bilans.completude`: the follow-up reads it instead of recomputing every bilan's completeness.
 * - `bilan_flat_rows`: the flat analytic row of each bilan that feeds the indicators, kept at write time.
 * - `change_stamps`: counters the caches are keyed on (the `indicateurs` stamp moves with submitted
 *   and validated bilans and the registry, never with drafts).
 * The new columns and rows are filled by the application at start (services/derived-data.ts): they
 * need the questionnaire, which a frozen migration must not import.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('campaigns').renameTo('campagnes').execute();
  await db.schema.alterTable('bilans').renameColumn('status', 'statut').execute();
  await db.schema.alterTable('bilans').addColumn('completude', 'real').execute();
  await db.schema
    .createTable('bilan_flat_rows')
    .addColumn('bilan_id', 'integer', (c) => c.primaryKey().references('bilans.id').onDelete('cascade'))
    .addColumn('format', 'varchar(64)', (c) => c.notNull())
    .addColumn('row', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_stamps')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('change_stamps').values({ name: 'indicateurs', value: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('change_stamps').execute();
  await db.schema.dropTable('bilan_flat_rows').execute();
  await db.schema.alterTable('bilans').dropColumn('completude').execute();
  await db.schema.alterTable('bilans').renameColumn('statut', 'status').execute();
  await db.schema.alterTable('campagnes').renameTo('campaigns').execute();
}
