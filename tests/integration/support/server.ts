/**
 * Integration-test harness: an app on a fresh temporary database (migrated by
 * buildApp; SQLite, or PostgreSQL under `npm run test:postgres`: see
 * tests/support/database.ts), a small fixture world (registry, campaigns, one account per role
 * and scope), and a cookie-keeping client with its CSRF token.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../../../server/app.ts';
import { testConfig, type Config } from '../../../server/config.ts';
import { SYSTEM_USER, type AuthUser } from '../../../server/domain/access.ts';
import { SESSION_COOKIE } from '../../../server/plugins/auth.ts';
import { getQuestionnaire, validateSubmission, type Answers } from '../../../survey-schema/index.ts';
import { loadBilans } from '../../../fixtures/index.ts';
import { createTestDatabase } from '../../support/database.ts';

export interface TestServer {
  app: FastifyInstance;
  config: Config;
  /** A temporary folder of the test's own. */
  dir: string;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<Omit<Config, 'mail'>> & { mail?: Partial<Config['mail']> } = {}, options: BuildOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = testConfig({ ...database.target, loginMaxPerMinute: 10_000, ...overrides });
  const app = await buildApp(config, options);
  await app.ready();
  return {
    app,
    config,
    dir: database.dir,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const PASSWORD = 'mot-de-passe-de-test';

/**
 * The world of the tests:
 * - region 11 Île-de-France (départements 93, 94): CLSM a1 (93), a2 (94); region 32
 *   Hauts-de-France: CLSM b1 (59). Real codes: the registry checks them against
 *   the official geography, and Île-de-France items are asked of a1 and a2 only.
 * - campaigns 2024 (closed) and 2025 (open).
 * - accounts: admin, ccoms, ars (11: arsR1), ars délégation (11/94: arsD2), ars (32: arsR2), coordinateur of a1, coordinateur of b1.
 */
export const WORLD = {
  clsm: [
    { id: 'a1', nom: 'CLSM A1', region: '11', departement: '93', annee_creation: 2012, statut: 'actif' as const },
    { id: 'a2', nom: 'CLSM A2', region: '11', departement: '94', annee_creation: 2018, statut: 'actif' as const },
    { id: 'b1', nom: 'CLSM B1', region: '32', departement: '59', annee_creation: 2020, statut: 'actif' as const },
  ],
  users: {
    admin: { email: 'admin@test.fr', role: 'admin' as const },
    ccoms: { email: 'ccoms@test.fr', role: 'ccoms' as const },
    arsR1: { email: 'ars-r1@test.fr', role: 'ars' as const, region: '11' },
    arsD2: { email: 'ars-d2@test.fr', role: 'ars' as const, region: '11', departement: '94' },
    arsR2: { email: 'ars-r2@test.fr', role: 'ars' as const, region: '32' },
    coordA1: { email: 'coord-a1@test.fr', role: 'coordinateur' as const, clsmIds: ['a1'] },
    coordB1: { email: 'coord-b1@test.fr', role: 'coordinateur' as const, clsmIds: ['b1'] },
  },
};
export type WorldUser = keyof typeof WORLD.users;

export async function seedWorld(server: TestServer): Promise<void> {
  const { services } = server.app;
  for (const c of WORLD.clsm) await services.clsm.create(SYSTEM_USER, c);
  await services.campagnes.create(SYSTEM_USER, { annee: 2024, statut: 'fermee' });
  await services.campagnes.create(SYSTEM_USER, { annee: 2025, statut: 'ouverte' });
  for (const u of Object.values(WORLD.users)) await services.users.create(SYSTEM_USER, { password: PASSWORD, ...u });
}

/** The signed-in user of a world account, as the services see it. */
export async function worldUser(app: FastifyInstance, who: WorldUser): Promise<AuthUser> {
  const found = (await app.services.users.list(SYSTEM_USER)).find((u) => u.email === WORLD.users[who].email);
  if (!found) throw new Error(`Compte absent : ${who}`);
  return found;
}

/** A complete, submittable answer set, taken from the demonstration dataset (so it follows the questionnaire as it grows). */
export function completeAnswers(annee = 2025): Answers {
  const q = getQuestionnaire();
  for (const record of loadBilans('demo', q)) {
    const r = validateSubmission(q, { ...record.answers, consentement_ccoms: 'oui' }, { annee });
    if (r.ok) return r.answers;
  }
  throw new Error('Aucun bilan complet dans fixtures/demo');
}

export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly app: FastifyInstance) {}

  static async as(app: FastifyInstance, who: WorldUser): Promise<Client> {
    const client = new Client(app);
    await client.login(WORLD.users[who].email, PASSWORD);
    return client;
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    const res = await this.request('POST', '/api/session', { email, password });
    if (res.statusCode === 200) this.csrf = res.json().csrf_token;
    return res;
  }

  async request(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(this.cookie ? { cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(payload === undefined ? {} : typeof payload === 'string' ? { payload } : { payload: payload as object }),
    });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value ? encodeURIComponent(set.value) : undefined;
    return res;
  }

  get = (url: string) => this.request('GET', url);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
}

