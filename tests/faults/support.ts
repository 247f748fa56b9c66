/**
 * What the fault tests share: a database seeded with CLSM and their
 * coordinators, the real server started as a separate process (`node
 * server/main.ts`, as `npm start` runs it) so it can be killed, HTTP clients
 * that sign in and autosave like the browser script, and the checks made
 * after a fault (every acknowledged save in the audit trail, integrity_check).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { testConfig } from '../../server/config.ts';
import { migrateToLatest, openDatabase } from '../../server/db/connection.ts';
import { SYSTEM_USER } from '../../server/domain/access.ts';
import { createServices } from '../../server/services/index.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PASSWORD = 'mot-de-passe-des-pannes';
export const ANNEE = 2025;
const SECRET = 'secret-des-tests-de-pannes-0123456789';

/** The environment of a server or CLI process on `databasePath`. */
export function envFor(databasePath: string, port = 0): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_PATH: databasePath,
    HOST: '127.0.0.1',
    PORT: String(port),
    DEMO: 'false',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: SECRET,
    ARGON2_MEMORY_KIB: '8',
    ARGON2_PASSES: '1',
    LOGIN_MAX_PER_MINUTE: '100000',
    NODE_ENV: 'production',
  };
}

/** CLSM c01…cNN in région 11 (Seine-Saint-Denis), an open campagne, and a coordinator per CLSM (coord-NN@pannes.test). */
export async function seed(databasePath: string, count: number): Promise<void> {
  const { db } = openDatabase({ databasePath, databaseUrl: null });
  try {
    await migrateToLatest(db);
    const services = createServices({ db, config: testConfig({ databasePath }) });
    await services.campagnes.create(SYSTEM_USER, { annee: ANNEE, statut: 'ouverte' });
    for (let i = 1; i <= count; i++) {
      const id = clsmId(i);
      await services.clsm.create(SYSTEM_USER, { id, nom: `CLSM ${id}`, region: '11', departement: '93', statut: 'actif' });
      await services.users.create(SYSTEM_USER, { email: coordinator(i), password: PASSWORD, role: 'coordinateur', clsmIds: [id] });
    }
  } finally {
    await db.destroy();
  }
}

export const clsmId = (i: number) => `c${String(i).padStart(2, '0')}`;
export const coordinator = (i: number) => `coord-${String(i).padStart(2, '0')}@pannes.test`;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to its standard error and output (its logs). */
  output(): string;
  /** SIGTERM, then SIGKILL if it is still there after 5 s. */
  stop(): Promise<void>;
}

/** The server as `npm start` runs it, on its own port; resolves once /api/health answers. */
export async function startServer(databasePath: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: envFor(databasePath, port), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`le serveur s'est arrêté au démarrage :\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`le serveur ne répond pas après 30 s :\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** A signed-in API client (session cookie and CSRF token), as the browser script is. */
export class ApiClient {
  private cookie = '';
  private csrf = '';
  constructor(readonly baseUrl: string) {}

  async login(email: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`connexion refusée pour ${email} : ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrf_token: string }).csrf_token;
  }

  /** The same session on another server (two processes on one file share the session secret). */
  on(baseUrl: string): ApiClient {
    const other = new ApiClient(baseUrl);
    other.cookie = this.cookie;
    other.csrf = this.csrf;
    return other;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }
}

/** An acknowledged save: the server answered 200 to it. */
export interface Ack {
  clsm: string;
  value: string;
}

/**
 * A coordinator autosaving its bilan again and again (a new text each time,
 * from the version the previous save returned) until `stop()` or a refused
 * connection. Saves refused (503 on a full disk…) are retried from the same version.
 */
export function autosaver(client: ApiClient, clsm: string, text: (n: number) => string) {
  const acks: Ack[] = [];
  const refusals = new Map<number, number>();
  const messages = new Set<string>();
  let running = true;
  let version = 0;
  const done = (async () => {
    for (let n = 1; running; ) {
      const value = text(n);
      let res;
      try {
        res = await client.request('PUT', `/api/bilans/${clsm}/${ANNEE}`, { answers: { terr_quartiers: value }, version });
      } catch {
        return; // the server is gone
      }
      if (res.status === 200) {
        acks.push({ clsm, value });
        version = res.json.version as number;
        n++;
      } else {
        refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
        if (typeof res.json.message === 'string') messages.add(res.json.message);
        if (res.status === 409) version = ((res.json.current as { version?: number } | undefined)?.version ?? version) as number;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  })();
  return {
    acks,
    refusals,
    messages,
    async stop() {
      running = false;
      await done;
    },
    done,
  };
}

/** How many acknowledged saves the audit trail of a database file holds (each save logs its new answer in its own transaction). */
export function foundInAudit(databasePath: string, acks: readonly Ack[]): number {
  const db = new SQLite(databasePath, { fileMustExist: true });
  try {
    const stored = new Set(
      (db.prepare("select b.clsm_id as clsm, a.new_value as value from audit_log a join bilans b on a.entity = 'bilan' and a.entity_id = cast(b.id as text) where a.action = 'reponse' and a.variable = 'terr_quartiers'").all() as Array<{ clsm: string; value: string }>).map(
        (r) => `${r.clsm}\u0000${JSON.parse(r.value)}`,
      ),
    );
    return acks.filter((a) => stored.has(`${a.clsm}\u0000${a.value}`)).length;
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of a database file: 'ok' when sound. */
export function integrity(databasePath: string): string {
  const db = new SQLite(databasePath, { fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
