/**
 * Copies a whole database into an empty one, SQLite or PostgreSQL either
 * way (`npm run cli -- copy --from … --to …`): moving a deployment to
 * PostgreSQL, or taking a local SQLite copy for analysis.
 *
 * - Every table, in the order of their foreign keys, page by page on the
 *   primary key; ids are kept (and PostgreSQL's sequences moved past them).
 * - The source is read in one snapshot; the target is written in one
 *   transaction, verified before it commits (row counts, a digest of every
 *   table, a digest of every bilan's answers): a copy that does not match
 *   leaves the target empty.
 * - A table of the source that this list does not know stops the copy
 *   before anything is written: a new table must be added here.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DialectName } from './connection.ts';
import { readAnswersOfBilans } from '../repositories/bilan-answers.repository.ts';

interface TableSpec {
  name: keyof Database;
  /** The primary key's columns (keyset paging). */
  key: readonly string[];
  /** An auto-numbered `id` (a sequence on PostgreSQL). */
  serial?: true;
}

/** Every table, parents before children. */
export const COPIED_TABLES: readonly TableSpec[] = [
  { name: 'clsm', key: ['id'] },
  { name: 'users', key: ['id'], serial: true },
  { name: 'user_clsm', key: ['user_id', 'clsm_id'] },
  { name: 'sessions', key: ['id'], serial: true },
  { name: 'account_tokens', key: ['id'], serial: true },
  { name: 'login_failures', key: ['key'] },
  { name: 'campagnes', key: ['annee'] },
  { name: 'prolongations', key: ['annee', 'clsm_id'] },
  { name: 'bilans', key: ['id'], serial: true },
  { name: 'bilan_sections', key: ['bilan_id', 'section'] },
  { name: 'bilan_flat_rows', key: ['bilan_id'] },
  { name: 'change_stamps', key: ['name'] },
  { name: 'comments', key: ['id'], serial: true },
  { name: 'fiche_publications', key: ['id'], serial: true },
  { name: 'audit_log', key: ['id'], serial: true },
  { name: 'mail_queue', key: ['id'], serial: true },
  { name: 'notifications', key: ['id'], serial: true },
  { name: 'relances', key: ['id'], serial: true },
  { name: 'relance_etapes', key: ['annee', 'jours'] },
];

/** Rows filled by the migrations themselves: replaced by the source's. */
const SEEDED_BY_MIGRATIONS = new Set<string>(['change_stamps']);

const PAGE = 500;

export interface Side {
  db: Kysely<Database>;
  dialect: DialectName;
}

export interface CopyReport {
  tables: Array<{ table: string; rows: number }>;
  bilans: number;
  /** sha256 over every bilan's id and answers (the same on both sides). */
  answersDigest: string;
}

/** A French refusal (target not empty, unknown table, mismatch): nothing was written. */
export class CopyRefused extends Error {}

// Untyped access to any table by name: the copy moves rows as they are.
const any = (db: Kysely<Database>) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

