/**
 * The JSON body parser of every route.
 *
 * Fastify's own parser refuses a `__proto__` key (or a `constructor` holding a
 * `prototype`) anywhere in a body, but with the same answer as broken JSON
 * ("not valid JSON"), which is wrong and names nothing. Here such a body gets
 * a 400 naming the key and where it is, like any other refused field:
 * `{"answers": {"__proto__": …}}` is refused as an unknown question would be,
 * never silently dropped nor merged into an object's prototype.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, invalid, type Issue } from '../errors.ts';
import { msg } from '../messages.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Paths (`answers.copil_membre.__proto__`) of the keys that could reach an object's prototype. */
export function forbiddenKeys(value: unknown, path: string[] = [], found: string[] = []): string[] {
  if (!isObject(value)) return found;
  for (const key of Object.keys(value)) {
    const child = value[key];
    const here = [...path, key];
    if (key === '__proto__' || (key === 'constructor' && isObject(child) && Object.hasOwn(child, 'prototype'))) found.push(here.join('.'));
    forbiddenKeys(child, here, found);
  }
  return found;
}

/** Parses a JSON body; 400 (French message) for an empty body, broken JSON or a forbidden key. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw invalid(msg.jsonVide);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(msg.jsonInvalide);
  }
  // Both words may be written with \u escapes in JSON: only such texts need the walk.
  if (text.includes('proto') || text.includes('constructor') || text.includes('\\u')) {
    const keys = forbiddenKeys(value);
    if (keys.length) {
      const issues: Issue[] = keys.map((path) => ({ message: msg.cleInterdite(path), variable: path }));
      throw new AppError('invalide', `${msg.requeteInvalide} : ${issues.map((i) => i.message).join(' ; ')}`, { issues });
    }
  }
  return value;
}

export function useJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as AppError, undefined);
    }
  });
}
