/**
 * A real server process (`npm start`'s entry, server/main.ts) on a port of
 * 127.0.0.1, configured by environment variables like a deployment, and an
 * HTTP client that keeps its session cookie: what the two-instance test and
 * the benchmarks drive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/postgres-cluster.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface Instance {
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts server/main.ts with `env` (on top of a test environment) and waits until /api/health answers 200. */
export async function startInstance(env: Record<string, string>, timeoutMs = 150_000): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ARGON2_MEMORY_KIB: '8', ARGON2_PASSES: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Le serveur s'est arrêté (code ${child.exitCode}) :\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return instance;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`Le serveur n'a pas répondu en ${timeoutMs / 1000} s :\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A browser-like HTTP client of one or several instances: one session cookie and its CSRF token, sent to whichever instance it calls. */
export class HttpSession {
  cookie: string | undefined;
  csrf: string | undefined;

  async request(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: () => any; text: string }> {
    const res = await fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      if (pair!.startsWith('bilan_clsm_session=')) this.cookie = pair!.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }

  async login(base: string, email: string, password: string): Promise<number> {
    const res = await this.request(base, 'POST', '/api/session', { email, password });
    if (res.status === 200) this.csrf = res.json().csrf_token;
    return res.status;
  }
}
