/**
 * Where analytics computations run. A cold dashboard or état des lieux over
 * ten years of a national campaign is a second or more of CPU (read and
 * parse the rows, compute ~600 results, render ~100 charts): on the event
 * loop it held every autosave of the deadline rush behind it (bench:rush:
 * saves stalled for seconds). In a thread of their own, with their own
 * connection, they use the second core and the event loop keeps answering
 * saves and pages. The thread starts at the first computation; the same
 * functions (analytics-compute.ts) run in the process for an in-memory
 * database. See docs/decisions/0004-threads.md.
 */
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { DatabaseTarget } from '../db/connection.ts';
import type { Database } from '../db/database.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { analyticsComputations, type AnalyticsComputations, type AnalyticsJob } from './analytics-compute.ts';

export interface AnalyticsRunner {
  run<J extends AnalyticsJob>(job: J, ...args: Parameters<AnalyticsComputations[J]>): ReturnType<AnalyticsComputations[J]>;
  /** Ready to compute (the thread started, its modules loaded): a listening server warms it so the first analyst does not wait for it. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** The computations in this process. */
export function inlineRunner(db: Kysely<Database>): AnalyticsRunner {
  const computations = analyticsComputations(db);
  return {
    run: (job, ...args) => (computations[job] as (...a: unknown[]) => never)(...args),
    warm: async () => {},
    close: async () => {},
  };
}

/** Registers tsx's loader in the thread (loaders are per thread), then imports the TypeScript entry. */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  (await import(workerData.loader)).register();
  await import(workerData.entry);
})().catch((error) => process.nextTick(() => { throw error; }));
`;

type Reply = { id: number; result: unknown } | { id: number; error: { code?: ErrorCode; message: string; extra?: AppError['extra'] } };

/** The computations in a thread of their own, started at the first job and started again if it fails. */
export function threadRunner(target: DatabaseTarget, onError: (message: string) => void): AnalyticsRunner {
  let worker: Worker | null = null;
  let ready: Promise<void> | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  function fail(message: string) {
    worker = null;
    ready = null;
    for (const job of pending.values()) job.reject(new Error(`Calcul des indicateurs interrompu : ${message}`));
    pending.clear();
    onError(message);
  }

  function start(): Worker {
    const w = new Worker(BOOT, {
      eval: true,
      workerData: { loader: import.meta.resolve('tsx/esm/api'), entry: new URL('./analytics.worker.ts', import.meta.url).href, target },
    });
    let isReady!: () => void;
    ready = new Promise((resolve) => (isReady = resolve));
    w.on('message', (m: Reply | 'ready') => {
      if (m === 'ready') return isReady();
      const job = pending.get(m.id);
      if (!job) return;
      pending.delete(m.id);
      if ('result' in m) job.resolve(m.result);
      else job.reject(m.error.code ? new AppError(m.error.code, m.error.message, m.error.extra) : new Error(m.error.message));
      if (pending.size === 0) w.unref();
    });
    w.once('error', (error) => w === worker && fail(error.message));
    w.once('exit', (code) => w === worker && fail(`sortie inattendue (code ${code})`));
    return w;
  }

  return {
    run(job, ...args) {
      worker ??= start();
      // Held while a job is in hand, so that a script awaiting one does not exit under it.
      if (pending.size === 0) worker.ref();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, job, args });
      }) as never;
    },
    warm() {
      worker ??= start();
      const w = worker;
      // Held until ready (a script awaiting it does not exit under it), then idle threads do not keep the process alive.
      w.ref();
      return ready!.then(() => {
        if (pending.size === 0) w.unref();
      });
    },
    async close() {
      const w = worker;
      worker = null;
      ready = null;
      await w?.terminate();
    },
  };
}
