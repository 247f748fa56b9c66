/**
 * The web pages over app.inject on a fresh temporary database: each role's
 * pages render, access control, the no-JavaScript form (saves, French errors
 * next to the fields, nothing valid lost), autosave and its 409, "rien n'a
 * changé", submission listing what is missing, review, and escaping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, ACCOUNTS, buildWorld, CAMPAIGN, completeAnswers, type TestWorld } from '../browser/seed.ts';
import { formVersion, PageClient, text } from './web.helpers.ts';

let world: TestWorld;
const FORM = `/bilans/clsm-75-14/${CAMPAIGN}`;

beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

describe('sign-in and access', () => {
  it('sends anonymous visitors to the login page and back after signing in', async () => {
    const anon = new PageClient(world.app);
    const res = await anon.get(`${FORM}?section=gouvernance`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/connexion?suite=${encodeURIComponent(`${FORM}?section=gouvernance`)}`);
    await anon.get(res.headers.location as string);
    const login = await anon.post('/connexion', { email: ACCOUNTS.coordinateur, password: 'mot-de-passe-de-test-2025', suite: `${FORM}?section=gouvernance` });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe(`${FORM}?section=gouvernance`);
  });

  it('refuses a wrong password with a French message, and a login without its CSRF token', async () => {
    const anon = new PageClient(world.app);
    const page = await anon.get('/connexion');
    expect(page.body).toContain('lang="fr"');
    const res = await anon.post('/connexion', { email: ACCOUNTS.coordinateur, password: 'faux' });
    expect(res.statusCode).toBe(401);
    expect(text(res.body)).toContain('Adresse électronique ou mot de passe incorrect.');
    expect(res.body).toContain(`value="${ACCOUNTS.coordinateur}"`);
    const noToken = await anon.post('/connexion', { email: ACCOUNTS.coordinateur, password: 'mot-de-passe-de-test-2025', _csrf: 'invalide' });
    expect(noToken.statusCode).toBe(403);
    expect(text(noToken.body)).toContain('Jeton de sécurité');
  });

  it('never redirects outside the site after signing in', async () => {
    const anon = new PageClient(world.app);
    await anon.get('/connexion');
    const res = await anon.post('/connexion', { email: ACCOUNTS.ars, password: 'mot-de-passe-de-test-2025', suite: '//exemple.org/piege' });
    expect(res.headers.location).toBe('/');
  });

  it('keeps each role to its pages', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    expect((await coord.get('/suivi')).statusCode).toBe(403);
    expect((await coord.get('/tableaux-de-bord')).statusCode).toBe(403);
    expect((await coord.get('/tableaux-de-bord/donnees.csv')).statusCode).toBe(403);
    const other = await coord.get(`/bilans/clsm-93-sd/${CAMPAIGN}`);
    expect(other.statusCode).toBe(404);
    expect(text(other.body)).toContain('Page introuvable');
    expect((await coord.get(`/bilans/clsm-93-sd/${CAMPAIGN}/relecture`)).statusCode).toBe(404);
    const bretagne = await PageClient.as(world.app, ACCOUNTS.arsBretagne);
    expect((await bretagne.get(FORM)).statusCode).toBe(404);
    const suivi = text((await bretagne.get('/suivi')).body);
    expect(suivi).toContain('CLSM Rennes');
    expect(suivi).not.toContain('CLSM Paris 14e');
    // Nobody but the coordinator (or an admin) writes answers.
    const ars = await PageClient.as(world.app, ACCOUNTS.ars);
    const page = await ars.get(FORM);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('id="bc-form"');
    const write = await ars.post(`${FORM}?section=identification`, { version: '0', consentement_ccoms: 'oui' });
    expect(write.statusCode).toBe(403);
  });
});

describe('pages of each role', () => {
  it('renders the coordinator home, form, fiche and glossary', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    const home = text((await coord.get('/')).body);
    expect(home).toContain('CLSM Paris 14e');
    expect(home).toContain(`Commencer le bilan ${CAMPAIGN}`);
    expect(home).toContain('Bilan 2024');
    const form = await coord.get(`${FORM}?section=gouvernance`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Étape 5 sur');
    // Carried forward from 2024, with the one-click confirmation.
    expect(text(form.body)).toContain('reprises du bilan 2024');
    expect(text(form.body)).toContain('Rien n’a changé dans cette section');
    // Conditional questions carry their condition, and a French note for readers without JavaScript.
    expect(form.body).toMatch(/id="q-copil_nb_reunions"[^>]*data-condition="\{&quot;var&quot;:&quot;copil_existe&quot;,&quot;eq&quot;:&quot;oui&quot;\}"/);
    expect(text(form.body)).toContain('(si « Existence d’un comité de pilotage » est « Oui »)');
    // Grids: a fieldset with its legend; every radio has a label.
    expect(form.body).toMatch(/<legend class="fr-fieldset__legend" id="l-copil_membre">Composition du comité de pilotage en 2025/);
    const radios = form.body.match(/<input class="bc-radio" type="radio" id="([^"]+)"/g)!.length;
    const labels = form.body.match(/<label class="fr-sr-only" for="f-copil_membre__/g)!.length;
    expect(labels).toBeGreaterThan(30);
    expect(radios).toBeGreaterThanOrEqual(labels);
    expect((await coord.get(`${FORM}/fiche`)).statusCode).toBe(200);
    expect(text((await coord.get('/glossaire')).body)).toContain('Comité de pilotage');
  });

  it('renders the ARS follow-up, dashboards and état des lieux', async () => {
    const ars = await PageClient.as(world.app, ACCOUNTS.ars);
    expect(text((await ars.get('/')).body)).toContain(`Campagne ${CAMPAIGN}`);
    const suivi = text((await ars.get(`/suivi?annee=${CAMPAIGN}&departement=75`)).body);
    expect(suivi).toContain('CLSM Paris 14e');
    expect(suivi).not.toContain('CLSM Saint-Denis');
    const csv = await ars.get(`/suivi.csv?annee=${CAMPAIGN}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    // French Excel: BOM and `;`, like every other export.
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFclsm_id;nom;region;departement;annee;statut;completude_pct;derniere_activite;envoye_le;derniere_relance');
    const dash = await ars.get('/tableaux-de-bord?annee=2024');
    expect(dash.statusCode).toBe(200);
    expect(text(dash.body)).toMatch(/Tableaux de bord — Île-de-France, campagne 2024 \d+ bilans envoyés ou validés/);
    // Charts are inline SVG (Marianne from the page), one per key figure, never the whole catalogue.
    expect((dash.body.match(/<svg/g) ?? []).length).toBeLessThan(20);
    const data = await ars.get('/tableaux-de-bord/donnees.csv?annee=2024&region=11');
    const lines = data.body.trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    const svg = await ars.get('/tableaux-de-bord/graphiques/copil_existe.svg?annee=2024');
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toMatch(/^<svg/);
    const xlsx = await ars.get('/tableaux-de-bord/donnees.xlsx?annee=2024');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await ars.get('/etat-des-lieux/2024')).statusCode).toBe(200);
  });

  it('answers a French 400 to a repeated or malformed parameter on every page, never a 500', async () => {
    const ars = await PageClient.as(world.app, ACCOUNTS.ars);
    for (const url of [
      '/suivi?departement=93&departement=94',
      '/suivi?annee=2024&annee=2025',
      '/suivi.csv?statut=soumis&statut=valide',
      '/suivi?statut=inconnu',
      '/tableaux-de-bord?region=11&region=84',
      '/tableaux-de-bord?split=commune',
      '/tableaux-de-bord/donnees.csv?annee=deux',
      '/tableaux-de-bord/graphiques/copil_existe.svg?annee=2024&annee=2025',
      '/etat-des-lieux/2025?region=a&region=b',
      '/etat-des-lieux/deux-mille',
      `/bilans/clsm-75-14/${CAMPAIGN}?section=a&section=b`,
      '/connexion?suite=/a&suite=/b',
    ]) {
      const res = await ars.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(text(res.body), url).toContain('paramètre incorrect ou répété');
    }
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    const unknown = await coord.get(`${FORM}?section=inexistante`);
    expect(unknown.statusCode).toBe(400);
    expect(text(unknown.body)).toContain('Section inconnue : « inexistante »');
  });

  it('renders the CCOMS dashboards from consented bilans only', async () => {
    const ccoms = await PageClient.as(world.app, ACCOUNTS.ccoms);
    const dash = text((await ccoms.get('/tableaux-de-bord?annee=2024')).body);
    expect(dash).toContain('ayant accepté le partage avec le CCOMS');
    const ars = await PageClient.as(world.app, ACCOUNTS.admin);
    const all = Number(/(\d+) bilans? envoyés? ou validés?/.exec(text((await ars.get('/tableaux-de-bord?annee=2024')).body))![1]);
    const consented = Number(/(\d+) bilans? envoyés? ou validés?/.exec(dash)![1]);
    expect(consented).toBeGreaterThan(0);
    expect(consented).toBeLessThanOrEqual(all);
  });
});

describe('the form without JavaScript', () => {
  it('saves the valid answers of a section and shows French errors linked to the wrong ones', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateurSansHistorique);
    const url = `/bilans/clsm-93-sd/${CAMPAIGN}`;
    const page = await coord.get(`${url}?section=coordination`);
    const res = await coord.post(`${url}?section=coordination`, {
      version: formVersion(page.body),
      coord_existe: 'oui',
      coord_etp: 'beaucoup',
      coord_annee_prise_poste: '2019',
      __multiple: 'coord_financement',
      coord_financement__ars: 'oui',
      action: 'suivante',
    });
    expect(res.statusCode).toBe(400);
    const body = res.body;
    // The summary at the top links to the field; the message sits next to it, tied by aria-describedby.
    expect(body).toMatch(/<a href="#q-coord_etp">Section 1 — [^<]*: un nombre est attendu \(par exemple 0,5\)<\/a>/);
    expect(body).toMatch(/id="f-coord_etp"[^>]*aria-describedby="[^"]*e-coord_etp/);
    expect(body).toMatch(/id="f-coord_etp"[^>]*aria-invalid="true"/);
    expect(body).toContain('value="beaucoup"');
    // The valid answers were saved.
    const after = await coord.get(`${url}?section=coordination`);
    expect(after.body).toMatch(/id="f-coord_existe--oui" name="coord_existe" value="oui" checked/);
    expect(after.body).toContain('value="2019"');
    expect(after.body).toMatch(/id="f-coord_financement__ars" name="coord_financement__ars" value="oui" data-multiple="coord_financement" checked/);
    expect(after.body).toMatch(/id="f-coord_financement__hopital" name="coord_financement__hopital" value="oui" data-multiple="coord_financement">/);
    // Unchecking every box clears the multiple choice.
    const cleared = await coord.post(`${url}?section=coordination`, { version: formVersion(after.body), coord_existe: 'oui', __multiple: 'coord_financement', action: 'enregistrer' });
    expect(cleared.statusCode).toBe(303);
    expect((await coord.get(`${url}?section=coordination`)).body).not.toMatch(/data-multiple="coord_financement" checked/);
  });

  it('goes to the next section, keeps a stale tab from overwriting (409) and shows what was typed', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateurSansHistorique);
    const url = `/bilans/clsm-93-sd/${CAMPAIGN}`;
    const page = await coord.get(`${url}?section=territoire`);
    const version = formVersion(page.body);
    const ok = await coord.post(`${url}?section=territoire`, { version, terr_nb_secteurs_psy_adulte: '3', action: 'suivante' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${url}?section=genese`);
    const stale = await coord.post(`${url}?section=territoire`, { version, terr_nb_secteurs_psy_adulte: '4', action: 'enregistrer' });
    expect(stale.statusCode).toBe(409);
    expect(text(stale.body)).toContain('Le bilan a été modifié ailleurs');
    expect(stale.body).toMatch(/id="f-terr_nb_secteurs_psy_adulte"[^>]*value="4"/);
    expect((await coord.get(`${url}?section=territoire`)).body).toMatch(/id="f-terr_nb_secteurs_psy_adulte"[^>]*value="3"/);
  });

  it('autosaves the same fields as JSON, and answers 409 to a stale version', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateurSansHistorique);
    const url = `/bilans/clsm-93-sd/${CAMPAIGN}`;
    const page = await coord.get(`${url}?section=gouvernance`);
    const version = formVersion(page.body);
    const res = await coord.post(`${url}/enregistrement?section=gouvernance`, { version, copil_existe: 'oui', copil_nb_reunions: '3' }, { accept: 'application/json' });
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.version).toBe(Number(version) + 1);
    expect(json.savedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(json.progress.sections.find((s: { id: string }) => s.id === 'gouvernance').answered).toBeGreaterThanOrEqual(2);
    const bad = await coord.post(`${url}/enregistrement?section=gouvernance`, { version: String(json.version), copil_existe: 'oui', copil_nb_reunions: '-2' }, { accept: 'application/json' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].message).toContain('un nombre entier positif est attendu');
    const stale = await coord.post(`${url}/enregistrement?section=gouvernance`, { version, copil_existe: 'non' }, { accept: 'application/json' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('modifié entre-temps');
    // Another CLSM's bilan: not found, left as it was.
    const stored = () => world.app.db.selectFrom('bilans').select(['version', 'updated_at']).where('clsm_id', '=', 'clsm-75-14').where('annee', '=', CAMPAIGN).executeTakeFirst();
    const before = await stored();
    const other = await coord.post(`/bilans/clsm-75-14/${CAMPAIGN}/enregistrement?section=gouvernance`, { version: String(before?.version ?? 0), copil_existe: 'non' }, { accept: 'application/json' });
    expect(other.statusCode).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('an autosave naming an unknown section is a 400, and an empty autosave erases nothing', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateurSansHistorique);
    const url = `/bilans/clsm-93-sd/${CAMPAIGN}`;
    let version = formVersion((await coord.get(`${url}?section=identification`)).body);
    const saved = await coord.post(`${url}/enregistrement?section=territoire`, { version, terr_etablissements_psy: 'Saint-Denis, Pierrefitte' }, { accept: 'application/json' });
    expect(saved.statusCode).toBe(200);
    const stored = async () => (await world.app.services.bilans.get(await account(world.app, ACCOUNTS.coordinateurSansHistorique), 'clsm-93-sd', CAMPAIGN)).answers;
    const before = await stored();
    expect(before.terr_etablissements_psy).toBe('Saint-Denis, Pierrefitte');
    version = String(saved.json().version);
    const unknown = await coord.post(`${url}/enregistrement?section=inconnue`, { version }, { accept: 'application/json' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('Section inconnue : « inconnue »');
    for (const section of ['identification', 'territoire', 'gouvernance']) {
      const empty = await coord.post(`${url}/enregistrement?section=${section}`, { version }, { accept: 'application/json' });
      expect(empty.statusCode, section).toBe(200);
      version = String(empty.json().version);
    }
    expect(await stored()).toEqual(before);
    // The field emptied in the page is posted as '' and cleared.
    const cleared = await coord.post(`${url}/enregistrement?section=territoire`, { version, terr_etablissements_psy: '' }, { accept: 'application/json' });
    expect(cleared.statusCode).toBe(200);
    expect((await stored()).terr_etablissements_psy).toBeUndefined();
  });

  it('confirms a carried-forward section in one click', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    const page = await coord.get(`${FORM}?section=territoire`);
    expect(text(page.body)).toContain('reprises du bilan 2024');
    const res = await coord.post(`${FORM}/confirmer?section=territoire`, { version: formVersion(page.body) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${FORM}?section=genese`);
    expect(text((await coord.get(`${FORM}?section=territoire`)).body)).not.toContain('reprises du bilan 2024');
    // Carried answers are kept.
    expect((await coord.get(`${FORM}?section=territoire`)).body).toMatch(/value="75114" checked>\s*<label class="fr-label" for="f-terr_communes_insee--75114">Paris 14e Arrondissement \(75114\)/);
  });

  it('lists what is missing, each a link to its question, when submitting too early', async () => {
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    const page = await coord.get(`${FORM}/envoi`);
    expect(text(page.body)).toMatch(/\d+ points à régler avant de pouvoir envoyer le bilan/);
    const res = await coord.post(`${FORM}/envoi`, { version: formVersion(page.body) });
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toMatch(/\d+ réponses manquantes Questions attendues sans réponse\./);
    expect(res.body).toContain(`<a href="${FORM}?section=identification#q-consentement_ccoms">Section 0 — Accord de partage avec le CCOMS : une réponse est attendue</a>`);
    // This year's meetings are never carried: asked again (and the COPIL composition once the COPIL has met).
    expect(res.body).toContain(`<a href="${FORM}?section=gouvernance#q-copil_nb_reunions">`);
    // Last year's ETP was carried "à confirmer": listed apart, with its link.
    expect(text(res.body)).toMatch(/\d+ réponses reprises de l’an dernier à confirmer/);
    expect(res.body).toContain(`<a href="${FORM}?section=coordination#q-coord_etp">Section 1 — `);
  });
});

describe('escaping', () => {
  it('shows a <script> answer as text on every page that displays it', async () => {
    const attack = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
    const admin = await account(world.app, ACCOUNTS.admin);
    const SVC = world.app.services;
    const complete = { ...completeAnswers(), terr_etablissements_psy: attack, objectifs_annee: attack };
    await SVC.bilans.saveDraft(admin, 'clsm-94-iv', CAMPAIGN, { answers: complete, version: 0 });
    const ars = await PageClient.as(world.app, ACCOUNTS.ars);
    const admins = await PageClient.as(world.app, ACCOUNTS.admin);
    const pages = [
      await admins.get(`/bilans/clsm-94-iv/${CAMPAIGN}?section=territoire`),
      await ars.get(`/bilans/clsm-94-iv/${CAMPAIGN}`),
      await ars.get(`/bilans/clsm-94-iv/${CAMPAIGN}/relecture`),
      await ars.get(`/bilans/clsm-94-iv/${CAMPAIGN}/fiche`),
    ];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
    }
    expect(pages[0]!.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(pages[1]!.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(pages[3]!.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
  });
});

describe('review pages', () => {
  it('refuses a return without any comment, in French, and changes nothing', async () => {
    const db = world.app.db;
    const coordinator = await account(world.app, ACCOUNTS.coordinateur);
    const SVC = world.app.services;
    const current = await db.selectFrom('bilans').select('version').where('clsm_id', '=', 'clsm-75-14').where('annee', '=', CAMPAIGN).executeTakeFirst();
    const before = await PageClient.as(world.app, ACCOUNTS.ars);
    const countOf = async () => {
      const body = text((await before.get(`/tableaux-de-bord?annee=${CAMPAIGN}`)).body);
      return body.includes('Aucun bilan envoyé') ? 0 : Number(/(\d+) bilans? envoyés? ou validés?/.exec(body)?.[1]);
    };
    const dashboardBefore = await countOf();
    const saved = await SVC.bilans.saveDraft(coordinator, 'clsm-75-14', CAMPAIGN, { version: current?.version ?? 0, answers: completeAnswers() });
    await SVC.bilans.submit(coordinator, 'clsm-75-14', CAMPAIGN, { version: saved.version });
    // The dashboards follow at once (their cache is stamped with the bilans' state).
    expect(await countOf()).toBe(dashboardBefore + 1);
    const ars = await PageClient.as(world.app, ACCOUNTS.ars);
    const page = await ars.get(`${FORM}/relecture`);
    expect(text(page.body)).toContain('réponses modifiées depuis le bilan 2024');
    const res = await ars.post(`${FORM}/renvoi`, { version: formVersion(page.body), commentaire_general: '   ' });
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('Indiquez au moins un commentaire pour renvoyer le bilan.');
    expect(text((await ars.get(`/suivi?annee=${CAMPAIGN}&departement=75`)).body)).toMatch(/CLSM Paris 14e Paris \(75\) Soumis/);
    // The coordinator cannot reach the review actions.
    const coord = await PageClient.as(world.app, ACCOUNTS.coordinateur);
    const own = await coord.get(`${FORM}/relecture`);
    expect(own.body).not.toContain('Renvoyer pour correction');
    expect((await coord.post(`${FORM}/validation`, { version: formVersion(page.body) })).statusCode).toBe(403);
  });
});
