/** Reading command-line values, with French usage errors. */
import { UsageError } from './program.ts';

/** An activity year (1990-2100), or undefined when absent. */
export function readAnnee(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1990 || n > 2100) throw new UsageError(`Année invalide : ${value} (attendu : une année sur quatre chiffres)`);
  return n;
}

/** One of the allowed values, or a French usage error naming them. */
export function readChoice<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what} inconnu : ${value} (${allowed.join(', ')})`);
  return value as T;
}
