/**
 * The analytics thread (services/analytics-thread.ts starts it): its own
 * connection to the database, the same computations as in the process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseTarget } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { analyticsComputations, type AnalyticsJob } from './analytics-compute.ts';

const { db } = openDatabase((workerData as { target: DatabaseTarget }).target);
const computations = analyticsComputations(db);

parentPort!.on('message', async (message: { id: number; job: AnalyticsJob; args: unknown[] }) => {
  try {
    const result = await (computations[message.job] as (...args: unknown[]) => Promise<unknown>)(...message.args);
    parentPort!.postMessage({ id: message.id, result });
  } catch (error) {
    const e = error instanceof AppError ? { code: error.code, message: error.message, extra: error.extra } : { message: error instanceof Error ? error.message : String(error) };
    parentPort!.postMessage({ id: message.id, error: e });
  }
});
parentPort!.postMessage('ready');
