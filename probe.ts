import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SYSTEM_USER } from './server/domain/access.ts';
import { Client, seedWorld, startTestServer } from './tests/integration/support/server.ts';
const server = await startTestServer();
await seedWorld(server);
const admin = await Client.as(server.app, 'admin');
const N = Number(process.argv[2] ?? 400), YEARS = 5;
await server.app.services.clsm.importCsv(SYSTEM_USER, ['clsm_id;nom;region;departement;statut', ...Array.from({ length: N }, (_, i) => `q${i};CLSM Q${i};R1;D1;actif`)].join('\n'));
const demo = readFileSync('fixtures/demo/bilans.csv', 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
const header = demo[0]!.split(';');
const rows = demo.slice(1);
const lines = [demo[0]];
let k = 0;
for (let i = 0; i < N; i++) for (let y = 0; y < YEARS; y++) {
  const cells = rows[k++ % rows.length]!.split(';');
  cells[header.indexOf('clsm_id')] = `q${i}`; cells[header.indexOf('annee')] = String(2025 + y);
  lines.push(cells.join(';'));
}
const body = lines.join('\r\n');
console.log('rows', lines.length - 1, 'bytes', body.length);
const t = Date.now(); let done = false;
const p = admin.app.inject({ method: 'POST', url: '/api/import/bilans', headers: { cookie: `bilan_clsm_session=${admin.cookie}`, 'x-csrf-token': admin.csrf!, 'content-type': 'text/csv' }, payload: body }).then((r) => { done = true; return r; });
const lat: number[] = [];
while (!done) { const s = Date.now(); await server.app.inject({ url: "/api/health" }); const d = Date.now() - s; lat.push(d); if (d > 200) console.log("slow health", d, "at", Date.now() - t); await sleep(20); }
const r = await p;
lat.sort((a, b) => a - b);
console.log(Date.now() - t, 'ms', r.statusCode, r.body.slice(0, 200), 'health n', lat.length, 'p50', lat[lat.length >> 1], 'max', lat[lat.length - 1]);
await server.close();
