import type { RedisPort } from '../redis/redis.port.ts';
import type { RateLimitDecision, RateLimiter } from './rate-limiter.port.ts';

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** The platform's Redis port (TCP on Node, Upstash REST on workerd), ideally policy-guarded. */
  redis: RedisPort;
  /** Requests per window. Default 300. */
  limit?: number;
  /** Window, ms. Default 60 000. */
  windowMs?: number;
  /** Key prefix. Default `atlas:ratelimit`. */
  prefix?: string;
  /** Bounds the Redis call (the request's signal). */
  signal?: AbortSignal;
  now?: () => number;
}

// The sliding window of @upstash/ratelimit (`slidingWindow`): the previous fixed window counts
// in proportion to how much of it still overlaps the sliding one. One round trip, atomic.
const SLIDING_WINDOW = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local overlap = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local used = math.floor(previous * overlap) + current
if used >= limit then return {0, used} end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], window * 2 + 1000) end
return {1, used + 1}
`;

/**
 * Per-user rate limiter over the platform's Redis port (ADR 0012): the algorithm of
 * `@upstash/ratelimit`'s sliding window, run as one EVAL through whichever Redis adapter the
 * runtime chose. Shared by every instance of every runtime; on Node it keeps the TCP path (the
 * Upstash client would add a REST round trip per write).
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, limit = 300, windowMs = 60_000, prefix = 'atlas:ratelimit', signal, now = Date.now } = options;
  return {
    async limit(key): Promise<RateLimitDecision> {
      const at = now();
      const windowIndex = Math.floor(at / windowMs);
      const overlap = 1 - (at - windowIndex * windowMs) / windowMs;
      const reply = await redis.eval(
        SLIDING_WINDOW,
        [`${prefix}:${key}:${windowIndex}`, `${prefix}:${key}:${windowIndex - 1}`],
        [limit, windowMs, overlap.toFixed(6)],
        signal ? { signal } : {},
      );
      const [allowed, used] = Array.isArray(reply) ? reply.map(Number) : [1, 0];
      return {
        allowed: allowed === 1,
        limit,
        remaining: Math.max(0, limit - (used ?? 0)),
        resetAt: (windowIndex + 1) * windowMs,
      };
    },
  };
}
