/**
 * Paged lists over HTTP, the same for every list of the API: `limit` (at most
 * MAX_PAGE) and `cursor` in the query; the body is the page's items, as
 * before pagination; the next page is announced in the headers
 * (`Link: <…>; rel="next"` and `X-Next-Cursor`), absent on the last page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_PAGE, MAX_PAGE, type Page } from '../repositories/pagination.ts';

export const Pagination = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE)
    .default(DEFAULT_PAGE)
    .describe(`Éléments par page (${DEFAULT_PAGE} par défaut, au plus ${MAX_PAGE}) ; la page suivante est annoncée par les en-têtes Link (rel="next") et X-Next-Cursor`),
  cursor: z.string().max(1000).optional().describe('La page suivante : la valeur de l’en-tête X-Next-Cursor de la page précédente (absente sur la dernière page)'),
};

/** What a route's summary says of its pagination (OpenAPI). */
export const PAGINATION_NOTE = ` Paginé : \`limit\` (au plus ${MAX_PAGE}) et \`cursor\` ; page suivante dans les en-têtes \`Link\` (rel="next") et \`X-Next-Cursor\`.`;

/** Announces the next page, if any, in the headers. */
export function announceNextPage(request: FastifyRequest, reply: FastifyReply, nextCursor: string | null): void {
  if (!nextCursor) return;
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('cursor', nextCursor);
  reply.header('x-next-cursor', nextCursor).header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

/** The items of a page, its next page announced in the headers. */
export function pageItems<T>(request: FastifyRequest, reply: FastifyReply, page: Page<T>): T[] {
  announceNextPage(request, reply, page.next_cursor);
  return page.items;
}
