/** A cookie-keeping client of the web pages over app.inject (forms posted as a browser would, with their CSRF token). */
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { PASSWORD } from '../browser/seed.ts';

export class PageClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(readonly app: FastifyInstance) {}

  private keep(res: LightMyRequestResponse) {
    const set = res.headers['set-cookie'];
    for (const line of [set ?? []].flat()) {
      const [pair] = String(line).split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!, value.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  private get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } }));
  }

  /** Posts a form; `_csrf` comes from the last page read unless given. */
  async post(url: string, fields: Record<string, string | string[]> | URLSearchParams, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = fields instanceof URLSearchParams ? fields : new URLSearchParams();
    if (!(fields instanceof URLSearchParams)) for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    if (!body.has('_csrf') && this.csrf) body.set('_csrf', this.csrf);
    return this.keep(
      await this.app.inject({ method: 'POST', url, payload: body.toString(), headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...headers } }),
    );
  }

  /** Posts a form with a file (multipart/form-data, as a browser's file input); `_csrf` from the last page read. */
  /** A multipart form with a file; its content as text (UTF-8) or as bytes (a file in another encoding). */
  async postFile(url: string, fields: Record<string, string>, file?: { field: string; name: string; content: string | Buffer }): Promise<LightMyRequestResponse> {
    const boundary = '----bilan-clsm-test-boundary';
    const all = { ...(this.csrf ? { _csrf: this.csrf } : {}), ...fields };
    const parts = Object.entries(all).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const chunks: Buffer[] = parts.map((p) => Buffer.from(p, 'utf8'));
    if (file) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`, 'utf8'));
      chunks.push(typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content, Buffer.from('\r\n'));
    }
    const payload = Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
    return this.keep(await this.app.inject({ method: 'POST', url, payload, headers: { cookie: this.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` } }));
  }

  async login(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/connexion');
    return this.post('/connexion', { email, password, suite: '/' });
  }

  static async as(app: FastifyInstance, email: string, password = PASSWORD): Promise<PageClient> {
    const c = new PageClient(app);
    const res = await c.login(email, password);
    if (res.statusCode !== 303) throw new Error(`connexion refusée pour ${email} : ${res.statusCode}`);
    return c;
  }
}

/** The version hidden in the bilan form. */
export function formVersion(body: string): string {
  const v = /name="version" value="(\d+)"/.exec(body)?.[1];
  if (v === undefined) throw new Error('pas de version dans la page');
  return v;
}

/** Visible text (tags removed) of a page, to assert on what people read. */
export function text(body: string): string {
  return body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}
