/**
 * Questionnaire 2027.1 through the server and its pages: the registry on
 * the official geography, a 2026.1 bilan carried into 2027.1 through the
 * version mapping, answers "à confirmer", consistency warnings in drafts,
 * Île-de-France items by the CLSM's région, and the territory's commune
 * search without JavaScript (and its JSON for the script).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { exampleBilan2026, getQuestionnaire } from '../../survey-schema/index.ts';
import { Client, completeAnswers, PASSWORD, seedWorld, startTestServer, WORLD, type TestServer } from './support/server.ts';
import { postedFields } from '../support/form-post.ts';
import { formVersion, PageClient, text } from './web.helpers.ts';

let server: TestServer;
let admin: Client;
let coord: Client;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
  coord = await Client.as(server.app, 'coordA1');
});
afterAll(() => server.close());

/** A page client of a world account. */
async function pages(who: keyof typeof WORLD.users): Promise<PageClient> {
  const client = new PageClient(server.app);
  const res = await client.login(WORLD.users[who].email, PASSWORD);
  expect(res.statusCode).toBe(303);
  return client;
}

describe('the registry on the official geography', () => {
  it('refuses an unknown région or département, or a département outside its région, naming the field in French', async () => {
    let res = await admin.post('/api/clsm', { id: 'x1', nom: 'CLSM X1', region: '11', departement: '59', statut: 'actif' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ message: 'Le département Nord (59) n’est pas dans la région Île-de-France (11)', variable: 'departement' }]);
    res = await admin.post('/api/clsm', { id: 'x1', nom: 'CLSM X1', region: '99', departement: '93', autres_departements: '94, 2Z', statut: 'actif' });
    expect(res.json().issues.map((i: { variable: string }) => i.variable)).toEqual(['region', 'autres_departements']);
    // Moving a CLSM is checked the same way.
    res = await admin.patch('/api/clsm/b1', { departement: '93' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].message).toBe('Le département Seine-Saint-Denis (93) n’est pas dans la région Hauts-de-France (32)');
    expect((await admin.get('/api/clsm/b1')).json().departement).toBe('59');
  });

  it('names départements on the pages: "Seine-Saint-Denis (93)", not a bare code', async () => {
    const ars = await pages('arsR1');
    expect(text((await ars.get('/suivi?annee=2025')).body)).toMatch(/CLSM A1 Seine-Saint-Denis \(93\)/);
    const page = await (await pages('coordA1')).get('/bilans/a1/2025');
    expect(text(page.body)).toContain('Île-de-France, Seine-Saint-Denis (93)');
  });
});

describe('last year in 2026.1, this year in 2027.1', () => {
  it('a 2026.1 bilan prefills the 2027.1 one through the version mapping, by the carry-forward policy', async () => {
    await server.app.services.campagnes.create(SYSTEM_USER, { annee: 2023, questionnaire_version: '2026.1', statut: 'fermee' });
    const old = exampleBilan2026();
    expect((await admin.put('/api/bilans/a2/2023', { answers: old, version: 0 })).statusCode).toBe(200);
    const bilan = (await admin.get('/api/bilans/a2/2025')).json();
    expect(bilan.questionnaire_version).toBe('2027.1');
    expect(bilan.carried_forward).toMatchObject({ from_annee: 2023 });
    // A stable fact carried as it was; a question recoded by the mapping carried in its 2027.1 form.
    expect(bilan.answers.annee_creation).toBe(old.annee_creation);
    const themes = bilan.answers.gt_themes as Record<string, Record<string, unknown>>;
    expect(Object.keys(old.gt_themes as object)).toContain('cellule_situations_complexes');
    expect(themes.cellule_situations_complexes).toBeUndefined();
    // The working groups carried without this year's meetings.
    expect(themes.logement_habitat).toMatchObject({ gt_theme: 'oui' });
    expect(themes.logement_habitat!.gt_reunions).toBeUndefined();
    // 2026.1's free-text communes have no 2027.1 equivalent (codes of the official geography): not carried.
    expect(bilan.answers.terr_communes).toBeUndefined();
    // This year's counts are asked again; figures that change little are carried "à confirmer".
    expect(bilan.answers.copil_nb_reunions).toBeUndefined();
    expect(bilan.carried_forward.a_confirmer).toContain('copil_nb_membres');
    expect(bilan.answers.copil_nb_membres).toBe(old.copil_nb_membres);
    // Every carried answer is a valid 2027.1 draft: saving it again is accepted.
    expect((await admin.put('/api/bilans/a2/2025', { answers: bilan.answers, version: 0 })).statusCode).toBe(200);
    const stored = await server.app.db.selectFrom('bilans').select('questionnaire_version').where('clsm_id', '=', 'a2').where('annee', '=', 2025).executeTakeFirstOrThrow();
    expect(stored.questionnaire_version).toBe('2027.1');
  });
});