/** Every item of a paged list of the API, following its `X-Next-Cursor` header. */
/** A signed-in client for every account of the world, and one signed out (`anonyme`). */
export async function worldClients(app: FastifyInstance): Promise<Record<WorldUser | 'anonyme', Client>> {
  const clients = { anonyme: new Client(app) } as Record<WorldUser | 'anonyme', Client>;
  for (const who of Object.keys(WORLD.users) as WorldUser[]) clients[who] = await Client.as(app, who);
  return clients;
}

export async function allPages<T = unknown>(client: Client, url: string): Promise<T[]> {
  const items: T[] = [];
  for (let next: string | undefined = url; next; ) {
    const res = await client.get(next);
    if (res.statusCode !== 200) throw new Error(`${next} → ${res.statusCode} ${res.body}`);
    items.push(...(res.json() as T[]));
    const cursor = res.headers['x-next-cursor'];
    next = typeof cursor === 'string' ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : undefined;
  }
  return items;
}

/** Every stored row that a rejected write must leave unchanged (mails, links, reminders and prolongations included). */
export async function snapshot(app: FastifyInstance) {
  const [clsm, users, userClsm, campagnes, bilans, bilanSections, comments, mails, tokens, relances, prolongations, notifications] = await Promise.all([
    app.db.selectFrom('clsm').selectAll().orderBy('id').execute(),
    app.db.selectFrom('users').select(['id', 'email', 'password_hash', 'role', 'region', 'departement', 'disabled_at', 'invited_at']).orderBy('id').execute(),
    app.db.selectFrom('user_clsm').selectAll().orderBy('user_id').orderBy('clsm_id').execute(),
    app.db.selectFrom('campagnes').selectAll().orderBy('annee').execute(),
    app.db.selectFrom('bilans').selectAll().orderBy('id').execute(),
    app.db.selectFrom('bilan_sections').selectAll().orderBy('bilan_id').orderBy('section').execute(),
    app.db.selectFrom('comments').selectAll().orderBy('id').execute(),
    app.db.selectFrom('mail_queue').select(['id', 'to_address', 'subject']).orderBy('id').execute(),
    app.db.selectFrom('account_tokens').select(['id', 'user_id', 'used_at']).orderBy('id').execute(),
    app.db.selectFrom('relances').selectAll().orderBy('id').execute(),
    app.db.selectFrom('prolongations').selectAll().orderBy('annee').orderBy('clsm_id').execute(),
    app.db.selectFrom('notifications').select(['id', 'user_id', 'clsm_id']).orderBy('id').execute(),
  ]);
  return { clsm, users, userClsm, campagnes, bilans, bilanSections, comments, mails, tokens, relances, prolongations, notifications };
}
