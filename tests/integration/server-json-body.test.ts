/**
 * JSON bodies with keys that could reach an object's prototype (`__proto__`,
 * `constructor.prototype`), anywhere in the body: 400 naming the key and where
 * it is, nothing saved; broken or empty JSON keeps its own message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forbiddenKeys } from '../../server/plugins/json-body.ts';
import { Client, seedWorld, snapshot, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let coord: Client;
let version: number;

beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
  coord = await Client.as(server.app, 'coordA1');
  version = (await coord.put('/api/bilans/a1/2025', { answers: { consentement_ccoms: 'oui' }, version: 0 })).json().version;
});
afterAll(() => server.close());

const put = (body: string) => coord.request('PUT', '/api/bilans/a1/2025', body, { 'content-type': 'application/json' });

it.each([
  ['an answer key', () => `{"answers": {"__proto__": []}, "version": ${version}}`, 'answers.__proto__'],
  ['inside an answer', () => `{"answers": {"consentement_ccoms": {"__proto__": {}}}, "version": ${version}}`, 'answers.consentement_ccoms.__proto__'],
  ['written with \\u escapes', () => `{"answers": {"\\u005f_proto__": 1}, "version": ${version}}`, 'answers.__proto__'],
  ['constructor.prototype', () => `{"answers": {"constructor": {"prototype": {"x": 1}}}, "version": ${version}}`, 'answers.constructor'],
  ['at the top', () => `{"__proto__": {"version": 1}, "answers": {}, "version": ${version}}`, '__proto__'],
])('%s: 400 naming the key, nothing saved', async (_label, body, path) => {
  const before = await snapshot(server.app);
  const res = await put(body());
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().issues).toEqual([expect.objectContaining({ variable: path, message: expect.stringContaining('clé interdite') })]);
  expect(res.json().message).toContain(path);
  expect(await snapshot(server.app)).toEqual(before);
});

it('a key merely containing the words is an ordinary (unknown) variable', async () => {
  const res = await put(`{"answers": {"prototype": 1, "constructor": "x"}, "version": ${version}}`);
  expect(res.statusCode).toBe(400);
  expect(res.json().issues.map((i: { variable: string }) => i.variable).sort()).toEqual(['constructor', 'prototype']);
});

it('broken and empty JSON keep their messages; valid JSON still saves', async () => {
  expect((await put('{"answers": {')).json().message).toBe('Le corps de la requête n’est pas un JSON valide.');
  expect((await put('')).json().message).toBe('Le corps de la requête est vide alors qu’un JSON est attendu.');
  const ok = await put(JSON.stringify({ answers: { copil_existe: 'oui' }, version }));
  expect(ok.statusCode, ok.body).toBe(200);
});

it('forbiddenKeys walks arrays and nested objects', () => {
  expect(forbiddenKeys(JSON.parse('[{"a": [{"__proto__": 1}]}, {"constructor": {"prototype": 2}}]'))).toEqual(['0.a.0.__proto__', '1.constructor']);
  expect(forbiddenKeys({ constructor: 'texte', a: { b: 1 } })).toEqual([]);
});

it('a body nested 10 000 levels deep: French 400 before anything walks it, and the next save goes through', async () => {
  version = (await coord.get('/api/bilans/a1/2025')).json().version;
  const before = await snapshot(server.app);
  for (const body of [
    `{"answers": {"terr_etablissements_psy": ${'{"\\u0061":'.repeat(10_000)}1${'}'.repeat(10_000)}}, "version": ${version}}`,
    `{"answers": {"terr_etablissements_psy": ${'['.repeat(10_000)}${']'.repeat(10_000)}}, "version": ${version}}`,
  ]) {
    const res = await put(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/imbrique plus de 32 niveaux/);
  }
  expect(await snapshot(server.app)).toEqual(before);
  // Brackets inside strings are text, not nesting.
  const ok = await put(JSON.stringify({ answers: { terr_etablissements_psy: '['.repeat(100) + '{"'.repeat(50) }, version }));
  expect(ok.statusCode, ok.body).toBe(200);
  version = ok.json().version;
});
