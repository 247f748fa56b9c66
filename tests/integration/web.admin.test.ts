/**
 * The administration pages over app.inject, as a browser posts them: who may
 * open which page; accounts (invite from the page, the mail in the outbox,
 * disable); the registry (form, statut, CSV import with its preview and line
 * errors before anything is written, export); campagnes (dates, schedule,
 * prolongations); the reminder from /suivi (preview, recipients, sending);
 * "Mon compte" and the forgotten-password pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { formatDateTime } from '../../web/components.ts';
import { ACCOUNTS, buildWorld, CAMPAIGN, PASSWORD, type TestWorld } from '../browser/seed.ts';
import { PageClient, text } from './web.helpers.ts';

let world: TestWorld;
const as = (email: string) => PageClient.as(world.app, email);
const flush = () => world.app.services.mail.processQueue();
/** The admin's view of the queue (the outbox: no SMTP here). */
const mailsTo = async (email: string) => (await world.app.services.mail.list(SYSTEM_USER)).mails.filter((m) => m.to_address === email);

beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world.close());

describe('who opens which page', () => {
  const pages = ['/admin/comptes', '/admin/registre', '/admin/registre/nouveau', '/admin/registre/import', '/admin/campagnes', `/admin/campagnes/${CAMPAIGN}`, `/admin/campagnes/${CAMPAIGN}/prolongations`, '/admin/courriels', `/suivi/relance?annee=${CAMPAIGN}&tous=1`, '/mon-compte'];
  const allowed: Record<string, string[]> = {
    coordinateur: ['/mon-compte'],
    ccoms: ['/mon-compte'],
    ars: ['/admin/comptes', '/admin/registre', '/admin/registre/nouveau', '/admin/registre/import', `/admin/campagnes/${CAMPAIGN}/prolongations`, `/suivi/relance?annee=${CAMPAIGN}&tous=1`, '/mon-compte'],
    admin: pages,
  };
  it.each(Object.keys(allowed))('%s', async (role) => {
    const client = await as(ACCOUNTS[role as keyof typeof ACCOUNTS]);
    for (const url of pages) expect((await client.get(url)).statusCode, `${role} ${url}`).toBe(allowed[role]!.includes(url) ? 200 : 403);
  });
  it('anonymous visitors are sent to the login page', async () => {
    for (const url of pages) expect((await new PageClient(world.app).get(url)).headers.location, url).toBe(`/connexion?suite=${encodeURIComponent(url)}`);
  });
  it('the navigation shows the administration to whom it is for', async () => {
    const nav = (body: string) => /<nav class="fr-nav"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    expect(text(nav((await (await as(ACCOUNTS.ars)).get('/')).body))).toMatch(/Comptes Registre Glossaire/);
    expect(text(nav((await (await as(ACCOUNTS.admin)).get('/')).body))).toMatch(/Comptes Registre Campagnes Courriels/);
    expect(text(nav((await (await as(ACCOUNTS.coordinateur)).get('/')).body))).not.toMatch(/Comptes/);
  });
});

