import { Client, seedWorld, startTestServer } from './tests/integration/support/server.ts';
const server = await startTestServer();
await seedWorld(server);
const coord = await Client.as(server.app, 'coordA1');
for (const depth of [10_000, 100_000]) {
  for (const [name, body] of [
    ['obj+\\u', `{"answers": {"terr_communes": ${'{"\\u0061":'.repeat(depth)}1${'}'.repeat(depth)}}, "version": 0}`],
    ['obj', `{"answers": {"grid": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}, "version": 0}`],
  ]) {
    const res = await coord.request('PUT', '/api/bilans/a1/2025', body, { 'content-type': 'application/json' });
    console.log(name, depth, res.statusCode, res.body.slice(0, 150));
  }
}
const ok = await coord.put('/api/bilans/a1/2025', { answers: { terr_communes: 'x' }, version: 0 });
console.log(ok.statusCode);
await server.close();
