/**
 * `npm run cli -- copy --from … --to …`: a whole database into an empty one,
 * SQLite ↔ PostgreSQL, ids and sequences kept, verified. Under `npm test` the
 * copies are SQLite → SQLite; under `npm run test:postgres` the suite's
 * database is PostgreSQL, and the demonstration database makes the round trip
 * SQLite → PostgreSQL → SQLite.
 */
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { runCli } from '../../server/cli/program.ts';
import { testConfig } from '../../server/config.ts';
import { COPIED_TABLES } from '../../server/db/copy.ts';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { DEMO_YEAR, seedDemo } from '../../server/demo/seed.ts';
import { createPostgresDatabase, dropPostgresDatabase, onPostgres, postgresUrl } from '../support/database.ts';
import { Client, completeAnswers, seedWorld, startTestServer, type TestServer } from './support/server.ts';

const output: string[] = [];
const cli = (...argv: string[]) => runCli(argv, { out: (t) => output.push(String(t)), err: (t) => output.push(t) });

/** An app on a database of the command line (a SQLite file or a postgres:// URL). */
async function appOn(location: string, dir: string): Promise<FastifyInstance> {
  const postgres = location.startsWith('postgres');
  return buildApp(testConfig({ databasePath: postgres ? join(dir, 'inutilisee.sqlite') : location, databaseUrl: postgres ? location : null }));
}

/** What a user can take out of a database: bilans, registry, follow-up, accounts, a bilan's history, every table as rows. */
async function exportsOf(app: FastifyInstance, annee: number, bilan: { clsm: string; annee: number }) {
  const { services } = app;
  const tables: Record<string, unknown[]> = {};
  for (const t of COPIED_TABLES) {
    let q = app.db.selectFrom(t.name).selectAll();
    for (const column of t.key) q = q.orderBy(column as never);
    tables[t.name] = await q.execute();
  }
  return {
    bilansCsv: await text(await services.exchange.exportCsv(SYSTEM_USER, {})),
    registryCsv: await services.clsm.exportCsv(SYSTEM_USER),
    suiviCsv: await text(await services.suivi.csv(SYSTEM_USER, annee)),
    indicateurs: await services.analytics.csv(SYSTEM_USER, { annee }),
    users: await services.users.list(SYSTEM_USER),
    history: await services.bilans.history(SYSTEM_USER, bilan.clsm, bilan.annee, { limit: 1000 }),
    tables,
  };
}

