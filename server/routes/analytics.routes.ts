import type { FastifyPluginAsync } from 'fastify';

/** Indicator and état des lieux routes (analytics issue). Registered by server/app.ts under /api. Placeholder. */
export const analyticsRoutes: FastifyPluginAsync = async () => {};
