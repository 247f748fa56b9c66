/**
 * WAL checkpoints in a worker thread, for the server's SQLite database.
 *
 * In WAL mode SQLite appends every commit to the `-wal` file and, by default,
 * the commit that takes the file past 1 000 pages copies them back into the
 * database and syncs it to disk: a few milliseconds during which the event
 * loop, which runs better-sqlite3 synchronously, serves nobody. Here a second
 * connection, in its own thread, runs passive checkpoints (they never block
 * the server's reads and writes) every `intervalMs`; the server's connection
 * only checkpoints itself if the WAL ever reaches `FALLBACK_PAGES` (the worker
 * stopped or fell far behind).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

export interface Checkpointer {
  /** Stops the worker (its connection closed) after one last checkpoint. */
  stop(): Promise<void>;
}

/** Pages (4 KB) the WAL may reach before the server's connection checkpoints by itself. */
export const FALLBACK_PAGES = 10_000;

/** Plain JavaScript, run as the worker's script (`eval`): no TypeScript loader needed in the thread. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(sqlite: SQLite.Database, path: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs: options.intervalMs ?? 200 },
  });
  worker.unref();
  worker.on('message', (m: { error?: string }) => m.error && options.onError?.(m.error));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', (error) => {
    // The server goes on: its own connection checkpoints again at the default threshold.
    sqlite.pragma('wal_autocheckpoint = 1000');
    options.onError?.(error.message);
  });
  return {
    async stop() {
      worker.ref(); // until it has exited
      worker.postMessage('stop');
      await exited;
    },
  };
}
