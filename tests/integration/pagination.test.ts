/**
 * Every list is paged: the API by `limit` and `cursor` (next page in the
 * `Link` and `X-Next-Cursor` headers), the follow-up page by numbered pages.
 * The follow-up's counts stay over the whole selection, its CSV stays whole,
 * and the pages together give each row once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { allPages, Client, PASSWORD, seedWorld, startTestServer, WORLD, type TestServer } from './support/server.ts';
import { PageClient } from './web.helpers.ts';

let server: TestServer;
let admin: Client;
const EXTRA = 130;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  const registry = ['clsm_id;nom;region;departement;statut', ...Array.from({ length: EXTRA }, (_, i) => `p${String(i).padStart(3, '0')};CLSM P${i};53;${['22', '29', '35', '56'][i % 4]};actif`)].join('\n');
  expect((await server.app.services.clsm.importCsv(SYSTEM_USER, registry)).ok).toBe(true);
  admin = await Client.as(server.app, 'admin');
  for (let i = 0; i < 12; i++) expect((await admin.put(`/api/bilans/p${String(i * 7).padStart(3, '0')}/2025`, { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(200);
});
afterAll(() => server.close());

describe('the API', () => {
  it('pages the registry with limit and cursor, each CLSM once, in the registry order', async () => {
    const first = await admin.get('/api/clsm?limit=50');
    expect(first.json()).toHaveLength(50);
    expect(first.headers['x-next-cursor']).toEqual(expect.any(String));
    expect(first.headers.link).toBe(`</api/clsm?limit=50&cursor=${first.headers['x-next-cursor']}>; rel="next"`);
    const paged = await allPages<{ id: string }>(admin, '/api/clsm?limit=50');
    const whole = await allPages<{ id: string }>(admin, '/api/clsm?limit=500');
    expect(paged.map((c) => c.id)).toEqual(whole.map((c) => c.id));
    expect(new Set(paged.map((c) => c.id)).size).toBe(EXTRA + 3);
    const last = await admin.get(`/api/clsm?limit=500`);
    expect(last.headers['x-next-cursor']).toBeUndefined();
    expect(last.headers.link).toBeUndefined();
  });

  it('refuses a page too large or a cursor that is not one of ours, in French', async () => {
    const big = await admin.get('/api/clsm?limit=501');
    expect(big.statusCode).toBe(400);
    expect(big.json().issues[0]).toMatchObject({ variable: 'limit' });
    for (const cursor of ['nimportequoi', Buffer.from('["a"]').toString('base64url'), Buffer.from('{"x":1}').toString('base64url')]) {
      const res = await admin.get(`/api/clsm?cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().message).toMatch(/^Curseur de pagination invalide/);
    }
  });

  it('pages bilans, accounts, campagnes and the audit trail the same way', async () => {
    for (const url of ['/api/bilans', '/api/users', '/api/campagnes', '/api/bilans/p000/2025/historique']) {
      const one = await allPages(admin, `${url}?limit=1`);
      expect(one.length, url).toBeGreaterThan(1);
      expect(one, url).toEqual(await allPages(admin, url));
    }
  });

  it('documents limit and cursor in OpenAPI', async () => {
    const doc = (await server.app.inject({ url: '/api/docs/json' })).json();
    for (const path of ['/api/clsm', '/api/bilans', '/api/users', '/api/campagnes', '/api/campagnes/{annee}/suivi', '/api/bilans/{clsmId}/{annee}/historique', '/api/mails', '/api/campagnes/{annee}/prolongations']) {
      const names = doc.paths[path].get.parameters.map((p: { name: string }) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['limit', 'cursor']));
      expect(doc.paths[path].get.summary, path).toContain('X-Next-Cursor');
    }
  });
});

describe('the follow-up', () => {
  type Row = { clsm_id: string; statut: string };
  const suiviPages = async (client: Client, query: string) => {
    const rows: Row[] = [];
    const totals: unknown[] = [];
    for (let cursor: string | null = null; ; ) {
      const res = await client.get(`/api/campagnes/2025/suivi?${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      rows.push(...body.clsm);
      totals.push(body.total);
      cursor = body.page.next_cursor;
      if (!cursor) return { rows, totals, lignes: body.page.lignes as number };
    }
  };

  it('counts over the whole selection on every page; rows paged, started bilans first, each once; the CSV whole', async () => {
    const { rows, totals, lignes } = await suiviPages(admin, 'limit=40');
    expect(totals.length).toBe(Math.ceil((EXTRA + 3) / 40));
    for (const t of totals) expect(t).toEqual(totals[0]);
    expect(totals[0]).toMatchObject({ attendus: EXTRA + 3, brouillon: 12, non_commence: EXTRA + 3 - 12 });
    expect(lignes).toBe(EXTRA + 3);
    expect(new Set(rows.map((r) => r.clsm_id)).size).toBe(EXTRA + 3);
    expect(rows.slice(0, 12).every((r) => r.statut === 'brouillon')).toBe(true);
    const csv = (await admin.get('/suivi.csv?annee=2025')).body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    expect(csv.map((l) => l.split(';')[0]).sort()).toEqual(rows.map((r) => r.clsm_id).sort());
  });

  it('a statut filter pages its own rows, the counts unchanged', async () => {
    const { rows, totals, lignes } = await suiviPages(admin, 'statut=brouillon&limit=5');
    expect(rows).toHaveLength(12);
    expect(lignes).toBe(12);
    expect(totals[0]).toMatchObject({ attendus: EXTRA + 3 });
  });

  it('the page shows 50 rows at a time with DSFR pagination; the counts are the whole selection', async () => {
    const page1 = await admin.get('/suivi?annee=2025');
    expect(page1.statusCode).toBe(200);
    const ids = (html: string) => [...html.matchAll(/<tr data-clsm="([^"]+)">/g)].map((m) => m[1]);
    expect(ids(page1.body)).toHaveLength(50);
    expect(page1.body).toMatch(/<nav role="navigation" class="fr-pagination fr-mt-2w" aria-label="Pages du suivi">/);
    expect(page1.body).toContain('href="/suivi?annee=2025&amp;page=2"');
    expect(page1.body).toContain(`<strong>${EXTRA + 3}</strong> CLSM attendus`);
    expect(page1.body).toContain('Bilans commencés (12)');
    expect(page1.body).toContain(`CLSM qui n’ont pas commencé (${EXTRA + 3 - 12})`);
    expect(page1.body).toMatch(/CLSM 1 à 50 sur 133 \(page 1 sur 3\)/);
    const all = [];
    for (const n of [1, 2, 3]) all.push(...ids((await admin.get(`/suivi?annee=2025${n > 1 ? `&page=${n}` : ''}`)).body));
    expect(new Set(all).size).toBe(EXTRA + 3);
    const page3 = await admin.get('/suivi?annee=2025&page=3');
    expect(ids(page3.body)).toHaveLength(EXTRA + 3 - 100);
    expect(page3.body).toMatch(/aria-current="page" title="Page 3"/);
    expect((await admin.get('/suivi?annee=2025&page=0')).statusCode).toBe(400);
  });
});

describe('the administration pages', () => {
  it('the registry: 50 CLSM a page, counts over the filters, the search kept in the page links', async () => {
    const page = await PageClient.as(server.app, WORLD.users.admin.email, PASSWORD);
    const ids = (html: string) => [...html.matchAll(/<tr data-clsm="([^"]+)">/g)].map((m) => m[1]);
    const first = await page.get('/admin/registre');
    expect(first.statusCode).toBe(200);
    expect(ids(first.body)).toHaveLength(50);
    expect(first.body).toContain(`CLSM du registre (${EXTRA + 3} sur ${EXTRA + 3})`);
    expect(first.body).toContain('aria-label="Pages du registre"');
    const all = [];
    for (const n of [1, 2, 3]) all.push(...ids((await page.get(`/admin/registre${n > 1 ? `?page=${n}` : ''}`)).body));
    expect(new Set(all).size).toBe(EXTRA + 3);
    const search = await page.get('/admin/registre?q=P1');
    expect(ids(search.body)).toContain('p001'); // « CLSM P1 »
    expect(search.body).toContain(`CLSM du registre (${EXTRA - 100 + 11} sur ${EXTRA + 3})`);
    expect(search.body).not.toContain('aria-label="Pages du registre"');
    const deux = await page.get('/admin/registre?region=53&page=2');
    expect(deux.body).toContain('href="/admin/registre?region=53&amp;page=3"');
  });

  it('the accounts: 50 a page', async () => {
    for (let i = 0; i < 60; i++) await server.app.services.users.create(SYSTEM_USER, { email: `ars-${String(i).padStart(2, '0')}@pages.test`, password: 'un-mot-de-passe-assez-long', role: 'ars', region: '53', clsmIds: [] });
    const page = await PageClient.as(server.app, WORLD.users.admin.email, PASSWORD);
    const rows = (html: string) => (html.match(/<tr data-compte=/g) ?? []).length;
    const first = await page.get('/admin/comptes');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('aria-label="Pages des comptes"');
    const second = await page.get('/admin/comptes?page=2');
    const total = (await server.app.services.users.list(SYSTEM_USER)).length;
    expect(rows(first.body) + rows(second.body)).toBe(total);
    expect(rows(first.body)).toBe(50);
  });
});
