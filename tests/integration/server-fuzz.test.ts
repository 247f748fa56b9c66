/**
 * Fuzzing every write route with fast-check: random bodies (random JSON,
 * malformed JSON, well-shaped but invalid answers) always get a 4xx, never a
 * 5xx, and leave the stored data unchanged.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionBody, CampagneBody, ClsmBody, ClsmPatch, DraftBody, LoginBody, ReturnBody, UserBody, UserPatch } from '../../server/routes/schemas.ts';
import { getQuestionnaire, indexOf, validateDraft } from '../../survey-schema/index.ts';
import { Client, completeAnswers, seedWorld, snapshot, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let admin: Client;
let coord: Client;
const RUNS = 25;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  admin = await Client.as(server.app, 'admin');
  coord = await Client.as(server.app, 'coordA1');
  await coord.put('/api/bilans/a1/2025', { answers: { consentement_ccoms: 'oui', copil_existe: 'oui' }, version: 0 });
  await admin.put('/api/bilans/a2/2025', { answers: completeAnswers(), version: 0 });
  await admin.post('/api/bilans/a2/2025/submit');
});
afterAll(() => server.close());

/** Random JSON bodies that the route's schema rejects. */
const invalidFor = (schema: z.ZodType) => fc.jsonValue().filter((v) => !schema.safeParse(v).success);

const routes: Array<{ method: string; url: string; schema: z.ZodType; as: () => Client }> = [
  { method: 'PUT', url: '/api/bilans/a1/2025', schema: DraftBody, as: () => coord },
  { method: 'POST', url: '/api/bilans/a1/2025/submit', schema: ActionBody, as: () => coord },
  { method: 'POST', url: '/api/bilans/a2/2025/return', schema: ReturnBody, as: () => admin },
  { method: 'POST', url: '/api/bilans/a2/2025/validate', schema: ActionBody, as: () => admin },
  { method: 'POST', url: '/api/bilans/a2/2025/reopen', schema: ActionBody, as: () => admin },
  { method: 'POST', url: '/api/clsm', schema: ClsmBody, as: () => admin },
  { method: 'PATCH', url: '/api/clsm/a1', schema: ClsmPatch, as: () => admin },
  { method: 'POST', url: '/api/campagnes', schema: CampagneBody, as: () => admin },
  { method: 'POST', url: '/api/users', schema: UserBody, as: () => admin },
  { method: 'PATCH', url: '/api/users/2', schema: UserPatch, as: () => admin },
  { method: 'POST', url: '/api/session', schema: LoginBody, as: () => new Client(server.app) },
];

describe('random bodies on every write route', () => {
  for (const route of routes) {
    it(`${route.method} ${route.url}`, async () => {
      const before = await snapshot(server.app);
      await fc.assert(
        fc.asyncProperty(fc.oneof(invalidFor(route.schema).map((v) => JSON.stringify(v)), fc.string({ maxLength: 60 }).filter((s) => !isJson(s))), async (payload) => {
          const res = await route.as().request(route.method, route.url, payload, { 'content-type': 'application/json' });
          expect(res.statusCode, `${payload} → ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${payload} → ${res.body}`).toBeLessThan(500);
          expect(res.json().message).toEqual(expect.any(String));
        }),
        { numRuns: RUNS },
      );
      expect(await snapshot(server.app)).toEqual(before);
    });
  }
});

it('well-shaped drafts with invalid answers: 400 with one message per problem, nothing saved', async () => {
  const q = getQuestionnaire();
  const variables = [...indexOf(q).questions.keys()];
  const { version } = (await coord.get('/api/bilans/a1/2025')).json();
  const before = await snapshot(server.app);
  const answers = fc
    .dictionary(fc.oneof(fc.constantFrom(...variables), fc.string({ minLength: 1, maxLength: 12 })), fc.jsonValue(), { minKeys: 1, maxKeys: 5 })
    .filter((a) => !validateDraft(q, a, { annee: 2025 }).ok);
  await fc.assert(
    fc.asyncProperty(answers, async (a) => {
      const res = await coord.put('/api/bilans/a1/2025', { answers: a, version });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues.length).toBeGreaterThan(0);
    }),
    { numRuns: 60 },
  );
  expect(await snapshot(server.app)).toEqual(before);
});

it('random CSV imports: a line-by-line report, nothing imported', async () => {
  const before = await snapshot(server.app);
  const cell = fc.oneof(fc.constantFrom('a1', 'b1', 'inconnu', '2025', '2023', 'oui', 'abc', '-1', ''), fc.string({ maxLength: 6 }));
  const header = fc.constantFrom('clsm_id;annee;copil_existe', 'clsm_id;annee;copil_nb_reunions', 'clsm_id,annee,terr_population', 'clsm_id;annee;inconnue', 'nimporte;quoi');
  // Random lines, plus one line about an unknown CLSM: all or nothing, so even the valid lines must not be imported.
  const csv = fc.tuple(header, fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 })).map(([h, rows]) => {
    const sep = h.includes(',') ? ',' : ';';
    const bad = ['inconnu', '2025', ...Array(h.split(sep).length - 2).fill('')].join(sep);
    return [h, ...rows.map((r) => r.join(sep)), bad].join('\n');
  });
  await fc.assert(
    fc.asyncProperty(csv, async (text) => {
      const res = await admin.request('POST', '/api/import/bilans?statut=valide', text, { 'content-type': 'text/csv' });
      expect(res.statusCode, `${text} → ${res.body}`).toBeLessThan(500);
      if (res.statusCode === 400) expect(res.json().issues.every((i: { ligne: number; message: string }) => i.ligne >= 1 && i.message.length > 0)).toBe(true);
      expect(res.statusCode, `${text} → ${res.body}`).toBe(400);
    }),
    { numRuns: 40 },
  );
  expect(await snapshot(server.app)).toEqual(before);
});

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
