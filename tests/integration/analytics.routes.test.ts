/**
 * The analytics routes on a fresh database holding the Céapsy 2021 and ARS
 * 2016-2017 fixtures (Île-de-France) and the demonstration dataset: scope by
 * role, the published "effet 2016" figures through the API, public masking,
 * SVG charts, the état des lieux, and French 4xx on bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { importDataset } from './support/datasets.ts';
import { Client, PASSWORD, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
const clients: Record<'admin' | 'ccoms' | 'arsIdf' | 'arsHdf' | 'coord' | 'anonyme', Client> = {} as never;

beforeAll(async () => {
  server = await startTestServer();
  const { services } = server.app;
  // The demonstration in 2027.1, the historical datasets in 2026.1: indicators read both.
  for (const id of ['demo', 'ceapsy-2021', 'ars-idf-2016-2017']) expect(await importDataset(services, id), id).toEqual({ registry: true, bilans: true });
  const users = {
    admin: { email: 'admin@test.fr', role: 'admin' as const },
    ccoms: { email: 'ccoms@test.fr', role: 'ccoms' as const },
    arsIdf: { email: 'ars-idf@test.fr', role: 'ars' as const, region: '11' },
    arsHdf: { email: 'ars-hdf@test.fr', role: 'ars' as const, region: '32' },
    coord: { email: 'coord@test.fr', role: 'coordinateur' as const, clsmIds: ['demo-001'] },
  };
  for (const [who, u] of Object.entries(users)) {
    await services.users.create(SYSTEM_USER, { password: PASSWORD, ...u });
    const client = new Client(server.app);
    expect((await client.login(u.email, PASSWORD)).statusCode).toBe(200);
    clients[who as keyof typeof users] = client;
  }
  clients.anonyme = new Client(server.app);
}, 120_000);
afterAll(() => server.close());

type Row = { id: string; group: Record<string, string>; category: string; n: number | null; N: number; pct: number | null };
const indicators = async (client: Client, query: string): Promise<Row[]> => {
  const res = await client.get(`/api/indicators${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().indicators as Row[];
};

describe('GET /api/indicators', () => {
  it('recomputes the Céapsy "effet 2016" from the stored bilans (admin scope)', async () => {
    const rows = await indicators(clients.admin, '?annee=2020&split=periode_creation');
    const copil = rows.filter((r) => r.id === 'participation_usagers__copil');
    expect(copil).toEqual([
      { id: 'participation_usagers__copil', group: { periode_creation: 'avant_2016' }, category: 'oui', n: 2, N: 8, pct: 25 },
      { id: 'participation_usagers__copil', group: { periode_creation: 'depuis_2016' }, category: 'oui', n: 5, N: 7, pct: 71.43 },
    ]);
  });

  it('limits an ARS to its region', async () => {
    const idf = await indicators(clients.arsIdf, '?split=region');
    expect(new Set(idf.map((r) => r.group.region))).toEqual(new Set(['11']));
    const hdf = (await indicators(clients.arsHdf, '')).find((r) => r.id === 'periode_creation')!;
    const all = (await indicators(clients.admin, '?region=32')).find((r) => r.id === 'periode_creation')!;
    expect(hdf.N).toBe(all.N);
    expect((await indicators(clients.arsHdf, '?region=11')).find((r) => r.id === 'periode_creation')!.N).toBe(0);
  });

  it('gives the CCOMS only the bilans whose CLSM consented', async () => {
    const ccoms = (await indicators(clients.ccoms, '')).find((r) => r.id === 'consentement_ccoms')!;
    expect(ccoms.n).toBe(ccoms.N);
    const admin = (await indicators(clients.admin, '')).find((r) => r.id === 'consentement_ccoms')!;
    expect(admin.n).toBeLessThan(admin.N);
    expect(ccoms.N).toBe(admin.n);
  });

  it('masks cells under 5 in public mode, and their complement (5 of 7 would give the other 2 away)', async () => {
    const rows = await indicators(clients.admin, '?annee=2020&split=periode_creation&public=oui');
    const old = rows.find((r) => r.id === 'participation_usagers__copil' && r.group.periode_creation === 'avant_2016')!;
    expect(old).toMatchObject({ n: null, pct: null, N: 8 });
    expect(rows.find((r) => r.id === 'participation_usagers__copil' && r.group.periode_creation === 'depuis_2016')).toMatchObject({ n: null, pct: null, N: 7 });
  });

  it('refuses coordinators and anonymous callers, and bad parameters in French', async () => {
    expect((await clients.coord.get('/api/indicators')).statusCode).toBe(403);
    expect((await clients.anonyme.get('/api/indicators')).statusCode).toBe(401);
    const bad = await clients.admin.get('/api/indicators?split=commune');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/split|découpage|option/i);
    expect((await clients.admin.get('/api/indicators?annee=deux-mille')).statusCode).toBe(400);
  });

  it('exports the indicators as XLSX', async () => {
    const res = await clients.arsIdf.get('/api/indicators.xlsx?annee=2017');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('GET /api/charts/:indicator.svg', () => {
  it('renders an indicator as SVG within the caller scope', async () => {
    const res = await clients.arsIdf.get('/api/charts/participation_usagers__copil.svg?annee=2020&split=periode_creation');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body.startsWith('<svg')).toBe(true);
    expect(res.body).toContain('Créé depuis 2016');
  });

  it('answers 404 in French for an unknown indicator', async () => {
    const res = await clients.admin.get('/api/charts/inconnu.svg');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('Indicateur inconnu');
  });
});

describe('GET /api/etat-des-lieux/:annee', () => {
  it('gives the report of a year as data, filtered for a region (the page renders it)', async () => {
    const res = await clients.arsIdf.get('/api/etat-des-lieux/2017?region=11');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ title: 'État des lieux des CLSM, année 2017 — Île-de-France', annee: 2017, region: '11', bilans: 49 });
    expect(report.sections.map((s: { id: string }) => s.id)[0]).toBe('campagne');
    expect(report.sections[0].items[0].tables[0].rows.length).toBeGreaterThan(0);
    const page = await clients.arsIdf.get('/etat-des-lieux/2017?region=11');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('49 bilans');
    // Without a région asked, an ARS gets its own région's document, titled with it (not "France").
    expect((await clients.arsIdf.get('/api/etat-des-lieux/2017')).json()).toMatchObject({ title: 'État des lieux des CLSM, année 2017 — Île-de-France', region: '11', bilans: 49 });
  }, 60_000);

  it('produces the CSV of every indicator', async () => {
    const res = await clients.ccoms.get('/api/etat-des-lieux/2017.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFFindicateur;')).toBe(true);
  }, 60_000);

  it('rejects a malformed year with a French message', async () => {
    const res = await clients.admin.get('/api/etat-des-lieux/deux-mille');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('Année invalide');
  });
});
