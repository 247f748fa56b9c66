import type { FastifyPluginAsync } from 'fastify';

/** The web pages (DSFR). Registered by server/app.ts at the root. Placeholder until the web issue lands. */
export const webPlugin: FastifyPluginAsync = async () => {};
