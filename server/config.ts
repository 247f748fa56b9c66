/**
 * The server configuration: one zod-parsed, frozen object built from
 * `process.env` here and nowhere else. Tests build their own with `testConfig`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

const Bool = z
  .enum(['1', '0', 'true', 'false', 'oui', 'non', 'on', 'off'])
  .transform((v) => ['1', 'true', 'oui', 'on'].includes(v));

const EnvSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/bilan-clsm.sqlite'),
  /** `postgres://…`: PostgreSQL instead of the SQLite file of DATABASE_PATH. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'une adresse postgres://utilisateur:mot-de-passe@hôte:port/base est attendue')
    .optional(),
  /** PostgreSQL: connections each instance keeps open at most. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Any string; hashed into the 32-byte session key. When absent, a key file next to the database is used (created once). */
  SESSION_SECRET: z.string().min(16).optional(),
  /**
   * `Secure` flag of the session cookie. `auto` (default): set when the request
   * arrived over HTTPS (behind a proxy, with TRUST_PROXY), so that `npm start`
   * on http://127.0.0.1 still works; `true` forces it, `false` disables it.
   */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Reverse proxies in front of the server whose X-Forwarded-For entries are
   * trusted: a hop count (`1` for one nginx), `true`/`oui` meaning 1, `false`
   * or `0` (default) none. Only that many entries, counted from the right, are
   * believed: a client cannot forge its address by sending its own header.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|true|false|oui|non|on|off)$/, 'attendu : un nombre de proxys (0, 1, 2…) ou true/false')
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : ['true', 'oui', 'on'].includes(v) ? 1 : 0))
    .default(0),
  /** Seed the demonstration data when the database is empty (default on). */
  DEMO: Bool.default(true),
  /** argon2id cost: memory in KiB and passes. */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8).default(19_456),
  ARGON2_PASSES: z.coerce.number().int().min(1).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Login attempts allowed per IP address and minute. */
  LOGIN_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Requests to a public fiche (/f/…) allowed per IP address and minute. */
  PUBLIC_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Failed sign-ins after which an account is locked for LOGIN_LOCK_MINUTES (counted in the database). */
  LOGIN_LOCK_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one address (within LOGIN_LOCK_MINUTES) after which that address is locked. */
  LOGIN_LOCK_ADDRESS_FAILURES: z.coerce.number().int().min(1).default(30),
  LOGIN_LOCK_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(15),
  /** Outgoing mail server, e.g. smtp://utilisateur:mot-de-passe@smtp.example.fr:587 (smtps:// for TLS from the start). Without it, mails go to the outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'attendu : smtp://… ou smtps://…')
    .optional(),
  /** The sender of every mail. */
  MAIL_FROM: z.string().min(3).max(320).default('Bilan CLSM <ne-pas-repondre@bilan-clsm.localhost>'),
  /** The address of the application as people reach it: the base of every link in mails (default http://HOST:PORT). */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'attendu : http(s)://hôte[:port][/chemin]')
    .optional(),
  /** Where mails are written as .eml files when there is no SMTP_URL (default: `outbox/` beside the database). */
  OUTBOX_DIR: z.string().min(1).optional(),
  /** How often the mail queue is looked at (milliseconds). */
  MAIL_WORKER_INTERVAL_MS: z.coerce.number().int().min(10).default(5000),
  /** Chromium, for the état des lieux in PDF (`none`: no PDF, the page offers the browser's print). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  // What the legal pages (mentions légales, données personnelles, accessibilité) say of this
  // deployment. Unset: a demonstration placeholder, flagged on those pages and at start in production.
  /** The body that publishes the service (an ARS, the CCOMS's host institution…). */
  PUBLISHER_NAME: z.string().trim().min(2).max(300).optional(),
  PUBLISHER_ADDRESS: z.string().trim().min(2).max(500).optional(),
  /** Directeur·rice de la publication: a function and a name. */
  PUBLICATION_DIRECTOR: z.string().trim().min(2).max(300).optional(),
  HOSTING_PROVIDER: z.string().trim().min(2).max(300).optional(),
  HOSTING_ADDRESS: z.string().trim().min(2).max(500).optional(),
  /** Where people write about the service, its accessibility, their data. */
  CONTACT_EMAIL: z.string().trim().regex(/^[^\s@]+@[^\s@]+$/, 'attendu : une adresse électronique').optional(),
  /** The data-protection officer (délégué·e à la protection des données): an address, postal or electronic. */
  DPO_CONTACT: z.string().trim().min(3).max(500).optional(),
  // Retention (npm run cli -- purge).
  /** A disabled account is anonymised this many months after it was disabled. */
  RETENTION_DISABLED_ACCOUNT_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** An invitation never accepted: the account is anonymised this many days after the last invitation. */
  RETENTION_PENDING_INVITATION_DAYS: z.coerce.number().int().min(8).max(3650).default(90),
  /** Audit details (answers' old and new values, addresses) are reduced after this many months. */
  RETENTION_AUDIT_MONTHS: z.coerce.number().int().min(1).max(240).default(36),
  /** Sent or failed mails (queue rows, outbox files) are deleted after this many days. */
  RETENTION_MAIL_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
});

