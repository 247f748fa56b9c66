/**
 * Builds the Fastify app (never listens: main.ts does, tests use inject()).
 * Opens the database (SQLite or PostgreSQL) and, alone among the instances
 * starting together, applies pending migrations, fills derived data and runs
 * the caller's start-up work (the demonstration data of `npm start`).
 */
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import pino from 'pino';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import { z } from 'zod';
import { webPlugin } from '../web/plugin.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/connection.ts';
import type { Database } from './db/database.ts';
import type { DiskFullWatch } from './db/disk-full.ts';
import { prepareDatabase } from './db/prepare.ts';
import { msg } from './messages.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorHandler } from './plugins/errors.ts';
import { useJsonBodyParser } from './plugins/json-body.ts';
import { apiRoutes } from './routes/index.ts';
import { threadRunner } from './services/analytics-thread.ts';
import { createServices, type Services } from './services/index.ts';
import { startMailWorker, type MailWorker } from './mail/worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The use cases (server/services): what every route and page calls. */
    services: Services;
    /** The database, for the health check and tests; routes and pages go through `services`. */
    db: Kysely<Database>;
    /** SQLite only: the better-sqlite3 handle (online backup); null on PostgreSQL. */
    sqlite: SQLite.Database | null;
    /** Writes refused for lack of disk space: a 503, the cause logged once per incident. */
    diskFull: DiskFullWatch;
    config: Config;
    /** The mail queue's worker of this process (null when MAIL_WORKER_INTERVAL_MS is 0). */
    mailWorker: MailWorker | null;
    /** Resolves once the analytics thread is ready (started on listen); at once without a thread. */
    analyticsReady(): Promise<void>;
  }
}

// zod's own messages (request schemas) in French.
z.config(z.locales.fr());

export interface BuildOptions {
  /** Where the logs go (tests read them); standard output by default. */
  logStream?: { write(line: string): void };
  /** Start-up work after the migrations, under the same lock (one instance at a time). */
  startup?: (services: Services) => Promise<void>;
}

/** One log line per request, when it is answered (method, address, client IP, statut, time), instead of fastify's two (received, then completed). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, ip: request.ip, statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'requête en erreur');
    else reply.log.info(line, 'requête traitée');
  }
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const opened = openDatabase(config);
  const { db, sqlite, diskFull } = opened;

  const app = Fastify({
    // Standard output written asynchronously (lines queued during a write go out together; the rest flushed at exit):
    // written synchronously, the log took 8 % of an autosave's time (two lines per request, bench:rush profile).
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, stream: options.logStream ?? pino.destination({ dest: 1, sync: false }) },
    bodyLimit: config.bodyLimit,
    // A hop count, never `true`: trusting every hop would let a client forge its address (and escape the login limits).
    trustProxy: config.trustProxy > 0 ? (_address: string, hop: number) => hop < config.trustProxy : false,
    return503OnClosing: true,
    logController: new OneLinePerRequest(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  useJsonBodyParser(app);

  // The analytics thread opens its own connection (a small pool of its own on PostgreSQL).
  const analytics =
    config.analyticsThread && (config.databaseUrl || config.databasePath !== ':memory:')
      ? threadRunner({ databasePath: config.databasePath, databaseUrl: config.databaseUrl, databasePoolSize: 2 }, (message) => app.log.error(`Thread des indicateurs : ${message}`))
      : undefined;
  const services = createServices({ db, config, analytics });
  try {
    const { startup } = options;
    await prepareDatabase(opened, startup && (() => startup(services)));
  } catch (error) {
    services.mail.close();
    await services.close();
    await db.destroy();
    throw error;
  }

  app.decorate('services', services);
  app.decorate('db', db);
  app.decorate('sqlite', sqlite);
  app.decorate('diskFull', diskFull);
  app.decorate('config', config);
  // Mails are sent by this worker, never within a request.
  const worker = config.mail.workerIntervalMs > 0 ? startMailWorker(services, config.mail.workerIntervalMs, app.log) : null;
  app.decorate('mailWorker', worker);
  app.decorate('analyticsReady', () => analytics?.warm() ?? Promise.resolve());
  // A listening server loads the analytics thread's modules at once (a second or two): the first analyst after a restart does not wait for them.
  app.addHook('onListen', async () => {
    app.analyticsReady().catch(() => {});
  });
  app.addHook('onClose', async () => {
    await worker?.stop();
    services.mail.close();
    await services.close();
    await db.destroy();
  });

  // No `upgrade-insecure-requests` unless the deployment is HTTPS-only: on http://127.0.0.1 or a
  // LAN address it would send the browser to https for the styles and scripts.
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: true, directives: config.cookieSecure === true ? {} : { upgradeInsecureRequests: null } },
  });
  await app.register(formbody, { bodyLimit: config.bodyLimit });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: 'trop_de_requetes', message: msg.tropDeTentatives(Math.ceil(ctx.ttl / 1000)) }),
  });
  await app.register(authPlugin);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Bilan CLSM — API', description: 'Bilan d’activités annuel des CLSM : registre, campagnes, bilans, suivi, import et export.', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bilan_clsm_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  await app.register(apiRoutes, { prefix: '/api' });
  await app.register(webPlugin);
  return app;
}
