/**
 * A full disk (tests/support/full-disk.ts: the very SQLITE_FULL a full disk gives). Writes
 * get a French 503 and nothing half-written; reads keep working; the cause is
 * logged once, not once per refused autosave; once there is room, saves go
 * through again. The tmpfs version of this runs in `npm run test:faults`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, buildWorld, CAMPAIGN, type TestWorld } from '../browser/seed.ts';
import { bigTerritoire, fillDisk, freeDisk } from '../support/full-disk.ts';
import { formVersion, PageClient, text } from './web.helpers.ts';
import { onPostgres } from '../support/database.ts';
import { Client, seedWorld, snapshot, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let coord: Client;
const logs: Array<{ level: number; msg: string; err?: { code?: string; message?: string } }> = [];

const big = bigTerritoire;

// SQLite's page limit stands for a full disk here; PostgreSQL's disk_full (53100) goes through the same handler but is not simulated.
describe.skipIf(onPostgres)('a full disk', () => {
beforeAll(async () => {
  server = await startTestServer({ logLevel: 'info' }, { logStream: { write: (line) => logs.push(JSON.parse(line)) } });
  await seedWorld(server);
  coord = await Client.as(server.app, 'coordA1');
});
afterAll(() => server.close());

it('saves get a French 503 while reads keep working; the cause is logged once; then saves resume', async () => {
  let version = (await coord.put('/api/bilans/a1/2025', { answers: { terr_etablissements_psy: 'avant' }, version: 0 })).json().version;
  fillDisk(server.app.sqlite!);
  const before = await snapshot(server.app);
  for (let i = 0; i < 5; i++) {
    const res = await coord.put('/api/bilans/a1/2025', { answers: big(`essai${i}`), version });
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ error: 'indisponible', message: expect.stringMatching(/^Espace disque insuffisant, réessayez plus tard/) });
    expect(res.headers['retry-after']).toBe('30');
  }
  expect(await snapshot(server.app)).toEqual(before);
  // Reads: the bilan, the follow-up, the health check.
  expect((await coord.get('/api/bilans/a1/2025')).json().answers.terr_etablissements_psy).toBe('avant');
  expect((await (await Client.as(server.app, 'admin')).get('/api/campagnes/2025/suivi')).statusCode).toBe(200);
  expect((await server.app.inject({ url: '/api/health' })).statusCode).toBe(200);

  const refused = logs.filter((l) => l.level >= 50);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatchObject({ msg: expect.stringMatching(/^Espace disque insuffisant/), err: { code: 'SQLITE_FULL' } });
  expect(JSON.stringify(logs)).not.toContain('cannot rollback');

  freeDisk(server.app.sqlite!);
  const ok = await coord.put('/api/bilans/a1/2025', { answers: big('apres'), version });
  expect(ok.statusCode, ok.body).toBe(200);
  version = ok.json().version;
  expect(logs.filter((l) => /de nouveau suffisant.*5 écriture/.test(l.msg))).toHaveLength(1);
});

describe('the form', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(() => world.close());

  it('autosave: a JSON 503 the page shows and retries; the plain post shows what was typed again', async () => {
    const page = await PageClient.as(world.app, ACCOUNTS.coordinateurSansHistorique);
    const url = `/bilans/clsm-93-sd/${CAMPAIGN}`;
    const version = formVersion((await page.get(`${url}?section=territoire`)).body);
    fillDisk(world.app.sqlite!);
    try {
      const auto = await page.post(`${url}/enregistrement?section=territoire`, { version, ...big('auto') }, { accept: 'application/json' });
      expect(auto.statusCode).toBe(503);
      expect(auto.json().message).toMatch(/^Espace disque insuffisant, réessayez plus tard/);
      const typed = big('sans-js');
      const plain = await page.post(`${url}?section=territoire`, { version, ...typed, action: 'enregistrer' });
      expect(plain.statusCode).toBe(503);
      expect(text(plain.body)).toContain('Espace disque insuffisant, réessayez plus tard');
      expect(plain.body).toContain(typed.terr_etablissements_psy);
      expect((await page.get(`${url}?section=territoire`)).statusCode).toBe(200);
    } finally {
      freeDisk(world.app.sqlite!);
    }
    const again = await page.post(`${url}/enregistrement?section=territoire`, { version, ...big('auto') }, { accept: 'application/json' });
    expect(again.statusCode).toBe(200);
  });
});
});
