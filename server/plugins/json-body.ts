/**
 * The JSON body parser of every route.
 *
 * Fastify's own parser refuses a `__proto__` key (or a `constructor` holding a
 * `prototype`) anywhere in a body, but with the same answer as broken JSON
 * ("not valid JSON"), which is wrong and names nothing. Here such a body gets
 * a 400 naming the key and where it is, like any other refused field:
 * `{"answers": {"__proto__": …}}` is refused as an unknown question would be,
 * never silently dropped nor merged into an object's prototype.
 *
 * Nesting is limited before anything walks the body (JSON.parse, the key
 * check, the schemas): an answer is at most a few levels deep (a grid's row
 * of cells), and a body nested thousands of levels deep would exhaust the
 * call stack of whatever recurses into it. Such a body is a French 400.
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

/** Levels of `{` and `[` a body may nest: `{"answers": {"grid": {"row": {"col": 1}}}}` is 4. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of objects and arrays in a JSON text (strings skipped), stopping once past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Parses a JSON body; 400 (French message) for an empty body, broken JSON, too deep a nesting or a forbidden key. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw invalid(msg.jsonVide);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw invalid(msg.jsonTropProfond(MAX_JSON_DEPTH));
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
