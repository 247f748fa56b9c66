/**
 * Draft saves in their own thread (server/repositories/draft-saver.ts): they
 * run on the thread's connection, answer exactly as on the event loop
 * (results and French errors), coexist with the event loop's own writes, and
 * the server goes on when the thread cannot run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSaveThread } from '../../server/repositories/draft-saver.ts';
import { createUser } from '../../server/repositories/user.repository.ts';
import { upsertClsm } from '../../server/repositories/clsm.repository.ts';
import { Client, completeAnswers, seedWorld, snapshot, startTestServer, WORLD, type TestServer } from './support/server.ts';

const full = completeAnswers();

/** SQLite's data_version of a connection changes when another connection commits, never for its own commits. */
const dataVersion = (server: TestServer) => server.app.sqlite.pragma('data_version', { simple: true }) as number;

describe('draft saves in their own thread', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ saveThread: true });
    await seedWorld(server);
  });
  afterAll(() => server.close());

  it('are committed by the thread’s connection, not the event loop’s', async () => {
    const coord = await Client.as(server.app, 'coordA1');
    let before = dataVersion(server);
    const res = await coord.put('/api/bilans/a1/2025', { answers: { consentement_ccoms: 'oui', copil_existe: 'oui' }, version: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(dataVersion(server)).not.toBe(before);
    expect((await coord.get('/api/bilans/a1/2025')).json().answers).toMatchObject({ consentement_ccoms: 'oui', copil_existe: 'oui' });

    // The event loop's own commits leave it as it was.
    before = dataVersion(server);
    await server.app.db.updateTable('clsm').set({ nom: 'CLSM A1 (renommé)' }).where('id', '=', 'a1').execute();
    expect(dataVersion(server)).toBe(before);
  });

  it('answer as on the event loop: results, 409, French errors naming the question, refusals', async () => {
    const [threadedServer, inline] = await Promise.all([startTestServer({ saveThread: true }), startTestServer({ saveThread: false })]);
    try {
      await Promise.all([seedWorld(threadedServer), seedWorld(inline)]);
      /** The same requests on both servers; timestamps aside, the same answers. */
      const scenario = async (app: TestServer['app']) => {
        const coord = await Client.as(app, 'coordA1');
        const other = await Client.as(app, 'coordB1');
        const ccoms = await Client.as(app, 'ccoms');
        const replies: LightMyRequestResponse[] = [
          await coord.put('/api/bilans/a1/2025', { answers: full, version: 0 }),
          await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 5 }, version: 1 }),
          // Stale version: 409 with the stored bilan.
          await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 6 }, version: 1 }),
          // Invalid answers: 400, each named, nothing saved.
          await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: -3, terr_population: 'beaucoup' }, version: 2 }),
          await coord.put('/api/bilans/a1/2025', { answers: { question_inconnue: 'oui' }, version: 2 }),
          await coord.put('/api/bilans/a1/2025', { answers: {}, version: 2, confirm_sections: ['section_inconnue'] }),
          // Another CLSM, a closed campaign, a read-only role.
          await other.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 7 }, version: 2 }),
          await coord.put('/api/bilans/a1/2024', { answers: { copil_nb_reunions: 7 }, version: 0 }),
          await ccoms.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 7 }, version: 2 }),
          await coord.get('/api/bilans/a1/2025'),
        ];
        // The web form's save also returns the completeness of each section.
        const admin = { id: 1, email: WORLD.users.admin.email, role: 'admin' as const, region: null, departement: null, clsmIds: [] };
        const { updated_at, ...withProgress } = await app.drafts.save(admin, 'b1', 2025, { answers: { copil_existe: 'oui', copil_nb_reunions: 2 }, version: 0 });
        expect(updated_at).toMatch(/^\d{4}-/);
        return [...replies.map((r) => ({ status: r.statusCode, body: JSON.parse(r.body.replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<date>"')) as unknown })), withProgress];
      };
      const threaded = await scenario(threadedServer.app);
      expect(threaded.slice(0, -1).map((r) => (r as { status: number }).status)).toEqual([200, 200, 409, 400, 400, 400, 404, 409, 404, 200]);
      expect(threaded.at(-1)).toMatchObject({ version: 1, completeness: expect.any(Number), sections: expect.any(Array) });
      expect(JSON.stringify(threaded[3])).toMatch(/copil_nb_reunions.*terr_population|terr_population.*copil_nb_reunions/);
      expect(threaded).toEqual(await scenario(inline.app));
    } finally {
      await Promise.all([threadedServer.close(), inline.close()]);
    }
  });

  it('coexist with the event loop’s own write transactions: no save or write fails on the database lock', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `t${i}`);
    await upsertClsm(server.app.db, ids.map((id) => ({ id, nom: `CLSM ${id}`, region: 'R1', departement: 'D1', annee_creation: 2015, statut: 'actif' as const })));
    const admin = await Client.as(server.app, 'admin');
    const versions = new Map(ids.map((id) => [id, 0]));
    for (let round = 0; round < 8; round++) {
      const saves = ids.map((id) => admin.put(`/api/bilans/${id}/2025`, { answers: { copil_nb_reunions: round, copil_existe: 'oui' }, version: versions.get(id)! }));
      // Meanwhile, writes of the event loop: registry updates and new accounts, each a transaction.
      const writes = [
        upsertClsm(server.app.db, [{ ...WORLD.clsm[1]!, nom: `CLSM A2 — ${round}` }]),
        createUser(server.app.db, server.config.argon2, { email: `extra-${round}@test.fr`, password: 'mot-de-passe-de-test', role: 'ccoms' }),
      ];
      const results = await Promise.all(saves);
      await Promise.all(writes);
      for (const [i, res] of results.entries()) {
        expect(res.statusCode, res.body).toBe(200);
        versions.set(ids[i]!, res.json().version);
      }
    }
    const stored = await server.app.db.selectFrom('bilans').select(['clsm_id', 'version']).where('clsm_id', 'in', ids).execute();
    expect(stored.map((r) => r.version)).toEqual(ids.map(() => 8));
  });

  it('wait for a long write of the event loop (an import) to end, then save', async () => {
    const coord = await Client.as(server.app, 'coordA1');
    const { version } = (await coord.get('/api/bilans/a1/2025')).json();
    let released = 0;
    let saved = 0;
    const save = (async () => {
      await sleep(50);
      const res = await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 11 }, version });
      saved = performance.now();
      return res;
    })();
    await server.app.db.transaction().execute(async (trx) => {
      await trx.updateTable('clsm').set({ nom: 'CLSM A1 (import en cours)' }).where('id', '=', 'a1').execute();
      await sleep(400);
      released = performance.now();
    });
    const res = await save;
    expect(res.statusCode, res.body).toBe(200);
    expect(saved).toBeGreaterThan(released);
  });

  it('are committed together, and one failing halfway through leaves nothing of itself and keeps the others', async () => {
    const ids = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u-panne'];
    await upsertClsm(server.app.db, ids.map((id) => ({ id, nom: `CLSM ${id}`, region: 'R1', departement: 'D1', annee_creation: 2015, statut: 'actif' as const })));
    const admin = await Client.as(server.app, 'admin');
    for (const id of ids) expect((await admin.put(`/api/bilans/${id}/2025`, { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(200);
    const before = await snapshot(server.app);
    // A fault of the database in the middle of one save: after its bilan row and its section are written, the audit entry fails.
    server.app.sqlite.exec(`create trigger panne before insert on audit_log when new.new_value = '"panne"' begin select raise(abort, 'panne simulée'); end`);
    try {
      const replies = await Promise.all(ids.map((id) => admin.put(`/api/bilans/${id}/2025`, { answers: { terr_communes: id === 'u-panne' ? 'panne' : `Communes de ${id}` }, version: 1 })));
      expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200, 500]);
      expect(replies[6]!.json().message).not.toMatch(/panne/);
    } finally {
      server.app.sqlite.exec('drop trigger panne');
    }
    const after = await snapshot(server.app);
    const bilanOf = (s: typeof before, id: string) => s.bilans.find((b) => b.clsm_id === id)!;
    const sectionsOf = (s: typeof before, id: string) => s.bilanSections.filter((r) => r.bilan_id === bilanOf(s, id).id);
    expect(bilanOf(after, 'u-panne')).toEqual(bilanOf(before, 'u-panne'));
    expect(sectionsOf(after, 'u-panne')).toEqual(sectionsOf(before, 'u-panne'));
    for (const id of ids.slice(0, 6)) {
      expect(bilanOf(after, id).version).toBe(2);
      expect((await admin.get(`/api/bilans/${id}/2025`)).json().answers.terr_communes).toBe(`Communes de ${id}`);
    }
  });
});

