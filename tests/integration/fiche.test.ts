/**
 * The yearly fiche published by a public link: who may publish and withdraw
 * it (the CLSM's coordinator and the admin; never another CLSM's coordinator,
 * the ARS or the CCOMS), what the public page shows (the fiche and nothing
 * else of the bilan, signed out, not cached, not indexed), and that a
 * withdrawn link, or the link of a bilan back in correction, answers a
 * French 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, Client, completeAnswers, seedWorld, startTestServer, WORLD, type TestServer, type WorldUser, worldClients } from './support/server.ts';

let server: TestServer;
let clients: Record<WorldUser | 'anonyme', Client>;
/** Answers the fiche never shows, marked to be looked for on the public page. */
const PRIVATE = { coord_intitule_poste: 'MARQUEUR-INTITULE-POSTE', commentaires: 'MARQUEUR-COMMENTAIRE-LIBRE', copil_membres_autres: 'MARQUEUR-AUTRES-MEMBRES' };
const answers = { ...completeAnswers(2025), ...PRIVATE, objectifs_annee: 'Ouvrir le COPIL aux personnes concernées (MARQUEUR-OBJECTIF).' };
const publications = () => server.app.db.selectFrom('fiche_publications').selectAll().orderBy('id').execute();
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  clients = await worldClients(server.app);
  const admin = clients.admin;
  // a1 2025 sent (consent oui: the CCOMS reads it); a2 2025 a draft.
  expect((await admin.put('/api/bilans/a1/2025', { answers, version: 0 })).statusCode).toBe(200);
  expect((await admin.post('/api/bilans/a1/2025/submit')).statusCode).toBe(200);
  expect((await admin.put('/api/bilans/a2/2025', { answers: { consentement_ccoms: 'oui', copil_existe: 'non' }, version: 0 })).statusCode).toBe(200);
});
afterAll(() => server.close());

describe('publishing', () => {
  it('is refused to another CLSM’s coordinator, the ARS, the CCOMS and the signed out, in French, and writes nothing', async () => {
    const refused: Array<[Exclude<WorldUser, 'coordA1' | 'admin'> | 'anonyme', number, RegExp]> = [
      ['coordB1', 404, /Aucun bilan 2025 accessible/],
      ['arsR2', 404, /Aucun bilan 2025 accessible/],
      ['arsD2', 404, /Aucun bilan 2025 accessible/],
      ['arsR1', 403, /Seul·e le ou la coordonnateur·rice du CLSM/],
      ['ccoms', 403, /lecture seule/],
      ['anonyme', 401, /connecté·e/],
    ];
    for (const [who, status, message] of refused) {
      const res = await clients[who].post('/api/bilans/a1/2025/fiche/publish');
      expect([who, res.statusCode]).toEqual([who, status]);
      expect(res.json().message).toMatch(message);
    }
    // The pages refuse the same way.
    const page = await clients.arsR1.request('POST', '/bilans/a1/2025/fiche/publication', {});
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Seul·e le ou la coordonnateur·rice du CLSM');
    expect(await publications()).toEqual([]);
  });

  it('waits for the bilan to be sent', async () => {
    const res = await clients.admin.post('/api/bilans/a2/2025/fiche/publish');
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('La fiche 2025 ne peut être publiée qu’une fois le bilan envoyé à l’ARS (envoyé ou validé).');
    const view = (await clients.admin.get('/api/bilans/a2/2025/fiche')).json();
    expect(view.permissions).toEqual({ publish: false, revoke: false });
  });

  it('gives the coordinator an unguessable link, once, audited on the bilan', async () => {
    expect((await clients.coordA1.get('/api/bilans/a1/2025/fiche')).json().permissions).toEqual({ publish: true, revoke: false });
    const res = await clients.coordA1.post('/api/bilans/a1/2025/fiche/publish');
    expect(res.statusCode).toBe(201);
    const { url, path } = res.json();
    expect(url).toMatch(/^http:\/\/bilan-clsm\.test\/f\/[A-Za-z0-9_-]{22}$/);
    expect(path).toBe(`/f/${tokenOf(url)}`);
    // 22 base64url characters: 132 bits, of which randomBytes(16) fills 128.
    expect(Buffer.from(tokenOf(url), 'base64url')).toHaveLength(16);
    const again = await clients.coordA1.post('/api/bilans/a1/2025/fiche/publish');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/déjà publiée/);
    expect(await publications()).toHaveLength(1);
    const history = await allPages<{ action: string; user_email: string }>(clients.admin, '/api/bilans/a1/2025/historique');
    expect(history.filter((e) => e.action === 'fiche_publication').map((e) => e.user_email)).toEqual([WORLD.users.coordA1.email]);
    // Whoever reads the bilan sees the link; the lists of the CLSM give it to those who see the CLSM.
    for (const who of ['arsR1', 'ccoms', 'admin'] as const) expect((await clients[who].get('/api/bilans/a1/2025/fiche')).json().publication.url).toBe(url);
    expect((await clients.coordA1.get('/api/fiches')).json().map((p: { url: string }) => p.url)).toEqual([url]);
    expect((await clients.coordB1.get('/api/fiches')).json()).toEqual([]);
    expect((await clients.coordB1.get('/api/fiches?clsm=a1')).json()).toEqual([]);
  });
});

