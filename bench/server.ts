/**
 * `npm run bench:server`: throughput and latency of the draft autosave
 * (PUT /api/bilans/:clsm/:annee) against GET /api/health, in the same run;
 * then, for reading, the web form's own autosave (POST …/enregistrement).
 *
 * The app listens on 127.0.0.1 (random port, temporary database). 50
 * connections, each a coordinator's own session and CLSM (so that concurrent
 * saves never race on one bilan), with the CSRF header. The bilans start from
 * last year's complete answers (prefill); each save sends what the browser
 * sends after an edit: the whole section of the page (every field of its
 * form), one answer changed, with the version returned by the previous save.
 * Non-2xx answers are counted. The app is configured as `npm start` runs it:
 * WAL checkpoints and draft saves in threads of their own (db/checkpointer.ts,
 * repositories/draft-saver.ts).
 * autocannon runs in this process, on the same event loop as the server, with
 * the same 50 connections for both routes: each request pays its client side
 * here, so the ratio compares the two routes under the same load generator. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { SESSION_COOKIE } from '../server/plugins/auth.ts';
import { importBilansCsv } from '../server/exchange/bilans-import.ts';
import { createCampaign } from '../server/repositories/campaign.repository.ts';
import { upsertClsm } from '../server/repositories/clsm.repository.ts';
import { createUser } from '../server/repositories/user.repository.ts';
import { loadBilans } from '../fixtures/index.ts';
import { postedFields, renderSection } from '../tests/support/form-post.ts';
import { flatColumnNames, flattenAnswers, getQuestionnaire, validateDraft, validateSubmission, type Answers, type Question } from '../survey-schema/index.ts';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const YEAR = 2025;
const PASSWORD = 'mot-de-passe-du-banc';

const dir = mkdtempSync(join(os.tmpdir(), 'bilan-clsm-bench-'));
const config = testConfig({ databasePath: join(dir, 'bench.sqlite'), loginMaxPerMinute: 100_000, walCheckpointWorker: true, saveThread: true });
const app = await buildApp(config);

// One CLSM and one coordinator per connection; last year's bilan, complete, for the prefill.
const q = getQuestionnaire();
const complete: Answers[] = loadBilans('demo', q)
  .map((b) => validateSubmission(q, b.answers, { annee: YEAR }))
  .filter((r) => r.ok)
  .map((r) => r.answers);
const ids = Array.from({ length: CONNECTIONS }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
await upsertClsm(app.db, ids.map((id, i) => ({ id, nom: `CLSM ${id}`, region: String(11 + (i % 5)), departement: String(75 + (i % 10)), annee_creation: 2010 + (i % 12), statut: 'actif' as const })));
await createCampaign(app.db, null, { annee: YEAR, statut: 'ouverte' });
const columns = flatColumnNames(q);
const csv = [
  columns.join(';'),
  ...ids.map((id, i) => {
    const row = flattenAnswers(q, complete[i % complete.length]!, { clsm_id: id, annee: YEAR - 1 });
    return columns.map((c) => row[c] ?? '').join(';');
  }),
].join('\n');
const imported = await importBilansCsv(app.db, csv);
if (!imported.ok) throw new Error(`Import du banc refusé : ${imported.errors[0]?.message}`);

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

interface Slot {
  clsm: string;
  cookie: string;
  csrf: string;
  version: number;
}
const slots: Slot[] = [];
for (const [i, clsm] of ids.entries()) {
  const email = `coord-${i}@bench.test`;
  await createUser(app.db, config.argon2, { email, password: PASSWORD, role: 'coordinateur', clsmIds: [clsm] });
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  // The first save creates the draft from last year's answers (a heavier, once-a-year path):
  // done here, so that the measure is the steady autosave of a draft in progress.
  const first = await fetch(`${base}/api/bilans/${clsm}/${YEAR}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf_token },
    body: JSON.stringify({ answers: { consentement_ccoms: 'oui' }, version: 0 }),
  });
  if (first.status !== 200) throw new Error(`Premier enregistrement refusé : ${await first.text()}`);
  slots.push({ clsm, cookie, csrf: csrf_token, version: ((await first.json()) as { version: number }).version });
}

/**
 * What the browser sends when a coordinator edits a page: the page's form
 * posts every field of its section (web/public/app.js), so a save carries a
 * whole section of answers, here last year's, with one of them changed (the
 * edit). Connection after connection, save after save, the sections follow
 * one another: from 110 bytes (identification) to 3 KB (gouvernance).
 */