describe('consistency rules in drafts', () => {
  it('a draft breaking a rule is saved, with the French warning naming both questions; the submission refuses it', async () => {
    const { version } = (await coord.get('/api/bilans/a1/2025')).json();
    const res = await coord.put('/api/bilans/a1/2025', { answers: { ...completeAnswers(), copil_nb_membres: 4, copil_nb_usagers: 3, copil_nb_aidants: 2 }, version });
    expect(res.statusCode).toBe(200);
    expect(res.json().warnings).toEqual([
      expect.objectContaining({
        rule: 'sieges_copil',
        variable: 'copil_nb_usagers',
        message: expect.stringMatching(/^Section 4 — Sièges du COPIL occupés par des personnes concernées : avec les « Sièges du COPIL occupés par des proches ou aidant·es », ils dépassent le nombre de « Sièges au comité de pilotage »/),
      }),
    ]);
    const sent = await coord.post('/api/bilans/a1/2025/submit', { version: res.json().version });
    expect(sent.statusCode).toBe(400);
    expect(sent.json().issues).toEqual([expect.objectContaining({ variable: 'copil_nb_usagers', message: res.json().warnings[0].message })]);
  });

  it('the form shows it under the question, its autosave answers it, and the page "vérifier et envoyer" lists it apart', async () => {
    const web = await pages('coordA1');
    const form = await web.get('/bilans/a1/2025?section=gouvernance');
    expect(form.body).toMatch(/<p class="fr-message fr-message--warning bc-rule-warning" id="rw-sieges_copil">avec les « Sièges du COPIL/);
    // The rules and the context the browser script reads.
    expect(form.body).toMatch(/data-rules="\[\{&quot;id&quot;:&quot;sieges_copil&quot;/);
    expect(form.body).toContain('data-context="{&quot;annee&quot;:2025,&quot;region&quot;:&quot;11&quot;,&quot;departement&quot;:&quot;93&quot;}"');
    const autosave = await web.post('/bilans/a1/2025/enregistrement?section=identification', { version: formVersion(form.body), consentement_ccoms: 'oui' }, { accept: 'application/json' });
    expect(autosave.statusCode).toBe(200);
    expect(autosave.json().warnings.map((w: { rule: string }) => w.rule)).toEqual(['sieges_copil']);
    const envoi = text((await web.get('/bilans/a1/2025/envoi')).body);
    expect(envoi).toMatch(/1 incohérence entre des réponses Deux réponses se contredisent : corrigez l’une ou l’autre\. Section 4 — Sièges du COPIL occupés/);
  });
});

describe('answers "à confirmer"', () => {
  it('the form marks them; its autosave confirms only what it changes, its plain save confirms the section', async () => {
    // b1's 2024 bilan, then its 2025 one prefilled.
    expect((await admin.put('/api/bilans/b1/2024', { answers: completeAnswers(2024), version: 0 })).statusCode).toBe(200);
    const web = await pages('coordB1');
    let form = await web.get('/bilans/b1/2025?section=gouvernance');
    expect(form.body).toMatch(/<div class="bc-question bc-to-confirm" id="q-copil_nb_membres"/);
    expect(text(form.body)).toContain('À confirmer Réponse reprise du bilan 2024 : vérifiez-la pour 2025');
    // The autosave posts the whole section in the background (what the browser would): what it does not change stays to confirm.
    const section = form.body.slice(form.body.indexOf('<form id="bc-form"'), form.body.indexOf('</form>', form.body.indexOf('<form id="bc-form"')));
    const posted = new URLSearchParams(postedFields(section).filter(([name]) => name !== 'copil_nb_membres' && name !== 'copil_nb_reunions'));
    posted.append('copil_nb_membres', '20');
    posted.append('copil_nb_reunions', '3');
    let res = await web.post('/bilans/b1/2025/enregistrement?section=gouvernance', posted, { accept: 'application/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().aConfirmer).not.toContain('copil_nb_membres');
    expect(res.json().aConfirmer).toContain('copil_nb_usagers');
    // The plain save of the section (its buttons): the coordinator saw it whole.
    form = await web.get('/bilans/b1/2025?section=gouvernance');
    posted.set('version', formVersion(form.body));
    posted.set('action', 'enregistrer');
    res = await web.post('/bilans/b1/2025?section=gouvernance', posted);
    expect(res.statusCode).toBe(303);
    const bilan = (await admin.get('/api/bilans/b1/2025')).json();
    const gouvernance = new Set(getQuestionnaire().sections.find((s) => s.id === 'gouvernance')!.questions.map((q) => q.variable));
    expect(bilan.carried_forward.a_confirmer.filter((v: string) => gouvernance.has(v))).toEqual([]);
    expect(bilan.carried_forward.a_confirmer.length).toBeGreaterThan(0);
  });
});

describe('Île-de-France items', () => {
  it('are asked of a CLSM of région 11 only', async () => {
    const idf = (await admin.get('/api/bilans/a2/2024')).json();
    const elsewhere = (await admin.get('/api/bilans/b1/2024')).json();
    expect(idf.submission_issues.some((i: { variable: string }) => i.variable === 'terr_resad')).toBe(true);
    expect(elsewhere.submission_issues.some((i: { variable: string }) => i.variable === 'terr_resad')).toBe(false);
  });

  it('a CLSM moved out of Île-de-France has its completeness recomputed at once', async () => {
    const completude = async () =>
      (await server.app.db.selectFrom('bilans').select('completude').where('clsm_id', '=', 'a2').where('annee', '=', 2025).executeTakeFirstOrThrow()).completude;
    const before = await completude();
    expect((await admin.patch('/api/clsm/a2', { region: '32', departement: '59' })).statusCode).toBe(200);
    expect(await completude()).not.toBe(before);
    expect((await admin.patch('/api/clsm/a2', { region: '11', departement: '94' })).statusCode).toBe(200);
    expect(await completude()).toBe(before);
  });
});

describe('the commune search', () => {
  it('without JavaScript: "Rechercher" saves the section and lists results; "Ajouter" saves the communes only and comes back to them', async () => {
    const web = await pages('coordA1');
    const form = await web.get('/bilans/a1/2025?section=territoire');
    expect(text(form.body)).toContain('d’abord dans : Seine-Saint-Denis (93)');
    const res = await web.post('/bilans/a1/2025?section=territoire', {
      version: formVersion(form.body),
      terr_communes_insee: '93066',
      terr_nb_secteurs_psy_adulte: '4',
      communes_recherche: 'montreuil',
      action: 'communes',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/bilans/a1/2025/communes?q=montreuil');
    const found = await web.get(res.headers.location as string);
    expect(found.statusCode).toBe(200);
    const body = text(found.body);
    expect(body).toMatch(/\d+ résultats? pour « montreuil » \(Seine-Saint-Denis \(93\)\)/);
    expect(body).toContain('Montreuil (93048) — Seine-Saint-Denis (93)');
    // The search field's neighbour was saved on the way.
    expect((await coord.get('/api/bilans/a1/2025')).json().answers.terr_nb_secteurs_psy_adulte).toBe(4);
    // "Ajouter": the form's save, naming the communes question only.
    const add = /<form method="post" action="(\/bilans\/a1\/2025\?section=territoire)">([\s\S]*?)<\/form>/.exec(found.body.slice(found.body.indexOf('Montreuil (93048)')))!;
    const fields = [...add[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m): [string, string] => [m[1]!, m[2]!]);
    // Only the communes (and the version): a question a post does not show keeps its answer.
    expect(new Set(fields.map(([n]) => n))).toEqual(new Set(['_csrf', 'version', 'terr_communes_insee']));
    expect(fields.filter(([n]) => n === 'terr_communes_insee').map(([, v]) => v)).toEqual(['93066', '93048']);
    expect(add[2]).toMatch(/<button type="submit" name="action" value="ajouter_commune"/);
    const body2 = new URLSearchParams([...fields, ['action', 'ajouter_commune']]);
    const added = await web.post(add[1]!, body2);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/bilans/a1/2025?section=territoire&enregistre=1#q-terr_communes_insee');
    const after = (await coord.get('/api/bilans/a1/2025')).json().answers;
    expect(after.terr_communes_insee).toEqual(['93066', '93048']);
    expect(after.terr_nb_secteurs_psy_adulte).toBe(4);
    // Outside the CLSM's département: the whole of France, said so.
    expect(text((await web.get('/bilans/a1/2025/communes?q=roubaix')).body)).toMatch(/1 résultat pour « roubaix » dans toute la France/);
  });

  it('answers JSON for the browser script; a query too long, or a repeated one, is a French 400', async () => {
    const web = await pages('coordA1');
    const res = await web.get('/bilans/a1/2025/communes?q=saint-denis', { accept: 'application/json' });
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.partout).toBe(false);
    expect(data.resultats[0]).toMatchObject({ code: '93066', nom: 'Saint-Denis', type: 'commune', departement: '93' });
    expect(data.resultats[0].population).toBeGreaterThan(100_000);
    const long = await web.get(`/bilans/a1/2025/communes?q=${'a'.repeat(101)}`, { accept: 'application/json' });
    expect(long.statusCode).toBe(400);
    expect(long.json().issues[0].message).toMatch(/q : la recherche tient en 100 caractères au plus/);
    expect((await web.get('/bilans/a1/2025/communes?q=a&q=b')).statusCode).toBe(400);
    // Another CLSM's bilan: not found, as everywhere.
    expect((await web.get('/bilans/b1/2025/communes?q=lille', { accept: 'application/json' })).statusCode).toBe(404);
  });
});
