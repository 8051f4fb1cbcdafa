import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.ts';

describe('createTtlCache', () => {
  it('expires entries after their TTL', () => {
    let now = 1_000;
    const cache = createTtlCache<string>({ maxEntries: 10, now: () => now });
    cache.set('a', 'x', 500);
    now = 1_500;
    expect(cache.get('a')).toBe('x');
    now = 1_501;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = createTtlCache<number>({ maxEntries: 2 });
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    cache.set('a', 3, 60_000);
    cache.set('c', 4, 60_000);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
    // A read counts as a use: c, read after b was written, outlives b.
    cache.set('b', 5, 60_000);
    expect(cache.get('a')).toBeUndefined();
    cache.get('c');
    cache.set('d', 6, 60_000);
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([undefined, 4, 6]);
  });
});
