/**
 * The client side of `npm run bench:rush`: Node's http module (lighter than
 * fetch: the load generator shares two cores with the server), every request
 * timed from its start to its last byte. A failure to connect or a timeout
 * is status 0.
 *
 * Each simulated user has its own keep-alive connection, as a browser keeps
 * one to the site: its requests wait on that connection while the server is
 * busy. (One pool shared by every user would open new connections whenever
 * the pooled ones are busy: past the server's listen backlog, the kernel
 * drops their SYN and the client retries 1, 3, 7, 15 s later, a delay of the
 * load generator, not of the server.)
 */
import http from 'node:http';
import { SESSION_COOKIE } from '../server/plugins/auth.ts';

export interface Reply {
  status: number;
  /** Decoded when read: most analyst pages (an état des lieux is 1.3 MB) are timed, not read, and decoding them here would delay the saves timed on this event loop. */
  readonly body: string;
  ms: number;
  headers: http.IncomingHttpHeaders;
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Longer than any page should take: a request still waiting then is an error. */
const TIMEOUT_MS = 60_000;

/** One user's connection to the server on 127.0.0.1:`port`. */
export function connection(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  function call(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: string): Promise<Reply> {
    return new Promise((resolve) => {
      const start = performance.now();
      const done = (status: number, bytes: Buffer | string, h: http.IncomingHttpHeaders = {}) => {
        const ms = performance.now() - start;
        let text: string | undefined;
        resolve({
          status,
          get body() {
            return (text ??= bytes.toString());
          },
          ms,
          headers: h,
        });
      };
      const req = http.request(
        { host: '127.0.0.1', port, method, path, agent, timeout: TIMEOUT_MS, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks), res.headers));
          res.on('error', (e) => done(0, e.message));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`pas de réponse en ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (e) => done(0, e.message));
      req.end(body);
    });
  }

  /** POST /api/session as the browser's login does: the session cookie and the CSRF token. */
  async function signIn(email: string, password: string): Promise<Session> {
    const res = await call('POST', '/api/session', { 'content-type': 'application/json' }, JSON.stringify({ email, password }));
    if (res.status !== 200) throw new Error(`Connexion refusée pour ${email} : ${res.status} ${res.body.slice(0, 200)}`);
    const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error(`Connexion de ${email} : pas de cookie de session`);
    return { cookie: cookie.split(';')[0]!, csrf: (JSON.parse(res.body) as { csrf_token: string }).csrf_token };
  }

  return { call, signIn, close: () => agent.destroy() };
}

export type Connection = ReturnType<typeof connection>;

/** Runs `fn` over `items`, `n` at a time. */
export async function inPool<T>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
