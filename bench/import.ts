/**
 * `npm run bench:import`: large imports while another client polls
 * `/api/health` every 20 ms — the registry at its limit (2 000 CLSM), then
 * bilans files of 500 and 2 000 lines (the demonstration's bilans, spread
 * over CLSM and years). For each: the import's total time and the health
 * check's median and slowest answer during it. Prints figures; asserts
 * nothing (docs/data-exchange.md quotes them).
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SYSTEM_USER } from '../server/domain/access.ts';
import { MAX_REGISTRY_LINES } from '../server/exchange/registry-csv.ts';
import { Client, seedWorld, startTestServer, type TestServer } from '../tests/integration/support/server.ts';

async function measure(server: TestServer, admin: Client, label: string, url: string, body: string): Promise<void> {
  let done = false;
  const started = performance.now();
  const importing = server.app
    .inject({ method: 'POST', url, headers: { cookie: `bilan_clsm_session=${admin.cookie}`, 'x-csrf-token': admin.csrf!, 'content-type': 'text/csv' }, payload: body })
    .then((res) => {
      done = true;
      return res;
    });
  const latencies: number[] = [];
  while (!done) {
    const t = performance.now();
    await server.app.inject({ url: '/api/health' });
    latencies.push(performance.now() - t);
    await sleep(20);
  }
  const res = await importing;
  const total = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const ms = (x: number | undefined) => `${Math.round(x ?? 0)} ms`;
  process.stdout.write(
    `${label.padEnd(34)} ${res.statusCode} en ${ms(total).padStart(8)} ; /api/health : ${latencies.length} réponses, médiane ${ms(latencies[latencies.length >> 1])}, la plus lente ${ms(latencies.at(-1))}\n`,
  );
}

const server = await startTestServer();
try {
  await seedWorld(server);
  const admin = await Client.as(server.app, 'admin');
  const registry = (n: number, prefix: string) => ['clsm_id;nom;region;departement;statut', ...Array.from({ length: n }, (_, i) => `${prefix}${i};CLSM ${prefix.toUpperCase()}${i};R1;D1;actif`)].join('\n');
  await measure(server, admin, `registre, ${MAX_REGISTRY_LINES} CLSM`, '/api/import/registre', registry(MAX_REGISTRY_LINES, 'r'));

  // Bilans: the demonstration's, for CLSM q0… over five years.
  await server.app.services.clsm.importCsv(SYSTEM_USER, registry(400, 'q'));
  const demo = readFileSync(new URL('../fixtures/demo/bilans.csv', import.meta.url), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  const header = demo[0]!.split(';');
  const rows = demo.slice(1);
  for (const [count, first] of [
    [500, 0],
    [2000, 100],
  ] as const) {
    const lines = [demo[0]!];
    for (let k = 0; lines.length <= count; k++) {
      const cells = rows[k % rows.length]!.split(';');
      cells[header.indexOf('clsm_id')] = `q${(first + Math.floor(k / 5)) % 400}`;
      cells[header.indexOf('annee')] = String(2030 + (k % 5) + (first ? 5 : 0));
      lines.push(cells.join(';'));
    }
    const body = lines.join('\r\n');
    await measure(server, admin, `bilans, ${count} lignes (${(body.length / 1e6).toFixed(1)} Mo)`, '/api/import/bilans', body);
  }
} finally {
  await server.close();
}
