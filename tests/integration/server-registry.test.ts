/** Registry, campaigns and accounts: the writes each role may make, and their audit entries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, seedWorld, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;
let ars: Client;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
  ars = await Client.as(server.app, 'arsR1');
});
afterAll(() => server.close());

const auditOf = (entity: 'clsm' | 'campagne' | 'user', id: string) =>
  server.app.db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', id).orderBy('id').execute();

describe('registry', () => {
  it('an ARS analyst adds (identifier assigned by the platform) and updates a CLSM of its region; both are logged', async () => {
    let res = await ars.post('/api/clsm', { nom: 'CLSM A9', region: '11', departement: '94', communes: 'Ville-A, Ville-B', annee_creation: 2023, statut: 'en_projet' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(id).toMatch(/^94-[a-z2-9]{6}$/);
    res = await ars.patch(`/api/clsm/${id}`, { statut: 'actif', nom: 'CLSM A9 (intercommunal)' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, statut: 'actif', nom: 'CLSM A9 (intercommunal)', communes: 'Ville-A, Ville-B' });
    const log = await auditOf('clsm', id);
    expect(log.map((e) => `${e.action}:${e.variable ?? ''}`)).toEqual(['creation:', 'modification:nom', 'modification:statut']);
    expect(JSON.parse(log[2]!.old_value!)).toBe('en_projet');
    // The administration chooses identifiers, and a taken one is a conflict.
    expect((await admin.post('/api/clsm', { id: 'a9', nom: 'CLSM A9 bis', region: '11', departement: '94', statut: 'actif' })).statusCode).toBe(201);
    expect((await admin.post('/api/clsm', { id: 'a9', nom: 'Doublon', region: '11', departement: '94', statut: 'actif' })).statusCode).toBe(409);
  });

  it('an ARS cannot tell whether an identifier exists in another région: same answer as for an unknown one', async () => {
    const before = (await admin.get('/api/clsm')).json();
    const answers = [];
    for (const id of ['b1', 'a1', 'jamais-vu']) {
      // b1 exists in région 32, a1 in 11 (its own), jamais-vu nowhere.
      const post = await ars.post('/api/clsm', { id, nom: 'Sonde', region: '11', departement: '93', statut: 'actif' });
      const get = await ars.get(`/api/clsm/${id}`);
      const patch = await ars.patch(`/api/clsm/${id}`, { nom: 'Sonde' });
      answers.push({ post: [post.statusCode, post.json().message], get: get.statusCode === 200 ? 'visible' : [get.statusCode, get.json().message.replace(id, 'ID')], patch: patch.statusCode === 200 ? 'visible' : [patch.statusCode, patch.json().message.replace(id, 'ID')] });
    }
    expect(answers[0]!.post).toEqual([400, expect.stringContaining('attribué par la plateforme')]);
    expect(answers[0]).toEqual(answers[2]); // b1 (another région) answers exactly like an identifier nobody has
    expect(answers[1]!.post).toEqual(answers[2]!.post);
    expect((await admin.get('/api/clsm')).json()).toEqual(before.map((c: { id: string; nom: string }) => (c.id === 'a1' ? { ...c, nom: 'Sonde' } : c)));
  });

  it('the ARS registry import answers the same for an identifier of another région as for one nobody has; an empty clsm_id adds a CLSM', async () => {
    const line = (id: string) => `clsm_id;nom;region;departement;statut\n${id};CLSM Sonde;11;93;actif\n`;
    const messages = [];
    for (const id of ['b1', 'jamais-vu']) {
      const res = await ars.request('POST', '/api/import/registre', line(id), { 'content-type': 'text/csv' });
      expect(res.statusCode).toBe(400);
      messages.push(res.json().issues.map((i: { message: string }) => i.message.replace(id, 'ID')));
    }
    expect(messages[0]).toEqual(messages[1]);
    expect(messages[0][0]).toMatch(/inconnu dans votre périmètre.*laissez clsm_id vide/);
    const res = await ars.request('POST', '/api/import/registre', line(''), { 'content-type': 'text/csv' });
    expect(res.json()).toMatchObject({ ok: true, created: 1 });
    expect((await admin.get('/api/clsm?region=11&limit=500')).json().some((c: { id: string; nom: string }) => /^93-/.test(c.id) && c.nom === 'CLSM Sonde')).toBe(true);
  });

  it('filters the registry by status and place', async () => {
    const res = await admin.get('/api/clsm?region=11&statut=actif');
    expect(res.json().map((c: { id: string }) => c.id).filter((id: string) => !/^9[34]-/.test(id)).sort()).toEqual(['a1', 'a2', 'a9']);
  });
});

describe('campaigns', () => {
  it('the administrator creates, closes and reopens a campaign, pinned to the current questionnaire version', async () => {
    let res = await admin.post('/api/campagnes', { annee: 2026, opens_on: '2027-01-15', closes_on: '2027-06-30' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ annee: 2026, statut: 'ouverte', questionnaire_version: expect.stringMatching(/^\d{4}\.\d+$/) });
    expect((await admin.post('/api/campagnes', { annee: 2026 })).statusCode).toBe(409);
    expect((await admin.post('/api/campagnes', { annee: 2027, questionnaire_version: '1999.9' })).statusCode).toBe(400);
    expect((await admin.post('/api/campagnes', { annee: 2027, opens_on: '2028-06-01', closes_on: '2028-01-01' })).statusCode).toBe(400);
    expect((await admin.post('/api/campagnes/2026/close')).json().statut).toBe('fermee');
    expect((await admin.post('/api/campagnes/2026/open')).json().statut).toBe('ouverte');
    expect((await auditOf('campagne', '2026')).map((e) => e.action)).toEqual(['creation', 'statut', 'statut']);
    expect((await admin.get('/api/campagnes')).json().map((c: { annee: number }) => c.annee)).toEqual([2026, 2025, 2024]);
  });
});

describe('accounts', () => {
  it('the administrator creates a coordinator of two CLSM, who can then sign in and see both', async () => {
    const res = await admin.post('/api/users', { email: 'Nouvelle@Test.fr', password: 'un-mot-de-passe-solide', role: 'coordinateur', clsm_ids: ['a1', 'a2'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ email: 'nouvelle@test.fr', role: 'coordinateur', clsmIds: ['a1', 'a2'] });
    expect((await admin.post('/api/users', { email: 'nouvelle@test.fr', password: 'un-mot-de-passe-solide', role: 'admin' })).statusCode).toBe(409);
    expect((await admin.post('/api/users', { email: 'x@test.fr', password: 'un-mot-de-passe-solide', role: 'coordinateur', clsm_ids: ['zz'] })).json().message).toMatch(/CLSM introuvable : zz/);
    expect((await admin.post('/api/users', { email: 'y@test.fr', password: 'un-mot-de-passe-solide', role: 'ars' })).json().message).toMatch(/doit avoir une région/);
    const client = new Client(server.app);
    expect((await client.login('nouvelle@test.fr', 'un-mot-de-passe-solide')).statusCode).toBe(200);
    expect((await client.get('/api/clsm')).json().map((c: { id: string }) => c.id)).toEqual(['a1', 'a2']);
  });

  it('a role change ends the open sessions; signing in again gives the new rights', async () => {
    const coord = await Client.as(server.app, 'coordB1');
    expect((await coord.get('/api/campagnes/2025/suivi')).statusCode).toBe(403);
    const me = (await coord.get('/api/me')).json().user;
    expect((await admin.patch(`/api/users/${me.id}`, { role: 'ars', region: '32' })).statusCode).toBe(200);
    expect((await coord.get('/api/campagnes/2025/suivi')).statusCode).toBe(401);
    const again = await Client.as(server.app, 'coordB1');
    expect((await again.get('/api/campagnes/2025/suivi')).statusCode).toBe(200);
    expect((await again.get('/api/me')).json().user).toMatchObject({ role: 'ars', region: '32', clsmIds: [] });
  });
});
