/**
 * Where draft saves run: in a thread of their own (file databases), or on
 * the event loop (in-memory databases, tests, and as a fallback).
 *
 * The draft save is the server's hottest write: the form saves every few
 * seconds while a coordinator types. better-sqlite3 is synchronous, so on the
 * event loop the save's queries and commit (about two thirds of its CPU) keep
 * every other request waiting. With the thread, a worker with its own
 * connection to the same file runs the saves: the same code as `saveDraft`
 * (`saveDraftIn`), the same checks and French errors; the saves that arrive
 * together share one transaction, each in its own savepoint. The event loop
 * keeps the HTTP, the session, the CSRF check and the body parsing, and
 * answers once the thread has committed. SQLite serialises the writers of the two connections
 * (every transaction begins IMMEDIATE: db/connection.ts); readers are never
 * blocked (WAL).
 *
 * If the thread fails, the saves it had in hand fail (500: a save is
 * committed whole or not at all, and the browser's autosave tries again),
 * and the following ones run on the event loop: the server goes on.
 */
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AuthUser } from '../domain/access.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { saveDraft, type DraftInput, type SaveProgress, type SaveResult } from './bilan.repository.ts';

export interface DraftSaver {
  save(user: AuthUser, clsmId: string, annee: number, input: DraftInput): Promise<SaveResult & SaveProgress>;
  save(user: AuthUser, clsmId: string, annee: number, input: DraftInput, options: { progress: false }): Promise<SaveResult>;
  /** Saves in hand are finished first. */
  close(): Promise<void>;
}

/** A save as posted to the thread. */
export interface SaveJob {
  id: number;
  user: AuthUser;
  clsmId: string;
  annee: number;
  input: DraftInput;
  progress: boolean;
}

/** An error as it crosses back: an AppError keeps its code, French message and details. */
export type JobError = { code: ErrorCode; message: string; extra: AppError['extra'] } | { code?: undefined; message: string };

export type ThreadMessage = { id: number; result: SaveResult } | { id: number; error: JobError };

export function inlineSaver(db: Kysely<Database>): DraftSaver {
  function save(user: AuthUser, clsmId: string, annee: number, input: DraftInput): Promise<SaveResult & SaveProgress>;
  function save(user: AuthUser, clsmId: string, annee: number, input: DraftInput, options: { progress: false }): Promise<SaveResult>;
  function save(user: AuthUser, clsmId: string, annee: number, input: DraftInput, options?: { progress: false }) {
    return options ? saveDraft(db, user, clsmId, annee, input, options) : saveDraft(db, user, clsmId, annee, input);
  }
  return { save, close: async () => {} };
}

/**
 * The thread's script, plain JavaScript run with `eval`: it registers tsx's
 * loader in the thread (loaders are per thread), then imports the TypeScript
 * entry. A failure to start is thrown out of the thread (its `error` event).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  (await import(workerData.loader)).register();
  await import(workerData.entry);
})().catch((error) => process.nextTick(() => { throw error; }));
`;

export interface SaveThreadOptions {
  /** The WAL size (pages) at which the thread's connection checkpoints by itself; SQLite's default otherwise. */
  walAutocheckpoint?: number;
  onError?: (message: string) => void;
}

/** Starts the thread on the database file at `path` (already migrated); `db` is the event loop's connection, for the fallback. */
export function startSaveThread(db: Kysely<Database>, path: string, options: SaveThreadOptions = {}): DraftSaver {
  const inline = inlineSaver(db);
  const pending = new Map<number, { resolve: (result: SaveResult) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closing = false;
  let worker: Worker | null = new Worker(BOOT, {
    eval: true,
    workerData: {
      loader: import.meta.resolve('tsx/esm/api'),
      entry: new URL('./draft-saver.worker.ts', import.meta.url).href,
      path,
      walAutocheckpoint: options.walAutocheckpoint ?? null,
    },
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker!.once('exit', () => resolve()));

  const fail = (message: string) => {
    worker = null;
    for (const { reject } of pending.values()) reject(new Error(`Thread des enregistrements arrêté : ${message}`));
    pending.clear();
    options.onError?.(message);
  };
  worker.on('message', (m: ThreadMessage) => {
    const job = pending.get(m.id);
    if (!job) return;
    pending.delete(m.id);
    if ('result' in m) job.resolve(m.result);
    else job.reject(m.error.code ? new AppError(m.error.code, m.error.message, m.error.extra) : new Error(m.error.message));
    if (pending.size === 0 && !closing) worker?.unref();
  });
  worker.once('error', (error) => fail(error.message));
  worker.once('exit', (code) => {
    // Stopped by `close` with every save answered, or else a failure.
    if (worker && (!closing || pending.size > 0)) fail(`sortie inattendue (code ${code})`);
  });

  function save(user: AuthUser, clsmId: string, annee: number, input: DraftInput): Promise<SaveResult & SaveProgress>;
  function save(user: AuthUser, clsmId: string, annee: number, input: DraftInput, options: { progress: false }): Promise<SaveResult>;
  function save(user: AuthUser, clsmId: string, annee: number, input: DraftInput, saveOptions?: { progress: false }): Promise<SaveResult> {
    if (!worker || closing) return saveOptions ? inline.save(user, clsmId, annee, input, saveOptions) : inline.save(user, clsmId, annee, input);
    const job: SaveJob = { id: nextId++, user, clsmId, annee, input, progress: !saveOptions };
    // Held while a save is in hand, so that a script awaiting one does not exit under it.
    if (pending.size === 0) worker.ref();
    return new Promise<SaveResult>((resolve, reject) => {
      pending.set(job.id, { resolve, reject });
      worker!.postMessage(job);
    });
  }

  return {
    save,
    async close() {
      if (!worker) return;
      closing = true;
      worker.ref();
      // Messages are handled in order: the saves posted before this one are finished first.
      worker.postMessage('stop');
      await exited;
      worker = null;
    },
  };
}
