/**
 * Accounts over the API and real mail: invitation (admin and ARS, scoped),
 * choosing a password from the mail's link, the password policy, forgotten
 * password, revocable sessions (logout, password change or reset, disabling,
 * scope change, a deleted account's cookie), the last admin, login hardening
 * (lock per account and per address, proxy hops, JSON only, `suite=`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { firstLink, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { PageClient } from './web.helpers.ts';
import { Client, PASSWORD, seedWorld, startTestServer, WORLD, type TestServer } from './support/server.ts';

let server: TestServer;
let smtp: TestSmtp;
let admin: Client;

const GOOD = 'une phrase assez longue pour passer';
const tokenOf = (url: string) => new URL(url).searchParams.get('jeton')!;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ mail: { smtpUrl: smtp.url, workerIntervalMs: 30 } });
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

describe('invitation', () => {
  it('the admin invites an ARS analyst: a mail with a single-use link, the choose-password page, then signed in', async () => {
    const res = await admin.post('/api/users/invitations', { email: 'Claire.Martin@ARS.test', role: 'ars', region: '11' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().account).toMatchObject({ email: 'claire.martin@ars.test', role: 'ars', region: '11', statut: 'invite' });
    const mail = await smtp.waitFor((m) => m.to.includes('claire.martin@ars.test'));
    expect(mail.subject).toBe('Votre compte Bilan CLSM : choisissez votre mot de passe');
    expect(mail.text.split('\n')[0]).toMatch(/^Choisir mon mot de passe : http:\/\/bilan-clsm\.test\/mot-de-passe\/choisir\?jeton=/);
    expect(mail.text).toContain('admin@test.fr vous a créé un compte');
    expect(mail.html).toContain('href="http://bilan-clsm.test/mot-de-passe/choisir?jeton=');
    const token = tokenOf(firstLink(mail));
    // The person cannot sign in before choosing a password.
    expect((await new Client(server.app).login('claire.martin@ars.test', GOOD)).statusCode).toBe(401);
    // The page of the link.
    const page = await new PageClient(server.app).get(`/mot-de-passe/choisir?jeton=${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('claire.martin@ars.test');
    // The policy, in French, one rule at a time; the link is not used up by a refusal.
    const client = new Client(server.app);
    const tryPassword = async (password: string, confirmation = password) => client.request('POST', '/api/session/password', { token, password, password_confirmation: confirmation });
    expect((await tryPassword('court')).json().message).toBe('Le mot de passe doit compter au moins 12 caractères.');
    expect((await tryPassword('Azertyuiop123!')).json().message).toMatch(/^Ce mot de passe est trop courant/);
    expect((await tryPassword('mot-de-passe-2025')).json().message).toMatch(/^Ce mot de passe est trop courant/);
    expect((await tryPassword('claire.martin-en-2025')).json().message).toMatch(/ne doit pas contenir votre identifiant/);
    expect((await tryPassword(GOOD, `${GOOD}!`)).json().message).toBe('Les deux mots de passe saisis ne sont pas identiques.');
    const ok = await tryPassword(GOOD);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user).toMatchObject({ email: 'claire.martin@ars.test', role: 'ars' });
    client.csrf = ok.json().csrf_token;
    expect((await client.get('/api/campagnes/2025/suivi')).statusCode).toBe(200);
    // Single use.
    const again = await new Client(server.app).request('POST', '/api/session/password', { token, password: `${GOOD} bis`, password_confirmation: `${GOOD} bis` });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/^Ce lien n’est plus valable/);
    expect((await new Client(server.app).login('claire.martin@ars.test', GOOD)).statusCode).toBe(200);
  });

  it('an ARS invites coordinators of its région only, never an admin; a resent invitation voids the first link', async () => {
    const ars = await Client.as(server.app, 'arsR1');
    expect((await ars.post('/api/users/invitations', { email: 'coord-b1-bis@test.fr', role: 'coordinateur', clsm_ids: ['b1'] })).statusCode).toBe(403);
    expect((await ars.post('/api/users/invitations', { email: 'chef@test.fr', role: 'admin' })).statusCode).toBe(403);
    expect((await ars.post('/api/users/invitations', { email: 'ars-r2-bis@test.fr', role: 'ars', region: '32' })).statusCode).toBe(403);
    const delegation = await Client.as(server.app, 'arsD2');
    expect((await delegation.post('/api/users/invitations', { email: 'coord-a1-bis@test.fr', role: 'coordinateur', clsm_ids: ['a1'] })).statusCode).toBe(403);
    const res = await ars.post('/api/users/invitations', { email: 'coord-a2@test.fr', role: 'coordinateur', clsm_ids: ['a2'] });
    expect(res.statusCode, res.body).toBe(201);
    const first = tokenOf(firstLink(await smtp.waitFor((m) => m.to.includes('coord-a2@test.fr'))));
    const id = res.json().account.id;
    expect((await ars.post(`/api/users/${id}/invitation`)).statusCode).toBe(202);
    await smtp.waitFor((m) => m.to.includes('coord-a2@test.fr') && tokenOf(firstLink(m)) !== first);
    const second = tokenOf(firstLink(smtp.to('coord-a2@test.fr').at(-1)!));
    expect((await new Client(server.app).request('POST', '/api/session/password', { token: first, password: GOOD, password_confirmation: GOOD })).statusCode).toBe(400);
    const ok = await new Client(server.app).request('POST', '/api/session/password', { token: second, password: GOOD, password_confirmation: GOOD });
    expect(ok.json().user).toMatchObject({ role: 'coordinateur', clsmIds: ['a2'] });
    // Accepted: nothing left to resend. The ARS of région 32 does not even see the account.
    expect((await ars.post(`/api/users/${id}/invitation`)).statusCode).toBe(409);
    expect((await (await Client.as(server.app, 'arsR2')).post(`/api/users/${id}/invitation`)).statusCode).toBe(404);
    const listed = (await ars.get('/api/users')).json().map((u: { email: string }) => u.email);
    expect(listed).toContain('coord-a2@test.fr');
    expect(listed).not.toContain(WORLD.users.coordB1.email);
    expect(listed).not.toContain(WORLD.users.admin.email);
  });
});

describe('forgotten password', () => {
  it('answers the same 202 for any address; the link (1 h, single use) sets a password and ends the session opened before', async () => {
    const before = await Client.as(server.app, 'coordB1');
    const known = await new Client(server.app).request('POST', '/api/session/password-reset', { email: WORLD.users.coordB1.email });
    const unknown = await new Client(server.app).request('POST', '/api/session/password-reset', { email: 'personne@nulle-part.fr' });
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(unknown.body);
    const mail = await smtp.waitFor((m) => m.to.includes(WORLD.users.coordB1.email) && m.subject.includes('nouveau mot de passe'));
    expect(mail.text).toMatch(/sert une seule fois et reste valable jusqu’au/);
    const res = await new Client(server.app).request('POST', '/api/session/password', { token: tokenOf(firstLink(mail)), password: GOOD, password_confirmation: GOOD });
    expect(res.statusCode).toBe(200);
    expect((await before.get('/api/me')).statusCode).toBe(401);
    expect((await new Client(server.app).login(WORLD.users.coordB1.email, PASSWORD)).statusCode).toBe(401);
    expect((await new Client(server.app).login(WORLD.users.coordB1.email, GOOD)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.to('personne@nulle-part.fr')).toEqual([]);
    await server.app.services.users.setPassword(SYSTEM_USER, res.json().user.id, PASSWORD);
  });

  it('is JSON only and rate-limited per address', async () => {
    const form = await new Client(server.app).request('POST', '/api/session/password-reset', 'email=x%40test.fr', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.statusCode).toBe(415);
    const limited = await startTestServer({ loginMaxPerMinute: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await new Client(limited.app).request('POST', '/api/session/password-reset', { email: `x${i}@test.fr` })).statusCode);
    expect(codes).toEqual([202, 202, 429]);
    await limited.close();
  });
});

describe('sessions are revocable', () => {
  /** A second client holding the same cookie: what a stolen or copied cookie would do. */
  const copyOf = (client: Client) => Object.assign(new Client(server.app), { cookie: client.cookie, csrf: client.csrf });

  it('logging out ends the session on the server: a copy of the cookie gets 401', async () => {
    const client = await Client.as(server.app, 'coordA1');
    const copy = copyOf(client);
    expect((await copy.get('/api/me')).statusCode).toBe(200);
    expect((await client.request('DELETE', '/api/session')).statusCode).toBe(204);
    expect((await copy.get('/api/me')).statusCode).toBe(401);
  });

  it('a password change ends every earlier session and keeps the one that changed it signed in', async () => {
    const elsewhere = await Client.as(server.app, 'coordA1');
    const client = await Client.as(server.app, 'coordA1');
    const wrong = await client.post('/api/me/password', { current_password: 'pas-le-bon-mot', password: GOOD, password_confirmation: GOOD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toBe('Le mot de passe actuel est incorrect.');
    const res = await client.post('/api/me/password', { current_password: PASSWORD, password: GOOD, password_confirmation: GOOD });
    expect(res.statusCode, res.body).toBe(200);
    client.csrf = res.json().csrf_token;
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    expect((await client.post('/api/me/password', { current_password: GOOD, password: PASSWORD, password_confirmation: PASSWORD })).statusCode).toBe(200);
  });

  it('disabling an account ends its sessions and refuses its sign-in; re-enabling lets it in again', async () => {
    const coord = await Client.as(server.app, 'coordA1');
    const id = (await coord.get('/api/me')).json().user.id;
    // The ARS of another région does not manage this account.
    expect((await (await Client.as(server.app, 'arsR2')).post(`/api/users/${id}/disable`)).statusCode).toBe(404);
    const ars = await Client.as(server.app, 'arsR1');
    expect((await ars.post(`/api/users/${id}/disable`)).json().statut).toBe('desactive');
    expect((await coord.get('/api/me')).statusCode).toBe(401);
    expect((await new Client(server.app).login(WORLD.users.coordA1.email, PASSWORD)).statusCode).toBe(401);
    expect((await ars.post(`/api/users/${id}/enable`)).json().statut).toBe('actif');
    expect((await new Client(server.app).login(WORLD.users.coordA1.email, PASSWORD)).statusCode).toBe(200);
  });

  it('a change of scope ends the sessions (the web sends the old cookie to the login page)', async () => {
    const page = new PageClient(server.app);
    expect((await page.login(WORLD.users.coordA1.email, PASSWORD)).statusCode).toBe(303);
    expect((await page.get('/')).statusCode).toBe(200);
    const id = (await server.app.services.users.list(SYSTEM_USER)).find((u) => u.email === WORLD.users.coordA1.email)!.id;
    expect((await (await Client.as(server.app, 'arsR1')).patch(`/api/users/${id}`, { role: 'coordinateur', clsm_ids: ['a1', 'a2'] })).statusCode).toBe(200);
    const res = await page.get('/');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/connexion?suite=%2F');
  });

  it('"se déconnecter partout" ends every session of the account', async () => {
    const a = await Client.as(server.app, 'ccoms');
    const b = await Client.as(server.app, 'ccoms');
    expect((await a.request('DELETE', '/api/me/sessions')).statusCode).toBe(204);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect((await a.get('/api/me')).statusCode).toBe(401);
  });

  it('a deleted account’s cookie never signs in as the account created after it (identifiers are not reused)', async () => {
    await server.app.services.users.create(SYSTEM_USER, { email: 'ephemere@test.fr', password: GOOD, role: 'ccoms' });
    const gone = new Client(server.app);
    await gone.login('ephemere@test.fr', GOOD);
    const goneId = (await gone.get('/api/me')).json().user.id;
    await server.app.db.deleteFrom('users').where('id', '=', goneId).execute();
    const next = await server.app.services.users.create(SYSTEM_USER, { email: 'suivant@test.fr', password: GOOD, role: 'admin' });
    expect(next.id).toBeGreaterThan(goneId);
    expect((await gone.get('/api/me')).statusCode).toBe(401);
    expect((await gone.get('/api/users')).statusCode).toBe(401);
    await server.app.db.deleteFrom('users').where('id', '=', next.id).execute();
  });
});

