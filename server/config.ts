/**
 * The server configuration: one zod-parsed, frozen object built from
 * `process.env` here and nowhere else. Tests build their own with `testConfig`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

const Bool = z
  .enum(['1', '0', 'true', 'false', 'oui', 'non', 'on', 'off'])
  .transform((v) => ['1', 'true', 'oui', 'on'].includes(v));

const EnvSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/bilan-clsm.sqlite'),
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
  TRUST_PROXY: Bool.default(false),
  /** Seed the demonstration data when the database is empty (default on). */
  DEMO: Bool.default(true),
  /** argon2id cost: memory in KiB and passes. */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8).default(19_456),
  ARGON2_PASSES: z.coerce.number().int().min(1).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Login attempts allowed per IP address and minute. */
  LOGIN_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(10),
});

export interface Config {
  readonly databasePath: string;
  readonly host: string;
  readonly port: number;
  readonly env: 'development' | 'production' | 'test';
  /** 32 bytes, the key of the encrypted session cookie. */
  readonly sessionKey: Buffer;
  readonly cookieSecure: boolean | 'auto';
  readonly trustProxy: boolean;
  readonly demo: boolean;
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number };
  readonly logLevel: string;
  readonly loginMaxPerMinute: number;
  /** Body size limit in bytes (JSON and forms; CSV imports get their own). */
  readonly bodyLimit: number;
  readonly importBodyLimit: number;
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
  return Object.freeze({
    databasePath: e.DATABASE_PATH,
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
    bodyLimit: 1024 * 1024,
    importBodyLimit: 20 * 1024 * 1024,
  });
}

/** A configuration for tests and benchmarks: given database, cheap argon2, no logs, no demo. */
export function testConfig(overrides: Partial<Config> & { databasePath: string }): Config {
  return Object.freeze({
    ...loadConfig({ NODE_ENV: 'test', DEMO: 'false', LOG_LEVEL: 'silent', SESSION_SECRET: 'secret-de-test-pas-pour-la-production', ARGON2_MEMORY_KIB: '8', ARGON2_PASSES: '1' }),
    ...overrides,
  });
}