/** The deployment's legal identity, as the legal pages show it. */
export interface SiteConfig {
  readonly publisher: string;
  readonly publisherAddress: string;
  readonly director: string;
  readonly hosting: string;
  readonly hostingAddress: string;
  readonly contactEmail: string;
  readonly dpo: string;
  /** The variables left unset (their demonstration placeholders are shown). */
  readonly placeholders: readonly string[];
}

/** How long personal data is kept before `purge` removes or reduces it. */
export interface RetentionConfig {
  readonly disabledAccountMonths: number;
  readonly pendingInvitationDays: number;
  readonly auditMonths: number;
  readonly mailDays: number;
}

const SITE_PLACEHOLDERS = {
  PUBLISHER_NAME: 'Organisme éditeur (démonstration)',
  PUBLISHER_ADDRESS: 'Adresse postale de l’organisme éditeur (démonstration)',
  PUBLICATION_DIRECTOR: 'Le directeur ou la directrice de l’organisme éditeur (démonstration)',
  HOSTING_PROVIDER: 'Hébergeur (démonstration)',
  HOSTING_ADDRESS: 'Adresse de l’hébergeur (démonstration)',
  CONTACT_EMAIL: 'contact@bilan-clsm.localhost',
  DPO_CONTACT: 'dpo@bilan-clsm.localhost',
} as const;

function siteOf(e: z.infer<typeof EnvSchema>): SiteConfig {
  const value = (name: keyof typeof SITE_PLACEHOLDERS) => e[name] ?? SITE_PLACEHOLDERS[name];
  return Object.freeze({
    publisher: value('PUBLISHER_NAME'),
    publisherAddress: value('PUBLISHER_ADDRESS'),
    director: value('PUBLICATION_DIRECTOR'),
    hosting: value('HOSTING_PROVIDER'),
    hostingAddress: value('HOSTING_ADDRESS'),
    contactEmail: value('CONTACT_EMAIL'),
    dpo: value('DPO_CONTACT'),
    placeholders: Object.freeze((Object.keys(SITE_PLACEHOLDERS) as Array<keyof typeof SITE_PLACEHOLDERS>).filter((name) => e[name] === undefined)),
  });
}

function retentionOf(e: Pick<z.infer<typeof EnvSchema>, 'RETENTION_DISABLED_ACCOUNT_MONTHS' | 'RETENTION_PENDING_INVITATION_DAYS' | 'RETENTION_AUDIT_MONTHS' | 'RETENTION_MAIL_DAYS'>): RetentionConfig {
  return Object.freeze({
    disabledAccountMonths: e.RETENTION_DISABLED_ACCOUNT_MONTHS,
    pendingInvitationDays: e.RETENTION_PENDING_INVITATION_DAYS,
    auditMonths: e.RETENTION_AUDIT_MONTHS,
    mailDays: e.RETENTION_MAIL_DAYS,
  });
}

/** The retention periods when no RETENTION_* variable is set (docs/personal-data.md states them). */
export const DEFAULT_RETENTION: RetentionConfig = retentionOf(EnvSchema.parse({}));

/** The legal pages' texts when nothing is configured (the demonstration). */
export const DEMO_SITE: SiteConfig = siteOf(EnvSchema.parse({}));