/** A digest of a set of rows that does not depend on their order (the collations of two databases may sort text differently). */
class SetDigest {
  private sum = 0n;
  private static readonly MASK = (1n << 256n) - 1n;
  add(value: unknown): void {
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(canonical(value)).digest('hex')}`)) & SetDigest.MASK;
  }
  get hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

/** JSON with object keys sorted, so that equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The rows of a table, page by page in primary-key order. */
async function* pages(db: Kysely<Database>, table: TableSpec): AsyncGenerator<Record<string, unknown>[]> {
  let last: Record<string, unknown> | undefined;
  for (;;) {
    let q = any(db).selectFrom(table.name).selectAll();
    if (last) {
      const after = last;
      q = q.where((eb) =>
        table.key.length === 1 ? eb(table.key[0]!, '>', after[table.key[0]!]) : eb(eb.refTuple(table.key[0]!, table.key[1]!), '>', eb.tuple(after[table.key[0]!], after[table.key[1]!])),
      );
    }
    for (const column of table.key) q = q.orderBy(column);
    const rows = await q.limit(PAGE).execute();
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1];
  }
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const { n } = await any(db).selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

async function tableDigest(db: Kysely<Database>, table: TableSpec): Promise<{ rows: number; digest: string }> {
  const digest = new SetDigest();
  let rows = 0;
  for await (const page of pages(db, table)) {
    for (const row of page) digest.add(row);
    rows += page.length;
  }
  return { rows, digest: digest.hex };
}

/** Every bilan's answers (merged over its sections), as one digest. */
async function answersDigest(db: Kysely<Database>): Promise<{ bilans: number; digest: string }> {
  const digest = new SetDigest();
  let bilans = 0;
  for await (const page of pages(db, { name: 'bilans', key: ['id'] })) {
    const answers = await readAnswersOfBilans(db, page.map((b) => b.id as number));
    for (const b of page) digest.add([b.id, answers.get(b.id as number) ?? {}]);
    bilans += page.length;
  }
  return { bilans, digest: digest.hex };
}

async function userTables(db: Kysely<Database>): Promise<string[]> {
  return (await db.introspection.getTables()).filter((t) => !t.isView && (t.schema === undefined || t.schema === 'public')).map((t) => t.name);
}

/**
 * Copies `source` into `target` (both migrated to the same version; the
 * target empty). Throws CopyRefused, target left empty, when it cannot or the
 * copy does not match.
 */
export async function copyDatabase(source: Side, target: Side, progress: (line: string) => void = () => {}): Promise<CopyReport> {
  const known = new Set<string>(COPIED_TABLES.map((t) => t.name));
  const unknown = (await userTables(source.db)).filter((t) => !known.has(t));
  if (unknown.length) throw new CopyRefused(`Table(s) de la source inconnue(s) de la copie : ${unknown.join(', ')} (à ajouter dans server/db/copy.ts). Rien n'a été copié.`);
  for (const table of COPIED_TABLES) {
    if (SEEDED_BY_MIGRATIONS.has(table.name)) continue;
    const n = await countRows(target.db, table.name);
    if (n > 0) throw new CopyRefused(`La base cible n'est pas vide (${table.name} : ${n} ligne(s)) : la copie se fait dans une base neuve. Rien n'a été copié.`);
  }

  const read = source.dialect === 'postgres' ? source.db.transaction().setIsolationLevel('repeatable read') : source.db.transaction();
  return read.execute((from) =>
    target.db.transaction().execute(async (to) => {
      const report: CopyReport = { tables: [], bilans: 0, answersDigest: '' };
      for (const table of COPIED_TABLES) {
        if (SEEDED_BY_MIGRATIONS.has(table.name)) await any(to).deleteFrom(table.name).execute();
        const digest = new SetDigest();
        let rows = 0;
        for await (const page of pages(from, table)) {
          for (const row of page) digest.add(row);
          await any(to).insertInto(table.name).values(page).execute();
          rows += page.length;
        }
        if (table.serial && target.dialect === 'postgres') {
          // The next id after the copied ones (serial columns do not follow explicit ids).
          await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce((select max(id) from ${sql.table(table.name)}), 0) + 1, false)`.execute(to);
        }
        const written = await tableDigest(to, table);
        if (written.rows !== rows || written.digest !== digest.hex) {
          throw new CopyRefused(`Copie de ${table.name} non conforme (${rows} ligne(s) lues, ${written.rows} écrites, empreintes ${digest.hex.slice(0, 12)} / ${written.digest.slice(0, 12)}). Rien n'a été copié.`);
        }
        report.tables.push({ table: table.name, rows });
        progress(`${table.name} : ${rows} ligne(s)`);
      }
      const [before, after] = [await answersDigest(from), await answersDigest(to)];
      if (before.bilans !== after.bilans || before.digest !== after.digest) {
        throw new CopyRefused(`Réponses des bilans non conformes après copie (empreintes ${before.digest.slice(0, 12)} / ${after.digest.slice(0, 12)}). Rien n'a été copié.`);
      }
      report.bilans = after.bilans;
      report.answersDigest = after.digest;
      return report;
    }),
  );
}
