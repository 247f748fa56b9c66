/**
 * Reminders (API, pages' service, CLI and schedule), workflow notifications
 * (returned, validated, submitted with the ARS digest) read on a real SMTP
 * server, and the campagne's dates (closing date, prolongation, reopening).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/program.ts';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { todayInFrance } from '../../server/domain/workflow.ts';
import { listAudit } from '../../server/repositories/audit.repository.ts';
import { firstLink, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { databaseEnv } from '../support/database.ts';
import { Client, completeAnswers, PASSWORD, seedWorld, startTestServer, type TestServer } from './support/server.ts';
import { formatDateTime } from '../../web/components.ts';
import { PageClient, text } from './web.helpers.ts';

const MULTI = 'coord-multi@test.fr';
const COORD_A2 = 'coord-a2@test.fr';
const day = (offset: number) => new Date(Date.parse(`${todayInFrance()}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

async function world(server: TestServer) {
  await seedWorld(server);
  const { services } = server.app;
  await services.clsm.create(SYSTEM_USER, { id: 'a3', nom: 'CLSM A3', region: '11', departement: '93', statut: 'actif' });
  await services.users.create(SYSTEM_USER, { email: COORD_A2, password: PASSWORD, role: 'coordinateur', clsmIds: ['a2'] });
  // A coordinator of a CLSM in each région: a reminder about one never mentions the other.
  await services.users.create(SYSTEM_USER, { email: MULTI, password: PASSWORD, role: 'coordinateur', clsmIds: ['a1', 'b1'] });
}

/** A fresh test server with its world, mailing to an in-process SMTP server (one per describe). */
function smtpWorld(): { smtp: TestSmtp; server: TestServer } {
  const t = {} as { smtp: TestSmtp; server: TestServer };
  beforeAll(async () => {
    t.smtp = await startSmtp();
    t.server = await startTestServer({ mail: { smtpUrl: t.smtp.url } });
    await world(t.server);
  });
  afterAll(async () => {
    await t.server.close();
    await t.smtp.close();
  });
  return t;
}

