import { Ratelimit } from '@upstash/ratelimit';
import type { Duration } from '@upstash/ratelimit';
import type { RateLimitDecision, RateLimiter } from '../rate-limiter.port.ts';

/** Options of {@link createUpstashRateLimiter}. */
export interface UpstashRateLimiterOptions {
  /** An `@upstash/redis` client (REST; on Node it may point at the local REST endpoint). */
  redis: ConstructorParameters<typeof Ratelimit>[0]['redis'];
  /** Requests per window. Default 30. */
  limit?: number;
  /** Window, in `@upstash/ratelimit` notation. Default `'60 s'`. */
  window?: Duration;
  /** Key prefix in Redis. Default `atlas:ratelimit`. */
  prefix?: string;
  /** After this many ms without an answer the request is allowed (fail open). Default 200. */
  timeoutMs?: number;
  /** Keeps work (analytics, multi-region sync) alive after the response: workerd's `ctx.waitUntil`. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * Rate limiter over `@upstash/ratelimit`'s sliding window (ADR 0012): one counter per user
 * shared by every instance on both runtimes. Redis trouble fails open after `timeoutMs`: the
 * rate limit protects capacity, and refusing every write because Redis is slow would turn a
 * Redis problem into a full outage.
 */
export function createUpstashRateLimiter(options: UpstashRateLimiterOptions): RateLimiter {
  const { limit = 30, window = '60 s', prefix = 'atlas:ratelimit', timeoutMs = 200, waitUntil } = options;
  const ratelimit = new Ratelimit({
    redis: options.redis,
    limiter: Ratelimit.slidingWindow(limit, window),
    prefix,
    timeout: timeoutMs,
    analytics: false,
    // Blocked keys are remembered in memory until their reset: a user hammering a limit costs
    // no Redis round trip per request.
    ephemeralCache: new Map(),
  });
  return {
    async limit(key): Promise<RateLimitDecision> {
      const result = await ratelimit.limit(key);
      if (waitUntil) waitUntil(result.pending);
      return { allowed: result.success, limit: result.limit, remaining: result.remaining, resetAt: result.reset };
    },
  };
}
