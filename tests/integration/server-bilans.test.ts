/**
 * The life of a bilan through the API: prefill from last year, draft saves
 * (merge, clear, validation), submission messages, return with comments,
 * resubmission, validation, reopening, closed campaign, audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, Client, completeAnswers, seedWorld, snapshot, startTestServer, WORLD, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;
let coord: Client;
let ars: Client;
const full = completeAnswers(2025);
const { consentement_ccoms: _consent, ...lastYear } = full;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
  coord = await Client.as(server.app, 'coordA1');
  ars = await Client.as(server.app, 'arsR1');
  // Last year's bilan of a1, entered and validated by the administrator (campaign 2024 is closed).
  expect((await admin.put('/api/bilans/a1/2024', { answers: full, version: 0 })).statusCode).toBe(200);
  expect((await admin.post('/api/bilans/a1/2024/submit')).statusCode).toBe(200);
  expect((await admin.post('/api/bilans/a1/2024/validate')).statusCode).toBe(200);
});
afterAll(() => server.close());

describe('a bilan through the campaign', () => {
  let version = 0;
  /** What the prefill carries: last year's stable facts, and the figures "à confirmer". */
  let carried: Record<string, unknown> = {};
  let toConfirm: string[] = [];

  it('is prefilled from last year by the carry-forward policy, every answered section flagged, yearly counts and consent asked again', async () => {
    const res = await coord.get('/api/bilans/a1/2025');
    expect(res.statusCode).toBe(200);
    const bilan = res.json();
    expect(bilan.statut).toBe('non_commence');
    expect(bilan.version).toBe(0);
    carried = bilan.answers;
    toConfirm = bilan.carried_forward.a_confirmer;
    // Stable facts carried as they were.
    expect(carried.copil_existe).toBe(lastYear.copil_existe);
    expect(carried.annee_creation).toBe(lastYear.annee_creation);
    expect(carried.terr_communes_insee).toEqual(lastYear.terr_communes_insee);
    // This year's counts never: last year's would be resubmitted unchanged.
    expect(carried.copil_nb_reunions).toBeUndefined();
    expect(carried.coord_vacance_mois).toBeUndefined();
    expect(carried.consentement_ccoms).toBeUndefined();
    // Figures that change little are carried, to confirm before submitting.
    expect(carried.copil_nb_membres).toBe(lastYear.copil_nb_membres);
    expect(toConfirm).toEqual(expect.arrayContaining(['copil_nb_membres', 'coord_etp']));
    expect(Object.keys(carried).every((v) => JSON.stringify(carried[v]) === JSON.stringify(lastYear[v as keyof typeof lastYear]) || v.startsWith('gt_'))).toBe(true);
    expect(bilan.carried_forward.from_annee).toBe(2024);
    const flagged = bilan.sections.filter((s: { carried_forward: boolean }) => s.carried_forward).map((s: { id: string }) => s.id);
    expect(flagged).toContain('gouvernance');
    expect(flagged).toContain('territoire');
    expect(bilan.completeness).toBeLessThan(100);
    expect(bilan.submission_issues.some((i: { code: string; variable: string }) => i.code === 'a_confirmer' && i.variable === 'coord_etp')).toBe(true);
    expect(bilan.permissions).toMatchObject({ save: true, submit: true, return: false, validate: false });
    // Nothing is stored by reading.
    expect((await snapshot(server.app)).bilans).toHaveLength(1);
  });

  it('the first save stores the carried-forward answers with the change, and unflags the section changed', async () => {
    const res = await coord.put('/api/bilans/a1/2025', { answers: { consentement_ccoms: 'oui' }, version: 0 });
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({ version: 1, statut: 'brouillon', changed: ['consentement_ccoms'] });
    expect(saved.carried_forward.sections).not.toContain('identification');
    expect(saved.carried_forward.sections).toContain('gouvernance');
    expect(saved.carried_forward.a_confirmer).toEqual(toConfirm);
    version = saved.version;
    const bilan = (await coord.get('/api/bilans/a1/2025')).json();
    expect(bilan.answers).toEqual({ ...carried, consentement_ccoms: 'oui' });
    expect(bilan.completeness).toBeLessThan(100);
  });

  it('merges: the given answers replace theirs, null clears one, the others are kept', async () => {
    let res = await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 7 }, version });
    expect(res.statusCode).toBe(200);
    version = res.json().version;
    res = await coord.put('/api/bilans/a1/2025', { answers: { terr_nb_secteurs_psy_adulte: null }, version });
    expect(res.statusCode).toBe(200);
    version = res.json().version;
    const { answers } = (await coord.get('/api/bilans/a1/2025')).json();
    expect(answers.copil_nb_reunions).toBe(7);
    expect(answers.terr_nb_secteurs_psy_adulte).toBeUndefined();
    expect(answers.copil_existe).toBe(lastYear.copil_existe);
  });

  it('"rien n’a changé" on a section removes its carried-forward flag and confirms its answers', async () => {
    const res = await coord.put('/api/bilans/a1/2025', { answers: {}, version, confirm_sections: ['coordination'] });
    expect(res.statusCode).toBe(200);
    version = res.json().version;
    expect(res.json().carried_forward.sections).not.toContain('coordination');
    expect(res.json().carried_forward.a_confirmer).not.toContain('coord_etp');
    expect(res.json().carried_forward.a_confirmer).toContain('copil_nb_membres');
  });

  it('rejects an invalid draft with a French message naming the section and question, and keeps what was saved', async () => {
    const before = await snapshot(server.app);
    const res = await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: -1, coord_etp: 'beaucoup', inconnue: 1 }, version });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.issues).toHaveLength(3);
    const reunions = body.issues.find((i: { variable: string }) => i.variable === 'copil_nb_reunions');
    expect(reunions.message).toMatch(/^Section 4 — .*réunions du comité de pilotage.* : /);
    expect(reunions.section.id).toBe('gouvernance');
    expect(body.issues.some((i: { message: string }) => i.message.includes('« inconnue » n\'existe pas'))).toBe(true);
    expect(await snapshot(server.app)).toEqual(before);
  });

  it('refuses submission while an item is missing or an answer is still to confirm, listing each in French with its section', async () => {
    // This year's answers entered (all but one), without touching what was carried "à confirmer".
    // (A grid carried without its yearly cells, the working groups' meetings, is given whole again.)
    const yearly = Object.fromEntries(
      Object.entries(lastYear).filter(
        ([v, value]) => JSON.stringify(carried[v]) !== JSON.stringify(value) && !toConfirm.includes(v) && v !== 'terr_nb_secteurs_psy_adulte' && v !== 'copil_nb_reunions',
      ),
    );
    const saved = await coord.put('/api/bilans/a1/2025', { answers: yearly, version });
    expect(saved.statusCode).toBe(200);
    version = saved.json().version;
    const pending = saved.json().carried_forward.a_confirmer as string[];
    expect(pending.length).toBeGreaterThan(0);
    const res = await coord.post('/api/bilans/a1/2025/submit', { version });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toBe(`Le bilan ne peut pas être soumis : ${body.issues.length} points à compléter ou corriger.`);
    expect(body.issues).toContainEqual(expect.objectContaining({ variable: 'terr_nb_secteurs_psy_adulte', message: expect.stringMatching(/^Section 2 — Nombre de secteurs de psychiatrie adulte.* : une réponse est attendue$/) }));
    // This year's meetings of the working groups: the grid carried without them, to confirm and complete.
    expect(body.issues).toContainEqual(expect.objectContaining({ variable: expect.stringMatching(/^gt_reunions__/), message: expect.stringMatching(/Réunions en 2025\) : une réponse est attendue$/) }));
    const toConfirmIssues = body.issues.filter((i: { message: string }) => / : reprise de l’an dernier : confirmez ou corrigez la réponse avant l’envoi$/.test(i.message));
    expect(toConfirmIssues.map((i: { variable: string }) => i.variable)).toEqual(pending);
    expect(toConfirmIssues.find((i: { variable: string }) => i.variable === 'copil_nb_membres').message).toMatch(/^Section 4 — /);
  });

  it('submits once complete and confirmed; the coordinator can no longer change it', async () => {
    // The working groups' grid given again with this year's meetings: confirmed by the change.
    let res = await coord.put('/api/bilans/a1/2025', { answers: { terr_nb_secteurs_psy_adulte: 5, gt_themes: lastYear.gt_themes }, version });
    version = res.json().version;
    expect(res.json().carried_forward.a_confirmer).not.toContain('gt_themes');
    // Confirmed as they are: named, without resending them.
    const pending = res.json().carried_forward.a_confirmer as string[];
    res = await coord.put('/api/bilans/a1/2025', { answers: {}, version, confirm_variables: pending });
    expect(res.json().carried_forward.a_confirmer).toEqual([]);
    version = res.json().version;
    res = await coord.post('/api/bilans/a1/2025/submit', { version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ statut: 'soumis', permissions: { save: false, submit: false } });
    version = res.json().version;
    res = await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 8 }, version });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/soumis/);
    expect((await coord.get('/api/bilans/a1/2025')).json().answers.copil_nb_reunions).toBe(7);
  });

  it('the ARS returns it with a comment on an item; the coordinator sees it, corrects and resubmits', async () => {
    expect((await ars.post('/api/bilans/a1/2025/return', { comments: [] })).statusCode).toBe(400);
    let res = await ars.post('/api/bilans/a1/2025/return', { comments: [{ variable: 'copil_nb_reunions', message: 'Sept réunions : pouvez-vous vérifier ?' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().statut).toBe('renvoye');
    const bilan = (await coord.get('/api/bilans/a1/2025')).json();
    expect(bilan.statut).toBe('renvoye');
    expect(bilan.comments).toEqual([expect.objectContaining({ variable: 'copil_nb_reunions', message: 'Sept réunions : pouvez-vous vérifier ?', author_email: WORLD.users.arsR1.email })]);
    expect(bilan.permissions.save).toBe(true);
    res = await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 4 }, version: bilan.version });
    expect(res.statusCode).toBe(200);
    expect(res.json().statut).toBe('renvoye');
    res = await coord.post('/api/bilans/a1/2025/submit', {});
    expect(res.statusCode).toBe(200);
    expect(res.json().statut).toBe('soumis');
  });

  it('the ARS validates; reopening makes it a draft again', async () => {
    expect((await coord.post('/api/bilans/a1/2025/validate')).statusCode).toBe(403);
    let res = await ars.post('/api/bilans/a1/2025/validate');
    expect(res.statusCode).toBe(200);
    expect(res.json().statut).toBe('valide');
    expect((await ars.post('/api/bilans/a1/2025/validate')).statusCode).toBe(409);
    res = await ars.post('/api/bilans/a1/2025/reopen');
    expect(res.json().statut).toBe('brouillon');
    expect((await coord.get('/api/bilans/a1/2025')).json().permissions.save).toBe(true);
  });

  it('the audit log holds every change of answer (old and new) and of status', async () => {
    const log = await allPages<{ action: string; variable: string | null; old: unknown; new: unknown; user_email: string }>(admin, '/api/bilans/a1/2025/historique');
    expect(log).toContainEqual(expect.objectContaining({ action: 'reponse', variable: 'copil_nb_reunions', old: null, new: 7, user_email: WORLD.users.coordA1.email }));
    expect(log).toContainEqual(expect.objectContaining({ action: 'reponse', variable: 'copil_nb_reunions', old: 7, new: 4 }));
    expect(log).toContainEqual(expect.objectContaining({ action: 'reponse', variable: 'terr_nb_secteurs_psy_adulte', old: lastYear.terr_nb_secteurs_psy_adulte, new: null }));
    expect(log).toContainEqual(expect.objectContaining({ action: 'reprise', variable: 'copil_existe', new: lastYear.copil_existe }));
    const statuses = log.filter((e) => e.action === 'statut').map((e) => `${e.old}>${e.new}`);
    expect(statuses).toEqual(['non_commence>brouillon', 'brouillon>soumis', 'soumis>renvoye', 'renvoye>soumis', 'soumis>valide', 'valide>brouillon']);
    // The coordinator reads the history of its own bilan; the CCOMS does not.
    expect((await coord.get('/api/bilans/a1/2025/historique')).statusCode).toBe(200);
    expect((await (await Client.as(server.app, 'ccoms')).get('/api/bilans/a1/2025/historique')).statusCode).toBe(404);
  });

  it('a role change is logged', async () => {
    const users = (await admin.get('/api/users')).json() as Array<{ id: number; email: string }>;
    const target = users.find((u) => u.email === WORLD.users.arsR2.email)!;
    const res = await admin.patch(`/api/users/${target.id}`, { role: 'ars', region: '32', departement: '59' });
    expect(res.statusCode).toBe(200);
    const entry = await server.app.db.selectFrom('audit_log').selectAll().where('entity', '=', 'user').where('entity_id', '=', String(target.id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.old_value!)).toMatchObject({ role: 'ars', region: '32', departement: null });
    expect(JSON.parse(entry.new_value!)).toMatchObject({ role: 'ars', region: '32', departement: '59' });
  });

  it('once the campaign is closed, the coordinator can no longer save', async () => {
    expect((await admin.post('/api/campagnes/2025/close')).statusCode).toBe(200);
    const { version: v } = (await coord.get('/api/bilans/a1/2025')).json();
    const res = await coord.put('/api/bilans/a1/2025', { answers: { copil_nb_reunions: 5 }, version: v });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/campagne 2025 est fermée/);
    expect((await admin.post('/api/campagnes/2025/open')).statusCode).toBe(200);
  });
});
