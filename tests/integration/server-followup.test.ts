/** Campaign follow-up: per CLSM status, last activity and completeness; counts and response rate per region and département. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertClsm } from '../../server/repositories/clsm.repository.ts';
import { Client, completeAnswers, seedWorld, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  // a3 (R1/D1) expected too; a project and a dormant CLSM are not expected.
  await upsertClsm(server.app.db, [
    { id: 'a3', nom: 'CLSM A3', region: 'R1', departement: 'D1', statut: 'actif' },
    { id: 'p1', nom: 'CLSM en projet', region: 'R1', departement: 'D1', statut: 'en_projet' },
    { id: 's1', nom: 'CLSM en sommeil', region: 'R2', departement: 'D9', statut: 'en_sommeil' },
  ]);
  admin = await Client.as(server.app, 'admin');
  const full = completeAnswers();
  await admin.put('/api/bilans/a1/2025', { answers: full, version: 0 }); // a1: submitted then validated
  await admin.post('/api/bilans/a1/2025/submit');
  await admin.post('/api/bilans/a1/2025/validate');
  await admin.put('/api/bilans/a2/2025', { answers: full, version: 0 }); // a2: submitted then returned
  await admin.post('/api/bilans/a2/2025/submit');
  await admin.post('/api/bilans/a2/2025/return', { comments: [{ variable: null, message: 'À compléter' }] });
  await admin.put('/api/bilans/a3/2025', { answers: { consentement_ccoms: 'oui', copil_existe: 'non' }, version: 0 }); // a3: draft
  await admin.put('/api/bilans/s1/2025', { answers: full, version: 0 }); // s1: dormant but answered: counted
  await admin.post('/api/bilans/s1/2025/submit');
  // b1: not started
});
afterAll(() => server.close());

it('counts per region and département, with the response rate', async () => {
  const res = await admin.get('/api/campagnes/2025/suivi');
  expect(res.statusCode).toBe(200);
  const f = res.json();
  expect(f.total).toEqual({ attendus: 5, non_commence: 1, brouillon: 1, soumis: 1, renvoye: 1, valide: 1, taux_reponse: 60 });
  expect(f.regions).toEqual([
    { region: 'R1', attendus: 3, non_commence: 0, brouillon: 1, soumis: 0, renvoye: 1, valide: 1, taux_reponse: 66.7 },
    { region: 'R2', attendus: 2, non_commence: 1, brouillon: 0, soumis: 1, renvoye: 0, valide: 0, taux_reponse: 50 },
  ]);
  expect(f.departements.find((d: { departement: string }) => d.departement === 'D1')).toMatchObject({ region: 'R1', attendus: 2, brouillon: 1, valide: 1, taux_reponse: 50 });
  expect(f.clsm.map((c: { clsm_id: string }) => c.clsm_id)).not.toContain('p1');
});

it('per CLSM: status, last activity and completeness', async () => {
  const { clsm } = (await admin.get('/api/campagnes/2025/suivi')).json();
  const byId = Object.fromEntries(clsm.map((c: { clsm_id: string }) => [c.clsm_id, c]));
  expect(byId.a1).toMatchObject({ status: 'valide', completude: 100 });
  expect(byId.a2.status).toBe('renvoye');
  expect(byId.a3.status).toBe('brouillon');
  expect(byId.a3.completude).toBeGreaterThan(0);
  expect(byId.a3.completude).toBeLessThan(100);
  expect(byId.b1).toMatchObject({ status: 'non_commence', derniere_activite: null, completude: 0 });
  expect(Date.parse(byId.a1.derniere_activite)).toBeGreaterThan(Date.now() - 60_000);
});

it('the ARS follows its region (or its département), the CCOMS nationally, coordinators not at all', async () => {
  const r1 = (await (await Client.as(server.app, 'arsR1')).get('/api/campagnes/2025/suivi')).json();
  expect(r1.total.attendus).toBe(3);
  expect(r1.regions.map((r: { region: string }) => r.region)).toEqual(['R1']);
  const d2 = (await (await Client.as(server.app, 'arsD2')).get('/api/campagnes/2025/suivi')).json();
  expect(d2.clsm.map((c: { clsm_id: string }) => c.clsm_id)).toEqual(['a2']);
  const ccoms = (await (await Client.as(server.app, 'ccoms')).get('/api/campagnes/2025/suivi')).json();
  expect(ccoms.total.attendus).toBe(5);
  expect(JSON.stringify(ccoms)).not.toContain('copil_existe');
  expect((await (await Client.as(server.app, 'coordA1')).get('/api/campagnes/2025/suivi')).statusCode).toBe(403);
  expect((await admin.get('/api/campagnes/2031/suivi')).statusCode).toBe(404);
});
