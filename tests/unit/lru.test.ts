/** LruMap (analytics/lru.ts), the bound of the server's caches: the least recently used entry goes first. */
import { describe, expect, it } from 'vitest';
import { LruMap } from '../../analytics/index.ts';

describe('LruMap', () => {
  it('keeps at most max entries, dropping the one read or written longest ago', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // 'a' is now the most recent
    m.set('c', 3);
    expect(m.get('b')).toBeUndefined();
    expect([m.get('a'), m.get('c'), m.size]).toEqual([1, 3, 2]);
    m.set('a', 10); // rewriting an entry does not grow the map
    expect(m.size).toBe(2);
    m.delete('a');
    expect(m.get('a')).toBeUndefined();
    m.clear();
    expect(m.size).toBe(0);
  });
});
