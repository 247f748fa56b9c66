/**
 * The mail queue: the outbox without SMTP (and its admin page), SMTP with
 * authentication read on the wire, retries with backoff after a refusal,
 * failures shown to the admin and sent again, a stuck server that never
 * holds a request, and two workers sending each mail once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { createServices } from '../../server/services/index.ts';
import { MAX_MAIL_ATTEMPTS } from '../../server/services/mail.service.ts';
import { firstLink, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { Client, PASSWORD, seedWorld, startTestServer, type TestServer } from './support/server.ts';
import { PageClient, text } from './web.helpers.ts';

const invite = (email: string) => ({ email, role: 'ccoms' as const });
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe('without SMTP_URL: the outbox', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
  });
  afterAll(() => server.close());

  it('writes each mail as an .eml file beside the database, listed on /admin/courriels with its link', async () => {
    await server.app.services.users.invite(SYSTEM_USER, invite('lecteur@test.fr'));
    expect(await server.app.services.mail.processQueue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [row] = await server.app.db.selectFrom('mail_queue').selectAll().execute();
    const file = join(server.config.mail.outboxDir, `courriel-${row!.id}.eml`);
    expect(server.config.mail.outboxDir.startsWith(join(server.config.databasePath, '..'))).toBe(true);
    expect(existsSync(file)).toBe(true);
    const eml = readFileSync(file, 'utf8');
    expect(eml).toMatch(/^To: lecteur@test\.fr$/m);
    expect(eml).toMatch(/multipart\/alternative/);
    const admin = new PageClient(server.app);
    await admin.login('admin@test.fr', PASSWORD);
    const list = await admin.get('/admin/courriels');
    expect(list.statusCode).toBe(200);
    expect(text(list.body)).toContain('Boîte d’envoi locale');
    expect(text(list.body)).toContain('lecteur@test.fr');
    const detail = await admin.get(`/admin/courriels/${row!.id}`);
    expect(detail.body).toMatch(/<a href="http:\/\/bilan-clsm\.test\/mot-de-passe\/choisir\?jeton=[A-Za-z0-9_-]+">/);
    const download = await admin.get(`/admin/courriels/${row!.id}/eml`);
    expect(download.headers['content-type']).toContain('message/rfc822');
    expect(download.body).toBe(eml);
    // The mail's link works: the invited person chooses a password.
    const token = /jeton=([A-Za-z0-9_-]+)/.exec(detail.body)![1]!;
    const res = await new Client(server.app).request('POST', '/api/session/password', { token, password: 'une phrase assez longue', password_confirmation: 'une phrase assez longue' });
    expect(res.statusCode).toBe(200);
  });
});

describe('over SMTP', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer({ mail: { smtpUrl: smtp.url, from: 'Bilan CLSM <bilan@clsm.test>' } });
    await seedWorld(server);
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  it('sends text and HTML, from MAIL_FROM, authenticated; the bodies are cleared once sent', async () => {
    await server.app.services.users.invite(SYSTEM_USER, invite('a@test.fr'));
    await server.app.services.mail.processQueue();
    const mail = await smtp.waitFor((m) => m.to.includes('a@test.fr'));
    expect(mail.from).toBe('bilan@clsm.test');
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: 'Bilan CLSM', address: 'bilan@clsm.test' });
    expect(firstLink(mail)).toMatch(/^http:\/\/bilan-clsm\.test\/mot-de-passe\/choisir\?jeton=/);
    expect(mail.html).toContain(firstLink(mail));
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const row = await server.app.db.selectFrom('mail_queue').selectAll().where('to_address', '=', 'a@test.fr').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ statut: 'sent', attempts: 1, text_body: null, html_body: null });
  });

  it('a refused mail is retried later, with a growing delay, then delivered once', async () => {
    smtp.rejectNext(2);
    await server.app.services.users.invite(SYSTEM_USER, invite('b@test.fr'));
    expect(await server.app.services.mail.processQueue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    let row = await server.app.db.selectFrom('mail_queue').selectAll().where('to_address', '=', 'b@test.fr').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ statut: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/451/);
    const firstDelay = Date.parse(row.next_attempt_at) - Date.now();
    expect(firstDelay).toBeGreaterThan(50_000);
    expect(firstDelay).toBeLessThan(61_000);
    // Not due yet: nothing happens.
    expect(await server.app.services.mail.processQueue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await server.app.services.mail.processQueue({ now: later(1.1) })).toEqual({ sent: 0, retried: 1, failed: 0 });
    row = await server.app.db.selectFrom('mail_queue').selectAll().where('to_address', '=', 'b@test.fr').executeTakeFirstOrThrow();
    expect(Date.parse(row.next_attempt_at) - later(1.1).getTime()).toBeGreaterThan(110_000); // 2 minutes after the second attempt
    expect(await server.app.services.mail.processQueue({ now: later(4) })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.to('b@test.fr')).toHaveLength(1);
  });

  it('after its last attempt a mail is failed, shown to the admin, and can be sent again', async () => {
    smtp.rejectNext(MAX_MAIL_ATTEMPTS);
    await server.app.services.users.invite(SYSTEM_USER, invite('c@test.fr'));
    let minutes = 0;
    for (let i = 1; i <= MAX_MAIL_ATTEMPTS; i++) {
      await server.app.services.mail.processQueue({ now: later(minutes) });
      minutes += 2 ** i;
    }
    const admin = await Client.as(server.app, 'admin');
    const failed = (await admin.get('/api/mails?statut=failed')).json();
    expect(failed.counts.failed).toBe(1);
    expect(failed.mails[0]).toMatchObject({ to_address: 'c@test.fr', statut: 'failed', attempts: MAX_MAIL_ATTEMPTS });
    expect(failed.mails[0].last_error).toMatch(/Boîte temporairement indisponible/);
    const page = new PageClient(server.app);
    await page.login('admin@test.fr', PASSWORD);
    expect(text((await page.get('/')).body)).toContain('1 courriel en échec');
    const list = await page.get('/admin/courriels?statut=failed');
    expect(text(list.body)).toContain('1 courriel en échec');
    const retry = await page.post(`/admin/courriels/${failed.mails[0].id}/nouvel-essai`, {});
    expect(retry.statusCode).toBe(303);
    expect(await server.app.services.mail.processQueue()).toMatchObject({ sent: 1 });
    expect(smtp.to('c@test.fr')).toHaveLength(1);
  });

  it('two workers (two instances) send each mail once', async () => {
    const other = createServices({ db: server.app.db, config: server.config });
    for (const e of ['d1', 'd2', 'd3', 'd4']) await server.app.services.users.invite(SYSTEM_USER, invite(`${e}@test.fr`));
    const runs = await Promise.all([server.app.services.mail.processQueue(), other.mail.processQueue(), server.app.services.mail.processQueue()]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(4);
    for (const e of ['d1', 'd2', 'd3', 'd4']) expect(smtp.to(`${e}@test.fr`), e).toHaveLength(1);
    other.mail.close();
  });
});

describe('a mail server that never answers', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let server: TestServer;
  beforeAll(async () => {
    // Accepts connections and says nothing: an SMTP server stuck before its greeting.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    server = await startTestServer({ mail: { smtpUrl: `smtp://127.0.0.1:${port}`, workerIntervalMs: 20 } });
    await seedWorld(server);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    silent.close();
    await server.close();
  });

  it('never holds a request: the invitation answers at once while the worker waits on the server', async () => {
    const admin = await Client.as(server.app, 'admin');
    const started = Date.now();
    const res = await admin.post('/api/users/invitations', { email: 'patient@test.fr', role: 'ccoms' });
    expect(res.statusCode).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    // The worker has taken it and is waiting on the silent server.
    for (let i = 0; i < 50 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sockets.length).toBeGreaterThan(0);
    const row = await server.app.db.selectFrom('mail_queue').select(['statut']).where('to_address', '=', 'patient@test.fr').executeTakeFirstOrThrow();
    expect(row.statut).toBe('sending');
    // Other requests go on meanwhile.
    expect((await admin.get('/api/users')).statusCode).toBe(200);
  });
});
