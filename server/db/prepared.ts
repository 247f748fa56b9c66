/**
 * Hot-path queries built with Kysely once, then run with new values.
 *
 * Building and compiling a Kysely query costs 20 to 80 µs, more than SQLite
 * takes to run it; a draft save and the sign-in check of each request run
 * the same few queries. `prepared` builds the query with placeholder values,
 * compiles it with the database's own dialect (so the SQL stays portable:
 * nothing here is SQLite-specific) and remembers where each placeholder went
 * in the parameter list. Each call then only swaps the values in.
 *
 * Placeholders must stand for plain values compared or assigned as such
 * (`where('id', '=', id)`, `set({ answers })`), not lists, nulls or
 * identifiers, which change the SQL itself. The compiled form is kept per
 * dialect adapter (a transaction shares its database's); the server's
 * Kysely instances use no plugin, which would have to be the same for every
 * instance sharing an adapter.
 *
 * @example
 * const byId = prepared((db: Kysely<Database>, id: number) => db.selectFrom('users').selectAll().where('id', '=', id));
 * const { rows } = await byId(trx, 42);
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** A unique marker per placeholder: never a value the server would send. */
const marker = (i: number) => `\u0000prepared-parameter-${i}\u0000`;

interface Template {
  compiled: CompiledQuery;
  /** For each parameter of the SQL, the index of the call argument it takes, or -1 for a constant. */
  slots: number[];
}

export function prepared<DB, P extends unknown[], R>(
  build: (db: Kysely<DB>, ...params: P) => Compilable<R>,
  /** How many placeholders `build` takes: by default, its declared parameters after the database. */
  count = build.length - 1,
): (db: Kysely<DB>, ...params: P) => Promise<QueryResult<R>> {
  const templates = new WeakMap<object, Template>();
  const templateFor = (db: Kysely<DB>): Template => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const markers = Array.from({ length: count }, (_, i) => marker(i));
      const compiled = build(db, ...(markers as P)).compile();
      const slots = compiled.parameters.map((p) => (typeof p === 'string' ? markers.indexOf(p) : -1));
      const missing = markers.filter((m) => !compiled.parameters.includes(m));
      if (missing.length) throw new Error(`Requête préparée : ${missing.length} paramètre(s) absent(s) de la requête compilée (${compiled.sql})`);
      template = { compiled, slots };
      templates.set(adapter, template);
    }
    return template;
  };
  return async (db, ...params) => {
    const { compiled, slots } = templateFor(db);
    const parameters = compiled.parameters.map((p, i) => (slots[i]! === -1 ? p : params[slots[i]!]));
    return db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
  };
}
