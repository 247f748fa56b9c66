/**
 * The analytics thread (services/analytics-thread.ts starts it): its own
 * connection to the database, the same computations as in the process.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseTarget } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { analyticsComputations, type AnalyticsJob } from './analytics-compute.ts';

// The event loop's thread answers the autosaves: this thread and the process's helper threads give way to it.
lowerPriority();

/**
 * This thread runs only when no other thread of the machine wants the core
 * (Linux's SCHED_IDLE policy, set with util-linux's `chrt`: Node has no call
 * for it). A nice value was not enough: it shares the CPU by weight, but a
 * waking event loop still waited for this thread to finish its time slice, a
 * few milliseconds at a time (bench:rush: the event loop's run-queue wait grew
 * by 2 s a minute when analysts came, 0.6-0.7 s with SCHED_IDLE). The process's
 * helper threads (V8's garbage collector and compilers, libuv's pool) do this
 * thread's garbage collection and compile its code, half to as much CPU
 * again: they run at nice 10. They also serve the event loop, so they keep the
 * normal policy (an idle helper would hold the event loop's own collection).
 * Elsewhere than Linux, or where it is not allowed: nice 10, or nothing.
 */
function lowerPriority(): void {
  let self = 0;
  let helpers: number[] = [];
  try {
    self = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    helpers = readdirSync('/proc/self/task')
      .map(Number)
      .filter((tid) => tid !== process.pid && tid !== self);
  } catch {
    // No /proc: this thread alone (os.setPriority's pid 0 is the calling thread).
  }
  for (const tid of [self, ...helpers]) {
    try {
      setPriority(tid, 10);
    } catch {
      // Not allowed here (some containers), or the thread has ended.
    }
  }
  if (!self) return;
  try {
    execFileSync('chrt', ['--idle', '--pid', '0', String(self)], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // No chrt, or not allowed: this thread stays at nice 10.
  }
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
