/**
 * Optimistic concurrency of draft saves: one save wins, the others get 409
 * with the stored state, and no answer is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, seedWorld, startTestServer, type TestServer } from './support/server.ts';

describe('draft saves', () => {
  let server: TestServer;
  let tab1: Client;
  let tab2: Client;

  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
    // Two sessions of the same coordinator (two tabs, two computers).
    tab1 = await Client.as(server.app, 'coordA1');
    tab2 = await Client.as(server.app, 'coordA1');
  });
  afterAll(() => server.close());

  it('two saves from the same version: one 200, one 409 carrying the current state; replaying loses nothing', async () => {
    const first = await tab1.put('/api/bilans/a1/2025', { answers: { consentement_ccoms: 'oui' }, version: 0 });
    expect(first.statusCode).toBe(200);
    const version = first.json().version;

    const [a, b] = await Promise.all([
      tab1.put('/api/bilans/a1/2025', { answers: { copil_existe: 'oui' }, version }),
      tab2.put('/api/bilans/a1/2025', { answers: { terr_nb_secteurs_psy_adulte: 12 }, version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [winner, loser] = a.statusCode === 200 ? [a, b] : [b, a];
    const conflict = loser.json();
    expect(conflict.error).toBe('conflit');
    expect(conflict.message).toMatch(/modifié entre-temps/);
    expect(conflict.current.version).toBe(winner.json().version);

    // The losing tab replays its change on the current version.
    const lost = loser === b ? { terr_nb_secteurs_psy_adulte: 12 } : { copil_existe: 'oui' };
    const replay = await (loser === b ? tab2 : tab1).put('/api/bilans/a1/2025', { answers: lost, version: conflict.current.version });
    expect(replay.statusCode).toBe(200);
    const { answers } = (await tab1.get('/api/bilans/a1/2025')).json();
    expect(answers).toMatchObject({ consentement_ccoms: 'oui', copil_existe: 'oui', terr_nb_secteurs_psy_adulte: 12 });
  });

  it('ten simultaneous saves from one version: exactly one is stored', async () => {
    const { version } = (await tab1.get('/api/bilans/a1/2025')).json();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? tab1 : tab2).put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: i }, version })),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
    const bilan = (await tab1.get('/api/bilans/a1/2025')).json();
    expect(bilan.version).toBe(version + 1);
    expect(bilan.answers.copil_nb_reunions).toBe(results.indexOf(ok[0]!));
  });

  it('the very first save of a bilan from two tabs: one creates it, the other gets 409', async () => {
    const [a, b] = await Promise.all([
      tab1.put('/api/bilans/a1/2024', { answers: { copil_existe: 'oui' }, version: 0 }),
      tab2.put('/api/bilans/a1/2024', { answers: { copil_existe: 'non' }, version: 0 }),
    ]);
    // 2024 is closed for the coordinator: both refused, nothing created.
    expect([a.statusCode, b.statusCode]).toEqual([409, 409]);
    const admin = await Client.as(server.app, 'admin');
    const [c, d] = await Promise.all([
      admin.put('/api/bilans/a2/2025', { answers: { copil_existe: 'oui' }, version: 0 }),
      admin.put('/api/bilans/a2/2025', { answers: { copil_existe: 'non' }, version: 0 }),
    ]);
    expect([c.statusCode, d.statusCode].sort()).toEqual([200, 409]);
    const rows = await server.app.db.selectFrom('bilans').select('id').where('clsm_id', '=', 'a2').execute();
    expect(rows).toHaveLength(1);
  });

  it('the same account created twice at the same moment: one 201, one 409 in French, never a 500', async () => {
    const [one, two] = await Promise.all([Client.as(server.app, 'admin'), Client.as(server.app, 'admin')]);
    for (let round = 0; round < 5; round++) {
      const body = { email: `simultane-${round}@test.fr`, password: 'un-long-mot-de-passe', role: 'ccoms' };
      const results = await Promise.all([one.post('/api/users', body), two.post('/api/users', body)]);
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join(' | ')).toEqual([201, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json().error).toBe('conflit');
    }
  });
});
