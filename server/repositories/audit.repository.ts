import type { Insertable, Kysely } from 'kysely';
import type { AuditTable, Database } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';

export interface AuditEntry {
  userId: number | null;
  entity: AuditTable['entity'];
  entityId: string;
  action: string;
  variable?: string | null;
  old?: unknown;
  new?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Columns of one entry, in the order of `insertRows`' placeholders. */
const COLUMNS = ['at', 'user_id', 'entity', 'entity_id', 'action', 'variable', 'old_value', 'new_value'] as const;
/** SQLite caps bound parameters per statement: at most this many rows per insert. */
const CHUNK = 100;

/** The insert of `n` entries, prepared once per size (a draft save logs a few changed answers). */
const inserts = new Map<number, ReturnType<typeof insertRows>>();
function insertRows(n: number) {
  return prepared(
    (db: Kysely<Database>, ...values: unknown[]) =>
      db.insertInto('audit_log').values(
        Array.from({ length: n }, (_, row) => Object.fromEntries(COLUMNS.map((c, i) => [c, values[row * COLUMNS.length + i]])) as Insertable<AuditTable>),
      ),
    n * COLUMNS.length,
  );
}

/** Records entries in one insert (call inside the transaction of the change). */
export async function recordAudit(db: Kysely<Database>, entries: AuditEntry[], at = new Date().toISOString()): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    let insert = inserts.get(chunk.length);
    if (!insert) inserts.set(chunk.length, (insert = insertRows(chunk.length)));
    await insert(db, ...chunk.flatMap((e) => [at, e.userId, e.entity, e.entityId, e.action, e.variable ?? null, json(e.old), json(e.new)]));
  }
}

export interface AuditView {
  at: string;
  user_id: number | null;
  user_email: string | null;
  action: string;
  variable: string | null;
  old: unknown;
  new: unknown;
}

export async function listAudit(db: Kysely<Database>, entity: AuditTable['entity'], entityId: string): Promise<AuditView[]> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select(['audit_log.at', 'audit_log.user_id', 'users.email as user_email', 'audit_log.action', 'audit_log.variable', 'audit_log.old_value', 'audit_log.new_value'])
    .where('audit_log.entity', '=', entity)
    .where('audit_log.entity_id', '=', entityId)
    .orderBy('audit_log.id')
    .execute();
  return rows.map(({ old_value, new_value, ...r }) => ({
    ...r,
    old: old_value === null ? null : JSON.parse(old_value),
    new: new_value === null ? null : JSON.parse(new_value),
  }));
}
