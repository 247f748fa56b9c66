/**
 * Personal data (issue 16): the footer's legal pages signed out, a person's
 * download of their own data, an account's anonymisation, exports without
 * personal data unless an admin asks, and retention (`purge`): the real run
 * removes exactly what the dry run listed.
 */
import { mkdirSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, loadConfig } from '../../server/config.ts';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { personalDataInventory, personalDataMarkdown } from '../../server/domain/personal-data.ts';
import { outboxFile } from '../../server/mail/transport.ts';
import { FIXED_PERIODS, PURGE_KINDS } from '../../server/services/personal-data.service.ts';
import { purgeText } from '../../server/cli/purge-text.ts';
import { runCli } from '../../server/cli/program.ts';
import { databaseEnv } from '../support/database.ts';
import { Client, completeAnswers, seedWorld, startTestServer, WORLD, worldUser, type TestServer } from './support/server.ts';

const YEAR = 2025;

describe('the footer’s legal pages', () => {
  let server: TestServer;
  beforeAll(async () => {
    const site = loadConfig({ ...process.env, NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(20), PUBLISHER_NAME: 'ARS Bretagne', HOSTING_PROVIDER: 'Hébergeur Exemple SAS', DPO_CONTACT: 'dpo@ars-bretagne.test', RETENTION_AUDIT_MONTHS: '24' });
    server = await startTestServer({ site: site.site, retention: site.retention });
  });
  afterAll(() => server.close());

  it('every page links the four pages from its footer, and each opens signed out with this deployment’s text', async () => {
    const anonymous = new Client(server.app);
    const home = (await anonymous.get('/connexion')).body;
    for (const href of ['/accessibilite', '/mentions-legales', '/donnees-personnelles', '/gestion-des-cookies']) expect(home).toContain(`class="fr-footer__bottom-link" href="${href}"`);
    const pages = Object.fromEntries(await Promise.all(['/accessibilite', '/mentions-legales', '/donnees-personnelles', '/gestion-des-cookies'].map(async (u) => [u, await anonymous.get(u)] as const)));
    for (const [url, res] of Object.entries(pages)) expect(res.statusCode, url).toBe(200);
    expect(pages['/mentions-legales']!.body).toContain('ARS Bretagne');
    expect(pages['/mentions-legales']!.body).toContain('Hébergeur Exemple SAS');
    // The variables left unset are named, so that whoever deploys sees what to fill in.
    expect(pages['/mentions-legales']!.body).toMatch(/PUBLISHER_ADDRESS, PUBLICATION_DIRECTOR/);
    expect(pages['/accessibilite']!.body).toContain('non conforme');
    expect(pages['/accessibilite']!.body).toContain('Défenseur des droits');
    expect(pages['/donnees-personnelles']!.body).toContain('dpo@ars-bretagne.test');
    expect(pages['/donnees-personnelles']!.body).toContain('de plus de 24 mois retiré');
    expect(pages['/gestion-des-cookies']!.body).toContain('bilan_clsm_session');
    // The inventory the page shows is the data, category by category.
    for (const c of server.app.services.personalData.inventory()) expect(pages['/donnees-personnelles']!.body, c.id).toContain(`id="donnees-${c.id}"`);
    expect((await anonymous.get('/donnees-personnelles?utm_source=courriel')).statusCode).toBe(200);
  });

  it('the only cookie a visitor gets is the session cookie, and the pages load nothing from another site', async () => {
    const res = await new Client(server.app).get('/connexion');
    expect(res.cookies.map((c) => c.name)).toEqual(['bilan_clsm_session']);
    for (const url of ['/accessibilite', '/donnees-personnelles', '/gestion-des-cookies', '/connexion']) {
      const body = (await new Client(server.app).get(url)).body;
      expect(body.match(/(?:src|href)="https?:\/\/[^"]+"/g)?.filter((a) => a.startsWith('src')) ?? [], url).toEqual([]);
      expect(body.match(/<link [^>]*href="https?:/g) ?? [], url).toEqual([]);
    }
  });

  it('docs/personal-data.md lists what the inventory lists, with the default periods', () => {
    const doc = readFileSync(new URL('../../docs/personal-data.md', import.meta.url), 'utf8');
    const section = /<!-- inventaire:debut[^>]*-->\n([\s\S]*?)<!-- inventaire:fin -->/.exec(doc)?.[1];
    expect(section, 'docs/personal-data.md: the section between the inventaire markers (npm run cli -- donnees-personnelles)').toBe(personalDataMarkdown(personalDataInventory(DEFAULT_RETENTION, FIXED_PERIODS)));
  });
});

describe('personal data of the test world', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
  });
  afterAll(() => server.close());

  it('a person downloads their account, sessions and audit entries, and nothing about anyone else', async () => {
    const coord = await Client.as(server.app, 'coordA1');
    expect((await coord.put(`/api/bilans/a1/${YEAR}`, { answers: { copil_existe: 'oui' }, version: 0 })).statusCode).toBe(200);
    // The admin invites someone and changes coord B1: entries the admin made, about other people.
    const admin = await Client.as(server.app, 'admin');
    expect((await admin.post('/api/users/invitations', { email: 'nouvelle@test.fr', role: 'coordinateur', clsm_ids: ['a1'] })).statusCode).toBe(201);

    const res = await coord.get('/api/moi/donnees');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?mes-donnees-bilan-clsm-\d+-\d{4}-\d{2}-\d{2}\.json"?$/);
    const data = res.json();
    expect(data.compte).toMatchObject({ adresse_electronique: WORLD.users.coordA1.email, role: 'coordinateur', clsm: [{ id: 'a1', nom: 'CLSM A1' }] });
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    expect(data.journal.mes_actions.some((e: { objet: string; identifiant: string; variable: string; nouvelle_valeur: unknown }) => e.objet === 'bilan' && e.variable === 'copil_existe' && e.nouvelle_valeur === 'oui')).toBe(true);
    const text = res.body;
    for (const other of ['admin@test.fr', 'coord-b1@test.fr', 'ars-r1@test.fr', 'nouvelle@test.fr', '$argon2']) expect(text, other).not.toContain(other);

    // The admin's own download names the entries it made about others, without their details.
    const own = (await admin.get('/api/moi/donnees')).json();
    expect(own.journal.mes_actions.some((e: { action: string }) => e.action === 'invitation')).toBe(true);
    expect(JSON.stringify(own)).not.toContain('nouvelle@test.fr');

    // The same file from « Mon compte ».
    const page = await coord.get('/mon-compte');
    expect(page.body).toContain('href="/mon-compte/donnees"');
    const file = await coord.get('/mon-compte/donnees');
    expect(file.statusCode).toBe(200);
    expect(file.json().compte.adresse_electronique).toBe(WORLD.users.coordA1.email);
    expect((await new Client(server.app).get('/api/moi/donnees')).statusCode).toBe(401);
  });

  it('an admin anonymises an account: « Compte anonymisé n° X », sessions ended, bilans and audit trail kept, the identifier never reused', async () => {
    const coord = await Client.as(server.app, 'coordB1');
    const saved = await coord.put(`/api/bilans/b1/${YEAR}`, { answers: completeAnswers(YEAR), version: 0 });
    expect(saved.statusCode).toBe(200);
    expect((await coord.post(`/api/bilans/b1/${YEAR}/submit`, { version: saved.json().version })).statusCode).toBe(200);
    const { id } = await worldUser(server.app, 'coordB1');
    const auditBefore = await server.app.db.selectFrom('audit_log').select(['id', 'user_id']).where('user_id', '=', id).execute();
    expect(auditBefore.length).toBeGreaterThan(0);

    const ars = await Client.as(server.app, 'arsR2');
    expect((await ars.post(`/api/users/${id}/anonymisation`)).statusCode).toBe(403);
    const admin = await Client.as(server.app, 'admin');
    const adminId = (await worldUser(server.app, 'admin')).id;
    expect((await admin.post(`/api/users/${adminId}/anonymisation`)).statusCode).toBe(400);

    // Through the page: a confirmation, then the anonymisation.
    const confirm = await admin.get(`/admin/comptes/${id}/anonymisation`);
    expect(confirm.body).toContain('Anonymiser définitivement');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const done = await admin.request('POST', `/admin/comptes/${id}/anonymisation`, `_csrf=${encodeURIComponent(csrf)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(done.statusCode).toBe(303);
    expect((await admin.get(done.headers.location as string)).body).toContain(`Compte anonymisé n° ${id}`);

    // The person's session ended; the address is gone from every table; the bilan and the entries remain.
    expect((await coord.get('/api/me')).statusCode).toBe(401);
    const row = await server.app.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: `Compte anonymisé n° ${id}`, password_hash: null });
    expect(row.anonymised_at).not.toBeNull();
    for (const table of ['audit_log', 'mail_queue', 'login_failures', 'notifications'] as const) {
      const dump = JSON.stringify(await server.app.db.selectFrom(table).selectAll().execute());
      expect(dump, table).not.toContain(WORLD.users.coordB1.email);
    }
    expect((await new Client(server.app).login(WORLD.users.coordB1.email, 'mot-de-passe-de-test')).statusCode).toBe(401);
    const auditAfter = await server.app.db.selectFrom('audit_log').select(['id', 'user_id']).where('user_id', '=', id).execute();
    expect(auditAfter).toEqual(auditBefore);
    const history = await admin.get(`/api/bilans/b1/${YEAR}/historique`);
    expect(history.json().some((e: { user_email: string }) => e.user_email === `Compte anonymisé n° ${id}`)).toBe(true);
    expect((await admin.get(`/api/bilans/b1/${YEAR}`)).json().statut).toBe('soumis');

    // Final: no second anonymisation, no reactivation; the same address gets a new identifier.
    expect((await admin.post(`/api/users/${id}/anonymisation`)).statusCode).toBe(409);
    expect((await admin.post(`/api/users/${id}/enable`)).statusCode).toBe(409);
    const again = await admin.post('/api/users/invitations', { email: WORLD.users.coordB1.email, role: 'coordinateur', clsm_ids: ['b1'] });
    expect(again.statusCode).toBe(201);
    expect(again.json().account.id).toBeGreaterThan(id);
  });

  it('exports leave out the coordinator’s profile and free texts unless an admin asks, and that request is audited', async () => {
    const admin = await Client.as(server.app, 'admin');
    const header = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n')[0]!.split(';');
    const plain = header((await admin.get(`/api/export?annee=${YEAR}`)).body);
    expect(plain).toContain('copil_existe');
    expect(plain).toContain('classe_anciennete');
    for (const hidden of ['coord_niveau_diplome', 'coord_annee_prise_poste', 'coord_employeur', 'effets_ville']) expect(plain, hidden).not.toContain(hidden);
    const auditCount = async () => (await server.app.db.selectFrom('audit_log').select('id').where('entity', '=', 'export').execute()).length;
    expect(await auditCount()).toBe(0);

    const full = header((await admin.get(`/api/export?annee=${YEAR}&inclure_donnees_personnelles=oui`)).body);
    for (const shown of ['coord_niveau_diplome', 'coord_annee_prise_poste', 'effets_ville']) expect(full, shown).toContain(shown);
    expect(await auditCount()).toBe(1);

    const ccoms = await Client.as(server.app, 'ccoms');
    expect(header((await ccoms.get('/api/export')).body)).not.toContain('coord_niveau_diplome');
    const refused = await ccoms.get('/api/export?inclure_donnees_personnelles=oui');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('administration');
    expect((await admin.get('/api/export?inclure_donnees_personnelles=peut-etre')).statusCode).toBe(400);
  });
});

describe('retention: npm run cli -- purge', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedWorld(server);
  });
  afterAll(() => server.close());

  it('the real run removes exactly what the dry run listed, and nothing before the periods end', async () => {
    const { app, config } = server;
    const db = app.db;
    const admin = await worldUser(app, 'admin');
    // Activity now: a draft, an invitation (mail in the outbox), a disabled ARS account, sign-ins.
    const coord = await Client.as(app, 'coordA1');
    await coord.put(`/api/bilans/a1/${YEAR}`, { answers: { copil_existe: 'oui' }, version: 0 });
    await app.services.users.invite(admin, { email: 'jamais-venue@test.fr', role: 'coordinateur', clsmIds: ['a1'] });
    await app.services.users.invite(admin, { email: 'recente@test.fr', role: 'coordinateur', clsmIds: ['a1'] });
    const arsR2 = await worldUser(app, 'arsR2');
    await app.services.users.setDisabled(admin, arsR2.id, true);
    await app.services.mail.processQueue();
    await new Client(app).login('coord-b1@test.fr', 'faux-mot-de-passe');

    const now = new Date();
    const nothing = await app.services.personalData.purge(SYSTEM_USER, { dryRun: true, now });
    expect(nothing.counts).toMatchObject({ comptes: 0, journal: 0, courriels: 0, fichiers: 0 });

    // Move dates back past every period: the disabled account, one invitation, the audit entries and the mails.
    const old = (months: number) => new Date(now.getTime() - months * 31 * 24 * 3600_000).toISOString();
    await db.updateTable('users').set({ disabled_at: old(13) }).where('id', '=', arsR2.id).execute();
    await db.updateTable('users').set({ invited_at: old(4) }).where('email', '=', 'jamais-venue@test.fr').execute();
    // `at` is never updated by the application (the type says so): only this test moves time.
    await db.updateTable('audit_log').set({ at: old(40) } as never).execute();
    await db.updateTable('mail_queue').set({ sent_at: old(7), created_at: old(7) }).execute();
    await db.updateTable('sessions').set({ expires_at: old(1) }).where('user_id', '=', (await worldUser(app, 'coordA1')).id).execute();
    await db.updateTable('login_failures').set({ first_at: old(1) }).execute();
    // An outbox file left without its mail row, old, and a recent one.
    mkdirSync(config.mail.outboxDir, { recursive: true });
    const orphan = outboxFile(config.mail.outboxDir, 9_999);
    writeFileSync(orphan, 'Subject: ancien\r\n\r\nancien');
    const oldTime = new Date(old(7));
    utimesSync(orphan, oldTime, oldTime);
    const recent = outboxFile(config.mail.outboxDir, 9_998);
    writeFileSync(recent, 'Subject: recent\r\n\r\nrecent');

    const state = async () => ({
      users: await db.selectFrom('users').select(['id', 'email', 'anonymised_at']).orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select(['id', 'old_value', 'new_value']).orderBy('id').execute(),
      mails: (await db.selectFrom('mail_queue').select('id').orderBy('id').execute()).map((r) => r.id),
      sessions: (await db.selectFrom('sessions').select('id').orderBy('id').execute()).map((r) => r.id),
      tokens: (await db.selectFrom('account_tokens').select('id').orderBy('id').execute()).map((r) => r.id),
      failures: (await db.selectFrom('login_failures').select('key').orderBy('key').execute()).map((r) => r.key),
      files: [orphan, recent, ...(await db.selectFrom('mail_queue').select('id').execute()).map((m) => outboxFile(config.mail.outboxDir, m.id))].filter((f) => existsSync(f)).sort(),
    });

    const before = await state();
    const dry = await app.services.personalData.purge(SYSTEM_USER, { dryRun: true, now });
    expect(await state()).toEqual(before);
    const ids = (await db.selectFrom('users').select(['id', 'email']).execute()).filter((u) => ['jamais-venue@test.fr', WORLD.users.arsR2.email].includes(u.email)).map((u) => u.id).sort((a, b) => a - b);
    expect(dry.ids.comptes).toEqual(ids);
    for (const kind of PURGE_KINDS) expect(dry.counts[kind], kind).toBeGreaterThan(0);
    expect(dry.ids.fichiers).toContain(orphan);
    expect(dry.ids.fichiers).not.toContain(recent);
    // A bilan's statut changes keep their details (accountability), answers lose theirs.
    expect(Object.keys(dry.journalByAction)).toContain('bilan/reponse');
    const text = purgeText(dry);
    expect(text).toContain('Simulation (--dry-run)');
    expect(text).toMatch(new RegExp(`\\s${dry.counts.comptes} comptes anonymisés`));

    const real = await app.services.personalData.purge(SYSTEM_USER, { now });
    const after = await state();
    expect(real.ids).toEqual(dry.ids);
    expect(real.applied).toEqual(dry.counts);
    // Exactly the accounts listed, anonymised; every other account as it was.
    expect(after.users.filter((u) => u.anonymised_at !== null).map((u) => u.id)).toEqual(dry.ids.comptes);
    expect(after.users.filter((u) => !dry.ids.comptes.includes(u.id))).toEqual(before.users.filter((u) => !dry.ids.comptes.includes(u.id)));
    // Exactly the audit entries listed changed (the purge's own entry added at the end).
    const beforeAudit = new Map(before.audit.map((e) => [e.id, e]));
    const changed = after.audit.filter((e) => beforeAudit.has(e.id) && JSON.stringify(beforeAudit.get(e.id)) !== JSON.stringify(e)).map((e) => e.id);
    expect(changed).toEqual(dry.ids.journal);
    expect(after.audit.filter((e) => !beforeAudit.has(e.id))).toHaveLength(1);
    const gone = <T>(a: T[], b: T[]) => a.filter((x) => !b.includes(x));
    expect(gone(before.mails, after.mails)).toEqual(dry.ids.courriels);
    expect(gone(before.sessions, after.sessions)).toEqual(dry.ids.sessions);
    expect(gone(before.tokens, after.tokens)).toEqual(dry.ids.liens);
    expect(gone(before.failures, after.failures)).toEqual(dry.ids.echecs_connexion);
    expect(gone(before.files, after.files)).toEqual(dry.ids.fichiers);
    expect(existsSync(recent)).toBe(true);

    // Nothing is left to do: a second run finds nothing.
    const second = await app.services.personalData.purge(SYSTEM_USER, { dryRun: true, now });
    for (const kind of PURGE_KINDS) expect(second.counts[kind], kind).toBe(0);
    // Refused to anyone but the administration.
    await expect(app.services.personalData.purge(await worldUser(app, 'ccoms'), { dryRun: true })).rejects.toThrow(/lecture seule/);
  });
  it('from the command line: --dry-run prints in French what a real run then removes, counted per kind', async () => {
    const { app, config } = server;
    const admin = await worldUser(app, 'admin');
    const arsD2 = await worldUser(app, 'arsD2');
    await app.services.users.setDisabled(admin, arsD2.id, true);
    await app.db.updateTable('users').set({ disabled_at: new Date(Date.now() - 400 * 24 * 3600_000).toISOString() }).where('id', '=', arsD2.id).execute();
    const saved = { ...process.env };
    Object.assign(process.env, { ...databaseEnv(config), SESSION_SECRET: 'secret-de-test-pour-la-cli-0123', OUTBOX_DIR: config.mail.outboxDir, LOG_LEVEL: 'silent' });
    try {
      const run = async (...argv: string[]) => {
        const out: string[] = [];
        expect(await runCli(argv, { out: (t) => out.push(String(t)), err: (t) => out.push(t) })).toBe(0);
        return out.join('');
      };
      const counts = (text: string) => Object.fromEntries([...text.matchAll(/^\s+(\d+) (\S+ \S+)/gm)].map((m) => [m[2], Number(m[1])]));
      const dry = await run('purge', '--dry-run');
      expect(dry).toContain('Simulation (--dry-run)');
      expect(dry).toMatch(/^\s+1 comptes anonymisés/m);
      expect(dry).toContain(`n° ${arsD2.id} (ars, désactivé le`);
      const real = await run('purge');
      expect(real).toMatch(/^Purge du /);
      expect(counts(real)).toEqual(counts(dry));
      expect((await app.db.selectFrom('users').select('email').where('id', '=', arsD2.id).executeTakeFirstOrThrow()).email).toBe(`Compte anonymisé n° ${arsD2.id}`);
      expect(await run('purge', '--dry-run')).toContain('Rien à supprimer.');
    } finally {
      process.env = saved;
    }
  });
});
