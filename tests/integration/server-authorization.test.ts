/**
 * Authorization matrix: every route × every role. Out-of-scope reads and all
 * forbidden writes are refused (401/403/404) and change nothing; lists,
 * exports and the analytics feed hold only what the role may see.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, completeAnswers, seedWorld, snapshot, startTestServer, WORLD, type TestServer, type WorldUser, worldClients } from './support/server.ts';

let server: TestServer;
let clients: Record<WorldUser | 'anonyme', Client>;
/** Ids known after the world is built: a coordinator of a1, a pending invitation (CCOMS), its mail. */
const ids = { coordA1: 0, invited: 0, mail: 0 };
const ROLES = [...(Object.keys(WORLD.users) as WorldUser[]), 'anonyme'] as const;
type Who = (typeof ROLES)[number];
const full = completeAnswers(2025);

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  clients = await worldClients(server.app);
  const admin = clients.admin;
  // a1: 2024 validated, 2025 submitted (consent oui); a2: 2025 draft (consent oui); b1: 2025 submitted, consent non.
  const put = async (clsm: string, annee: number, answers: object) => expect((await admin.put(`/api/bilans/${clsm}/${annee}`, { answers, version: 0 })).statusCode).toBe(200);
  await put('a1', 2024, full);
  await admin.post('/api/bilans/a1/2024/submit');
  await admin.post('/api/bilans/a1/2024/validate');
  await put('a1', 2025, full);
  await admin.post('/api/bilans/a1/2025/submit');
  await put('a2', 2025, { consentement_ccoms: 'oui', copil_existe: 'non' });
  await put('b1', 2025, { ...full, consentement_ccoms: 'non' });
  expect((await admin.post('/api/bilans/b1/2025/submit')).statusCode).toBe(200);
  const invited = await admin.post('/api/users/invitations', { email: 'invite@test.fr', role: 'ccoms' });
  expect(invited.statusCode).toBe(201);
  ids.invited = invited.json().account.id;
  ids.coordA1 = (await clients.coordA1.get('/api/me')).json().user.id;
  ids.mail = (await admin.get('/api/mails')).json().mails[0].id;
});
afterAll(() => server.close());

const everyone = (allowed: Who[]) => Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r)])) as Record<Who, boolean>;

describe('reads', () => {
  const reads: Array<[string, Who[]]> = [
    ['/api/me', ['admin', 'ccoms', 'arsR1', 'arsD2', 'arsR2', 'coordA1', 'coordB1']],
    ['/api/clsm/a1', ['admin', 'ccoms', 'arsR1', 'coordA1']],
    ['/api/clsm/a2', ['admin', 'ccoms', 'arsR1', 'arsD2']],
    ['/api/clsm/b1', ['admin', 'ccoms', 'arsR2', 'coordB1']],
    ['/api/campagnes', ['admin', 'ccoms', 'arsR1', 'arsD2', 'arsR2', 'coordA1', 'coordB1']],
    ['/api/bilans/a1/2025', ['admin', 'ccoms', 'arsR1', 'coordA1']],
    ['/api/bilans/a1/2024', ['admin', 'ccoms', 'arsR1', 'coordA1']],
    ['/api/bilans/a2/2025', ['admin', 'arsR1', 'arsD2']], // a draft: not for the CCOMS
    ['/api/bilans/b1/2025', ['admin', 'arsR2', 'coordB1']], // no consent: not for the CCOMS
    ['/api/bilans/a1/2025/historique', ['admin', 'arsR1', 'coordA1']],
    ['/api/campagnes/2025/suivi', ['admin', 'ccoms', 'arsR1', 'arsD2', 'arsR2']],
    ['/api/users', ['admin', 'arsR1', 'arsD2', 'arsR2']],
    ['/api/mails', ['admin']],
    ['/api/mails/{mail}', ['admin']],
    ['/api/campagnes/2025/prolongations', ['admin', 'arsR1', 'arsD2', 'arsR2']],
  ];
  for (const [path, allowed] of reads) {
    it(`GET ${path}`, async () => {
      const url = path.replace('{mail}', String(ids.mail));
      const expected = everyone(allowed);
      for (const who of ROLES) {
        const res = await clients[who].get(url);
        if (expected[who]) expect(res.statusCode, `${who} ${url}`).toBe(200);
        else expect([401, 403, 404], `${who} ${url} → ${res.statusCode}`).toContain(res.statusCode);
        if (who === 'anonyme') expect(res.statusCode).toBe(401);
        if (!expected[who]) expect(res.body).not.toContain('copil_nb_reunions');
      }
    });
  }
});

