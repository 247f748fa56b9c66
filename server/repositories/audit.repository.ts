import type { Kysely } from 'kysely';
import type { AuditTable, Database } from '../db/database.ts';

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

/** Records entries in one insert (call inside the transaction of the change). */
export async function recordAudit(db: Kysely<Database>, entries: AuditEntry[], at = new Date().toISOString()): Promise<void> {
  if (entries.length === 0) return;
  // SQLite caps bound parameters per statement: insert in chunks.
  for (let i = 0; i < entries.length; i += 100) {
    await db
      .insertInto('audit_log')
      .values(
        entries.slice(i, i + 100).map((e) => ({
          at,
          user_id: e.userId,
          entity: e.entity,
          entity_id: e.entityId,
          action: e.action,
          variable: e.variable ?? null,
          old_value: json(e.old),
          new_value: json(e.new),
        })),
      )
      .execute();
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
