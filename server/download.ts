/**
 * File downloads (API and pages), one way: the `Content-Disposition` header
 * is built by the `content-disposition` package (RFC 6266, with an RFC 5987
 * `filename*` for non-ASCII names), from a name whose parts were validated
 * (codes of région and département: domain/codes.ts); anything else that
 * slipped into a name becomes `-`.
 */
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/** A file name of letters (accented too), digits, `.`, `_` and `-` only. */
export function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '') || 'fichier';
}

/**
 * Sends a file to save (`attachment`): its type, its name, its content.
 *
 * @example sendDownload(reply, 'text/csv; charset=utf-8', `suivi-campagne-${annee}.csv`, csv);
 */
export function sendDownload(reply: FastifyReply, type: string, filename: string, body: unknown): FastifyReply {
  return reply.type(type).header('content-disposition', contentDisposition(safeFileName(filename))).send(body);
}