describe('the last active admin', () => {
  it('can be neither disabled nor demoted', async () => {
    const id = (await admin.get('/api/me')).json().user.id;
    expect((await admin.post(`/api/users/${id}/disable`)).json().message).toBe('Vous ne pouvez pas désactiver votre propre compte.');
    const res = await admin.patch(`/api/users/${id}`, { role: 'ccoms' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/^C’est le dernier compte d’administration actif/);
    expect((await admin.get('/api/me')).json().user.role).toBe('admin');
  });
});

describe('signing in', () => {
  it('accepts JSON only: a form-encoded (cross-site) post signs nobody in', async () => {
    const client = new Client(server.app);
    const res = await client.request('POST', '/api/session', `email=${encodeURIComponent(WORLD.users.admin.email)}&password=${encodeURIComponent(PASSWORD)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toMatch(/corps JSON/);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE && c.value)).toBeUndefined();
    const plain = await client.request('POST', '/api/session', JSON.stringify({ email: WORLD.users.admin.email, password: PASSWORD }), { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
  });

  it('locks an account after 5 failures, even for the right password, in French; other accounts are not held', async () => {
    const locked = await startTestServer({ loginLock: { accountFailures: 5, addressFailures: 1000, seconds: 1 } });
    await seedWorld(locked);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await new Client(locked.app).login(WORLD.users.arsR1.email, `faux-${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    const right = await new Client(locked.app).login(WORLD.users.arsR1.email, PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().message).toMatch(/^Trop d’échecs de connexion pour ce compte : il est verrouillé pendant 1 minute/);
    // The same answer for an address without account: the lock tells nothing about who exists.
    for (let i = 0; i < 5; i++) await new Client(locked.app).login('inconnu@test.fr', 'faux');
    expect((await new Client(locked.app).login('inconnu@test.fr', 'faux')).json().message).toBe(right.json().message);
    expect((await new Client(locked.app).login(WORLD.users.arsR2.email, PASSWORD)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await new Client(locked.app).login(WORLD.users.arsR1.email, PASSWORD)).statusCode).toBe(200);
    await locked.close();
  });

  it('locks an address after many failures on any accounts', async () => {
    const locked = await startTestServer({ loginLock: { accountFailures: 100, addressFailures: 3, seconds: 60 } });
    await seedWorld(locked);
    for (const who of ['a@test.fr', 'b@test.fr']) expect((await new Client(locked.app).login(who, 'faux')).statusCode).toBe(401);
    expect((await new Client(locked.app).login('c@test.fr', 'faux')).json().message).toMatch(/^Trop d’échecs de connexion depuis votre adresse/);
    expect((await new Client(locked.app).login(WORLD.users.admin.email, PASSWORD)).statusCode).toBe(429);
    await locked.close();
  });

  it('behind one trusted proxy, a forged X-Forwarded-For does not escape the per-address limit', async () => {
    const proxied = await startTestServer({ trustProxy: 1, loginMaxPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 5; i++) {
      // The client forges the first entry; the proxy appends the address it saw.
      const res = await new Client(proxied.app).request('POST', '/api/session', { email: `x${i}@test.fr`, password: 'faux' }, { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    // Another real client (another address appended by the proxy) is not held.
    expect((await new Client(proxied.app).request('POST', '/api/session', { email: 'y@test.fr', password: 'faux' }, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(401);
    await proxied.close();
    // Without TRUST_PROXY the header is ignored altogether.
    const direct = await startTestServer({ loginMaxPerMinute: 2 });
    const direct3 = [];
    for (let i = 0; i < 3; i++) direct3.push((await new Client(direct.app).request('POST', '/api/session', { email: 'z@test.fr', password: 'faux' }, { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
    expect(direct3).toEqual([401, 401, 429]);
    await direct.close();
  });

  it('after signing in, `suite` leads only to a path of the application', async () => {
    const page = new PageClient(server.app);
    const form = await page.get('/connexion?suite=/%09/evil.example');
    expect(form.body).toContain('name="suite" value="/"');
    for (const suite of ['/\t/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example/', '/%2F/evil.example']) {
      const c = new PageClient(server.app);
      await c.get('/connexion');
      const res = await c.post('/connexion', { email: WORLD.users.ccoms.email, password: PASSWORD, suite });
      expect(res.statusCode, suite).toBe(303);
      expect(res.headers.location, suite).toBe(suite === '/%2F/evil.example' ? '/%2F/evil.example' : '/');
    }
    const c = new PageClient(server.app);
    await c.get('/connexion');
    expect((await c.post('/connexion', { email: WORLD.users.ccoms.email, password: PASSWORD, suite: '/suivi?annee=2025#x' })).headers.location).toBe('/suivi?annee=2025#x');
  });
});
