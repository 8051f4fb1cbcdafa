import { LRUCache } from 'lru-cache';

/** Options of {@link createTtlCache}. */
export interface TtlCacheOptions {
  /** Entries kept at most; the least recently used goes first. */
  readonly maxEntries: number;
  /** Clock in ms (tests pass a fake one). Default `performance.now`. */
  readonly now?: () => number;
}

/** A small in-memory cache with per-entry expiry (plain data: fine at workerd module scope). */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  readonly size: number;
}

/**
 * A bounded cache whose entries expire after their own TTL (lru-cache, as the verified-token
 * cache): an entry is fresh for `ttlMs` and gone after, and a stale entry is dropped when read.
 */
export function createTtlCache<V extends NonNullable<unknown>>(options: TtlCacheOptions): TtlCache<V> {
  const { maxEntries, now } = options;
  // ttlResolution 0: read the clock on every check rather than caching it for a millisecond
  // behind a timer, so an injected clock is exact.
  const cache = new LRUCache<string, V>({ max: maxEntries, ttlResolution: 0, ...(now ? { perf: { now } } : {}) });
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttlMs) => {
      cache.set(key, value, { ttl: ttlMs });
    },
    get size() {
      return cache.size;
    },
  };
}
