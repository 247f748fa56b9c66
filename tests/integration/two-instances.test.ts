/**
 * Two server processes (server/main.ts, as deployed behind a load balancer)
 * on one PostgreSQL database: started together on an empty database, they
 * migrate and load the demonstration once; then any instance serves any
 * request — a session opened on A works on B, saves on A and B at the same
 * version give one 200 and one 409, a bilan submitted through A shows on the
 * dashboard B serves, a logout on A ends the session on B, and the mail
 * queue that both instances' workers poll sends each mail once.
 * PostgreSQL only: SQLite is one process's file.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../server/db/connection.ts';
import { DEMO_ACCOUNTS, DEMO_CLSM, DEMO_YEAR } from '../../server/demo/seed.ts';
import { migrationProvider } from '../../server/migrations/index.ts';
import { createPostgresDatabase, dropPostgresDatabase, onPostgres, postgresUrl } from '../support/database.ts';
import { HttpSession, startInstance, type Instance } from '../support/instance.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { completeAnswers } from './support/server.ts';

const [ADMIN, , ARS, COORD] = DEMO_ACCOUNTS;
const BILAN = `/api/bilans/${DEMO_CLSM}/${DEMO_YEAR}`;

describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  let name: string;
  let a: Instance;
  let b: Instance;
  let database: OpenedDatabase;
  let smtp: TestSmtp;

  beforeAll(async () => {
    name = await createPostgresDatabase('bilan_deux_instances');
    smtp = await startSmtp();
    const env = {
      DATABASE_URL: postgresUrl(name),
      DATABASE_POOL_SIZE: '5',
      NODE_ENV: 'production',
      SESSION_SECRET: 'un-secret-partage-par-les-instances',
      DEMO: 'true',
      // Both workers poll the queue often: they race for every mail.
      SMTP_URL: smtp.url,
      MAIL_WORKER_INTERVAL_MS: '50',
    };
    // Started together, on an empty database.
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    database = openDatabase({ databasePath: '', databaseUrl: postgresUrl(name) });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await database?.db.destroy();
    if (name) await dropPostgresDatabase(name);
  });

  it('started together on an empty database: migrated once, the demonstration loaded once', async () => {
    const seeded = [a, b].filter((i) => i.output().includes('chargement des données de démonstration'));
    expect(seeded).toHaveLength(1);
    const { rows: migrations } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    expect(migrations.map((m) => m.name)).toEqual(Object.keys(await migrationProvider.getMigrations()).sort());
    const users = await database.db.selectFrom('users').select('email').orderBy('email').execute();
    expect(users.map((u) => u.email)).toEqual(DEMO_ACCOUNTS.map((x) => x.email).sort());
    const created = await database.db.selectFrom('audit_log').select('id').where('entity', '=', 'campagne').where('entity_id', '=', String(DEMO_YEAR)).where('action', '=', 'creation').execute();
    expect(created).toHaveLength(1);
    for (const instance of [a, b]) expect((await fetch(`${instance.url}/api/health`)).status).toBe(200);
  });

  it('a session opened on A works on B, its CSRF token too', async () => {
    const coord = new HttpSession();
    expect(await coord.login(a.url, COORD.email, COORD.password)).toBe(200);
    const me = await coord.request(b.url, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.json().user.email).toBe(COORD.email);
    // A write on B with the token A gave.
    const other = new HttpSession();
    other.cookie = coord.cookie;
    expect((await other.request(b.url, 'PUT', BILAN, { answers: { copil_existe: 'oui' }, version: 0 })).status).toBe(403);
    expect((await coord.request(b.url, 'PUT', BILAN, { answers: { copil_existe: 'oui' }, version: 0 })).status).toBe(200);
  });

  it('saves on A and on B at the same version: one 200, one 409, every time', async () => {
    const coord = new HttpSession();
    await coord.login(b.url, COORD.email, COORD.password);
    for (let round = 0; round < 5; round++) {
      const { version } = (await coord.request(a.url, 'GET', BILAN)).json();
      const [onA, onB] = await Promise.all([
        coord.request(a.url, 'PUT', BILAN, { answers: { copil_nb_reunions: 10 + round }, version }),
        coord.request(b.url, 'PUT', BILAN, { answers: { copil_nb_reunions: 20 + round }, version }),
      ]);
      expect([onA.status, onB.status].sort(), `tour ${round}`).toEqual([200, 409]);
      const winner = onA.status === 200 ? 10 + round : 20 + round;
      const loser = onA.status === 409 ? onA : onB;
      expect(loser.json().current.version).toBe(version + 1);
      expect(loser.json().current.answers.copil_nb_reunions).toBe(winner);
      const stored = (await coord.request(b.url, 'GET', BILAN)).json();
      expect(stored.version).toBe(version + 1);
      expect(stored.answers.copil_nb_reunions).toBe(winner);
    }
  });

  it('a bilan submitted through A shows on the dashboard B serves, on the next request', async () => {
    const ars = new HttpSession();
    expect(await ars.login(b.url, ARS.email, ARS.password)).toBe(200);
    const count = async () => {
      const page = (await ars.request(b.url, 'GET', `/tableaux-de-bord?annee=${DEMO_YEAR}`)).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      return page.includes('Aucun bilan envoyé') ? 0 : Number(/(\d+) bilans? dans la sélection/.exec(page)?.[1]);
    };
    const before = await count();
    expect(await count()).toBe(before); // B's cache is warm.

    const coord = new HttpSession();
    await coord.login(a.url, COORD.email, COORD.password);
    const { version } = (await coord.request(a.url, 'GET', BILAN)).json();
    const saved = await coord.request(a.url, 'PUT', BILAN, { answers: completeAnswers(DEMO_YEAR), version });
    expect(saved.status, saved.text).toBe(200);
    const submitted = await coord.request(a.url, 'POST', `${BILAN}/submit`, { version: saved.json().version });
    expect(submitted.status, submitted.text).toBe(200);

    expect(await count()).toBe(before + 1);
    // And the follow-up B serves to the admin says so too.
    const admin = new HttpSession();
    await admin.login(b.url, ADMIN.email, ADMIN.password);
    const suivi = (await admin.request(b.url, 'GET', `/api/campagnes/${DEMO_YEAR}/suivi`)).json();
    expect(suivi.clsm.find((r: { clsm_id: string }) => r.clsm_id === DEMO_CLSM).statut).toBe('soumis');
  });

  it('logout on A: the same cookie is refused on B', async () => {
    const coord = new HttpSession();
    expect(await coord.login(a.url, COORD.email, COORD.password)).toBe(200);
    const kept = new HttpSession();
    kept.cookie = coord.cookie;
    expect((await kept.request(b.url, 'GET', '/api/me')).status).toBe(200);
    expect((await coord.request(a.url, 'DELETE', '/api/session')).status).toBe(204);
    expect((await kept.request(b.url, 'GET', '/api/me')).status).toBe(401);
    expect((await kept.request(a.url, 'GET', '/api/me')).status).toBe(401);
  });

  it('mails queued through both instances are each sent once, though both workers poll the queue', async () => {
    const admin = new HttpSession();
    expect(await admin.login(a.url, ADMIN.email, ADMIN.password)).toBe(200);
    const invited = Array.from({ length: 12 }, (_, i) => `invite-${i}@deux-instances.test`);
    const created = await Promise.all(invited.map((email, i) => admin.request(i % 2 ? b.url : a.url, 'POST', '/api/users/invitations', { email, role: 'ccoms' })));
    expect(created.map((r) => r.status)).toEqual(invited.map(() => 201));
    for (const email of invited) await smtp.waitFor((m) => m.to.includes(email), 30_000);
    // Let every worker make a few more passes: nothing more may leave.
    for (;;) {
      const busy = await database.db.selectFrom('mail_queue').select('id').where('statut', 'in', ['pending', 'sending']).execute();
      if (busy.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const email of invited) expect(smtp.to(email), email).toHaveLength(1);
    const queue = await database.db.selectFrom('mail_queue').select(['statut', 'attempts']).execute();
    expect(queue.every((m) => m.statut === 'sent' && m.attempts === 1)).toBe(true);
    expect(smtp.mails).toHaveLength(queue.length);
  });
});
