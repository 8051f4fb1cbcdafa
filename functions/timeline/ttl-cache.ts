/** Options of {@link createTtlCache}. */
export interface TtlCacheOptions {
  /** Entries kept at most; the oldest written goes first. */
  readonly maxEntries: number;
  /** Clock in ms (tests pass a fake one). Default `Date.now`. */
  readonly now?: () => number;
}

/** A small in-memory cache with per-entry expiry (plain data: fine at workerd module scope). */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs: number): void;
  readonly size: number;
}

/**
 * Creates a bounded cache whose entries expire after their TTL. Eviction is by insertion
 * order (a Map iterates oldest first): cheap, and good enough for short-lived read caches.
 */
export function createTtlCache<V>(options: TtlCacheOptions): TtlCache<V> {
  const { maxEntries, now = Date.now } = options;
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
