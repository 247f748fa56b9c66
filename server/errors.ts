/**
 * The small union of errors the server raises on purpose. Services throw
 * `AppError`; the root error handlers (plugins/errors.ts for the API,
 * web/context.ts for the pages) turn it into a response. Anything else is a
 * 5xx whose message is never shown.
 */
import type { AnswerIssue } from '../survey-schema/index.ts';

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