describe('when the thread cannot run', () => {
  it('saves on the event loop and reports the failure', async () => {
    const server = await startTestServer();
    const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-thread-'));
    try {
      await seedWorld(server);
      const user = { id: 1, email: WORLD.users.admin.email, role: 'admin' as const, region: null, departement: null, clsmIds: [] };
      const errors: string[] = [];
      // A directory is not a database: the thread fails to open it.
      const saver = startSaveThread(server.app.db, dir, { onError: (message) => errors.push(message) });
      const first = saver.save(user, 'a2', 2025, { answers: { copil_existe: 'oui' }, version: 0 }, { progress: false });
      // The save posted before the failure fails with it (500): the browser's autosave tries again.
      await expect(first).rejects.toThrow(/Thread des enregistrements arrêté/);
      expect(errors).toHaveLength(1);
      // The next ones run on the event loop's connection.
      const saved = await saver.save(user, 'a2', 2025, { answers: { copil_existe: 'oui' }, version: 0 }, { progress: false });
      expect(saved.version).toBe(1);
      await saver.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });

  it('finishes the saves in hand before it stops, then saves on the event loop', async () => {
    const server = await startTestServer({ saveThread: true });
    try {
      await seedWorld(server);
      const user = { id: 1, email: WORLD.users.admin.email, role: 'admin' as const, region: null, departement: null, clsmIds: [] };
      const inHand = (['a1', 'a2', 'b1'] as const).map((clsm) => server.app.drafts.save(user, clsm, 2025, { answers: { copil_existe: 'oui' }, version: 0 }, { progress: false }));
      const closed = server.app.drafts.close();
      expect((await Promise.all(inHand)).map((r) => r.version)).toEqual([1, 1, 1]);
      await closed;
      const before = dataVersion(server);
      expect((await server.app.drafts.save(user, 'a1', 2025, { answers: { copil_existe: 'non' }, version: 1 }, { progress: false })).version).toBe(2);
      expect(dataVersion(server)).toBe(before);
    } finally {
      await server.close();
    }
  });
});