export interface Config {
  /** SQLite: the database file (also where `session.key` lives when SESSION_SECRET is absent). */
  readonly databasePath: string;
  /** PostgreSQL: set, it replaces the SQLite file. */
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  readonly host: string;
  readonly port: number;
  readonly env: 'development' | 'production' | 'test';
  /** 32 bytes, the key of the encrypted session cookie. */
  readonly sessionKey: Buffer;
  readonly cookieSecure: boolean | 'auto';
  /** Trusted reverse-proxy hops (0: X-Forwarded-For is ignored). */
  readonly trustProxy: number;
  readonly demo: boolean;
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number };
  readonly logLevel: string;
  readonly loginMaxPerMinute: number;
  /** Public fiche pages (and their JSON) per IP address and minute. */
  readonly publicMaxPerMinute: number;
  /** Sign-in failures counted in the database: lock an account, or an address, for a while. */
  readonly loginLock: { readonly accountFailures: number; readonly addressFailures: number; readonly seconds: number };
  readonly mail: MailConfig;
  /** Analytics computations in a thread of their own (services/analytics-thread.ts); file databases only. */
  readonly analyticsThread: boolean;
  /** Chromium's executable for PDF rendering; null when absent (the état des lieux is then printed by the browser). */
  readonly chromiumPath: string | null;
  /** Body size limit in bytes (JSON and forms; CSV imports get their own). */
  readonly bodyLimit: number;
  readonly importBodyLimit: number;
  readonly site: SiteConfig;
  readonly retention: RetentionConfig;
}

export interface MailConfig {
  /** null: mails are written to `outboxDir` (listed on /admin/courriels). */
  readonly smtpUrl: string | null;
  readonly from: string;
  /** The base of links in mails, without a trailing slash. */
  readonly publicUrl: string;
  readonly outboxDir: string;
  /** Period of the in-process worker that sends queued mails (0: no worker; the CLI sends what it queued). */
  readonly workerIntervalMs: number;
}

/** Reads or creates `session.key` next to the database, so that restarts keep sessions. */
function persistedSessionKey(databasePath: string): Buffer {
  if (databasePath === ':memory:') return randomBytes(32);
  const file = join(dirname(resolve(databasePath)), 'session.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length === 32) return key;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')} : ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Several instances on one PostgreSQL database must share the session key: a key file of one machine would not do.
  if (e.DATABASE_URL && e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new Error('Configuration invalide :\n  SESSION_SECRET : obligatoire avec DATABASE_URL en production (toutes les instances doivent partager la même clé de session)');
  }
  return Object.freeze({
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    host: e.HOST,
    port: e.PORT,
    env: e.NODE_ENV,
    sessionKey: e.SESSION_SECRET ? createHash('sha256').update(e.SESSION_SECRET).digest() : persistedSessionKey(e.DATABASE_PATH),
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY,
    demo: e.DEMO,
    argon2: Object.freeze({ memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_PASSES }),
    logLevel: e.LOG_LEVEL,
    loginMaxPerMinute: e.LOGIN_MAX_PER_MINUTE,
    publicMaxPerMinute: e.PUBLIC_MAX_PER_MINUTE,
    loginLock: Object.freeze({ accountFailures: e.LOGIN_LOCK_FAILURES, addressFailures: e.LOGIN_LOCK_ADDRESS_FAILURES, seconds: Math.round(e.LOGIN_LOCK_MINUTES * 60) }),
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL ?? null,
      from: e.MAIL_FROM,
      publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
      outboxDir: resolve(e.OUTBOX_DIR ?? (e.DATABASE_PATH === ':memory:' ? join(tmpdir(), 'bilan-clsm-outbox') : join(dirname(resolve(e.DATABASE_PATH)), 'outbox'))),
      workerIntervalMs: e.MAIL_WORKER_INTERVAL_MS,
    }),
    analyticsThread: true,
    chromiumPath: e.CHROMIUM_PATH !== 'none' && existsSync(e.CHROMIUM_PATH) ? e.CHROMIUM_PATH : null,
    bodyLimit: 1024 * 1024,
    importBodyLimit: 20 * 1024 * 1024,
    site: siteOf(e),
    retention: retentionOf(e),
  });
}

/** Where a configuration's data lives, for messages (never the PostgreSQL password). */
export function databaseLabel(config: Pick<Config, 'databasePath' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/**
 * A configuration for tests and benchmarks: given database, cheap argon2, no
 * logs, no demo; mails to an outbox beside the database unless `mail` says otherwise.
 */
export function testConfig(overrides: Partial<Omit<Config, 'mail'>> & { databasePath: string; mail?: Partial<MailConfig> }): Config {
  const base = loadConfig({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent', SESSION_SECRET: 'secret-de-test-pas-pour-la-production', ARGON2_MEMORY_KIB: '8', ARGON2_PASSES: '1', DATABASE_PATH: overrides.databasePath });
  const { mail, ...rest } = overrides;
  // No mail worker unless the test asks for one: a test decides when mails go (or runs processQueue itself).
  return Object.freeze({ ...base, ...rest, mail: Object.freeze({ ...base.mail, publicUrl: 'http://bilan-clsm.test', workerIntervalMs: 0, ...mail }) });
}
