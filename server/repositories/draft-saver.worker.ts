/**
 * The draft-save thread (draft-saver.ts): its own connection to the database
 * file; the saves posted are run in batches (`runBatch`), the result or the
 * error of each posted back. 'stop' closes the connection once the saves in
 * hand are finished.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CompiledQuery } from 'kysely';
import { z } from 'zod';
import { openDatabase } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { conflict, saveDraftIn, type SaveResult } from './bilan.repository.ts';
import type { JobError, SaveJob, ThreadMessage } from './draft-saver.ts';

// The same French messages as on the event loop (app.ts).
z.config(z.locales.fr());

const port = parentPort!;
const { path, walAutocheckpoint } = workerData as { path: string; walAutocheckpoint: number | null };
const { db, sqlite } = openDatabase(path);
if (walAutocheckpoint !== null) sqlite.pragma(`wal_autocheckpoint = ${walAutocheckpoint}`);
// A long write of the event loop (a large import) holds the lock: the saves wait for it, off the event loop, rather than fail.
sqlite.pragma('busy_timeout = 30000');

const toJobError = (error: unknown): JobError =>
  error instanceof AppError ? { code: error.code, message: error.message, extra: error.extra } : { message: error instanceof Error ? error.message : String(error) };

function post(message: ThreadMessage) {
  try {
    port.postMessage(message);
  } catch (error) {
    // A value that cannot cross threads: the save is committed, the answer is an error (the client reloads).
    port.postMessage({ id: message.id, error: toJobError(error) } satisfies ThreadMessage);
  }
}

/** One savepoint per save of a batch: a save that fails leaves the others of its transaction as they were. */
const SAVEPOINT = CompiledQuery.raw('savepoint draft_save');
const RELEASE = CompiledQuery.raw('release savepoint draft_save');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint draft_save');

type Outcome = { job: SaveJob; result: SaveResult | 'conflict' } | { job: SaveJob; error: unknown };

/**
 * The saves posted since the last batch, in one transaction (group commit:
 * one commit, and the pages they share written once), each in its own
 * savepoint. Answers go back once the transaction is committed; if the
 * commit fails, every save of the batch fails and none is stored.
 */
async function runBatch(jobs: SaveJob[]): Promise<void> {
  let outcomes: Outcome[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      outcomes = [];
      for (const job of jobs) {
        await trx.executeQuery(SAVEPOINT);
        try {
          outcomes.push({ job, result: await saveDraftIn(trx, job.user, job.clsmId, job.annee, job.input, { progress: job.progress }) });
        } catch (error) {
          await trx.executeQuery(ROLLBACK_TO);
          outcomes.push({ job, error });
        }
        await trx.executeQuery(RELEASE);
      }
    });
  } catch (error) {
    for (const job of jobs) post({ id: job.id, error: toJobError(error) });
    return;
  }
  for (const outcome of outcomes) {
    const { job } = outcome;
    if ('error' in outcome) post({ id: job.id, error: toJobError(outcome.error) });
    else if (outcome.result !== 'conflict') post({ id: job.id, result: outcome.result });
    else await conflict(db, job.user, job.clsmId, job.annee).catch((error: unknown) => post({ id: job.id, error: toJobError(error) }));
  }
}

const queue: SaveJob[] = [];
let running: Promise<void> = Promise.resolve();
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

port.on('message', (message: SaveJob | 'stop') => {
  if (message === 'stop') {
    void running.then(async () => {
      await db.destroy();
      port.close();
    });
    return;
  }
  queue.push(message);
  // The first save of a batch schedules it, after the previous batch; the saves delivered meanwhile join it.
  // A batch that throws (a fault of the thread itself) stops the thread: the server fails its saves in hand and saves on the event loop.
  if (queue.length === 1)
    running = running
      .then(nextTurn)
      .then(() => runBatch(queue.splice(0)))
      .catch((error: unknown) =>
        process.nextTick(() => {
          throw error;
        }),
      );
});
