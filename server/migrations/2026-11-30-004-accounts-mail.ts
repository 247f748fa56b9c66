/**
 * Frozen: never edit once released; add a new migration instead. Written against Kysely<any>.
 *
 * Accounts, sessions and mail (issue 12):
 * - `users`: an identifier is never given twice (SQLite: the table is rebuilt with AUTOINCREMENT,
 *   which never reuses a deleted row's id; PostgreSQL's serial never does); `password_hash` becomes
 *   nullable (an invited person has none until they choose it); `disabled_at`, `invited_at`,
 *   `invited_by`, `last_login_at`.
 * - `sessions`: the server-side record of each sign-in; the cookie holds a random token whose
 *   SHA-256 is stored here. Deleting the row ends the session.
 * - `account_tokens`: invitation and password-reset links (hashed, single use, expiring).
 * - `login_failures`: failed sign-ins per account and per address, with a temporary lock.
 * - `mail_queue`: every mail, sent by a worker that claims rows (status + lease), with retries.
 * - `notifications`: submissions waiting to be mailed to the ARS (one mail, or a daily digest).
 * - `relances`, `relance_etapes`: reminders sent, and the scheduled steps already run (idempotence).
 * - `prolongations`: a later closing date for one CLSM in one campagne; `campagnes.relances_jours`:
 *   the automatic reminder schedule (days before closing, e.g. "14,3").
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** An auto-numbered key never reused: serial on PostgreSQL, INTEGER PRIMARY KEY AUTOINCREMENT on SQLite. */
function withId(db: Kysely<any>, table: string) {
  return isPostgres(db)
    ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

async function rebuildUsersOnSqlite(db: Kysely<any>): Promise<void> {
  // The documented SQLite procedure for changing a table's definition: foreign keys off (outside any
  // transaction), new table, copy, drop, rename, check. With foreign keys on, dropping `users` would
  // delete every row of `user_clsm` (ON DELETE CASCADE).
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await withId(trx, 'users_new')
        .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
        .addColumn('password_hash', 'varchar(200)')
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('region', 'varchar(100)')
        .addColumn('departement', 'varchar(10)')
        .addColumn('disabled_at', 'varchar(40)')
        .addColumn('invited_at', 'varchar(40)')
        .addColumn('invited_by', 'integer')
        .addColumn('last_login_at', 'varchar(40)')
        .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO users_new (id, email, password_hash, role, region, departement, created_at, updated_at)
        SELECT id, email, password_hash, role, region, departement, created_at, updated_at FROM users`.execute(trx);
      await trx.schema.dropTable('users').execute();
      await trx.schema.alterTable('users_new').renameTo('users').execute();
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error(`clés étrangères rompues après la reconstruction de users : ${JSON.stringify(broken.rows.slice(0, 3))}`);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema.alterTable('users').alterColumn('password_hash', (c) => c.dropNotNull()).execute();
    for (const column of ['disabled_at', 'invited_at', 'last_login_at']) await db.schema.alterTable('users').addColumn(column, 'varchar(40)').execute();
    await db.schema.alterTable('users').addColumn('invited_by', 'integer').execute();
  } else {
    await rebuildUsersOnSqlite(db);
  }

  await withId(db, 'sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await withId(db, 'account_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(40)')
    .addColumn('created_by', 'integer')
    .execute();
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').columns(['user_id', 'purpose']).execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(40)')
    .execute();

  await withId(db, 'mail_queue')
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('to_address', 'varchar(320)', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('text_body', 'text')
    .addColumn('html_body', 'text')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(40)')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'varchar(300)')
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(40)')
    .execute();
  await db.schema.createIndex('mail_queue_due_idx').on('mail_queue').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('mail_queue_user_idx').on('mail_queue').columns(['user_id', 'kind']).execute();

  await withId(db, 'notifications')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('clsm_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('annee', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('mail_id', 'integer')
    .execute();
  await db.schema.createIndex('notifications_pending_idx').on('notifications').columns(['mail_id', 'user_id']).execute();

  await withId(db, 'relances')
    .addColumn('annee', 'integer', (c) => c.notNull())
    .addColumn('clsm_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('sent_by', 'integer')
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('etape', 'integer')
    .execute();
  await db.schema.createIndex('relances_annee_clsm_idx').on('relances').columns(['annee', 'clsm_id']).execute();

  await db.schema
    .createTable('relance_etapes')
    .addColumn('annee', 'integer', (c) => c.notNull())
    .addColumn('jours', 'integer', (c) => c.notNull())
    .addColumn('done_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('relance_etapes_pk', ['annee', 'jours'])
    .execute();

  await db.schema
    .createTable('prolongations')
    .addColumn('annee', 'integer', (c) => c.notNull().references('campagnes.annee'))
    .addColumn('clsm_id', 'varchar(64)', (c) => c.notNull().references('clsm.id'))
    .addColumn('jusqu_au', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addPrimaryKeyConstraint('prolongations_pk', ['annee', 'clsm_id'])
    .execute();

  await db.schema.alterTable('campagnes').addColumn('relances_jours', 'varchar(100)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('campagnes').dropColumn('relances_jours').execute();
  for (const table of ['prolongations', 'relance_etapes', 'relances', 'notifications', 'mail_queue', 'login_failures', 'account_tokens', 'sessions']) await db.schema.dropTable(table).execute();
  // `users` keeps its new columns and its AUTOINCREMENT key: dropping them would lose who was disabled.
}
