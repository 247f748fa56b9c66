/**
 * Prepared Kysely queries (server/db/prepared.ts): compiled once, run with new
 * values in the right places (a value used twice, constants kept), inside and
 * outside transactions; a placeholder the SQL lost is refused at once.
 */
import type { Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../server/db/connection.ts';
import type { Database } from '../../server/db/database.ts';
import { prepared } from '../../server/db/prepared.ts';

const { db } = openDatabase(':memory:');
await migrateToLatest(db);
const now = '2026-11-23T00:00:00.000Z';
await db
  .insertInto('clsm')
  .values(['a', 'b', 'c'].map((id, i) => ({ id, nom: `CLSM ${id}`, region: i < 2 ? 'R1' : 'R2', departement: `D${i}`, statut: 'actif', created_at: now, updated_at: now })))
  .execute();
afterAll(() => db.destroy());

const inRegion = prepared((d: Kysely<Database>, region: string, other: string) =>
  d.selectFrom('clsm').select('id').where((eb) => eb.or([eb('region', '=', region), eb('id', '=', other)])).where('statut', '=', 'actif').orderBy('id'),
);

it('runs with each call’s values, constants kept', async () => {
  expect((await inRegion(db, 'R1', 'zz')).rows.map((r) => r.id)).toEqual(['a', 'b']);
  expect((await inRegion(db, 'R2', 'a')).rows.map((r) => r.id)).toEqual(['a', 'c']);
  expect((await inRegion(db, 'R9', 'zz')).rows).toEqual([]);
});

it('runs inside a transaction, whose writes it sees', async () => {
  const rename = prepared((d: Kysely<Database>, nom: string, id: string) => d.updateTable('clsm').set({ nom }).where('id', '=', id));
  const nameOf = prepared((d: Kysely<Database>, id: string) => d.selectFrom('clsm').select('nom').where('id', '=', id));
  await db.transaction().execute(async (trx) => {
    expect(Number((await rename(trx, 'Renommé', 'b')).numAffectedRows)).toBe(1);
    expect((await nameOf(trx, 'b')).rows).toEqual([{ nom: 'Renommé' }]);
  });
  expect((await nameOf(db, 'b')).rows).toEqual([{ nom: 'Renommé' }]);
});

it('refuses a placeholder that does not reach the SQL', async () => {
  const lost = prepared((d: Kysely<Database>, _unused: string) => d.selectFrom('clsm').select('id'));
  await expect(lost(db, 'x')).rejects.toThrow(/paramètre/);
});
