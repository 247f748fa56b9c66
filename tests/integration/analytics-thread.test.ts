/**
 * The analytics thread of a listening server: loaded as soon as the server
 * listens (the first analyst after a restart does not wait for its modules),
 * and below the event loop's thread in priority (an autosave never waits for a
 * dashboard's computation), while computing what the process would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { threadRunner } from '../../server/services/analytics-thread.ts';
import { Client, completeAnswers, seedWorld, startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedWorld(server);
});
afterAll(() => server.close());

/** Each thread of this process: its nice value and scheduling policy (Linux: /proc/self/task/<tid>/stat, fields 19 and 41). */
function threads(): Array<{ tid: number; nice: number; policy: number }> {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [{ tid: Number(tid), nice: Number(fields[16]), policy: Number(fields[38]) }];
    } catch {
      return []; // ended meanwhile
    }
  });
}
const SCHED_IDLE = 5;
const idleThreads = () => threads().filter((t) => t.policy === SCHED_IDLE).length;

it.skipIf(process.platform !== 'linux')('starts on listen, and gives way to the event loop (SCHED_IDLE; helper threads at nice 10)', async () => {
  const before = idleThreads();
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  // No request yet: the thread appears by itself.
  const deadline = Date.now() + 20_000;
  while (idleThreads() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(idleThreads()).toBe(before + 1);
  // The process itself (its event loop) keeps its priority; V8's and libuv's helper threads are below it.
  expect(threads().find((t) => t.tid === process.pid)).toMatchObject({ nice: 0, policy: 0 });
  expect(threads().filter((t) => t.tid !== process.pid && t.policy !== SCHED_IDLE && t.nice === 10).length).toBeGreaterThanOrEqual(1);
});

it('a dashboard computed by the thread shows a bilan just submitted', async () => {
  const admin = await Client.as(server.app, 'admin');
  const version = (await admin.put('/api/bilans/a1/2025', { answers: completeAnswers(), version: 0 })).json().version;
  expect((await admin.post('/api/bilans/a1/2025/submit', { version })).statusCode).toBe(200);
  const page = await admin.get('/tableaux-de-bord?annee=2025');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('1 bilan');
});

it('computes one job at a time, in the order asked (no job waits for a connection held by another)', async () => {
  const admin = await Client.as(server.app, 'admin');
  const version = (await admin.put('/api/bilans/a1/2025', { answers: completeAnswers(), version: 0 })).json().version;
  await admin.post('/api/bilans/a1/2025/submit', { version });
  const runner = threadRunner({ databasePath: server.config.databasePath, databaseUrl: server.config.databaseUrl, databasePoolSize: 2 }, () => {});
  try {
    await runner.warm();
    const user = { id: 1, role: 'admin', region: null, departement: null, email: 'admin@test' } as never;
    const done: string[] = [];
    // A report (a hundred charts) asked first, then a single small chart: the chart waits for the report. (On PostgreSQL,
    // npm run test:postgres, the report's reads wait on the network: jobs started together would let the chart finish first.)
    const report = runner.run('report', user, 2025, undefined).then(() => done.push('report'));
    const chart = runner.run('svg', { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ a: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' } } } as never).then(() => done.push('svg'));
    await Promise.all([report, chart]);
    expect(done).toEqual(['report', 'svg']);
  } finally {
    await runner.close();
  }
});