describe('accounts', () => {
  it('an ARS invites a coordinator from the page; the mail is in the outbox; errors are shown on the form', async () => {
    const ars = await as(ACCOUNTS.ars);
    await ars.get('/admin/comptes');
    const bad = await ars.post('/admin/comptes/invitation', { email: 'pas-une-adresse', role: 'coordinateur', clsm_ids: 'clsm-94-iv' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('L’invitation n’a pas été envoyée');
    const outside = await ars.post('/admin/comptes/invitation', { email: 'rennes@test.fr', role: 'coordinateur', clsm_ids: 'clsm-35-re' });
    expect(outside.statusCode).toBe(403);
    expect(text(outside.body)).toContain('Une ARS invite et gère les coordonnateur·rices des CLSM de son périmètre');
    const res = await ars.post('/admin/comptes/invitation', { email: 'coordination@clsm-ivry.fr', role: 'coordinateur', clsm_ids: 'clsm-94-iv', region: '11', departement: '' });
    expect(res.statusCode, text(res.body)).toBe(303);
    const list = await ars.get(res.headers.location as string);
    expect(text(list.body)).toContain('Invitation envoyée à coordination@clsm-ivry.fr');
    expect(/<tr data-compte="coordination@clsm-ivry.fr">[\s\S]*?<\/tr>/.exec(list.body)![0]).toContain('Invitation en attente');
    expect(text(list.body)).not.toContain(ACCOUNTS.arsBretagne);
    await flush();
    const [mail] = await mailsTo('coordination@clsm-ivry.fr');
    const admin = await as(ACCOUNTS.admin);
    const detail = await admin.get(`/admin/courriels/${mail!.id}`);
    expect(text(detail.body)).toContain(`${ACCOUNTS.ars} vous a créé un compte sur Bilan CLSM`);
    expect(text(detail.body)).toContain('CLSM Ivry-sur-Seine');
  });

  it('disabling from the page closes the account’s sessions; its row says so', async () => {
    const coord = await as(ACCOUNTS.coordinateurSansHistorique);
    const ars = await as(ACCOUNTS.ars);
    const id = (await world.app.services.users.list(SYSTEM_USER)).find((u) => u.email === ACCOUNTS.coordinateurSansHistorique)!.id;
    await ars.get('/admin/comptes');
    expect((await ars.post(`/admin/comptes/${id}/desactivation`, {})).statusCode).toBe(303);
    expect((await coord.get('/')).statusCode).toBe(302);
    const row = /<tr data-compte="coordination@clsm-saint-denis.fr">[\s\S]*?<\/tr>/.exec((await ars.get('/admin/comptes?statut=desactive')).body)![0];
    expect(text(row)).toContain('Désactivé');
    expect((await ars.post(`/admin/comptes/${id}/reactivation`, {})).statusCode).toBe(303);
  });
});

describe('registry', () => {
  it('an ARS adds a CLSM of its région, not of another; edits its statut', async () => {
    const ars = await as(ACCOUNTS.ars);
    await ars.get('/admin/registre/nouveau');
    const outside = await ars.post('/admin/registre/nouveau', { nom: 'CLSM Brest', region: '53', departement: '29', statut: 'actif' });
    expect(outside.statusCode).toBe(403);
    // An ARS does not choose identifiers (it could learn whether one exists in another région): the platform assigns it.
    expect(text((await ars.get('/admin/registre/nouveau')).body)).toContain('Identifiant : attribué par la plateforme à l’enregistrement.');
    const chosen = await ars.post('/admin/registre/nouveau', { id: 'clsm-35-re', nom: 'CLSM Rennes bis', region: '11', departement: '92', statut: 'actif' });
    expect(chosen.statusCode).toBe(400);
    expect(chosen.body).toContain('href="#clsm-id"');
    const missing = await ars.post('/admin/registre/nouveau', { nom: '', region: '11', departement: '92', statut: 'actif' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#clsm-nom"');
    const res = await ars.post('/admin/registre/nouveau', { nom: 'CLSM Nanterre', region: '11', departement: '92', annee_creation: '2019', statut: 'en_projet' });
    expect(res.statusCode).toBe(303);
    const id = new URL(res.headers.location as string, 'http://x').searchParams.get('clsm')!;
    expect(id).toMatch(/^92-[a-z2-9]{6}$/);
    expect(text((await ars.get(res.headers.location as string)).body)).toContain('CLSM Nanterre : ajouté au registre.');
    await ars.get(`/admin/registre/${id}`);
    expect((await ars.post(`/admin/registre/${id}`, { nom: 'CLSM Nanterre', region: '11', departement: '92', annee_creation: '2019', statut: 'dissous' })).statusCode).toBe(303);
    expect((await world.app.services.clsm.get(SYSTEM_USER, id)).statut).toBe('dissous');
    expect((await ars.get('/admin/registre/clsm-35-re')).statusCode).toBe(404);
  });

  it('a CSV import shows its errors line by line and writes nothing; a good file is previewed, then confirmed', async () => {
    const admin = await as(ACCOUNTS.admin);
    await admin.get('/admin/registre/import');
    const header = 'clsm_id;nom;region;departement;annee_creation;statut';
    const bad = await admin.postFile('/admin/registre/import', {}, { field: 'fichier', name: 'registre.csv', content: `${header}\nclsm-13-ma;CLSM Marseille;93;13;2014;actif\nclsm-13-ai;;93;13;deux;fermé\n` });
    expect(bad.statusCode).toBe(400);
    const rows = [...bad.body.matchAll(/<tr><td>(\d+)<\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(['3 nom vide', '3 annee_creation invalide : « deux »', '3 statut invalide : « fermé » (en_projet, actif, en_sommeil, dissous)']);
    await expect(world.app.services.clsm.get(SYSTEM_USER, 'clsm-13-ma')).rejects.toThrow();
    const good = `${header}\nclsm-13-ma;CLSM Marseille;93;13;2014;actif\nclsm-75-14;CLSM Paris 14e;11;75;2012;actif\nclsm-93-sd;CLSM Saint-Denis (Plaine Commune);11;93;2018;actif\n`;
    const preview = await admin.postFile('/admin/registre/import', {}, { field: 'fichier', name: 'registre.csv', content: good });
    expect(preview.statusCode).toBe(200);
    expect(text(/<p id="apercu-effectifs">[\s\S]*?<\/p>/.exec(preview.body)![0])).toContain('1 CLSM à créer · 1 à modifier · 1 inchangés (registre.csv).');
    await expect(world.app.services.clsm.get(SYSTEM_USER, 'clsm-13-ma')).rejects.toThrow();
    const content = /<textarea name="contenu" hidden>([\s\S]*?)<\/textarea>/.exec(preview.body)![1]!.replace(/&amp;/g, '&');
    const confirmed = await admin.postFile('/admin/registre/import/confirmation', { fichier_nom: 'registre.csv', contenu: content });
    expect(confirmed.statusCode, text(confirmed.body)).toBe(303);
    expect(text((await admin.get(confirmed.headers.location as string)).body)).toContain('Registre importé : 1 CLSM ajouté(s), 1 modifié(s).');
    expect((await world.app.services.clsm.get(SYSTEM_USER, 'clsm-93-sd')).nom).toBe('CLSM Saint-Denis (Plaine Commune)');
    const csv = (await admin.get('/admin/registre.csv?region=93')).body.replace(/^\uFEFF/, '').split('\r\n').slice(1, -1).map((l) => l.split(';'));
    expect(csv.map((r) => r[0])).toContain('clsm-13-ma');
    expect(new Set(csv.map((r) => r[2]))).toEqual(new Set(['93']));
  });
});

describe('campagnes', () => {
  it('the admin creates a campagne with dates and a reminder schedule; a wrong date is refused on the form', async () => {
    const admin = await as(ACCOUNTS.admin);
    await admin.get('/admin/campagnes');
    const bad = await admin.post('/admin/campagnes', { annee: '2026', questionnaire_version: '', opens_on: '2027-03-01', closes_on: '2027-01-31', relances_jours: '14, 3' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('La date de clôture doit suivre la date d’ouverture.');
    const ok = await admin.post('/admin/campagnes', { annee: '2026', opens_on: '2027-01-15', closes_on: '2027-03-31', relances_jours: '3 ; 14' });
    expect(ok.statusCode, text(ok.body)).toBe(303);
    const list = text((await admin.get(ok.headers.location as string)).body);
    expect(list).toContain('Campagne 2026 créée et ouverte.');
    expect(list).toMatch(/2026 \S+ 15 janvier 2027 31 mars 2027 J-14, J-3 Ouverte/);
    await admin.get('/admin/campagnes/2026');
    expect((await admin.post('/admin/campagnes/2026', { opens_on: '2027-01-15', closes_on: '2027-04-15', relances_jours: '' })).statusCode).toBe(303);
    expect(await world.app.services.campagnes.get(2026)).toMatchObject({ closes_on: '2027-04-15', relances_jours: null });
    expect((await admin.post('/admin/campagnes/2026/fermeture', {})).statusCode).toBe(303);
    expect((await world.app.services.campagnes.get(2026)).statut).toBe('fermee');
  });

  it('an ARS grants a prolongation to a CLSM of its région from the page', async () => {
    const ars = await as(ACCOUNTS.ars);
    const page = await ars.get('/admin/campagnes/2026/prolongations');
    expect(page.body).toContain('value="clsm-75-14"');
    expect(page.body).not.toContain('value="clsm-35-re"');
    const early = await ars.post('/admin/campagnes/2026/prolongations', { clsm_id: 'clsm-75-14', jusqu_au: '2027-04-01' });
    expect(early.statusCode).toBe(400);
    expect(text(early.body)).toContain('La prolongation doit aller au-delà de la clôture de la campagne (15 avril 2027).');
    const res = await ars.post('/admin/campagnes/2026/prolongations', { clsm_id: 'clsm-75-14', jusqu_au: '2027-05-15' });
    expect(res.statusCode).toBe(303);
    const after = text((await ars.get(res.headers.location as string)).body);
    expect(after).toContain('Prolongation accordée à CLSM Paris 14e.');
    expect(after).toContain('15 mai 2027');
  });
});

describe('reminders from /suivi', () => {
  it('the ARS ticks CLSM, sees the mail and its recipients, then sends; the follow-up shows it', async () => {
    const ars = await as(ACCOUNTS.ars);
    const suivi = await ars.get(`/suivi?annee=${CAMPAIGN}`);
    expect(suivi.body).toContain('name="clsm" value="clsm-93-sd" id="relance-clsm-93-sd" form="form-relance"');
    const preview = await ars.get(`/suivi/relance?annee=${CAMPAIGN}&clsm=clsm-93-sd&clsm=clsm-94-iv&message=${encodeURIComponent('Merci !')}`);
    expect(preview.statusCode).toBe(200);
    const body = text(preview.body);
    expect(body).toContain('2 CLSM · 1 destinataire · 1 courriel');
    expect(body).toContain(ACCOUNTS.coordinateurSansHistorique);
    expect(body).toContain('1 CLSM sans compte de coordonnateur·rice actif');
    expect(text(/<div class="bc-mail-preview" id="relance-apercu">[\s\S]*?<\/div>/.exec(preview.body)![0])).toMatch(
      new RegExp(`^ Objet : Bilan ${CAMPAIGN} du CLSM Saint-Denis \\(Plaine Commune\\) : rappel Ouvrir le bilan ${CAMPAIGN} : http://bilan-clsm.test/bilans/clsm-93-sd/${CAMPAIGN}`),
    );
    expect(body).toContain('Message de votre ARS : Merci !');
    // Nothing sent by the preview.
    expect(await mailsTo(ACCOUNTS.coordinateurSansHistorique)).toEqual([]);
    const sent = await ars.post('/suivi/relance', { annee: String(CAMPAIGN), clsm: ['clsm-93-sd', 'clsm-94-iv'], message: 'Merci !' });
    expect(sent.statusCode).toBe(303);
    const back = await ars.get(sent.headers.location as string);
    expect(text(back.body)).toContain('Relance envoyée : 1 courriel mis en file d’envoi.');
    expect((await mailsTo(ACCOUNTS.coordinateurSansHistorique)).map((m) => m.subject)).toEqual([`Bilan ${CAMPAIGN} du CLSM Saint-Denis (Plaine Commune) : rappel`]);
    const row = (await world.app.services.suivi.get(SYSTEM_USER, CAMPAIGN)).clsm.find((r) => r.clsm_id === 'clsm-93-sd')!;
    expect(text(/<tr data-clsm="clsm-93-sd">[\s\S]*?<\/tr>/.exec(back.body)![0])).toContain(formatDateTime(row.derniere_relance));
    // Another région's CLSM in the address: as absent.
    expect((await ars.get(`/suivi/relance?annee=${CAMPAIGN}&clsm=clsm-35-re`)).statusCode).toBe(404);
  });
});

describe('one’s own account', () => {
  it('Mon compte: the scope, a password change refused in French then done', async () => {
    const coord = await as(ACCOUNTS.coordinateur);
    const page = text((await coord.get('/mon-compte')).body);
    expect(page).toContain('Mon CLSM CLSM Paris 14e');
    const wrong = await coord.post('/mon-compte/mot-de-passe', { current_password: PASSWORD, password: 'coordination-2025', password_confirmation: 'coordination-2025' });
    expect(wrong.statusCode).toBe(400);
    expect(text(wrong.body)).toContain('Le mot de passe ne doit pas contenir votre identifiant');
    const ok = await coord.post('/mon-compte/mot-de-passe', { current_password: PASSWORD, password: 'une autre phrase de passe', password_confirmation: 'une autre phrase de passe' });
    expect(ok.headers.location).toBe('/mon-compte?modifie=1');
    expect(text((await coord.get('/mon-compte?modifie=1')).body)).toContain('Votre mot de passe a été changé.');
    await world.app.services.users.setPassword(SYSTEM_USER, (await world.app.services.users.list(SYSTEM_USER)).find((u) => u.email === ACCOUNTS.coordinateur)!.id, PASSWORD);
  });

  it('forgotten password: the same answer for any address; a bad link says so', async () => {
    const anon = new PageClient(world.app);
    await anon.get('/mot-de-passe-oublie');
    const known = await anon.post('/mot-de-passe-oublie', { email: ACCOUNTS.ccoms });
    await anon.get('/mot-de-passe-oublie');
    const unknown = await anon.post('/mot-de-passe-oublie', { email: 'personne@test.fr' });
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(text(known.body).replace(/\s+/g, ' ')).toBe(text(unknown.body).replace(/\s+/g, ' '));
    expect(await mailsTo(ACCOUNTS.ccoms)).toHaveLength(1);
    const bad = await anon.get('/mot-de-passe/choisir?jeton=nimportequoi-nimportequoi');
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Ce lien n’est plus valable');
    expect((await anon.get('/connexion')).body).toContain('href="/mot-de-passe-oublie"');
  });
});
