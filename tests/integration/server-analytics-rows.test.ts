/**
 * What the indicators read is kept at write time: the flat row of each
 * submitted or validated bilan, and the `indicateurs` stamp the caches are
 * keyed on. A draft autosave never moves the stamp (dashboards stay warm
 * during a campaign); a submission, a return, a validation, a reopening, an
 * import and a registry change do, and the next dashboard shows them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { INDICATEURS_STAMP, readStamp } from '../../server/repositories/analytics.repository.ts';
import { ensureDerivedData } from '../../server/services/derived-data.ts';
import { Client, completeAnswers, seedWorld, startTestServer, worldUser, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;
const stamp = () => readStamp(server.app.db, INDICATEURS_STAMP);
const flatRows = () => server.app.db.selectFrom('bilan_flat_rows').innerJoin('bilans', 'bilans.id', 'bilan_flat_rows.bilan_id').select(['bilans.clsm_id', 'bilan_flat_rows.row']).execute();
const countFor = async (who: Parameters<typeof worldUser>[1], query = {}) => (await server.app.services.analytics.indicators(await worldUser(server.app, who), query)).count;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
});
afterAll(() => server.close());

it('draft saves leave the stamp and the rows alone; submission, return, validation and reopening move them', async () => {
  const before = await stamp();
  let version = (await admin.put('/api/bilans/a1/2025', { answers: completeAnswers(), version: 0 })).json().version;
  for (let i = 0; i < 3; i++) version = (await admin.put('/api/bilans/a1/2025', { answers: { ap_nb_participants: 100 + i }, version })).json().version;
  expect(await stamp()).toBe(before);
  expect(await flatRows()).toEqual([]);
  expect(await countFor('arsR1')).toBe(0);

  expect((await admin.post('/api/bilans/a1/2025/submit')).statusCode).toBe(200);
  expect(await stamp()).toBe(before + 1);
  const [row] = await flatRows();
  expect(row!.clsm_id).toBe('a1');
  expect(JSON.parse(row!.row)).toEqual(expect.arrayContaining(['a1', 2025, 102]));
  expect(await countFor('arsR1')).toBe(1);

  expect((await admin.post('/api/bilans/a1/2025/return', { comments: [{ variable: null, message: 'Merci de vérifier' }] })).statusCode).toBe(200);
  expect(await flatRows()).toEqual([]);
  expect(await countFor('arsR1')).toBe(0);
  const returned = await stamp();
  expect(returned).toBeGreaterThan(before + 1);

  expect((await admin.post('/api/bilans/a1/2025/submit')).statusCode).toBe(200);
  expect((await admin.post('/api/bilans/a1/2025/validate')).statusCode).toBe(200);
  expect(await countFor('arsR1')).toBe(1);
  expect((await admin.post('/api/bilans/a1/2025/reopen')).statusCode).toBe(200);
  expect(await countFor('arsR1')).toBe(0);
  expect(await stamp()).toBeGreaterThan(returned + 2);
});

it('a CLSM moved to another région leaves one ARS dashboard and enters the other at once', async () => {
  const answers = { ...completeAnswers(), consentement_ccoms: 'oui' };
  const version = (await admin.put('/api/bilans/a2/2025', { answers, version: 0 })).json().version;
  expect((await admin.post('/api/bilans/a2/2025/submit', { version })).statusCode).toBe(200);
  expect(await countFor('arsR1', { annee: 2025 })).toBe(1);
  expect(await countFor('arsR2', { annee: 2025 })).toBe(0);
  // Read once more, warm: the same computation comes back.
  const set = await server.app.services.analytics.indicators(await worldUser(server.app, 'arsR1'), { annee: 2025 });
  expect(await server.app.services.analytics.indicators(await worldUser(server.app, 'arsR1'), { annee: 2025 })).toBe(set);
  expect((await admin.patch('/api/clsm/a2', { region: '32', departement: '59' })).statusCode).toBe(200);
  expect(await countFor('arsR1', { annee: 2025 })).toBe(0);
  expect(await countFor('arsR2', { annee: 2025 })).toBe(1);
  // The split by région follows the registry, not the region the bilan was submitted in.
  const byRegion = (await server.app.services.analytics.indicators(SYSTEM_USER, { annee: 2025, split: 'region' })).results.filter((r) => r.id === 'periode_creation');
  expect(new Set(byRegion.map((r) => r.group.region))).toEqual(new Set(['32']));
});

it('rows of an older format are rebuilt at start, and rows of bilans that left the indicators are removed', async () => {
  await server.app.db.updateTable('bilan_flat_rows').set({ format: 'ancien', row: '{}' }).execute();
  const [a2] = await server.app.db.selectFrom('bilans').select('id').where('clsm_id', '=', 'a2').execute();
  await server.app.db.updateTable('bilans').set({ statut: 'brouillon' }).where('id', '=', a2!.id).execute();
  const before = await stamp();
  const done = await ensureDerivedData(server.app.db);
  expect(done.rows).toBeGreaterThan(0);
  expect(await flatRows()).toEqual([]);
  expect(await stamp()).toBe(before + 1);
  await server.app.db.updateTable('bilans').set({ statut: 'soumis' }).where('id', '=', a2!.id).execute();
  await ensureDerivedData(server.app.db);
  const [row] = await flatRows();
  expect(JSON.parse(row!.row)).toEqual(expect.arrayContaining(["a2", 2025]));
  expect((await ensureDerivedData(server.app.db)).rows).toBe(0);
});
