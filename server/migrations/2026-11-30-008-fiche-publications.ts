/**
 * Frozen: never edit once released; add a new migration instead. Written against Kysely<any>.
 *
 * The yearly fiche published by a public link (issue 16):
 * - `fiche_publications`: one row per link. `token` is the random identifier of the link
 *   (128 bits, base64url), kept as is: the CLSM's pages show the link again and the printed
 *   fiche carries it (a hash could not be shown back). Revoking sets `revoked_at`; the row
 *   stays, for the audit trail. At most one link is live per bilan (partial unique index).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const table = isPostgres(db)
    ? db.schema.createTable('fiche_publications').addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable('fiche_publications').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('bilan_id', 'integer', (c) => c.notNull().references('bilans.id').onDelete('cascade'))
    .addColumn('token', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('revoked_at', 'varchar(40)')
    .addColumn('revoked_by', 'integer')
    .execute();
  await db.schema.createIndex('fiche_publications_bilan_idx').on('fiche_publications').column('bilan_id').execute();
  await sql`CREATE UNIQUE INDEX fiche_publications_live_idx ON fiche_publications (bilan_id) WHERE revoked_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fiche_publications').execute();
}
