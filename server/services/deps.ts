/** What every service is built with. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { AnalyticsRunner } from './analytics-thread.ts';
import type { MailSignal } from './mail.service.ts';

export interface ServiceDeps {
  db: Kysely<Database>;
  config: Config;
  /** Wakes this process's mail worker once mails are queued. */
  mailSignal: MailSignal;
  /** Where analytics computations run (services/analytics-thread.ts). */
  analytics: AnalyticsRunner;
}
