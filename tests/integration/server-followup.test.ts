/**
 * Campaign follow-up (suivi): per CLSM statut, last activity and completeness;
 * counts and response rate per région and département. One implementation
 * (services/suivi.service.ts): the page, its CSV and the API agree for every role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { Client, completeAnswers, seedWorld, startTestServer, type TestServer, type WorldUser } from './support/server.ts';

let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  // a3 (11/93) expected too; a project and a dormant CLSM are not expected (unless they send a bilan).
  for (const c of [
    { id: 'a3', nom: 'CLSM A3', region: '11', departement: '93', statut: 'actif' as const },
    { id: 'p1', nom: 'CLSM en projet', region: '11', departement: '93', statut: 'en_projet' as const },
    { id: 's1', nom: 'CLSM en sommeil', region: '32', departement: '59', statut: 'en_sommeil' as const },
    { id: 's2', nom: 'CLSM en sommeil, sans bilan', region: '11', departement: '94', statut: 'en_sommeil' as const },
  ])
    await server.app.services.clsm.create(SYSTEM_USER, c);
  admin = await Client.as(server.app, 'admin');
  const full = completeAnswers();
  await admin.put('/api/bilans/a1/2025', { answers: full, version: 0 }); // a1: submitted then validated
  await admin.post('/api/bilans/a1/2025/submit');
  await admin.post('/api/bilans/a1/2025/validate');
  await admin.put('/api/bilans/a2/2025', { answers: { ...full, consentement_ccoms: 'non' }, version: 0 }); // a2: submitted then returned, not shared with the CCOMS
  await admin.post('/api/bilans/a2/2025/submit');
  await admin.post('/api/bilans/a2/2025/return', { comments: [{ variable: null, message: 'À compléter' }] });
  await admin.put('/api/bilans/a3/2025', { answers: { consentement_ccoms: 'oui', copil_existe: 'non' }, version: 0 }); // a3: draft
  await admin.put('/api/bilans/s1/2025', { answers: full, version: 0 }); // s1: dormant but answered: counted
  await admin.post('/api/bilans/s1/2025/submit');
  // b1: not started
});
afterAll(() => server.close());

it('counts per région and département, with the response rate (reçus = soumis + renvoyés + validés)', async () => {
  const res = await admin.get('/api/campagnes/2025/suivi');
  expect(res.statusCode).toBe(200);
  const f = res.json();
  expect(f.total).toEqual({ attendus: 5, non_commence: 1, brouillon: 1, soumis: 1, renvoye: 1, valide: 1, recus: 3, taux_reponse: 60 });
  expect(f.regions).toEqual([
    { region: '11', attendus: 3, non_commence: 0, brouillon: 1, soumis: 0, renvoye: 1, valide: 1, recus: 2, taux_reponse: 66.7 },
    { region: '32', attendus: 2, non_commence: 1, brouillon: 0, soumis: 1, renvoye: 0, valide: 0, recus: 1, taux_reponse: 50 },
  ]);
  expect(f.departements.find((d: { departement: string }) => d.departement === '93')).toMatchObject({ region: '11', attendus: 2, brouillon: 1, valide: 1, taux_reponse: 50 });
  const ids = f.clsm.map((c: { clsm_id: string }) => c.clsm_id);
  expect(ids).not.toContain('p1');
  expect(ids).not.toContain('s2');
});

it('per CLSM: statut, last activity and completeness', async () => {
  const { clsm } = (await admin.get('/api/campagnes/2025/suivi')).json();
  const byId = Object.fromEntries(clsm.map((c: { clsm_id: string }) => [c.clsm_id, c]));
  expect(byId.a1).toMatchObject({ statut: 'valide', completude: 100 });
  expect(byId.a2.statut).toBe('renvoye');
  expect(byId.a3.statut).toBe('brouillon');
  expect(byId.a3.completude).toBeGreaterThan(0);
  expect(byId.a3.completude).toBeLessThan(100);
  expect(byId.b1).toMatchObject({ statut: 'non_commence', derniere_activite: null, completude: null });
  expect(Date.parse(byId.a1.derniere_activite)).toBeGreaterThan(Date.now() - 60_000);
});

it('the ARS follows its région (or its département), the CCOMS nationally, coordinators not at all', async () => {
  const r1 = (await (await Client.as(server.app, 'arsR1')).get('/api/campagnes/2025/suivi')).json();
  expect(r1.total.attendus).toBe(3);
  expect(r1.regions.map((r: { region: string }) => r.region)).toEqual(['11']);
  const d2 = (await (await Client.as(server.app, 'arsD2')).get('/api/campagnes/2025/suivi')).json();
  expect(d2.clsm.map((c: { clsm_id: string }) => c.clsm_id)).toEqual(['a2']);
  const ccoms = (await (await Client.as(server.app, 'ccoms')).get('/api/campagnes/2025/suivi')).json();
  expect(ccoms.total.attendus).toBe(5);
  expect(JSON.stringify(ccoms)).not.toContain('copil_existe');
  expect((await (await Client.as(server.app, 'coordA1')).get('/api/campagnes/2025/suivi')).statusCode).toBe(403);
  expect((await admin.get('/api/campagnes/2031/suivi')).statusCode).toBe(404);
});

it('the CCOMS sees every statut, and the completeness of shared bilans only', async () => {
  const { clsm } = (await (await Client.as(server.app, 'ccoms')).get('/api/campagnes/2025/suivi')).json();
  const byId = Object.fromEntries(clsm.map((c: { clsm_id: string }) => [c.clsm_id, c]));
  expect(byId.a1).toMatchObject({ statut: 'valide', completude: 100 }); // consented and validated
  expect(byId.a2).toMatchObject({ statut: 'renvoye', completude: null }); // not consented
  expect(byId.a3).toMatchObject({ statut: 'brouillon', completude: null }); // a draft: not shared yet
});

describe('the page, its CSV and the API give the same counts', () => {
  const pageCounts = (html: string) => {
    const line = /<p id="suivi-effectifs">([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, '');
    const n = (re: RegExp) => Number(re.exec(line)![1]);
    return { attendus: n(/(\d+) CLSM attendus/), recus: n(/(\d+) bilans reçus/), valide: n(/dont (\d+) validés/), renvoye: n(/(\d+) renvoyés/), brouillon: n(/(\d+) en cours/), non_commence: n(/(\d+) non commencés/) };
  };
  const rowsOf = (html: string) => [...html.matchAll(/<tr data-clsm="([^"]+)">/g)].map((m) => m[1]).sort();

  it.each(['admin', 'arsR1', 'arsD2', 'ccoms'] as WorldUser[])('for %s', async (who) => {
    const client = await Client.as(server.app, who);
    const api = (await client.get('/api/campagnes/2025/suivi')).json();
    const page = await client.get('/suivi?annee=2025');
    expect(page.statusCode).toBe(200);
    const counts = pageCounts(page.body);
    expect(counts).toEqual({ attendus: api.total.attendus, recus: api.total.recus, valide: api.total.valide, renvoye: api.total.renvoye, brouillon: api.total.brouillon, non_commence: api.total.non_commence });
    const apiIds = api.clsm.map((c: { clsm_id: string }) => c.clsm_id).sort();
    expect(rowsOf(page.body)).toEqual(apiIds);
    const csv = await client.get('/suivi.csv?annee=2025');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('clsm_id;nom;region;departement;annee;statut;completude_pct;derniere_activite;envoye_le;derniere_relance');
    const csvRows = lines.slice(1).map((l) => l.split(';'));
    expect(csvRows.map((r) => r[0]).sort()).toEqual(apiIds);
    for (const statut of ['non_commence', 'brouillon', 'soumis', 'renvoye', 'valide']) expect(csvRows.filter((r) => r[5] === statut).length, statut).toBe(api.total[statut]);
  });

  it('for a coordinator: refused the same way everywhere', async () => {
    const client = await Client.as(server.app, 'coordA1');
    expect((await client.get('/api/campagnes/2025/suivi')).statusCode).toBe(403);
    expect((await client.get('/suivi?annee=2025')).statusCode).toBe(403);
    expect((await client.get('/suivi.csv?annee=2025')).statusCode).toBe(403);
  });
});