const editable = (question: Question) => question.kind === 'entier' || question.kind === 'texte_court' || question.kind === 'texte_long' || question.kind === 'oui_non';
/** The edited answer takes these many values in turn: each save of a section changes it. */
const EDITS = 4;
function sectionSave(answers: Answers, n: number): Answers {
  const section = q.sections[n % q.sections.length]!;
  const payload: Answers = {};
  for (const question of section.questions) if (answers[question.variable] !== undefined) payload[question.variable] = answers[question.variable]!;
  const edited = section.questions.find(editable);
  if (!edited) throw new Error(`Section ${section.id} : aucune question à modifier pour le banc`);
  const round = Math.floor(n / q.sections.length) % EDITS;
  payload[edited.variable] =
    edited.kind === 'entier' ? (edited.min ?? 0) + round : edited.kind === 'oui_non' ? (round % 2 ? 'oui' : 'non') : `Modification n° ${round} de la section`;
  return payload;
}
const CYCLE = EDITS * q.sections.length;

/**
 * The bodies of the saves but their version, serialized before the measure
 * (a browser does not pay for our JSON.stringify either): per request the
 * client side only appends the version, about as little work as the health
 * route's fixed request, so that autocannon's share of the CPU is alike for
 * both routes. Every one is a valid draft: the measure is the saving path,
 * not the 400 one.
 */
const bodies = ids.map((_, bilan) =>
  Array.from({ length: CYCLE }, (_, n) => {
    const answers = sectionSave(complete[bilan % complete.length]!, n);
    const checked = validateDraft(q, answers, { annee: YEAR });
    if (!checked.ok) throw new Error(`Bilan ${bilan}, enregistrement ${n} : ${checked.issues[0]?.message}`);
    return `{"answers":${JSON.stringify(answers)},"version":`;
  }),
);
const payloadBytes = q.sections.map((_, n) => bodies[0]![n]!.length + 2);
const VERSION = /"version":(\d+)/;

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function run(label: string, options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, pipelining: 1, ...options });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

// Warm-up (JIT, page cache), then the two measures.
await run('échauffement', { url: `${base}/api/health`, duration: 2 });
const health = await run('GET /api/health', { url: `${base}/api/health` });
// For reading the gap: a signed-in request that saves nothing (session, account, CSRF token).
let nextMe = 0;
const me = await run('GET /api/me (session seule, repère)', {
  url: base,
  setupClient(client) {
    const slot = slots[nextMe++ % slots.length]!;
    client.setRequests([{ method: 'GET', path: '/api/me', headers: { cookie: slot.cookie } }]);
  },
});

/**
 * The price of the save thread for the event loop's own writes (registry,
 * accounts, submissions): they wait for the thread's transaction in SQLite's
 * busy handler, which blocks the loop. Measured during the autosave run, ten
 * times a second, with a registry update (one transaction).
 */
const otherWrites: number[] = [];
const probe = setInterval(() => {
  const start = performance.now();
  void upsertClsm(app.db, [{ id: ids[0]!, nom: `CLSM ${ids[0]}`, region: '11', departement: '75', annee_creation: 2010, statut: 'actif' }]).then(() => otherWrites.push(performance.now() - start));
}, 100);

let conflicts = 0;
const storedSaves = async () => Number((await app.db.selectFrom('bilans').select(({ fn }) => [fn.sum<number>('version').as('saves')]).where('annee', '=', YEAR).executeTakeFirstOrThrow()).saves);
/** The saves still in flight when a measure ends are finished by the server: until the stored versions stop changing. */
async function settled(): Promise<number> {
  for (let last = -1; ; await sleep(200)) {
    const saves = await storedSaves();
    if (saves === last) return saves;
    last = saves;
  }
}

/**
 * A measure of a saving route: each connection saves its own bilan, save
 * after save, from the version the previous answer returned. `request` gives
 * the n-th request of a connection, its body cut where the version goes.
 */
async function savingRun(label: string, request: (slot: Slot, i: number, n: number) => { method: 'PUT' | 'POST'; path: string; headers: Record<string, string>; head: string; tail: string }) {
  await settled();
  const versions = new Map((await app.db.selectFrom('bilans').select(['clsm_id', 'version']).where('annee', '=', YEAR).execute()).map((r) => [r.clsm_id, r.version]));
  let next = 0;
  return run(label, {
    url: base,
    setupClient(client) {
      const i = next++;
      const slot = slots[i % slots.length]!;
      let version = versions.get(slot.clsm) ?? slot.version;
      let n = i;
      const first = request(slot, i % slots.length, n);
      client.setRequests([
        {
          method: first.method,
          path: first.path,
          headers: first.headers,
          setupRequest: (req) => {
            const { path, head, tail } = request(slot, i % slots.length, n++);
            return { ...req, path, body: `${head}${version}${tail}` };
          },
          onResponse: (status, body) => {
            const saved = VERSION.exec(body);
            if (saved) version = Number(saved[1]);
            if (status === 409) conflicts++;
          },
        },
      ]);
    },
  });
}

