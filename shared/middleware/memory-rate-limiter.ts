import type { RateLimitDecision, RateLimiter } from './rate-limiter.port.ts';

/** Options of {@link createMemoryRateLimiter}. */
export interface MemoryRateLimiterOptions {
  /** Requests per window per key. Default 30. */
  limit?: number;
  /** Window length, ms. Default 60 000. */
  windowMs?: number;
  /** Keys remembered; the oldest are forgotten first (bounded memory). Default 10 000. */
  maxKeys?: number;
  now?: () => number;
}

interface Counter {
  windowStart: number;
  current: number;
  previous: number;
}

/**
 * In-process sliding-window rate limiter: the same algorithm as `@upstash/ratelimit`'s
 * `slidingWindow` (the previous fixed window's count weighted by its overlap), so switching
 * adapters does not change behaviour. Per instance only: with N instances a user gets N times
 * the limit, which is why deployments use the Redis adapter.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const { limit = 30, windowMs = 60_000, maxKeys = 10_000, now = Date.now } = options;
  const counters = new Map<string, Counter>();

  return {
    async limit(key): Promise<RateLimitDecision> {
      const at = now();
      const windowStart = Math.floor(at / windowMs) * windowMs;
      let counter = counters.get(key);
      if (counter) counters.delete(key); // re-insert below: Map order doubles as LRU order
      if (!counter || counter.windowStart < windowStart - windowMs) {
        counter = { windowStart, current: 0, previous: 0 };
      } else if (counter.windowStart < windowStart) {
        counter = { windowStart, current: 0, previous: counter.current };
      }
      counters.set(key, counter);
      if (counters.size > maxKeys) counters.delete(counters.keys().next().value as string);

      const overlap = 1 - (at - windowStart) / windowMs;
      const used = Math.floor(counter.previous * overlap) + counter.current;
      const allowed = used < limit;
      if (allowed) counter.current++;
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - used - (allowed ? 1 : 0)),
        resetAt: windowStart + windowMs,
      };
    },
  };
}