describe('copy of a database', () => {
  let server: TestServer;
  /** The suite's database as the command line names it. */
  let source: string;

  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
    const admin = await Client.as(server.app, 'admin');
    const saved = await admin.put('/api/bilans/a1/2025', { answers: completeAnswers(), version: 0 });
    expect(saved.statusCode).toBe(200);
    expect((await admin.post('/api/bilans/a1/2025/submit', { version: saved.json().version })).statusCode).toBe(200);
    const ars = await Client.as(server.app, 'arsR1');
    expect((await ars.post('/api/bilans/a1/2025/return', { comments: [{ variable: 'copil_nb_reunions', message: 'À confirmer' }] })).statusCode).toBe(200);
    expect((await admin.put('/api/bilans/a2/2025', { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(200);
    source = server.config.databaseUrl ?? server.config.databasePath;
  });
  afterAll(() => server.close());

  it('copies every table to an empty SQLite file and back, ids kept, and both give the same exports', async () => {
    const copy = join(server.dir, 'copie.sqlite');
    output.length = 0;
    expect(await cli('copy', '--from', source, '--to', copy), output.join('')).toBe(0);
    expect(output.join('')).toMatch(new RegExp(`Copie terminée et vérifiée : ${COPIED_TABLES.length} tables, \\d+ lignes ; réponses de 2 bilans identiques`));

    const there = await appOn(copy, server.dir);
    try {
      expect(await exportsOf(there, 2025, { clsm: 'a1', annee: 2025 })).toEqual(await exportsOf(server.app, 2025, { clsm: 'a1', annee: 2025 }));
    } finally {
      await there.close();
    }

    // Back into a fresh database of the suite's kind (PostgreSQL under test:postgres: its sequences follow the copied ids).
    const again = await startTestServer();
    const back = again.config.databaseUrl ?? again.config.databasePath;
    expect(await cli('copy', '--from', copy, '--to', back), output.join('')).toBe(0);
    const returned = again.app;
    try {
      expect(await exportsOf(returned, 2025, { clsm: 'a1', annee: 2025 })).toEqual(await exportsOf(server.app, 2025, { clsm: 'a1', annee: 2025 }));
      // The copy is a working database: the coordinator signs in there and sees the comment.
      const coord = await Client.as(returned, 'coordA1');
      const bilan = (await coord.get('/api/bilans/a1/2025')).json();
      expect(bilan.statut).toBe('renvoye');
      expect(bilan.comments[0].message).toBe('À confirmer');
      // New rows get new ids after the copied ones.
      const maxUser = Math.max(...(await returned.services.users.list(SYSTEM_USER)).map((u) => u.id));
      const created = await returned.services.users.create(SYSTEM_USER, { email: 'nouveau@test.fr', password: 'un-long-mot-de-passe', role: 'ccoms' });
      expect(created.id).toBe(maxUser + 1);
      const admin = await Client.as(returned, 'admin');
      expect((await admin.put('/api/bilans/b1/2025', { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('refuses a target that is not empty, and a source table it does not know, writing nothing', async () => {
    const copy = join(server.dir, 'deux-fois.sqlite');
    expect(await cli('copy', '--from', source, '--to', copy)).toBe(0);
    output.length = 0;
    expect(await cli('copy', '--from', source, '--to', copy)).toBe(1);
    expect(output.join('')).toContain("La base cible n'est pas vide (clsm : 3 ligne(s)) : la copie se fait dans une base neuve. Rien n'a été copié.");

    const other = await startTestServer();
    try {
      await other.app.db.schema.createTable('table_inconnue').addColumn('x', 'integer').execute();
      const empty = join(server.dir, 'vide.sqlite');
      output.length = 0;
      expect(await cli('copy', '--from', other.config.databaseUrl ?? other.config.databasePath, '--to', empty)).toBe(1);
      expect(output.join('')).toContain('Table(s) de la source inconnue(s) de la copie : table_inconnue');
      const target = await appOn(empty, server.dir);
      expect(await target.db.selectFrom('clsm').select('id').execute()).toEqual([]);
      await target.close();
    } finally {
      await other.close();
    }
    output.length = 0;
    expect(await cli('copy', '--from', copy, '--to', copy)).toBe(2);
    expect(output.join('')).toContain('La source et la cible sont la même base.');
  });
});

describe.skipIf(!onPostgres)('the demonstration database, SQLite → PostgreSQL → SQLite', () => {
  it('gives identical exports', async () => {
    const server = await startTestServer();
    const dir = server.dir;
    await server.app.close();
    const first = join(dir, 'demo.sqlite');
    const demo = await appOn(first, dir);
    await seedDemo(demo.services, { info: () => {}, warn: () => {} });
    const bilan = { clsm: (await demo.services.bilans.list(SYSTEM_USER, { annee: DEMO_YEAR, statuts: ['renvoye'] }))[0]!.clsm_id, annee: DEMO_YEAR };
    const expected = await exportsOf(demo, DEMO_YEAR, bilan);
    await demo.close();
    expect(expected.history.items.length).toBeGreaterThan(0);

    const name = await createPostgresDatabase('bilan_copie');
    try {
      expect(await cli('copy', '--from', first, '--to', postgresUrl(name)), output.join('')).toBe(0);
      const onPg = await appOn(postgresUrl(name), dir);
      expect(await exportsOf(onPg, DEMO_YEAR, bilan)).toEqual(expected);
      await onPg.close();
      const last = join(dir, 'retour.sqlite');
      expect(await cli('copy', '--from', postgresUrl(name), '--to', last), output.join('')).toBe(0);
      const back = await appOn(last, dir);
      expect(await exportsOf(back, DEMO_YEAR, bilan)).toEqual(expected);
      await back.close();
    } finally {
      await dropPostgresDatabase(name);
      await server.close();
    }
  }, 180_000);
});
