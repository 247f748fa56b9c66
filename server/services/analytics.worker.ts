/**
 * The analytics thread (services/analytics-thread.ts starts it): its own
 * connection to the database, the same computations as in the process.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseTarget } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { analyticsComputations, type AnalyticsJob } from './analytics-compute.ts';

// Below the event loop's thread (Linux sets a nice value per thread): when both want the CPU, an
// autosave waits for nothing and a dashboard waits a little longer (bench:rush, docs/decisions/0004-threads.md).
try {
  setPriority(10);
} catch {
  // Not allowed here (some containers): the thread runs at the process's priority.
}

const { db } = openDatabase((workerData as { target: DatabaseTarget }).target);
const computations = analyticsComputations(db);

type Job = { id: number; job: AnalyticsJob; args: unknown[] };

async function run(message: Job): Promise<void> {
  try {
    const result = await (computations[message.job] as (...args: unknown[]) => Promise<unknown>)(...message.args);
    parentPort!.postMessage({ id: message.id, result });
  } catch (error) {
    const e = error instanceof AppError ? { code: error.code, message: error.message, extra: error.extra } : { message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage({ id: message.id, error: e });
  }
}

// One job at a time, in the order asked. Started together, twenty analysts' computations each held a loaded table
// and waited in turn for one of the thread's two PostgreSQL connections: past the pool's 5 s wait, an analyst got a 503
// (bench:rush:postgres). The thread has one core to give: one after the other, each finishes as early as it can.
let queue = Promise.resolve();
parentPort!.on('message', (message: Job) => {
  queue = queue.then(() => run(message));
});
parentPort!.postMessage('ready');
