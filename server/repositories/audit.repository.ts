import type { Insertable, Kysely } from 'kysely';
import type { AuditTable, Database } from '../db/database.ts';
import { readPage, type Page, type PageRequest } from './pagination.ts';

export interface AuditEntry {
  /** The account; null (or 0, the command line's SYSTEM_USER) for the system. */
  userId: number | null;
  entity: AuditTable['entity'];
  entityId: string;
  action: string;
  variable?: string | null;
  old?: unknown;
  new?: unknown;
  /** `new` already as JSON (imports prepare it before their transaction). */
  newJson?: string;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** SQLite caps bound parameters per statement: at most this many rows per insert. */
const CHUNK = 100;

/** Records entries (call inside the transaction of the change). */
export async function recordAudit(db: Kysely<Database>, entries: AuditEntry[], at = new Date().toISOString()): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    const rows = entries.slice(i, i + CHUNK).map(
      (e): Insertable<AuditTable> => ({ at, user_id: e.userId || null, entity: e.entity, entity_id: e.entityId, action: e.action, variable: e.variable ?? null, old_value: json(e.old), new_value: e.newJson ?? json(e.new) }),
    );
    await db.insertInto('audit_log').values(rows).execute();
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

const entries = (db: Kysely<Database>, entity: AuditTable['entity'], entityId: string) =>
  db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.user_id', 'users.email as user_email', 'audit_log.action', 'audit_log.variable', 'audit_log.old_value', 'audit_log.new_value'])
    .where('audit_log.entity', '=', entity)
    .where('audit_log.entity_id', '=', entityId);

const viewOf = ({ id: _id, old_value, new_value, ...r }: { id: number; at: string; user_id: number | null; user_email: string | null; action: string; variable: string | null; old_value: string | null; new_value: string | null }): AuditView => ({
  ...r,
  old: old_value === null ? null : JSON.parse(old_value),
  new: new_value === null ? null : JSON.parse(new_value),
});

/** Every entry of an entity, oldest first (a short trail: an account, a campagne); bilans' trails are paged (`pageAudit`). */
export async function listAudit(db: Kysely<Database>, entity: AuditTable['entity'], entityId: string): Promise<AuditView[]> {
  return (await entries(db, entity, entityId).orderBy('audit_log.id').execute()).map(viewOf);
}

/** The entries of an entity, oldest first, a page at a time. */
export async function pageAudit(db: Kysely<Database>, entity: AuditTable['entity'], entityId: string, page: PageRequest): Promise<Page<AuditView>> {
  const { items, next_cursor } = await readPage(entries(db, entity, entityId), [{ ref: 'audit_log.id', of: (r) => r.id }], page);
  return { items: items.map(viewOf), next_cursor };
}
