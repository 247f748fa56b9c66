/** Frozen: never edit once released; add a new migration instead. Written against Kysely<any>. */
import { PostgresAdapter, type Kysely } from 'kysely';

/** Auto-numbered key: SQLite's INTEGER PRIMARY KEY is the rowid; PostgreSQL needs serial. */
const idType = (db: Kysely<any>) => (db.getExecutor().adapter instanceof PostgresAdapter ? 'serial' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clsm')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('nom', 'varchar(300)', (c) => c.notNull())
    .addColumn('region', 'varchar(100)', (c) => c.notNull())
    .addColumn('departement', 'varchar(10)', (c) => c.notNull())
    .addColumn('autres_departements', 'varchar(200)')
    .addColumn('communes', 'text')
    .addColumn('annee_creation', 'integer')
    .addColumn('statut', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clsm_region_idx').on('clsm').columns(['region', 'departement']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('region', 'varchar(100)')
    .addColumn('departement', 'varchar(10)')
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_clsm')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('clsm_id', 'varchar(64)', (c) => c.notNull().references('clsm.id'))
    .addPrimaryKeyConstraint('user_clsm_pk', ['user_id', 'clsm_id'])
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('annee', 'integer', (c) => c.primaryKey())
    .addColumn('questionnaire_version', 'varchar(20)', (c) => c.notNull())
    .addColumn('opens_on', 'varchar(10)')
    .addColumn('closes_on', 'varchar(10)')
    .addColumn('statut', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bilans')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('clsm_id', 'varchar(64)', (c) => c.notNull().references('clsm.id'))
    .addColumn('annee', 'integer', (c) => c.notNull().references('campaigns.annee'))
    .addColumn('questionnaire_version', 'varchar(20)', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('carried_forward', 'text')
    .addColumn('consentement_ccoms', 'varchar(10)')
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(40)')
    .addColumn('submitted_by', 'integer')
    .addColumn('reviewed_at', 'varchar(40)')
    .addColumn('reviewed_by', 'integer')
    .addUniqueConstraint('bilans_clsm_annee_uq', ['clsm_id', 'annee'])
    .execute();
  await db.schema.createIndex('bilans_annee_idx').on('bilans').columns(['annee', 'status']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('bilan_id', 'integer', (c) => c.notNull().references('bilans.id').onDelete('cascade'))
    .addColumn('variable', 'varchar(100)')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer')
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_bilan_idx').on('comments').column('bilan_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', idType(db), (c) => c.primaryKey())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('entity', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('variable', 'varchar(100)')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
  await db.schema.createIndex('audit_entity_idx').on('audit_log').columns(['entity', 'entity_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'comments', 'bilans', 'campaigns', 'user_clsm', 'users', 'clsm']) await db.schema.dropTable(table).execute();
}