describe('the public page', () => {
  it('shows the fiche signed out, and nothing else of the bilan', async () => {
    const { url, path } = (await clients.admin.get('/api/bilans/a1/2025/fiche')).json().publication;
    const res = await clients.anonyme.get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(res.body).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(res.body).toContain('<h1 id="fiche-titre" class="bc-fiche__title">CLSM A1</h1>');
    expect(res.body).toContain('MARQUEUR-OBJECTIF');
    expect(res.body).toContain(`Version en ligne : <a href="${url}">${url}</a>`);
    for (const marker of Object.values(PRIVATE)) expect(res.body).not.toContain(marker);
    // No way into the application: no menu, no sign-in, no link to a bilan.
    expect(res.body).not.toContain('/connexion');
    expect(res.body).not.toContain('href="/bilans');
    expect(res.body).not.toContain('id="navigation"');
    // Signed in, the same page.
    const signedIn = await clients.coordA1.get(path);
    expect(signedIn.body).not.toContain('Se déconnecter');

    const json = await clients.anonyme.get(`/api/public/fiches/${tokenOf(url)}`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['cache-control']).toBe('no-store');
    expect(Object.keys(json.json())).toEqual(['fiche', 'publication']);
    expect(Object.keys(json.json().fiche)).toEqual(['clsm', 'annee', 'questionnaire_version', 'territoire', 'chiffres', 'themes', 'partenaires', 'objectifs']);
    for (const marker of Object.values(PRIVATE)) expect(json.body).not.toContain(marker);
    expect(json.json().fiche.chiffres.map((c: { variable: string }) => c.variable)).toContain('copil_nb_reunions');
  });

  it('answers a French 404 for a link that never existed, without revealing anything', async () => {
    for (const path of ['/f/AAAAAAAAAAAAAAAAAAAAAA', '/f/court', `/f/${'x'.repeat(64)}`]) {
      const res = await clients.anonyme.get(path);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Cette fiche n’est pas (ou plus) publiée');
      expect(res.body).not.toContain('href="/"');
    }
    expect((await clients.anonyme.get('/api/public/fiches/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });

  it('is suspended while the bilan is back in correction', async () => {
    const { path } = (await clients.admin.get('/api/bilans/a1/2025/fiche')).json().publication;
    expect((await clients.arsR1.post('/api/bilans/a1/2025/return', { comments: [{ variable: null, message: 'À compléter.' }] })).statusCode).toBe(200);
    expect((await clients.anonyme.get(path)).statusCode).toBe(404);
    const view = (await clients.coordA1.get('/api/bilans/a1/2025/fiche')).json();
    expect(view.publication_suspendue).toBe(true);
    expect((await clients.coordA1.get('/bilans/a1/2025/fiche')).body).toContain('le lien répond « introuvable » jusqu’à son prochain envoi');
    expect((await clients.coordA1.post('/api/bilans/a1/2025/submit')).statusCode).toBe(200);
    expect((await clients.anonyme.get(path)).statusCode).toBe(200);
  });
});

describe('withdrawing', () => {
  it('is refused to those who may not publish, then stops the link at once; publishing again makes a new link', async () => {
    const { path, url } = (await clients.admin.get('/api/bilans/a1/2025/fiche')).json().publication;
    expect((await clients.arsR1.post('/api/bilans/a1/2025/fiche/unpublish')).statusCode).toBe(403);
    expect((await clients.ccoms.post('/api/bilans/a1/2025/fiche/unpublish')).statusCode).toBe(403);
    expect((await clients.coordB1.post('/api/bilans/a1/2025/fiche/unpublish')).statusCode).toBe(404);
    expect((await clients.anonyme.get(path)).statusCode).toBe(200);

    // The coordinator's home lists it with « Retirer la publication »; the form withdraws it.
    const home = await clients.coordA1.get('/');
    expect(home.body).toContain(url);
    expect(home.body).toContain('Retirer la publication');
    const withdrawn = await clients.coordA1.request('POST', '/bilans/a1/2025/fiche/retrait', {});
    expect(withdrawn.statusCode).toBe(303);
    expect(withdrawn.headers.location).toBe('/bilans/a1/2025/fiche?fait=retiree');

    const gone = await clients.anonyme.get(path);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['cache-control']).toBe('no-store');
    expect(gone.body).toContain('<title>Fiche introuvable — Bilan CLSM</title>');
    expect(gone.body).toContain('le lien a pu être retiré par le CLSM');
    expect((await clients.anonyme.get(`/api/public/fiches/${tokenOf(url)}`)).statusCode).toBe(404);
    expect((await clients.coordA1.post('/api/bilans/a1/2025/fiche/unpublish')).statusCode).toBe(409);
    const page = (await clients.coordA1.get('/bilans/a1/2025/fiche?fait=retiree')).body;
    expect(page).toContain('Publication retirée');
    expect(page).toContain('Publier la fiche');

    // The admin publishes again: another link; the old one stays dead.
    const again = (await clients.admin.post('/api/bilans/a1/2025/fiche/publish')).json();
    expect(again.url).not.toBe(url);
    expect((await clients.anonyme.get(again.path)).statusCode).toBe(200);
    expect((await clients.anonyme.get(path)).statusCode).toBe(404);
    const history = await allPages<{ action: string; user_email: string | null }>(clients.admin, '/api/bilans/a1/2025/historique');
    expect(history.filter((e) => e.action.startsWith('fiche_')).map((e) => [e.action, e.user_email])).toEqual([
      ['fiche_publication', WORLD.users.coordA1.email],
      ['fiche_retrait', WORLD.users.coordA1.email],
      ['fiche_publication', WORLD.users.admin.email],
    ]);
  });
});

describe('rate limit', () => {
  it('limits the public page per address like the other public routes', async () => {
    const limited = await startTestServer({ publicMaxPerMinute: 2 });
    try {
      const anonymous = new Client(limited.app);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await anonymous.get('/f/AAAAAAAAAAAAAAAAAAAAAA')).statusCode);
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});
