/**
 * GET /api/health: what a load balancer polls to take an instance out of
 * rotation. 200 while the database answers; 503 with a French message when it
 * does not; back to 200 once it answers again, without restarting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, onPostgres } from '../support/database.ts';
import { Client, seedWorld, startTestServer, type TestServer } from './support/server.ts';

describe('health check', () => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
    admin = await Client.as(server.app, 'admin');
  });
  afterAll(() => server.close());

  const health = () => new Client(server.app).get('/api/health');
  const UNAVAILABLE = 'La base de données ne répond pas : le service est momentanément indisponible.';
  /** Signed-in requests meanwhile: 503 in French too (API and pages), never a 500. */
  async function expectSignedInRequestsUnavailable() {
    const api = await admin.get('/api/bilans');
    expect(api.statusCode).toBe(503);
    expect(api.json().message).toBe(UNAVAILABLE);
    const page = await admin.get('/suivi');
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('Service momentanément indisponible');
  }

  it.runIf(onPostgres)('PostgreSQL: 503 while the database refuses connections, 200 again once it accepts them', async () => {
    expect((await health()).statusCode).toBe(200);
    const name = new URL(server.config.databaseUrl!).pathname.slice(1);
    // The instance's connections are cut and new ones refused: the database is out of reach for it.
    await adminQuery(`alter database "${name}" allow_connections false`, `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
    try {
      const down = await health();
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ statusCode: 503, error: 'indisponible', message: UNAVAILABLE });
      await expectSignedInRequestsUnavailable();
    } finally {
      await adminQuery(`alter database "${name}" allow_connections true`);
    }
    expect((await health()).statusCode).toBe(200);
    expect((await admin.get('/api/bilans')).statusCode).toBe(200);
  });

  // SQLite is a file the process holds: "unreachable" is its handle closed (the last test of the file).
  it.runIf(!onPostgres)('SQLite: 503 in French once the database can no longer be read', async () => {
    expect((await health()).statusCode).toBe(200);
    server.app.sqlite!.close();
    const down = await health();
    expect(down.statusCode).toBe(503);
    expect(down.json().message).toBe(UNAVAILABLE);
    await expectSignedInRequestsUnavailable();
  });
});
