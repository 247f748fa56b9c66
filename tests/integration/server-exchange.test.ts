/** Export → import round trip, import reports (all or nothing), registry import, CSV dialects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBilans } from '../../fixtures/index.ts';
import { getQuestionnaire, indexOf, validateSubmission, type Answers } from '../../survey-schema/index.ts';
import { readAnswers, readAnswersOfBilans } from '../../server/repositories/bilan-answers.repository.ts';
import { Client, seedWorld, snapshot, startTestServer, type TestServer } from './support/server.ts';

let source: TestServer;
let target: TestServer;
let adminSource: Client;
let adminTarget: Client;

/** Three different complete bilans from the demonstration data. */
function samples(): Answers[] {
  const q = getQuestionnaire();
  return loadBilans('demo', q)
    .map((r) => validateSubmission(q, r.answers, { annee: 2025 }))
    .filter((r) => r.ok)
    .slice(0, 3)
    .map((r) => r.answers);
}

beforeAll(async () => {
  [source, target] = await Promise.all([startTestServer(), startTestServer()]);
  await Promise.all([seedWorld(source), seedWorld(target)]);
  adminSource = await Client.as(source.app, 'admin');
  adminTarget = await Client.as(target.app, 'admin');
  const [s1, s2, s3] = samples();
  for (const [clsm, annee, answers] of [['a1', 2024, s1], ['a1', 2025, s2], ['b1', 2025, s3]] as const) {
    // a1's 2025 bilan is prefilled from 2024: every section confirmed as the new answers leave it.
    const confirm_sections = getQuestionnaire().sections.map((x) => x.id);
    expect((await adminSource.put(`/api/bilans/${clsm}/${annee}`, { answers, version: 0, confirm_sections })).statusCode).toBe(200);
    const sent = await adminSource.post(`/api/bilans/${clsm}/${annee}/submit`);
    expect(sent.statusCode, sent.body).toBe(200);
  }
});
afterAll(async () => {
  await Promise.all([source.close(), target.close()]);
});

async function storedAnswers(server: TestServer) {
  const rows = await server.app.db.selectFrom('bilans').select(['id', 'clsm_id', 'annee']).orderBy('clsm_id').orderBy('annee').execute();
  const answers = await readAnswersOfBilans(server.app.db, rows.map((r) => r.id));
  return rows.map((r) => ({ clsm_id: r.clsm_id, annee: r.annee, answers: answers.get(r.id) ?? ({} as Answers) }));
}

describe('export then import into a fresh database', () => {
  // A round trip (an administrator's copy of every answer) asks for the personal data too; by default the export leaves it out.
  it('gives identical answers', async () => {
    const exported = await adminSource.get('/api/export?format=csv&inclure_donnees_personnelles=oui');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.body.startsWith('\uFEFFclsm_id;annee;region;departement;')).toBe(true);
    const res = await adminTarget.request('POST', '/api/import/bilans?statut=soumis', exported.body, { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, imported: 3, years: [2024, 2025] });
    // Read and checked with each CLSM's région: a1 (Île-de-France) keeps its Île-de-France items, b1 (Hauts-de-France) was never asked them.
    const stored = await storedAnswers(source);
    expect(await storedAnswers(target)).toEqual(stored);
    expect(stored.find((b) => b.clsm_id === 'a1' && b.annee === 2025)!.answers.terr_idh2).toBeDefined();
    expect(stored.find((b) => b.clsm_id === 'b1')!.answers.terr_idh2).toBeUndefined();
    // Imported as asked, with one audit entry per bilan.
    const statuses = await target.app.db.selectFrom('bilans').select('statut').execute();
    expect(statuses.every((s) => s.statut === 'soumis')).toBe(true);
    expect(await target.app.db.selectFrom('audit_log').select('id').where('action', '=', 'import').execute()).toHaveLength(3);
  });

  it('refuses to import the same bilans twice, unless asked to replace them', async () => {
    const exported = (await adminSource.get('/api/export?format=csv&annee=2025')).body;
    let res = await adminTarget.request('POST', '/api/import/bilans', exported, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { ligne: number }) => i.ligne)).toEqual([2, 3]);
    expect(res.json().issues[0].message).toMatch(/un bilan 2025 existe déjà pour le CLSM a1/);
    res = await adminTarget.request('POST', '/api/import/bilans?remplacer=oui', exported, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 0, replaced: 2 });
  });
});

