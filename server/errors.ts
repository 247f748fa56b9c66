/**
 * The small union of errors the server raises on purpose. Services throw
 * `AppError`; the root error handlers (plugins/errors.ts for the API,
 * web/context.ts for the pages) turn it into a response. Anything else is a
 * 5xx whose message is never shown.
 */
import type { AnswerIssue } from '../survey-schema/index.ts';
import { msg } from './messages.ts';

export const ERROR_STATUS = {
  non_authentifie: 401,
  interdit: 403,
  introuvable: 404,
  invalide: 400,
  conflit: 409,
  etat_incompatible: 409,
  trop_volumineux: 413,
  type_non_gere: 415,
  trop_de_requetes: 429,
  indisponible: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem in the request, in French. */
export interface Issue {
  message: string;
  /** The question variable (or the body field) concerned, when there is one. */
  variable?: string;
  section?: { id: string; number: number; title: string } | null;
  /** Import: line number in the file (1 = header). */
  ligne?: number;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: Issue[]; current?: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }
}

/**
 * A write based on a stale `version`: nothing was written. Thrown inside the
 * transaction (which rolls back); the service then attaches the stored bilan
 * as the user may see it (`current`), which the 409 carries.
 */
export class ConflictError extends AppError {
  constructor(message: string, current?: unknown) {
    super('conflit', message, current === undefined ? {} : { current });
    this.name = 'ConflictError';
  }
}

export const answerIssues = (issues: AnswerIssue[]): Issue[] =>
  issues.map((i) => ({ message: i.message, variable: i.variable, section: i.section }));

export const notFound = (message: string) => new AppError('introuvable', message);
export const forbidden = (message: string) => new AppError('interdit', message);
export const invalid = (message: string, issues?: Issue[]) => new AppError('invalide', message, issues ? { issues } : {});

const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'EPIPE', 'SQLITE_BUSY']);
// PostgreSQL SQLSTATE when a connection cannot be had: class 08 (connection exceptions), 28 (authentication refused),
// 3D000 (database gone), 57P01-03 (shutting down, starting), 53300 (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08...|28...|3D000|57P0[123]|53300)$/;
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|is not currently accepting connections|database connection is not open/;

/**
 * Database errors that are not bugs, told apart here for both dialects so
 * that the error handlers (API and pages) answer them in French instead of a
 * 500: a unique key taken between a check and an insert by a concurrent
 * request (another instance, on PostgreSQL): 409; the database out of reach
 * (connection refused or cut, server shutting down, SQLite busy beyond its
 * timeout): 503.
 */
export function databaseFailure(error: unknown): AppError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new AppError('conflit', msg.creeEntreTemps);
  if ((typeof code === 'string' && (UNAVAILABLE_NODE.has(code) || UNAVAILABLE_SQLSTATE.test(code))) || UNAVAILABLE_MESSAGE.test(error.message)) {
    return new AppError('indisponible', msg.baseIndisponible);
  }
  return undefined;
}