describe('writes refused', () => {
  const draft = { answers: { copil_nb_reunions: 3 }, version: 1 };
  const clsmBody = { nom: 'CLSM nouveau', region: '11', departement: '93', statut: 'en_projet' };
  const writes: Array<[string, string, unknown, Who[]]> = [
    ['PUT', '/api/bilans/a2/2025', draft, ['arsR1', 'arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/bilans/a2/2025/submit', {}, ['arsR1', 'arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/bilans/a1/2025/return', { comments: [{ variable: null, message: 'À revoir' }] }, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/bilans/a1/2025/validate', {}, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/bilans/a1/2025/reopen', {}, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/bilans/b1/2025/validate', {}, ['arsR1', 'arsD2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/clsm', clsmBody, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['PATCH', '/api/clsm/a1', { nom: 'Renommé' }, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['PATCH', '/api/clsm/a1', { region: '32' }, ['arsR1']], // an ARS cannot move a CLSM out of its region
    ['POST', '/api/campagnes', { annee: 2026 }, ['arsR1', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/campagnes/2025/close', {}, ['arsR1', 'ccoms', 'coordA1']],
    ['POST', '/api/users', { email: 'x@test.fr', password: 'mot-de-passe-long', role: 'admin' }, ['arsR1', 'ccoms', 'coordA1']],
    ['PATCH', '/api/users/7', { role: 'admin' }, ['arsR1', 'ccoms', 'coordA1', 'coordB1']],
    // Accounts: invitations and changes within the manager's scope only.
    ['POST', '/api/users/invitations', { email: 'nouveau@test.fr', role: 'coordinateur', clsm_ids: ['a1'] }, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/users/invitations', { email: 'chef@test.fr', role: 'admin' }, ['arsR1', 'arsD2', 'arsR2', 'ccoms', 'coordA1']],
    ['POST', '/api/users/invitations', { email: 'collegue@test.fr', role: 'ars', region: '11' }, ['arsR2', 'arsD2', 'ccoms', 'coordA1']],
    ['POST', '/api/users/{coordA1}/disable', {}, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/users/{coordA1}/enable', {}, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/users/{invited}/invitation', {}, ['arsR1', 'arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['PATCH', '/api/users/{coordA1}', { role: 'coordinateur', clsm_ids: ['a1', 'b1'] }, ['arsR1', 'arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    // Campagnes: dates (admin), prolongations (admin, ARS in its scope), reminders (ARS in its scope, admin).
    ['PATCH', '/api/campagnes/2025', { closes_on: '2026-03-31' }, ['arsR1', 'arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['PUT', '/api/campagnes/2025/prolongations/a1', { jusqu_au: '2026-04-30' }, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['DELETE', '/api/campagnes/2025/prolongations/a1', undefined, ['arsD2', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/campagnes/2025/relances', { clsm_ids: ['a2'] }, ['arsR2', 'ccoms', 'coordA1', 'coordB1']],
    ['POST', '/api/campagnes/2025/relances', { clsm_ids: ['a1'] }, ['arsD2']],
    ['POST', '/api/mails/{mail}/retry', {}, ['arsR1', 'arsR2', 'ccoms', 'coordA1', 'coordB1']],
    // One's own account: nothing without a session.
    ['POST', '/api/me/password', { current_password: 'x', password: 'une phrase assez longue', password_confirmation: 'une phrase assez longue' }, []],
    ['DELETE', '/api/me/sessions', undefined, []],
  ];
  for (const [method, path, body, refused] of writes) {
    it(`${method} ${path} ${JSON.stringify(body ?? '').slice(0, 40)}`, async () => {
      const url = path.replace('{coordA1}', String(ids.coordA1)).replace('{invited}', String(ids.invited)).replace('{mail}', String(ids.mail));
      const before = await snapshot(server.app);
      for (const who of [...refused, 'anonyme' as const]) {
        const res = await clients[who].request(method, url, body);
        expect([401, 403, 404], `${who} ${method} ${url} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      }
      expect(await snapshot(server.app)).toEqual(before);
    });
  }

  it('import is for the administrator only', async () => {
    const before = await snapshot(server.app);
    for (const who of ['arsR1', 'ccoms', 'coordA1', 'anonyme'] as const) {
      const res = await clients[who].request('POST', '/api/import/bilans', 'clsm_id;annee\na1;2023\n', { 'content-type': 'text/csv' });
      expect([401, 403], who).toContain(res.statusCode);
    }
    expect(await snapshot(server.app)).toEqual(before);
  });

  it('the registry import (and its preview): the admin, and the ARS for lines of its scope only', async () => {
    const before = await snapshot(server.app);
    const csv = (region: string) => `clsm_id;nom;region;departement;annee_creation;statut\n;CLSM nouveau;${region};93;;actif\n`; // a new CLSM: its identifier is assigned
    for (const url of ['/api/import/registre/apercu', '/api/import/registre']) {
      for (const who of ['ccoms', 'coordA1', 'coordB1', 'anonyme'] as const) {
        expect([401, 403], `${who} ${url}`).toContain((await clients[who].request('POST', url, csv('11'), { 'content-type': 'text/csv' })).statusCode);
      }
      for (const who of ['arsR2', 'arsD2'] as const) {
        const res = await clients[who].request('POST', url, csv('11'), { 'content-type': 'text/csv' });
        expect(res.statusCode, `${who} ${url}`).toBe(400);
        expect(res.json().issues[0].message).toMatch(/hors de votre périmètre/);
      }
    }
    expect(await snapshot(server.app)).toEqual(before);
    const preview = await clients.arsR1.request('POST', '/api/import/registre/apercu', csv('11'), { 'content-type': 'text/csv' });
    expect(preview.json()).toMatchObject({ ok: true, created: 1, rows: [{ ligne: 2, action: 'creation' }] });
    expect(await snapshot(server.app)).toEqual(before);
  });
});

describe('nothing leaks in lists and exports', () => {
  const visible: Record<WorldUser, string[]> = {
    admin: ['a1/2024', 'a1/2025', 'a2/2025', 'b1/2025'],
    ccoms: ['a1/2024', 'a1/2025'],
    arsR1: ['a1/2024', 'a1/2025', 'a2/2025'],
    arsD2: ['a2/2025'],
    arsR2: ['b1/2025'],
    coordA1: ['a1/2024', 'a1/2025'],
    coordB1: ['b1/2025'],
  };
  const registry: Record<WorldUser, string[]> = {
    admin: ['a1', 'a2', 'b1'],
    ccoms: ['a1', 'a2', 'b1'],
    arsR1: ['a1', 'a2'],
    arsD2: ['a2'],
    arsR2: ['b1'],
    coordA1: ['a1'],
    coordB1: ['b1'],
  };

  it('bilan lists, CSV exports, the analytics feed and the registry', async () => {
    for (const who of Object.keys(visible) as WorldUser[]) {
      const list = (await clients[who].get('/api/bilans')).json() as Array<{ clsm_id: string; annee: number; statut: string }>;
      expect(list.map((b) => `${b.clsm_id}/${b.annee}`).sort(), `${who} list`).toEqual(visible[who]);
      const csv = (await clients[who].get('/api/export?format=csv')).body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(csv.slice(1).map((l) => l.split(';').slice(0, 2).join('/')).sort(), `${who} export`).toEqual(visible[who]);
      const user = (await clients[who].get('/api/me')).json().user;
      if (user.role !== 'coordinateur') {
        const received = list.filter((b) => b.statut === 'soumis' || b.statut === 'valide');
        expect((await server.app.services.analytics.indicators(user, {})).count, `${who} analytics`).toBe(received.length);
      }
      const clsm = (await clients[who].get('/api/clsm')).json() as Array<{ id: string }>;
      expect(clsm.map((c) => c.id).sort(), `${who} registry`).toEqual(registry[who]);
    }
  });

  it('filters narrow the scope, never widen it', async () => {
    const res = await clients.arsR1.get('/api/export?format=csv&region=32');
    expect(res.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(1);
    const list = (await clients.coordA1.get('/api/bilans?region=32')).json();
    expect(list).toEqual([]);
    const follow = (await clients.arsR1.get('/api/campagnes/2025/suivi?region=32')).json();
    expect(follow.clsm).toEqual([]);
  });

  it('XLSX export: only the scope, and a codebook sheet', async () => {
    const res = await clients.arsR2.get('/api/export?format=xlsx&annee=2025');
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('bilans')!;
    const ids: string[] = [];
    sheet.eachRow((row, n) => n > 1 && ids.push(String(row.getCell(1).value)));
    expect(ids).toEqual(['b1']);
    const codebook = workbook.getWorksheet('codebook')!;
    expect(codebook.getRow(1).getCell(1).value).toBe('variable');
    expect(codebook.rowCount).toBeGreaterThan(50);
  });
});
