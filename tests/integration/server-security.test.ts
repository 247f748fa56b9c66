/** Sessions, login rate limit, CSRF, headers, bad input (always a French 4xx), hidden 5xx, OpenAPI. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { Client, PASSWORD, seedWorld, snapshot, startTestServer, WORLD, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
});
afterAll(() => server.close());

describe('sessions', () => {
  it('health needs no session; the API does', async () => {
    const anonymous = new Client(server.app);
    expect((await anonymous.get('/api/health')).json()).toEqual({ status: 'ok' });
    const res = await anonymous.get('/api/bilans');
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('Vous devez être connecté·e pour accéder à cette ressource.');
  });

  it('wrong credentials: 401 without telling which one', async () => {
    const a = await new Client(server.app).login(WORLD.users.admin.email, 'mauvais');
    const b = await new Client(server.app).login('personne@test.fr', PASSWORD);
    expect([a.statusCode, b.statusCode]).toEqual([401, 401]);
    expect(a.json().message).toBe(b.json().message);
    expect(a.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });

  it('the session cookie is httpOnly and SameSite; logging out ends the session', async () => {
    const client = new Client(server.app);
    const res = await client.login(WORLD.users.coordA1.email.toUpperCase(), PASSWORD);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await client.get('/api/me')).json().user.email).toBe(WORLD.users.coordA1.email);
    expect((await client.request('DELETE', '/api/session')).statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('the Secure flag is set when configured', async () => {
    const secure = await startTestServer({ cookieSecure: true });
    await seedWorld(secure);
    const res = await new Client(secure.app).login(WORLD.users.admin.email, PASSWORD);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    await secure.close();
  });

  it('login attempts are rate-limited (429 in French), even with the right password', async () => {
    const limited = await startTestServer({ loginMaxPerMinute: 3 });
    await seedWorld(limited);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await new Client(limited.app).login(WORLD.users.admin.email, 'faux')).statusCode);
    const blocked = await new Client(limited.app).login(WORLD.users.admin.email, PASSWORD);
    expect(codes).toEqual([401, 401, 401]);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().message).toMatch(/^Trop de tentatives de connexion : réessayez dans \d+ secondes\.$/);
    await limited.close();
  });
});

describe('CSRF', () => {
  it('a signed-in write without the token, or with another session’s token, is refused and changes nothing', async () => {
    const coord = await Client.as(server.app, 'coordA1');
    const other = await Client.as(server.app, 'coordB1');
    const before = await snapshot(server.app);
    const body = { answers: { copil_existe: 'oui' }, version: 0 };
    let res = await coord.request('PUT', '/api/bilans/a1/2025', body, { 'x-csrf-token': '' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/Jeton de sécurité \(CSRF\)/);
    res = await coord.request('PUT', '/api/bilans/a1/2025', body, { 'x-csrf-token': other.csrf! });
    expect(res.statusCode).toBe(403);
    expect(await snapshot(server.app)).toEqual(before);
    expect((await coord.put('/api/bilans/a1/2025', body)).statusCode).toBe(200);
  });

  it('HTML form posts carry the token in a `_csrf` field', async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': '' };
    let res = await admin.request('POST', '/api/campagnes/2025/close', form({}), headers);
    expect(res.statusCode).toBe(403);
    expect((await admin.get('/api/campagnes/2025')).json().statut).toBe('ouverte');
    res = await admin.request('POST', '/api/campagnes/2025/close', form({ _csrf: admin.csrf! }), headers);
    expect(res.statusCode, res.body).toBe(200);
    expect((await admin.get('/api/campagnes/2025')).json().statut).toBe('fermee');
    await admin.post('/api/campagnes/2025/open');
  });

  it('GET /api/me gives a token usable for writes', async () => {
    const client = await Client.as(server.app, 'admin');
    client.csrf = (await client.get('/api/me')).json().csrf_token;
    expect((await client.post('/api/campagnes/2025/open')).statusCode).toBe(200);
  });
});

describe('bad input: a French 4xx, never a 5xx, nothing changed', () => {
  it('malformed JSON, unknown fields, wrong types, oversized bodies, unknown routes', async () => {
    const before = await snapshot(server.app);
    let res = await admin.request('PUT', '/api/bilans/a2/2025', '{"answers": {', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('Le corps de la requête n’est pas un JSON valide.');

    res = await admin.put('/api/bilans/a2/2025', { answers: {}, version: 0, pirate: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/Clé non reconnue.*pirate/);

    res = await admin.put('/api/bilans/a2/2025', { answers: [], version: 'zéro' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { variable: string }) => i.variable).sort()).toEqual(['answers', 'version']);

    res = await admin.request('PUT', '/api/bilans/a2/2025', JSON.stringify({ answers: { terr_qpv_noms: 'x'.repeat(2 * 1024 * 1024) }, version: 0 }), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe('Le corps de la requête est trop volumineux.');

    res = await admin.request('PUT', '/api/bilans/a2/2025', 'answers=1', { 'content-type': 'application/xml' });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toMatch(/^Type de contenu non géré/);

    res = await admin.get('/api/bilans/a2/deux-mille');
    expect(res.statusCode).toBe(400);
    res = await admin.get('/api/nulle-part');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('Route inconnue : GET /api/nulle-part');
    expect(await snapshot(server.app)).toEqual(before);
  });

  it('security headers are set', async () => {
    const res = await admin.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('the OpenAPI document is generated from the schemas', async () => {
    const doc = (await admin.get('/api/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    const put = doc.paths['/api/bilans/{clsmId}/{annee}'].put;
    expect(put.requestBody.content['application/json'].schema.required).toEqual(['answers', 'version']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/session', '/api/campagnes/{annee}/suivi', '/api/export', '/api/import/bilans']));
    expect((await admin.get('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('a server fault answers 500 without its message or stack', async () => {
    const broken = await startTestServer();
    await seedWorld(broken);
    const client = await Client.as(broken.app, 'admin');
    // PostgreSQL drops what refers to `bilans` with it; SQLite, the tables that refer to it first.
    if (broken.config.databaseUrl) await broken.app.db.schema.dropTable('bilans').cascade().execute();
    else for (const table of ['comments', 'bilan_sections', 'bilan_flat_rows', 'fiche_publications', 'bilans']) await broken.app.db.schema.dropTable(table).execute();
    const res = await client.get('/api/bilans');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ statusCode: 500, error: 'erreur_interne', message: 'Erreur interne du serveur. L’incident a été enregistré.' });
    await broken.close();
  });
});
