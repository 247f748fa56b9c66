/**
 * The in-process worker of the mail queue: every `intervalMs` (and soon after
 * a service queued something), it turns waiting submissions into mails
 * (the ARS digest), sends the due mails, and hourly forgets expired sessions,
 * links and sign-in failures. Several server instances may run it at once:
 * the queue is claimed row by row (services/mail.service.ts).
 */
import type { Services } from '../services/index.ts';

export interface MailWorker {
  /** Runs a pass soon (mails were queued). */
  kick(): void;
  /** Stops after the pass in progress, if any. */
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 3600_000;

export function startMailWorker(services: Services, intervalMs: number, log: { error(obj: unknown, msg: string): void }): MailWorker {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastHousekeeping = 0;

  async function pass(): Promise<void> {
    try {
      await services.notifications.processDigests();
      await services.mail.processQueue();
      if (Date.now() - lastHousekeeping > HOUSEKEEPING_MS) {
        lastHousekeeping = Date.now();
        await services.accounts.housekeeping();
      }
    } catch (error) {
      log.error({ err: error }, 'file des courriels : passage en échec');
    }
  }

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  }

  function run(): void {
    if (current) {
      again = true;
      return;
    }
    current = pass().finally(() => {
      current = null;
      const soon = again;
      again = false;
      schedule(soon ? 0 : intervalMs);
    });
  }

  services.mailSignal.listener = () => schedule(20);
  schedule(Math.min(intervalMs, 1000));
  return {
    kick: () => schedule(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      services.mailSignal.listener = null;
      await current;
    },
  };
}
