/**
 * `npm run bench:rush`: the load real users make during a deadline rush.
 *
 * A temporary database holds ten years of a national campaign at ten times
 * the national count (bench/rush-seed.ts: 3 000 CLSM, 3 000 submitted or
 * validated bilans 2016-2025, campaign 2026 open with a draft per CLSM). The
 * server runs as `npm start` runs it, in a child process (bench/rush-server.ts);
 * this process generates the load with Node's http module, one keep-alive
 * connection per simulated user, as each browser keeps its own.
 *
 * - 3 000 coordinators autosave a section every 10-30 s, as the browser does
 *   (POST …/enregistrement, the section's fields as the page renders them,
 *   one answer changed, the last acknowledged version);
 * - after a ramp-up (RUSH_WARMUP s, not counted), phase A: coordinators only
 *   for RUSH_SECONDS s; phase B: the same plus 20 analysts (ARS, CCOMS,
 *   admin) opening dashboards, charts, follow-up and état des lieux every
 *   2-6 s, for RUSH_SECONDS s;
 * - then every coordinator reads its bilan back: an answer that does not hold
 *   its last acknowledged value is a lost save;
 * - then, on a restarted server (its analytics thread loaded, as it is once
 *   npm start listens), the opening dashboard as admin (key figures and
 *   their trend over every year's bilans), cold
 *   and warm, against a floor measured here: reading the stored answers of
 *   the submitted bilans from the SQLite file and JSON.parse of each.
 *
 * Prints the figures and PASS/MISS per target; always exits 0 (a measure).
 * Per phase, it also prints how long the server's event-loop thread was ready
 * to run but had no core (Linux schedstat), and the CPU time the hypervisor
 * gave elsewhere (steal): a slow save is often a loop that waited for a core,
 * not one that was busy.
 * RUSH_SECONDS (60), RUSH_WARMUP (30), RUSH_COORDINATORS (3000),
 * RUSH_ANALYSTS (20), RUSH_LOG_LEVEL (info, as npm start), RUSH_CPU_PROF=<dir> (the
 * server's CPU profiles), RUSH_KEEP=1 keeps
 * the temporary folder (database, server log).
 *
 * RUSH_DATABASE=postgres: the same run on a throwaway PostgreSQL cluster
 * (scripts/postgres-cluster.ts) with RUSH_INSTANCES servers (default 2) on
 * one database, users spread over them in turn (as a load balancer would);
 * the event loop and CPU figures are those of the first instance.
 * RUSH_JSON=FILE writes the main figures as JSON (bench/rush-compare.ts,
 * `npm run bench:rush:postgres`, prints SQLite and PostgreSQL side by side).
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { startCluster, type Cluster } from '../scripts/postgres-cluster.ts';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../server/config.ts';
import { postedFields, renderSection } from '../tests/support/form-post.ts';
import { applicableAnswers, flattenAnswers, getQuestionnaire, type Answers, type AnswerValue, type Question, type Section } from '../survey-schema/index.ts';
import { connection, inPool, type Connection, type Reply, type Session } from './rush-http.ts';
import type { LoopDelay, ServerMessage } from './rush-server.ts';
import { OPEN_YEAR, PASSWORD, PAST_YEARS, seedRush, type RushAnalyst, type RushCoordinator } from './rush-seed.ts';

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
const SECONDS = env('RUSH_SECONDS', 60);
const WARMUP = env('RUSH_WARMUP', 30);
const COORDINATORS = env('RUSH_COORDINATORS', 3_000);
const ANALYSTS = env('RUSH_ANALYSTS', 20);
const LOG_LEVEL = process.env.RUSH_LOG_LEVEL ?? 'info';
const POSTGRES = process.env.RUSH_DATABASE === 'postgres';
const INSTANCES = Math.max(1, env('RUSH_INSTANCES', POSTGRES ? 2 : 1));
const q = getQuestionnaire();
const root = fileURLToPath(new URL('..', import.meta.url));
const progress = (line: string) => process.stderr.write(`[rush ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const uniform = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

// ---- statistics

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => {
  const s = sorted(xs);
  return s.length ? s[Math.max(0, Math.ceil(p * s.length) - 1)]! : Number.NaN;
};
const median = (xs: number[]) => pct(xs, 0.5);

class Tally {
  readonly ms: number[] = [];
  errors = 0;
  add(reply: Reply, ok = reply.status >= 200 && reply.status < 300) {
    this.ms.push(reply.ms);
    if (!ok) this.errors++;
  }
}

/** Non-2xx answers, by status and first words, for the report. */
const errorKinds = new Map<string, number>();
function noteError(what: string, reply: Reply) {
  const key = `${what} → ${reply.status || 'pas de réponse'} ${reply.body.replace(/\s+/g, ' ').slice(0, 120)}`;
  errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
}

