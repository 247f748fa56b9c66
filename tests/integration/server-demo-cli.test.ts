/** `npm start` demo seeding on an empty database, and the CLI commands on DATABASE_PATH. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupCommand } from '../../server/cli/backup.command.ts';
import { clsmImportCommand } from '../../server/cli/clsm.command.ts';
import { exportCommand } from '../../server/cli/export.command.ts';
import { importCommand } from '../../server/cli/import.command.ts';
import { userAddCommand } from '../../server/cli/user.command.ts';
import { DEMO_ACCOUNTS, DEMO_CLSM, DEMO_YEAR, isEmptyDatabase, seedDemo } from '../../server/demo/seed.ts';
import { Client, startTestServer, type TestServer } from './support/server.ts';

describe('demonstration data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect(await isEmptyDatabase(server.app.db)).toBe(true);
    await seedDemo(server.app.db, server.config.argon2, { info: () => {}, warn: () => {} });
  });
  afterAll(() => server.close());

  it('one account per role, with the documented passwords', async () => {
    expect(await isEmptyDatabase(server.app.db)).toBe(false);
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
    expect(bilan.status).toBe('non_commence');
    expect(bilan.carried_forward.from_annee).toBe(DEMO_YEAR - 1);
    expect(Object.keys(bilan.answers).length).toBeGreaterThan(10);
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-clsm-cli-'));
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.DATABASE_PATH = join(dir, 'cli.sqlite');
    process.env.SESSION_SECRET = 'secret-de-test-pour-la-cli-0123';
    process.env.ARGON2_MEMORY_KIB = '8';
    process.env.ARGON2_PASSES = '1';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    process.env = saved;
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clsm import, import, user add, export, backup', async () => {
    const registry = join(dir, 'registry.csv');
    writeFileSync(registry, 'clsm_id;nom;region;departement;annee_creation;statut\nx1;CLSM X1;R1;D1;2015;actif\n');
    expect(await clsmImportCommand.run({ values: {}, positionals: [registry] })).toBe(0);
    const bilans = join(dir, 'bilans.csv');
    writeFileSync(bilans, 'clsm_id;annee;copil_existe;copil_nb_reunions\nx1;2023;oui;5\n');
    expect(await importCommand.run({ values: {}, positionals: [bilans] })).toBe(0);
    writeFileSync(bilans, 'clsm_id;annee;copil_existe\nx2;2023;oui\n');
    expect(await importCommand.run({ values: {}, positionals: [bilans] })).toBe(1);
    expect(await userAddCommand.run({ values: { email: 'c@test.fr', password: 'un-long-mot-de-passe', role: 'coordinateur', clsm: 'x1' }, positionals: [] })).toBe(0);
    expect(await userAddCommand.run({ values: { email: 'c@test.fr', password: 'un-long-mot-de-passe', role: 'coordinateur', clsm: 'x1' }, positionals: [] })).toBe(1);
    expect(await userAddCommand.run({ values: { email: 'a@test.fr', password: 'un-long-mot-de-passe', role: 'ars' }, positionals: [] })).toBe(1);
    const out = join(dir, 'export.csv');
    expect(await exportCommand.run({ values: { out, annee: '2023' }, positionals: [] })).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith('x1;2023;R1;D1;')).toBe(true);
    const backup = join(dir, 'backup.sqlite');
    expect(await backupCommand.run({ values: {}, positionals: [backup] })).toBe(0);
    expect(existsSync(backup)).toBe(true);
    const copy = new SQLite(backup, { readonly: true });
    expect(copy.prepare('select count(*) as n from bilans').get()).toEqual({ n: 1 });
    copy.close();
  });
});