const autosave = await savingRun(`PUT /api/bilans/:clsm/${YEAR} (autosave)`, (slot, i, n) => ({
  method: 'PUT',
  path: `/api/bilans/${slot.clsm}/${YEAR}`,
  headers: { 'content-type': 'application/json', cookie: slot.cookie, 'x-csrf-token': slot.csrf },
  head: bodies[i]![n % CYCLE]!,
  tail: '}',
}));
clearInterval(probe);

/**
 * The web form's autosave (POST …/enregistrement, what web/public/app.js
 * sends): the section's fields as the page renders them, form-encoded, with
 * the edit, `_csrf` and `version`; the answer carries the progress of every
 * section. For reading, not part of the ratio.
 */
const formBodies = slots.map((slot, bilan) =>
  Array.from({ length: CYCLE }, (_, n) => {
    const section = q.sections[n % q.sections.length]!;
    const answers = { ...complete[bilan % complete.length]!, ...sectionSave(complete[bilan % complete.length]!, n) };
    const fields = postedFields(renderSection(q, section, flattenAnswers(q, answers, undefined, { keepNotApplicable: true }), YEAR));
    return { path: `/bilans/${slot.clsm}/${YEAR}/enregistrement?section=${section.id}`, head: `${new URLSearchParams([...fields, ['_csrf', slot.csrf]])}&version=` };
  }),
);
const webAutosave = await savingRun(`POST …/enregistrement (formulaire web)`, (slot, i, n) => ({
  method: 'POST',
  ...formBodies[i]![n % CYCLE]!,
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie: slot.cookie },
  tail: '',
}));

const stored = await settled();
await app.close();
rmSync(dir, { recursive: true, force: true });

const cpus = os.cpus();
process.stdout.write(`\nBanc serveur — ${new Date().toISOString()}\n`);
process.stdout.write(`Machine : ${cpus.length} × ${cpus[0]?.model ?? '?'} ; Node ${process.version} ; ${os.platform()} ${os.release()} ; charge ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write(`${CONNECTIONS} connexions, ${DURATION} s par mesure, autocannon dans le même processus ; SQLite WAL (fichier temporaire), enregistrements dans leur thread\n`);
process.stdout.write(
  `Enregistrement : une section entière par requête (comme le formulaire de la page), une réponse modifiée ; sections tour à tour, corps JSON de ${Math.min(...payloadBytes)} à ${Math.max(...payloadBytes)} octets (médiane ${[...payloadBytes].sort((a, b) => a - b)[payloadBytes.length >> 1]})\n\n`,
);
process.stdout.write(`${'route'.padEnd(42)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'requêtes'.padStart(9)} ${'non-2xx'.padStart(8)} ${'erreurs'.padStart(8)}\n`);
for (const f of [health, me, autosave, webAutosave]) {
  process.stdout.write(`${f.label.padEnd(42)} ${f.rps.toFixed(0).padStart(9)} ${String(f.p50).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.total).padStart(9)} ${String(f.non2xx).padStart(8)} ${String(f.errors).padStart(8)}\n`);
}
const ratio = autosave.rps / health.rps;
process.stdout.write(`\nRatio autosave / health : ${ratio.toFixed(3)} (objectif ≥ 0,25) ; p99 autosave ${autosave.p99} ms (objectif < 50 ms)\n`);
otherWrites.sort((a, b) => a - b);
process.stdout.write(
  `Écritures du processus principal pendant l’autosave (mise à jour du registre, ${otherWrites.length}) : médiane ${otherWrites[otherWrites.length >> 1]?.toFixed(1)} ms, max ${otherWrites.at(-1)?.toFixed(1)} ms\n`,
);
// Saves still in flight when a measure ends are stored but not counted by autocannon.
process.stdout.write(`Conflits 409 : ${conflicts} ; enregistrements en base : ${stored} (réponses 2xx comptées : ${autosave.total - autosave.non2xx + webAutosave.total - webAutosave.non2xx})\n`);
