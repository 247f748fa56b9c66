/**
 * A full disk. The database refuses writes (SQLite `SQLITE_FULL`,
 * PostgreSQL `53100 disk_full`) while reads keep working: the server
 * answers 503 with a French message to each refused write, and logs the real
 * cause once per incident — not once per autosave while the disk stays full —
 * then once more when a write commits again. A nearly full disk flaps (a
 * small commit fits, the next does not): the cause is logged at most once
 * every LOG_EVERY_MS, however often the incident comes back.
 */
import type { FastifyBaseLogger } from 'fastify';

/** True for the database's "no space left" error, whatever the database. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'SQLITE_FULL' || e.code === '53100') return true;
  }
  return false;
}

const LOG_EVERY_MS = 5 * 60_000;

export class DiskFullWatch {
  private refused = 0;
  private loggedAt = -Infinity;
  private log: Pick<FastifyBaseLogger, 'error' | 'info'> | undefined;

  /** A write refused for lack of space: logged the first time of an incident, and not again within LOG_EVERY_MS. */
  refuse(log: Pick<FastifyBaseLogger, 'error' | 'info'>, error: unknown): void {
    this.log = log;
    if (this.refused++ === 0 && Date.now() - this.loggedAt >= LOG_EVERY_MS) {
      this.loggedAt = Date.now();
      log.error({ err: error }, 'Espace disque insuffisant : la base refuse les écritures (les lectures continuent ; les écritures sont refusées avec une 503 jusqu’à ce que de la place soit libérée)');
    }
  }

  /** A write committed: the incident, if any, is over. */
  committed(): void {
    if (this.refused === 0) return;
    this.log?.info(`Espace disque de nouveau suffisant : écritures reprises (${this.refused} écriture(s) refusée(s) pendant l’incident)`);
    this.refused = 0;
  }

  get ongoing(): boolean {
    return this.refused > 0;
  }
}