// ---- the server, a child process

interface Server {
  port: number;
  pid: number;
  /** The event loop's delay since the previous call. */
  loop(): Promise<LoopDelay>;
  stop(): Promise<void>;
}

const dir = mkdtempSync(join(os.tmpdir(), 'bilan-clsm-rush-'));
const databasePath = join(dir, 'rush.sqlite');
const logPath = join(dir, 'server.log');
/** PostgreSQL: the throwaway cluster and the database URL (null on SQLite). */
let cluster: Cluster | undefined;
let databaseUrl: string | null = null;

async function startServer(): Promise<Server> {
  const log = openSync(logPath, 'a');
  const child: ChildProcess = fork(join(root, 'bench/rush-server.ts'), [], {
    cwd: root,
    // RUSH_CPU_PROF=<dir>: the server's CPU profiles (one per thread), written when it stops.
    execArgv: ['--import', 'tsx', ...(process.env.RUSH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.RUSH_CPU_PROF}`] : [])],
    // npm start's configuration (loadConfig), but for the database, the port, cheap password hashes and the login limit.
    env: { ...process.env, DATABASE_PATH: databasePath, ...(databaseUrl ? { DATABASE_URL: databaseUrl, SESSION_SECRET: 'secret-partage-des-instances-du-banc' } : {}), HOST: '127.0.0.1', PORT: '0', DEMO: 'false', ARGON2_MEMORY_KIB: '8', ARGON2_PASSES: '1', LOGIN_MAX_PER_MINUTE: '1000000', LOG_LEVEL },
    stdio: ['ignore', log, log, 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: ServerMessage) => 'port' in m && resolve(m.port));
    child.once('exit', (code) => reject(new Error(`Le serveur s’est arrêté au démarrage (code ${code}) : voir ${logPath}`)));
  });
  return {
    port,
    pid: child.pid!,
    loop: () =>
      new Promise((resolve) => {
        const on = (m: ServerMessage) => {
          if (!('loop' in m)) return;
          child.off('message', on);
          resolve(m.loop);
        };
        child.on('message', on);
        child.send('loop');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim() + (execSync('git status --porcelain', { cwd: root, encoding: 'utf8' }).trim() ? ' (modifié)' : '');
  } catch {
    return '?';
  }
}

/** A Linux /proc file read through `parse` (undefined elsewhere, or if the process has gone). */
function fromProc<T>(path: string, parse: (text: string) => T): T | undefined {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU time of a process, all its threads, in ms (utime + stime, in ticks of 10 ms: USER_HZ = 100). */
const cpuMs = (pid: number) =>
  fromProc(`/proc/${pid}/stat`, (text) => {
    const fields = text.split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  });

/**
 * How long the event loop's thread (its id is the process's) waited for a core while ready to run,
 * in ms: the time a request could wait though the loop was free, because other threads of the
 * machine held both cores.
 */
const runQueueWaitMs = (pid: number) => fromProc(`/proc/${pid}/task/${pid}/schedstat`, (text) => Number(text.split(' ')[1]) / 1e6);

/** CPU time the hypervisor gave to others while this machine's cores wanted it (all cores), in ms (ticks of 10 ms). */
const stealMs = () => fromProc('/proc/stat', (text) => Number(text.split('\n')[0]!.trim().split(/\s+/)[8]) * 10);

/** Resident memory of a process, in MB. */
const rssMb = (pid: number) =>
  fromProc(`/proc/${pid}/status`, (text) => {
    const m = /VmRSS:\s+(\d+) kB/.exec(text);
    return m ? Number(m[1]) / 1024 : undefined;
  });

// ---- coordinators

/** The answer a coordinator edits on a section's page: a free text, else a number, that applies to its bilan. */
interface Edit {
  section: Section;
  question: Question;
}

const isText = (x: Question) => x.kind === 'texte_court' || x.kind === 'texte_long';
const editsOf = new Map<Answers, Edit[]>();
function editsFor(answers: Answers): Edit[] {
  let edits = editsOf.get(answers);
  if (!edits) {
    const applicable = applicableAnswers(q, answers).applicable;
    edits = q.sections.flatMap((section) => {
      const candidates = section.questions.filter((x) => applicable.has(x.variable));
      const question = candidates.find(isText) ?? candidates.find((x) => x.kind === 'entier');
      return question ? [{ section, question }] : [];
    });
    editsOf.set(answers, edits);
  }
  return edits;
}

/**
 * The fields a section's form posts, as the page renders them for these
 * answers: rendered once per answer set and section (the seed shares a few
 * sets between coordinators), so that the load generator spends its CPU on
 * requests, not on rendering forms.
 */
const formsOf = new Map<Answers, Map<string, Array<[string, string]>>>();
function sectionFields(answers: Answers, section: Section): Array<[string, string]> {
  let forms = formsOf.get(answers);
  if (!forms) formsOf.set(answers, (forms = new Map()));
  let fields = forms.get(section.id);
  if (!fields) forms.set(section.id, (fields = postedFields(renderSection(q, section, flattenAnswers(q, answers, undefined, { keepNotApplicable: true }), OPEN_YEAR))));
  return fields;
}

/** The n-th edit: a text that names it, or a number ≥ 1 (a number may open later questions) within bounds. */
function editValue(question: Question, n: number, clsm: string): AnswerValue {
  if (isText(question)) return `Saisie n° ${n} du ${clsm} pendant le rush`;
  const bounds = question as { min?: number; max?: number };
  const lo = Math.max(bounds.min ?? 0, 1);
  const hi = bounds.max ?? lo + 10_000;
  return lo + (n % (hi - lo + 1));
}

interface Coordinator extends RushCoordinator {
  http: Connection;
  session: Session;
  version: number;
  edits: Edit[];
  n: number;
  /** Per edited variable: the last value acknowledged (2xx), and the values sent since without acknowledgement. */
  acked: Map<string, AnswerValue>;
  unacked: Map<string, AnswerValue[]>;
}

type Phase = 'ramp' | 'A' | 'B';
const saves: Record<Phase, Tally> = { ramp: new Tally(), A: new Tally(), B: new Tally() };

// ---- analysts

interface Analyst {
  account: RushAnalyst;
  http: Connection;
  session: Session;
  /** The indicator pages the last dashboard it opened links to (each with its chart). */
  charts: string[];
}

const randomYear = () => PAST_YEARS[Math.floor(Math.random() * PAST_YEARS.length)]!;
/** What an analyst opens, with how often. */
const PAGES: [string, number, (a: Analyst) => string][] = [
  ['tableaux de bord, dernière campagne', 2, () => '/tableaux-de-bord'],
  ['tableaux de bord, une année', 2, () => `/tableaux-de-bord?annee=${randomYear()}`],
  ['page d’un indicateur (graphique)', 4, (a) => a.charts[Math.floor(Math.random() * a.charts.length)] ?? '/tableaux-de-bord'],
  ['suivi', 2, () => '/suivi'],
  ['suivi.csv', 1, () => '/suivi.csv'],
  ['état des lieux', 2, () => `/etat-des-lieux/${randomYear()}`],
  ['API indicateurs', 1, () => `/api/indicators?annee=${randomYear()}`],
  [`API suivi ${OPEN_YEAR}`, 1, () => `/api/campagnes/${OPEN_YEAR}/suivi`],
];
const pages = new Map(PAGES.map(([name]) => [name, new Tally()]));
const slowest: { ms: number; what: string }[] = [];

function pickPage(): (typeof PAGES)[number] {
  let r = Math.random() * PAGES.reduce((s, [, w]) => s + w, 0);
  for (const page of PAGES) if ((r -= page[1]) < 0) return page;
  return PAGES[0]!;
}

const CHART = /href="(\/tableaux-de-bord\/indicateurs\/[a-z0-9_]+\?[^"]*)"/g;
const decodeAmp = (s: string) => s.replace(/&amp;/g, '&');

// ---- the run

let server: Server | undefined;
/** Every instance (the first is `server`, the one measured). */
let servers: Server[] = [];
const loadBefore = os.loadavg();
try {
  if (POSTGRES) {
    cluster = await startCluster();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('create database bilan_rush');
    await admin.end();
    databaseUrl = cluster.adminUrl.replace(/\/postgres$/, '/bilan_rush');
  }
  progress(`base : ${databaseUrl ? `PostgreSQL (port ${cluster!.port}), ${INSTANCES} instance(s)` : databasePath}`);
  const seedStart = performance.now();
  const seedConfig = testConfig({ databasePath, databaseUrl });
  const seedApp = await buildApp(seedConfig);
  const seed = await seedRush(seedApp.services, { coordinators: COORDINATORS });
  await seedApp.close();
  const seedSeconds = (performance.now() - seedStart) / 1000;
  progress(`base remplie en ${seedSeconds.toFixed(1)} s : ${seed.submitted} bilans envoyés ou validés, ${seed.coordinators.length} comptes coordonnateur·rice`);

  // Started together, as a deployment's instances would.
  servers = await Promise.all(Array.from({ length: INSTANCES }, () => startServer()));
  server = servers[0]!;
  progress(`serveur(s) (pid ${servers.map((x) => x.pid).join(', ')}) sur le(s) port(s) ${servers.map((x) => x.port).join(', ')} ; connexions…`);
  // Users spread over the instances in turn, as a load balancer would.
  let turn = 0;
  const nextPort = () => servers[turn++ % servers.length]!.port;

  const coordinators: Coordinator[] = [];
  await inPool(seed.coordinators, 16, async (c) => {
    const http = connection(nextPort());
    const session = await http.signIn(c.email, PASSWORD);
    const read = await http.call('GET', `/api/bilans/${c.clsm}/${OPEN_YEAR}`, { cookie: session.cookie });
    if (read.status !== 200) throw new Error(`Lecture du bilan ${c.clsm} refusée : ${read.status} ${read.body.slice(0, 200)}`);
    const { version } = JSON.parse(read.body) as { version: number };
    coordinators.push({ ...c, http, session, version, edits: editsFor(c.answers), n: 0, acked: new Map(), unacked: new Map() });
  });
  const accounts = Array.from({ length: ANALYSTS }, (_, i): RushAnalyst => {
    // Three in five are ARS (every région in turn), one the CCOMS, one the administration.
    const ars = seed.analysts.filter((a) => a.role === 'ars');
    if (i % 5 === 3) return seed.analysts.find((a) => a.role === 'ccoms')!;
    if (i % 5 === 4) return seed.analysts.find((a) => a.role === 'admin')!;
    return ars[(i - Math.floor(i / 5) * 2) % ars.length]!;
  });
  const analysts: Analyst[] = [];
  for (const account of accounts) {
    const http = connection(nextPort());
    analysts.push({ account, http, session: await http.signIn(account.email, PASSWORD), charts: [] });
  }

  /** One autosave of a section, as web/public/app.js posts it. */
  async function save(c: Coordinator, tally: Tally): Promise<void> {
    const { section, question } = c.edits[Math.floor(Math.random() * c.edits.length)]!;
    const value = editValue(question, ++c.n, c.clsm);
    c.unacked.set(question.variable, [...(c.unacked.get(question.variable) ?? []), value]);
    // The section as typed: its saved answers, the edited one changed (a section posts its own fields only).
    const fields = sectionFields(c.answers, section).map(([name, v]): [string, string] => [name, name === question.variable ? String(value) : v]);
    const body = new URLSearchParams([...fields, ['_csrf', c.session.csrf], ['version', String(c.version)]]).toString();
    const reply = await c.http.call(
      'POST',
      `/bilans/${c.clsm}/${OPEN_YEAR}/enregistrement?section=${section.id}`,
      { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie: c.session.cookie },
      body,
    );
    tally.add(reply);
    if (reply.status === 200) {
      c.version = (JSON.parse(reply.body) as { version: number }).version;
      c.acked.set(question.variable, value);
      c.unacked.set(question.variable, []);
      return;
    }
    noteError('enregistrement', reply);
    if (reply.status === 409) {
      // As the page tells its user: reload the saved version, then go on.
      const read = await c.http.call('GET', `/api/bilans/${c.clsm}/${OPEN_YEAR}`, { cookie: c.session.cookie });
      if (read.status === 200) c.version = (JSON.parse(read.body) as { version: number }).version;
    }
  }

  const t0 = performance.now();
  const aStart = t0 + WARMUP * 1000;
  const bStart = aStart + SECONDS * 1000;
  const end = bStart + SECONDS * 1000;
  const phaseAt = (t: number): Phase => (t < aStart ? 'ramp' : t < bStart ? 'A' : 'B');
  const until = async (t: number) => {
    const wait = t - performance.now();
    if (wait > 0) await sleep(wait);
  };

  async function coordinatorLoop(c: Coordinator) {
    // The first save anywhere in [0, 30] s: coordinators are spread, not in step.
    await until(Math.min(end, t0 + uniform(0, 30_000)));
    while (performance.now() < end) {
      await save(c, saves[phaseAt(performance.now())]);
      await until(Math.min(end, performance.now() + uniform(10_000, 30_000)));
    }
  }

  async function analystLoop(a: Analyst) {
    await until(bStart + uniform(0, 2_000));
    while (performance.now() < end) {
      const [name, , path] = pickPage();
      const url = path(a);
      const kind = url.startsWith('/tableaux-de-bord?') || url === '/tableaux-de-bord' ? (url.includes('annee=') ? PAGES[1]![0] : PAGES[0]![0]) : name;
      const reply = await a.http.call('GET', url, { cookie: a.session.cookie, accept: url.startsWith('/api/') ? 'application/json' : 'text/html' });
      pages.get(kind)!.add(reply);
      slowest.push({ ms: reply.ms, what: `${a.account.role}${a.account.region ? ` ${a.account.region}` : ''} ${url}` });
      if (reply.status < 200 || reply.status >= 300) noteError(`analyste ${kind}`, reply);
      else if (kind.startsWith('tableaux de bord')) a.charts = [...reply.body.matchAll(CHART)].map((m) => decodeAmp(m[1]!));
      await until(Math.min(end, performance.now() + uniform(2_000, 6_000)));
    }
  }

  progress(`${coordinators.length} coordonnateur·rices, ${analysts.length} analystes connecté·es ; montée en charge ${WARMUP} s, phase A ${SECONDS} s, phase B ${SECONDS} s`);
  const loops: Partial<Record<'A' | 'B', LoopDelay>> = {};
  // The load generator's own event loop: a save is timed here, so a stall here would count as the server's.
  const own = monitorEventLoopDelay({ resolution: 10 });
  const ownLoops: Partial<Record<'A' | 'B', LoopDelay>> = {};
  const ownLoop = (): LoopDelay => {
    const ms = (ns: number) => Math.max(0, ns / 1e6 - 10);
    const l = { p50: ms(own.percentile(50)), p99: ms(own.percentile(99)), max: ms(own.max) };
    own.reset();
    return l;
  };
  const cpu: Partial<Record<'A' | 'B', { server?: number | undefined; load: number; wait?: number | undefined; steal?: number | undefined }>> = {};
  /** The server's resident memory at the end of each phase. */
  const rss: Partial<Record<'A' | 'B', number | undefined>> = {};
  const srv = server;
  const cpuMark = () => ({ server: cpuMs(srv.pid), wait: runQueueWaitMs(srv.pid), steal: stealMs(), load: process.cpuUsage(), at: performance.now() });
  let mark = cpuMark();
  const cpuSince = (m: typeof mark) => {
    const now = cpuMark();
    const wall = now.at - m.at;
    const used = process.cpuUsage(m.load);
    const share = { server: now.server !== undefined && m.server !== undefined ? (now.server - m.server) / wall : undefined, load: (used.user + used.system) / 1000 / wall };
    const perSecond = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? ((b - a) / wall) * 1000 : undefined);
    return { share: { ...share, wait: perSecond(m.wait, now.wait), steal: perSecond(m.steal, now.steal) }, now };
  };
  const marks = (async () => {
    await until(aStart);
    await srv.loop();
    own.enable();
    own.reset();
    mark = cpuMark();
    progress('phase A : coordonnateur·rices seul·es');
    await until(bStart);
    loops.A = await srv.loop();
    ownLoops.A = ownLoop();
    const a = cpuSince(mark);
    cpu.A = a.share;
    rss.A = rssMb(srv.pid);
    mark = a.now;
    progress('phase B : coordonnateur·rices et analystes');
  })();
  await Promise.all([...coordinators.map(coordinatorLoop), ...analysts.map(analystLoop), marks]);
  loops.B = await srv.loop();
  ownLoops.B = ownLoop();
  own.disable();
  cpu.B = cpuSince(mark).share;
  rss.B = rssMb(srv.pid);
  progress('charge arrêtée ; relecture des bilans…');

  // Lost saves: each coordinator reads its bilan back.
  let lost = 0;
  let storedWithoutAck = 0;
  let checked = 0;
  const lostSamples: string[] = [];
  await inPool(coordinators, 16, async (c) => {
    const reply = await c.http.call('GET', `/api/bilans/${c.clsm}/${OPEN_YEAR}`, { cookie: c.session.cookie });
    c.http.close();
    if (reply.status !== 200) {
      noteError('relecture', reply);
      lost += c.acked.size;
      return;
    }
    const stored = JSON.parse(reply.body) as { version: number; answers: Answers };
    if (stored.version < c.version) {
      lost++;
      lostSamples.push(`${c.clsm} : version ${stored.version} < ${c.version} acquittée`);
    }
    for (const [variable, value] of c.acked) {
      checked++;
      if (stored.answers[variable] === value) continue;
      if (c.unacked.get(variable)?.includes(stored.answers[variable]!)) storedWithoutAck++;
      else {
        lost++;
        lostSamples.push(`${c.clsm} ${variable} : ${JSON.stringify(stored.answers[variable])} au lieu de ${JSON.stringify(value)}`);
      }
    }
  });

  // Cold and warm dashboard on a restarted server.
  progress('redémarrage du serveur ; tableau de bord à froid puis à chaud…');
  await Promise.all(servers.map((x) => x.stop()));
  servers = [];
  server = await startServer();
  for (const a of analysts) a.http.close();
  const fresh = connection(server.port);
  const adminAccount = seed.analysts.find((a) => a.role === 'admin')!;
  const admin = await fresh.signIn(adminAccount.email, PASSWORD);
  const dashboard = async (what: string) => {
    const reply = await fresh.call('GET', '/tableaux-de-bord', { cookie: admin.cookie, accept: 'text/html' });
    if (reply.status !== 200) noteError(what, reply);
    return reply;
  };
  const cold = await dashboard('tableau de bord à froid');
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push((await dashboard('tableau de bord à chaud')).ms);
  // What an analyst meets during the rush: the cache dropped by a coordinator's save, then
  // each page alone on the idle server (about the time it holds the event loop).
  const afterSave: number[] = [];
  const alone = new Map<string, number[]>(PAGES.map(([name]) => [name, []]));
  const saver = coordinators[0];
  const quiet = new Tally();
  if (saver) {
    saver.http = connection(server.port);
    for (let i = 0; i < 5; i++) {
      await save(saver, quiet);
      afterSave.push((await dashboard('tableau de bord après un enregistrement')).ms);
    }
    const viewer: Analyst = { account: adminAccount, http: fresh, session: admin, charts: [...cold.body.matchAll(CHART)].map((m) => decodeAmp(m[1]!)) };
    for (const [name, , path] of PAGES) {
      for (let i = 0; i < 3; i++) {
        await save(saver, quiet);
        const url = path(viewer);
        const reply = await fresh.call('GET', url, { cookie: admin.cookie, accept: url.startsWith('/api/') ? 'application/json' : 'text/html' });
        if (reply.status !== 200) noteError(`seul ${name}`, reply);
        alone.get(name)!.push(reply.ms);
      }
    }
  }
  fresh.close();
  saver?.http.close();
  await server.stop();
  server = undefined;

  // The floor: the stored answers of the submitted bilans, read (from the same database) and parsed here.
  const SECTIONS = "select s.answers from bilan_sections s join bilans b on b.id = s.bilan_id where b.statut in ('soumis', 'valide')";
  const COUNT = "select count(*) as n from bilans where statut in ('soumis', 'valide')";
  const floorDb = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
  const sqlite = floorDb ? null : new SQLite(databasePath, { readonly: true });
  await floorDb?.connect();
  const readSections = async () => (floorDb ? (await floorDb.query<{ answers: string }>(SECTIONS)).rows : (sqlite!.prepare(SECTIONS).all() as { answers: string }[]));
  const floor: number[] = [];
  let floorRows = 0;
  let floorBytes = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const rows = await readSections();
    for (const row of rows) JSON.parse(row.answers);
    floor.push(performance.now() - start);
    floorRows = rows.length;
    floorBytes = rows.reduce((s, r) => s + r.answers.length, 0);
  }
  const floorBilans = Number(floorDb ? (await floorDb.query<{ n: string }>(COUNT)).rows[0]!.n : (sqlite!.prepare(COUNT).get() as { n: number }).n);
  sqlite?.close();
  await floorDb?.end();
  const serverErrors = readFileSync(logPath, 'utf8').split('\n').filter((l) => /"level":(50|60)/.test(l)).length;

  // ---- report
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const f = (x: number | undefined, digits = 0) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
  const row = (label: string, t: Tally, width = 40) =>
    `${label.padEnd(width)} ${String(t.ms.length).padStart(7)} ${f(median(t.ms)).padStart(8)} ${f(pct(t.ms, 0.99)).padStart(8)} ${f(pct(t.ms, 1)).padStart(8)} ${String(t.errors).padStart(8)}`;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const cpus = os.cpus();
  out();
  out(`Banc « rush » — ${new Date().toISOString()}`);
  // The load average says whether other processes shared the machine during the run.
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  out(`Machine : ${cpus.length} × ${cpus[0]?.model ?? '?'} ; ${(os.totalmem() / 2 ** 30).toFixed(1)} Go ; Node ${process.version} ; ${os.platform()} ${os.release()} ; charge ${load(loadBefore)} au début, ${load(os.loadavg())} à la fin`);
  out(`Code : ${commit()} ; base : ${seed.coordinators.length} comptes coordonnateur·rice ; ${floorBilans} bilans envoyés ou validés (${PAST_YEARS[0]}-${PAST_YEARS.at(-1)}) ; campagne ${OPEN_YEAR} ouverte, un brouillon par CLSM ; remplie en ${seedSeconds.toFixed(0)} s`);
  out(`Base : ${databaseUrl ? `PostgreSQL ${cluster!.binDir.split('/').at(-2)}, ${INSTANCES} instance(s) sur la même base, utilisateur·rices réparti·es à tour de rôle (boucle d’événements et CPU : la première)` : 'SQLite'}`);
  out(`Serveur : comme npm start (loadConfig : enregistrements dans le processus principal, calculs d’indicateurs dans leur thread, journal ${LOG_LEVEL} dans un fichier), processus à part ; argon2 réduit pour les connexions`);
  out(`Charge : ${coordinators.length} coordonnateur·rices (une section toutes les 10 à 30 s, formulaire web) ; ${analysts.length} analystes (${['ars', 'ccoms', 'admin'].map((r) => `${analysts.filter((a) => a.account.role === r).length} ${r}`).join(', ')} ; une page toutes les 2 à 6 s)`);
  out(`Durées : montée en charge ${WARMUP} s (non comptée), phase A ${SECONDS} s (coordonnateur·rices seul·es), phase B ${SECONDS} s (avec les analystes)`);
  out();
  out(`${'Enregistrements automatiques'.padEnd(40)} ${'nombre'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'erreurs'.padStart(8)}`);
  out(row('  montée en charge (non comptée)', saves.ramp));
  out(row('  A : sans analystes', saves.A));
  out(row('  B : avec analystes', saves.B));
  const ratio = pct(saves.B.ms, 0.99) / pct(saves.A.ms, 0.99);
  out(`Rapport p99 B / p99 A : ${f(ratio, 2)} (objectif ≤ 1,5) ${verdict(ratio <= 1.5)}`);
  out();
  out(`${'Analystes (phase B)'.padEnd(40)} ${'nombre'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'erreurs'.padStart(8)}`);
  for (const [name, t] of pages) out(row(`  ${name}`, t));
  out(`Chaque page seule, serveur au repos, juste après un enregistrement (admin, médiane de 3) : ${[...alone].map(([name, ms]) => `${name} ${f(median(ms))} ms`).join(' ; ')}`);
  out('Pages d’analystes les plus lentes :');
  for (const s of [...slowest].sort((a, b) => b.ms - a.ms).slice(0, 5)) out(`  ${f(s.ms).padStart(7)} ms  ${s.what}`);
  out();
  for (const phase of ['A', 'B'] as const) {
    const l = loops[phase];
    const c = cpu[phase];
    out(`Phase ${phase} : boucle d’événements du serveur, retard p50 ${f(l?.p50, 1)} ms, p99 ${f(l?.p99, 1)} ms, max ${f(l?.max, 0)} ms ; CPU serveur ${c?.server === undefined ? '—' : `${f(c.server * 100)} %`}, thread de la boucle prêt mais sans cœur ${f(c?.wait)} ms par seconde, temps volé par l’hyperviseur ${f(c?.steal)} ms par seconde, générateur de charge ${f((c?.load ?? Number.NaN) * 100)} % (d’un cœur), sa boucle : retard p99 ${f(ownLoops[phase]?.p99, 1)} ms, max ${f(ownLoops[phase]?.max, 0)} ms ; mémoire du serveur en fin de phase ${f(rss[phase])} Mo`);
  }
  out();
  const analystErrors = [...pages.values()].reduce((s, t) => s + t.errors, 0);
  const saveErrors = saves.ramp.errors + saves.A.errors + saves.B.errors;
  const totalErrors = [...errorKinds.values()].reduce((s, n) => s + n, 0);
  out(`Erreurs : ${totalErrors} (enregistrements ${saveErrors}, analystes ${analystErrors}, autres ${totalErrors - saveErrors - analystErrors}) ; journal du serveur : ${serverErrors} ligne(s) d’erreur — objectif 0 ${verdict(totalErrors === 0)}`);
  for (const [kind, n] of [...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 8)) out(`  ${String(n).padStart(6)} × ${kind}`);
  out(`Enregistrements perdus : ${lost} sur ${checked} réponses acquittées relues — objectif 0 ${verdict(lost === 0)}${storedWithoutAck ? ` ; ${storedWithoutAck} enregistrée(s) sans accusé de réception (pas perdues)` : ''}`);
  for (const s of lostSamples.slice(0, 5)) out(`  ${s}`);
  out();
  const ratioCold = cold.ms / median(floor);
  out(`Tableau de bord d’ouverture, admin (dernière campagne, chiffres clés et leur évolution sur les ${floorBilans} bilans de toutes les années), serveur redémarré (thread des indicateurs chargé) :`);
  out(`  à froid ${f(cold.ms)} ms ; à chaud ${f(median(warm), 1)} ms (médiane de 5) ; juste après un enregistrement ${f(median(afterSave))} ms (médiane de 5)`);
  out(`  plancher : lecture de ${floorRows} sections (${(floorBytes / 2 ** 20).toFixed(1)} Mo) de ${floorBilans} bilans + JSON.parse, ${f(median(floor), 1)} ms (médiane de 5, ${f(Math.min(...floor), 1)} à ${f(Math.max(...floor), 1)})`);
  out(`  rapport à froid / plancher : ${f(ratioCold, 1)} (objectif ≤ 3) ${verdict(ratioCold <= 3)}`);
  if (process.env.RUSH_JSON) {
    const t = (x: Tally) => ({ n: x.ms.length, p50: median(x.ms), p99: pct(x.ms, 0.99), max: pct(x.ms, 1), errors: x.errors });
    const figures = {
      database: databaseUrl ? 'postgres' : 'sqlite',
      instances: databaseUrl ? INSTANCES : 1,
      saves: { A: t(saves.A), B: t(saves.B) },
      ratio,
      pages: Object.fromEntries([...pages].map(([name, x]) => [name, t(x)])),
      loop: { A: loops.A?.p99, B: loops.B?.p99 },
      runQueueWait: { A: cpu.A?.wait, B: cpu.B?.wait },
      errors: totalErrors,
      lost,
      checked,
      dashboard: { cold: cold.ms, warm: median(warm), afterSave: median(afterSave), floor: median(floor) },
    };
    writeFileSync(process.env.RUSH_JSON, JSON.stringify(figures, null, 2));
  }
  if (process.env.RUSH_KEEP) out(`\nDossier gardé : ${dir} (${databaseUrl ? 'base PostgreSQL supprimée avec son cluster' : `base ${(statSync(databasePath).size / 2 ** 20).toFixed(0)} Mo`}, journal du serveur server.log)`);
} finally {
  await Promise.all([server, ...servers].map((x) => x?.stop()));
  cluster?.stop();
  if (!process.env.RUSH_KEEP) rmSync(dir, { recursive: true, force: true });
}
