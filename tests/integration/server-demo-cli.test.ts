/** `npm start` demo seeding on an empty database, and the CLI commands on DATABASE_URL or DATABASE_PATH. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/program.ts';
import { DEMO_ACCOUNTS, DEMO_CLSM, DEMO_YEAR, isEmptyDatabase, seedDemo } from '../../server/demo/seed.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { Client, startTestServer, type TestServer } from './support/server.ts';

describe('demonstration data', () => {
  let server: TestServer;
  const log: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    expect(await isEmptyDatabase(server.app.services)).toBe(true);
    await seedDemo(server.app.services, { info: (m) => log.push(m), warn: (m) => log.push(`ATTENTION ${m}`) });
  });

  it('loads the four datasets, each read with its own questionnaire version, and opens the campaign in the current one (2027.1)', async () => {
    expect(log.filter((l) => l.startsWith('ATTENTION'))).toEqual([]);
    for (const [id, version] of [['demo', '2027.1'], ['ccoms-2018', '2026.1'], ['ars-idf-2016-2017', '2026.1'], ['ceapsy-2021', '2026.1']]) {
      expect(log.some((l) => l.startsWith(`Démonstration : fixtures/${id} chargé (`) && l.endsWith(`questionnaire ${version}).`)), id).toBe(true);
    }
    const versions = Object.fromEntries((await server.app.services.campagnes.list()).map((c) => [c.annee, c.questionnaire_version]));
    expect(versions).toEqual({ 2017: '2026.1', 2020: '2026.1', 2021: '2027.1', 2022: '2027.1', 2023: '2027.1', 2024: '2027.1', [DEMO_YEAR]: '2027.1' });
  });
  afterAll(() => server.close());

  it('one account per role, with the documented passwords', async () => {
    expect(await isEmptyDatabase(server.app.services)).toBe(false);
    for (const account of DEMO_ACCOUNTS) {
      const client = new Client(server.app);
      const res = await client.login(account.email, account.password);
      expect(res.statusCode, account.email).toBe(200);
      expect(res.json().user.role).toBe(account.role);
    }
  });

  it('an open campaign with every status, past years validated, and the coordinator’s bilan prefilled', async () => {
    const admin = new Client(server.app);
    await admin.login(DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[0].password);
    const campaigns = (await admin.get('/api/campagnes')).json();
    expect(campaigns[0]).toMatchObject({ annee: DEMO_YEAR, statut: 'ouverte' });
    expect(campaigns.length).toBeGreaterThan(2);
    const { total } = (await admin.get(`/api/campagnes/${DEMO_YEAR}/suivi`)).json();
    for (const status of ['non_commence', 'brouillon', 'soumis', 'renvoye', 'valide']) expect(total[status], status).toBeGreaterThan(0);
    const coord = new Client(server.app);
    await coord.login(DEMO_ACCOUNTS[3].email, DEMO_ACCOUNTS[3].password);
    const bilan = (await coord.get(`/api/bilans/${DEMO_CLSM}/${DEMO_YEAR}`)).json();
    expect(bilan.statut).toBe('non_commence');
    expect(bilan.carried_forward.from_annee).toBe(DEMO_YEAR - 1);
    expect(bilan.carried_forward.a_confirmer.length).toBeGreaterThan(0);
    expect(Object.keys(bilan.answers).length).toBeGreaterThan(10);
  });
});

describe('CLI', () => {
  let database: TestDatabase;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = database.dir;
    Object.assign(process.env, database.env);
    process.env.SESSION_SECRET = 'secret-de-test-pour-la-cli-0123';
    process.env.ARGON2_MEMORY_KIB = '8';
    process.env.ARGON2_PASSES = '1';
  });
  afterAll(async () => {
    process.env = saved;
    await database.drop();
  });

  const output: string[] = [];
  const cli = (...argv: string[]) => runCli(argv, { out: (t) => output.push(String(t)), err: (t) => output.push(t) });

  it('clsm import, import, user add, export', async () => {
    const registry = join(dir, 'registry.csv');
    writeFileSync(registry, 'clsm_id;nom;region;departement;annee_creation;statut\nx1;CLSM X1;11;93;2015;actif\n');
    expect(await cli('clsm', 'import', registry)).toBe(0);
    const bilans = join(dir, 'bilans.csv');
    writeFileSync(bilans, 'clsm_id;annee;copil_existe;copil_nb_reunions\nx1;2023;oui;5\n');
    expect(await cli('import', bilans)).toBe(0);
    writeFileSync(bilans, 'clsm_id;annee;copil_existe\nx2;2023;oui\n');
    expect(await cli('import', bilans)).toBe(1);
    expect(output.join('')).toContain('CLSM inconnu du registre : x2');
    expect(await cli('user', 'add', '--email', 'c@test.fr', '--password', 'un-long-mot-de-passe', '--role', 'coordinateur', '--clsm', 'x1')).toBe(0);
    expect(await cli('user', 'add', '--email', 'c@test.fr', '--password', 'un-long-mot-de-passe', '--role', 'coordinateur', '--clsm', 'x1')).toBe(1);
    expect(output.join('')).toContain('Un compte existe déjà pour c@test.fr');
    expect(await cli('user', 'add', '--email', 'a@test.fr', '--password', 'un-long-mot-de-passe', '--role', 'ars')).toBe(1);
    expect(await cli('user', 'add', '--email', 'a@test.fr', '--role', 'ars')).toBe(2);
    expect(output.join('')).toContain('Option obligatoire absente : --password');
    expect(await cli('user', 'add', '--email', 'a@test.fr', '--password', 'un-long-mot-de-passe', '--role', 'chef')).toBe(2);
    expect(output.join('')).toContain('Rôle inconnu : chef');
    const out = join(dir, 'export.csv');
    expect(await cli('export', '--out', out, '--annee', '2023')).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith('x1;2023;11;93;')).toBe(true);
  });

  // PostgreSQL is saved with pg_dump (tests/integration/postgres-backup.test.ts); `backup` says so.
  it('backup: a hot copy of the SQLite file; on PostgreSQL a French pointer to pg_dump', async () => {
    if (onPostgres) {
      expect(await cli('backup', join(dir, 'backup.sqlite'))).toBe(2);
      expect(output.join('')).toContain('sauvegardez avec pg_dump');
      return;
    }
    const backup = join(dir, 'backup.sqlite');
    expect(await cli('backup', backup)).toBe(0);
    expect(existsSync(backup)).toBe(true);
    const copy = new SQLite(backup, { readonly: true });
    expect(copy.prepare('select count(*) as n from bilans').get()).toEqual({ n: 1 });
    copy.close();
  });
});
