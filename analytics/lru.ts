/**
 * A Map bounded to `max` entries, the least recently used dropped first:
 * reading an entry makes it the most recent. For the caches that must not
 * grow without end (prepared statements, computed indicators, compiled
 * charts).
 *
 * @example const m = new LruMap<string, number>(2); m.set('a', 1); m.set('b', 2); m.get('a'); m.set('c', 3); m.get('b'); // undefined
 */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
