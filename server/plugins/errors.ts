/**
 * The root error handler: one place turns errors into responses.
 * - AppError (services): its status, French message, issues, current state.
 * - A concurrent insert of the same key, the database out of reach (databaseFailure, errors.ts): 409, 503.
 * - Schema validation (zod): 400 listing each issue with the field concerned.
 * - Fastify's own client errors (malformed JSON, body too large, media type): 4xx in French.
 * - A full disk (the database refuses writes): 503 in French, the cause logged once per incident (db/disk-full.ts).
 * - Anything else: 500, logged with the request, message hidden.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDiskFull } from '../db/disk-full.ts';
import { AppError, databaseFailure, type Issue } from '../errors.ts';
import { msg } from '../messages.ts';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  issues?: Issue[];
  current?: unknown;
}

const FASTIFY_CLIENT_ERRORS: Record<string, (e: FastifyError) => string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => msg.jsonInvalide,
  FST_ERR_CTP_EMPTY_JSON_BODY: () => msg.jsonVide,
  FST_ERR_CTP_BODY_TOO_LARGE: () => msg.tropVolumineux,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) => msg.typeNonGere(e.message.replace(/^Unsupported Media Type: ?/, '')),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'La longueur annoncée du corps ne correspond pas à son contenu.',
  FST_CSRF_INVALID_TOKEN: () => msg.csrf,
  FST_CSRF_MISSING_SECRET: () => msg.csrf,
  FST_ERR_VALIDATION: () => msg.requeteInvalide,
};

const WHERE: Record<string, string> = { body: 'corps', querystring: 'paramètres', params: 'adresse', headers: 'en-têtes' };

function send(reply: FastifyReply, body: ErrorBody) {
  return reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
}

/**
 * The French issues of a request that failed its zod schema (API and pages),
 * each naming the part of the request and the field; null for other errors.
 */
export function validationIssues(error: unknown): Issue[] | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  return error.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const field = path || (v.params as { issue?: { keys?: string[] } })?.issue?.keys?.join(', ') || '';
    return { message: `${WHERE[error.validationContext ?? ''] ?? 'requête'}${path ? ` › ${path}` : ''} : ${v.message}`, ...(field ? { variable: field } : {}) };
  });
}

/** A full disk as the 503 the user sees (its cause logged once per incident); other errors unchanged. */
export function diskFullAsUnavailable(error: unknown, request: FastifyRequest): unknown {
  if (!isDiskFull(error)) return error;
  request.server.diskFull.refuse(request.log, error);
  return new AppError('indisponible', msg.disquePlein);
}

export function errorHandler(this: FastifyInstance, original: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const error = (databaseFailure(original) ?? diskFullAsUnavailable(original, request)) as FastifyError;
  if (error instanceof AppError) {
    if (error.code === 'indisponible') reply.header('retry-after', '30');
    return send(reply, { statusCode: error.statusCode, error: error.code, message: error.message, ...error.extra });
  }
  const issues = validationIssues(error);
  if (issues) return send(reply, { statusCode: 400, error: 'invalide', message: `${msg.requeteInvalide} : ${issues.map((i) => i.message).join(' ; ')}`, issues });
  const status = error.statusCode ?? 500;
  if (status === 429) return send(reply, { statusCode: 429, error: 'trop_de_requetes', message: error.message || msg.tropDeRequetes });
  if (status >= 400 && status < 500) {
    const message = FASTIFY_CLIENT_ERRORS[error.code]?.(error) ?? msg.requeteInvalide;
    return send(reply, { statusCode: status, error: status === 403 ? 'interdit' : status === 413 ? 'trop_volumineux' : 'invalide', message });
  }
  request.log.error({ err: error, url: request.url, user: request.user?.id }, 'erreur interne');
  return send(reply, { statusCode: 500, error: 'erreur_interne', message: msg.erreurInterne });
}