describe('import reports', () => {
  it('reports every bad line in French and imports nothing', async () => {
    const before = await snapshot(target.app);
    const csv = ['clsm_id;annee;copil_existe;copil_nb_reunions', 'a2;2023;oui;4', 'zz;2023;oui;2', 'a2;2022;peut-etre;-3', 'a2;deux-mille;;'].join('\r\n');
    const res = await adminTarget.request('POST', '/api/import/bilans', csv, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toMatch(/^Import refusé : 4 erreurs ; aucune ligne n'a été importée\.$/);
    expect(body.issues.map((i: { ligne: number }) => i.ligne)).toEqual([3, 4, 4, 5]);
    expect(body.issues[0].message).toMatch(/CLSM inconnu du registre : zz/);
    expect(body.issues[1].message).toMatch(/Section 4 — .*comité de pilotage.* : la réponse doit être « oui » ou « non »/);
    expect(body.issues[2].message).toMatch(/Section 4 — .*réunions.*: /);
    expect(body.issues[3].message).toMatch(/année invalide/);
    expect(await snapshot(target.app)).toEqual(before);
  });

  it('accepts `,` separators and files without BOM; unknown columns are named', async () => {
    let res = await adminTarget.request('POST', '/api/import/bilans', 'clsm_id,annee,copil_existe,copil_nb_reunions\r\na2,2021,oui,3\r\n', { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    const row = await target.app.db.selectFrom('bilans').select('id').where('clsm_id', '=', 'a2').where('annee', '=', 2021).executeTakeFirstOrThrow();
    expect(await readAnswers(target.app.db, row.id)).toEqual({ copil_existe: 'oui', copil_nb_reunions: 3 });
    res = await adminTarget.request('POST', '/api/import/bilans', '\uFEFFclsm_id;annee;couleur_preferee\r\na2;2020;bleu\r\n', { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ ligne: 1, message: 'Colonnes inconnues du codebook (toutes versions) : couleur_preferee' });
  });

  it('imports the registry all or nothing', async () => {
    const bad = 'clsm_id;nom;region;departement;annee_creation;statut\nc1;CLSM C1;53;35;2019;actif\nc2;;53;35;deux;fermé\n';
    let res = await adminTarget.request('POST', '/api/import/registre', bad, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { ligne: number; message: string }) => `${i.ligne} ${i.message}`)).toEqual([
      '3 nom vide',
      '3 annee_creation invalide : « deux »',
      '3 statut invalide : « fermé » (en_projet, actif, en_sommeil, dissous)',
    ]);
    expect((await adminTarget.get('/api/clsm/c1')).statusCode).toBe(404);
    res = await adminTarget.request('POST', '/api/import/registre', bad.replace('c2;;53;35;deux;fermé', 'c2;CLSM C2;53;29;;en_sommeil'), { 'content-type': 'text/csv' });
    expect(res.json()).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0, encoding: 'utf-8', notes: [] });
    expect((await adminTarget.get('/api/clsm/c2')).json()).toMatchObject({ statut: 'en_sommeil', annee_creation: null });
  });

  it('refuses a registry line whose région or département the official geography does not know, or that do not match', async () => {
    const csv = 'clsm_id;nom;region;departement;annee_creation;statut\nc3;CLSM C3;11;59;2019;actif\nc4;CLSM C4;R1;D1;2019;actif\n';
    const res = await adminTarget.request('POST', '/api/import/registre', csv, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { ligne: number; message: string }) => `${i.ligne} ${i.message}`)).toEqual([
      '2 CLSM c3 : Le département Nord (59) n’est pas dans la région Île-de-France (11)',
      '3 CLSM c4 : La région « R1 » n’existe pas dans le code officiel géographique',
      '3 CLSM c4 : Le département « D1 » n’existe pas dans le code officiel géographique',
    ]);
    expect((await adminTarget.get('/api/clsm/c3')).statusCode).toBe(404);
  });
});

describe('import of several questionnaire versions', () => {
  it('reads each line with its year\'s version, creates a missing past campagne in the file\'s version, and names the columns a line\'s version lacks', async () => {
    // terr_communes (free text) is a 2026.1 question; 2027.1 asks the communes as codes.
    const old = 'clsm_id;annee;copil_existe;terr_communes\r\na2;2016;oui;Lille, Roubaix\r\n';
    let res = await adminTarget.request('POST', '/api/import/bilans', old, { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await adminTarget.get('/api/campagnes')).json().find((c: { annee: number }) => c.annee === 2016)).toMatchObject({ questionnaire_version: '2026.1', statut: 'fermee' });
    const row = await target.app.db.selectFrom('bilans').select(['id', 'questionnaire_version']).where('clsm_id', '=', 'a2').where('annee', '=', 2016).executeTakeFirstOrThrow();
    expect(row.questionnaire_version).toBe('2026.1');
    expect(await readAnswers(target.app.db, row.id)).toEqual({ copil_existe: 'oui', terr_communes: 'Lille, Roubaix' });
    // The same column for a year whose campagne is in 2027.1: that line is refused, naming the column and the version.
    const mixed = 'clsm_id;annee;copil_existe;terr_communes\r\na2;2015;oui;\r\na2;2025;oui;Lille\r\n';
    res = await adminTarget.request('POST', '/api/import/bilans?version=2026.1', mixed, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ ligne: 3, message: 'a2 2025 — colonnes absentes de la version 2027.1 du questionnaire (celle de la campagne 2025) : terr_communes' }),
    ]);
    res = await adminTarget.request('POST', '/api/import/bilans?version=2030.1', old, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].message).toMatch(/^Version de questionnaire inconnue : 2030\.1/);
  });
});