/** Runs the CLI on the test server's database, mails to the test SMTP server. */
async function cli(server: TestServer, smtp: TestSmtp, args: string[]) {
  const saved = { ...process.env };
  Object.assign(process.env, { ...databaseEnv(server.config), SESSION_SECRET: 'secret-de-test-pour-la-cli-0123', SMTP_URL: smtp.url, PUBLIC_URL: 'http://bilan-clsm.test', LOG_LEVEL: 'silent' });
  let out = '';
  let err = '';
  try {
    const code = await runCli(args, { out: (t) => (out += String(t)), err: (t) => (err += t) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

describe('reminders', () => {
  const t = smtpWorld();
  const sent = () => t.server.app.services.mail.processQueue();

  it('an ARS reminds exactly the coordinators of the selected CLSM of its région, one mail about each CLSM', async () => {
    const ars = await Client.as(t.server.app, 'arsR1');
    const dry = await ars.post('/api/campagnes/2025/relances', { clsm_ids: ['a1'], dry_run: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ envoyes: 0, destinataires: ['coord-a1@test.fr', MULTI] });
    expect(await sent()).toMatchObject({ sent: 0 });

    const res = await ars.post('/api/campagnes/2025/relances', { clsm_ids: ['a1'], message: 'Merci de le compléter avant la réunion du 12.' });
    expect(res.json()).toMatchObject({ envoyes: 2, destinataires: ['coord-a1@test.fr', MULTI], clsm: [{ clsm_id: 'a1', statut: 'non_commence' }] });
    await sent();
    expect(t.smtp.mails.map((m) => m.to.join()).sort()).toEqual(['coord-a1@test.fr', MULTI]);
    for (const m of t.smtp.mails) {
      expect(m.subject).toBe('Bilan 2025 du CLSM A1 : rappel');
      expect(firstLink(m)).toBe('http://bilan-clsm.test/bilans/a1/2025');
      expect(m.text).toContain('Message de votre ARS : Merci de le compléter avant la réunion du 12.');
      expect(m.text).not.toContain('B1');
    }
  });

  it('outside its scope: a CLSM of another région is refused and nothing is sent; without a selection, its whole scope', async () => {
    const before = t.smtp.mails.length;
    const ars = await Client.as(t.server.app, 'arsR1');
    expect((await ars.post('/api/campagnes/2025/relances', { clsm_ids: ['a1', 'b1'] })).statusCode).toBe(404);
    expect(await sent()).toMatchObject({ sent: 0 });
    const all = (await ars.post('/api/campagnes/2025/relances', {})).json();
    expect(all.clsm.map((c: { clsm_id: string }) => c.clsm_id)).toEqual(['a1', 'a3', 'a2']);
    expect(all.sans_destinataire).toEqual(['a3']);
    await sent();
    const got = t.smtp.mails.slice(before);
    expect(got.map((m) => `${m.to.join()} ${m.subject}`).sort()).toEqual([
      'coord-a1@test.fr Bilan 2025 du CLSM A1 : rappel',
      `${COORD_A2} Bilan 2025 du CLSM A2 : rappel`,
      `${MULTI} Bilan 2025 du CLSM A1 : rappel`,
    ]);
    // The délégation of 94 reaches a2 only.
    const d2 = (await (await Client.as(t.server.app, 'arsD2')).post('/api/campagnes/2025/relances', { dry_run: true })).json();
    expect(d2.destinataires).toEqual([COORD_A2]);
  });

  it('the follow-up shows the last reminder (API, CSV and page agree), each reminder is audited, a received bilan is not reminded', async () => {
    const ars = await Client.as(t.server.app, 'arsR1');
    const api = (await ars.get('/api/campagnes/2025/suivi')).json();
    const byId = Object.fromEntries(api.clsm.map((c: { clsm_id: string; derniere_relance: string | null }) => [c.clsm_id, c.derniere_relance]));
    expect(Date.parse(byId.a1)).toBeGreaterThan(Date.now() - 60_000);
    expect(byId.a2).not.toBeNull();
    const csv = (await ars.get('/suivi.csv?annee=2025')).body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(Object.fromEntries(csv.slice(1).map((r) => [r[0], r[9]]))).toEqual({ a1: byId.a1, a2: byId.a2, a3: byId.a3 ?? '' });
    const page = new PageClient(t.server.app);
    await page.login('ars-r1@test.fr', PASSWORD);
    const row = /<tr data-clsm="a1">([\s\S]*?)<\/tr>/.exec((await page.get('/suivi?annee=2025')).body)![1]!;
    expect(text(row)).toContain(formatDateTime(byId.a1));
    const audit = await listAudit(t.server.app.db, 'campagne', '2025');
    expect(audit.filter((a) => a.action === 'relance').map((a) => a.variable)).toEqual(['a1', 'a1', 'a2']);
    const admin = await Client.as(t.server.app, 'admin');
    await admin.put('/api/bilans/a2/2025', { answers: completeAnswers(), version: 0 });
    await admin.post('/api/bilans/a2/2025/submit');
    const refused = await ars.post('/api/campagnes/2025/relances', { clsm_ids: ['a2'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/CLSM A2 : bilan soumis, pas de relance/);
    expect((await (await Client.as(t.server.app, 'ccoms')).post('/api/campagnes/2025/relances', {})).statusCode).toBe(403);
    expect((await (await Client.as(t.server.app, 'coordA1')).post('/api/campagnes/2025/relances', {})).statusCode).toBe(403);
  });

  it('the command line: --dry-run sends nothing, --region narrows, and the mails go out', async () => {
    const before = t.smtp.mails.length;
    const dry = await cli(t.server, t.smtp, ['relances', '--annee', '2025', '--region', '32', '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain('Simulation : 1 CLSM seraient relancés, 2 destinataire(s). Rien n’a été envoyé.');
    expect(dry.out).toContain(`b1 (non_commence) : coord-b1@test.fr, ${MULTI}`);
    expect(t.smtp.mails.length).toBe(before);
    const run = await cli(t.server, t.smtp, ['relances', '--annee', '2025', '--region', '32']);
    // The CLI also sends what was waiting (here, the submission mail of a2 to its ARS).
    expect(run.out).toMatch(/Courriels : \d+ envoyé\(s\)\./);
    expect(t.smtp.mails.slice(before).filter((m) => m.subject.endsWith('rappel')).map((m) => `${m.to.join()} ${m.subject}`).sort()).toEqual([`coord-b1@test.fr Bilan 2025 du CLSM B1 : rappel`, `${MULTI} Bilan 2025 du CLSM B1 : rappel`]);
    expect((await cli(t.server, t.smtp, ['relances'])).code).toBe(2);
  });

  it('`user invite` from the command line: the mail goes out at once', async () => {
    const res = await cli(t.server, t.smtp, ['user', 'invite', '--email', 'Nouveau@Test.fr', '--role', 'coordinateur', '--clsm', 'a3']);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/^Invitation créée : nouveau@test\.fr \(coordinateur, CLSM a3\) ; lien valable jusqu’au /);
    const mail = await t.smtp.waitFor((m) => m.to.includes('nouveau@test.fr'));
    expect(mail.text).toContain('Un compte vous a été créé sur Bilan CLSM');
  });

  it('the automatic schedule runs each step once, from cron', async () => {
    const admin = await Client.as(t.server.app, 'admin');
    expect((await admin.patch('/api/campagnes/2025', { closes_on: day(3), relances_jours: [14, 3] })).statusCode).toBe(200);
    const before = t.smtp.mails.length;
    const first = await cli(t.server, t.smtp, ['relances', '--planifiees']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('Campagne 2025 — étape J-3');
    const got = t.smtp.mails.slice(before);
    // Both steps were due (cron had not run at J-14): one reminder, to every coordinator still expected.
    expect(got.map((m) => m.to.join()).sort()).toEqual(['coord-a1@test.fr', 'coord-b1@test.fr', MULTI, MULTI]);
    const second = await cli(t.server, t.smtp, ['relances', '--planifiees']);
    expect(second.out).toContain('étapes 14, 3 déjà faites');
    expect(t.smtp.mails.length).toBe(before + got.length);
    expect((await t.server.app.db.selectFrom('relances').select('etape').where('etape', 'is not', null).execute()).map((r) => r.etape)).toEqual([3, 3]);
  });
});

describe('notifications', () => {
  const t = smtpWorld();
  const flush = async (now?: Date) => {
    await t.server.app.services.notifications.processDigests(now);
    await t.server.app.services.mail.processQueue(now ? { now } : {});
  };

  it('a submission is mailed at once to the ARS of its place; the next ones of the day wait for one digest', async () => {
    const coord = await Client.as(t.server.app, 'coordA1');
    expect((await coord.put('/api/bilans/a1/2025', { answers: completeAnswers(), version: 0 })).statusCode).toBe(200);
    expect((await coord.post('/api/bilans/a1/2025/submit')).statusCode).toBe(200);
    await flush();
    expect(t.smtp.mails.map((m) => `${m.to.join()} ${m.subject}`)).toEqual(['ars-r1@test.fr Bilan 2025 du CLSM A1 soumis : à relire']);
    expect(firstLink(t.smtp.mails[0]!)).toBe('http://bilan-clsm.test/bilans/a1/2025/relecture');
    const admin = await Client.as(t.server.app, 'admin');
    for (const id of ['a2', 'a3']) {
      await admin.put(`/api/bilans/${id}/2025`, { answers: completeAnswers(), version: 0 });
      await admin.post(`/api/bilans/${id}/2025/submit`);
    }
    await flush();
    // The délégation of 94 had no mail yet: a2 at once. The régional ARS waits.
    expect(t.smtp.mails.slice(1).map((m) => `${m.to.join()} ${m.subject}`)).toEqual(['ars-d2@test.fr Bilan 2025 du CLSM A2 soumis : à relire']);
    await flush(new Date(Date.now() + 25 * 3600_000));
    const digest = t.smtp.mails.slice(2);
    expect(digest.map((m) => `${m.to.join()} ${m.subject}`)).toEqual(['ars-r1@test.fr 2 bilans soumis : à relire']);
    expect(digest[0]!.text).toContain('CLSM A2, bilan 2025');
    expect(digest[0]!.text).toContain('CLSM A3, bilan 2025');
    expect(t.smtp.to('ars-r2@test.fr')).toEqual([]);
  });

  it('a return mails each coordinator of that CLSM with the comments; a validation too; nobody else', async () => {
    const before = t.smtp.mails.length;
    const ars = await Client.as(t.server.app, 'arsR1');
    const res = await ars.post('/api/bilans/a1/2025/return', { comments: [{ variable: 'copil_nb_reunions', message: 'Deux réunions seulement ? Merci de vérifier.' }, { variable: null, message: 'Le reste est complet.' }] });
    expect(res.statusCode, res.body).toBe(200);
    await flush();
    const returned = t.smtp.mails.slice(before);
    expect(returned.map((m) => m.to.join()).sort()).toEqual(['coord-a1@test.fr', MULTI]);
    for (const m of returned) {
      expect(m.subject).toBe('Bilan 2025 du CLSM A1 renvoyé pour correction');
      expect(firstLink(m)).toBe('http://bilan-clsm.test/bilans/a1/2025');
      expect(m.text).toContain('- Nombre de réunions du comité de pilotage : Deux réunions seulement ? Merci de vérifier.');
      expect(m.text).toContain('- Le reste est complet.');
    }
    const coord = await Client.as(t.server.app, 'coordA1');
    expect((await coord.post('/api/bilans/a1/2025/submit')).statusCode).toBe(200);
    expect((await ars.post('/api/bilans/a1/2025/validate')).statusCode).toBe(200);
    await flush();
    const validated = t.smtp.mails.filter((m) => m.subject === 'Bilan 2025 du CLSM A1 validé');
    expect(validated.map((m) => m.to.join()).sort()).toEqual(['coord-a1@test.fr', MULTI]);
    expect(t.smtp.to('coord-b1@test.fr')).toEqual([]);
    expect(t.smtp.to(COORD_A2)).toEqual([]);
  });
});

describe('the campagne’s dates', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await world(server);
    await server.app.services.campagnes.update(SYSTEM_USER, 2025, { opens_on: day(-60), closes_on: day(-1) });
  });
  afterAll(() => server.close());

  it('after the closing date a coordinator reads but cannot save nor submit (French message), the page says why', async () => {
    const coord = await Client.as(server.app, 'coordA1');
    expect((await coord.get('/api/bilans/a1/2025')).statusCode).toBe(200);
    const res = await coord.put('/api/bilans/a1/2025', { answers: { copil_existe: 'oui' }, version: 0 });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/^La campagne 2025 est close depuis le \d{1,2} \S+ \d{4} : le bilan peut être consulté mais plus modifié\. Votre ARS peut prolonger le délai de votre CLSM\.$/);
    expect((await coord.post('/api/bilans/a1/2025/submit')).statusCode).toBe(409);
    const page = new PageClient(server.app);
    await page.login('coord-a1@test.fr', PASSWORD);
    const body = text((await page.get('/bilans/a1/2025')).body);
    expect(body).toContain('Bilan en lecture seule');
    expect(body).toContain('est close depuis le');
  });

  it('a prolongation granted by the ARS reopens saving for that CLSM only; another région’s ARS cannot grant it', async () => {
    expect((await (await Client.as(server.app, 'arsR2')).request('PUT', '/api/campagnes/2025/prolongations/a1', { jusqu_au: day(7) })).statusCode).toBe(404);
    const ars = await Client.as(server.app, 'arsR1');
    expect((await ars.request('PUT', '/api/campagnes/2025/prolongations/a1', { jusqu_au: day(-2) })).json().message).toMatch(/au-delà de la clôture/);
    expect((await ars.request('PUT', '/api/campagnes/2025/prolongations/a1', { jusqu_au: day(7) })).statusCode).toBe(200);
    const coord = await Client.as(server.app, 'coordA1');
    const saved = await coord.put('/api/bilans/a1/2025', { answers: { copil_existe: 'oui' }, version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await coord.get('/api/bilans/a1/2025')).json().delai).toMatchObject({ date_limite: day(7), refus: null });
    expect((await (await Client.as(server.app, 'coordB1')).put('/api/bilans/b1/2025', { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(409);
    expect((await ars.request('DELETE', '/api/campagnes/2025/prolongations/a1')).statusCode).toBe(204);
    expect((await coord.put('/api/bilans/a1/2025', { answers: { copil_existe: 'non' }, version: 1 })).statusCode).toBe(409);
  });

  it('a bilan returned for correction, or reopened, after the closing date can still be corrected', async () => {
    const admin = await Client.as(server.app, 'admin');
    expect((await admin.put('/api/bilans/a2/2025', { answers: completeAnswers(), version: 0 })).statusCode).toBe(200);
    await admin.post('/api/bilans/a2/2025/submit');
    const ars = await Client.as(server.app, 'arsR1');
    await ars.post('/api/bilans/a2/2025/return', { comments: [{ variable: null, message: 'À compléter' }] });
    const coord = new Client(server.app);
    await coord.login(COORD_A2, PASSWORD);
    const view = (await coord.get('/api/bilans/a2/2025')).json();
    expect((await coord.put('/api/bilans/a2/2025', { answers: { copil_nb_reunions: 4 }, version: view.version })).statusCode).toBe(200);
    expect((await coord.post('/api/bilans/a2/2025/submit')).statusCode).toBe(200);
    await ars.post('/api/bilans/a2/2025/reopen');
    const reopened = (await coord.get('/api/bilans/a2/2025')).json();
    expect(reopened.permissions.save).toBe(true);
  });

  it('before the opening date nobody but the admin fills it in', async () => {
    await server.app.services.campagnes.create(SYSTEM_USER, { annee: 2026, opens_on: day(1), closes_on: day(90) });
    const res = await (await Client.as(server.app, 'coordB1')).put('/api/bilans/b1/2026', { answers: { copil_existe: 'oui' }, version: 0 });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/^La campagne 2026 ouvre le /);
    expect((await (await Client.as(server.app, 'admin')).put('/api/bilans/b1/2026', { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(200);
  });
});
