/**
 * The draft-save thread (draft-saver.ts): its own connection to the database
 * file, `saveDraft` for each job posted, the result or the error posted back.
 * 'stop' closes the connection once the saves in hand are finished.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openDatabase } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { saveDraft } from './bilan.repository.ts';
import type { JobError, SaveJob, ThreadMessage } from './draft-saver.ts';

// The same French messages as on the event loop (app.ts).
z.config(z.locales.fr());

const port = parentPort!;
const { path, walAutocheckpoint } = workerData as { path: string; walAutocheckpoint: number | null };
const { db, sqlite } = openDatabase(path);
if (walAutocheckpoint !== null) sqlite.pragma(`wal_autocheckpoint = ${walAutocheckpoint}`);

const toJobError = (error: unknown): JobError =>
  error instanceof AppError ? { code: error.code, message: error.message, extra: error.extra } : { message: error instanceof Error ? error.message : String(error) };

function post(message: ThreadMessage) {
  try {
    port.postMessage(message);
  } catch (error) {
    // A value that cannot cross threads: the save is committed, the answer is an error (the client reloads).
    if ('id' in message) port.postMessage({ id: message.id, error: toJobError(error) } satisfies ThreadMessage);
  }
}

const inHand = new Set<Promise<void>>();

async function run(job: SaveJob): Promise<void> {
  try {
    const result = job.progress ? await saveDraft(db, job.user, job.clsmId, job.annee, job.input) : await saveDraft(db, job.user, job.clsmId, job.annee, job.input, { progress: false });
    post({ id: job.id, result });
  } catch (error) {
    post({ id: job.id, error: toJobError(error) });
  }
}

port.on('message', (message: SaveJob | 'stop') => {
  if (message === 'stop') {
    void Promise.allSettled(inHand).then(async () => {
      await db.destroy();
      port.close();
    });
    return;
  }
  const done = run(message).finally(() => inHand.delete(done));
  inHand.add(done);
});
