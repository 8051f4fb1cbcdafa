/** Result of one rate-limit check. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests allowed per window. */
  readonly limit: number;
  readonly remaining: number;
  /** When the caller may try again (epoch ms). */
  readonly resetAt: number;
}

/**
 * Port of the per-user rate limit (ADR 0012). Adapters: `@upstash/ratelimit`'s sliding window
 * as one EVAL through the Redis port (redis-rate-limiter.ts: shared by every instance) and an
 * in-memory sliding window (memory-rate-limiter.ts: tests and single-instance use).
 */
export interface RateLimiter {
  limit(key: string): Promise<RateLimitDecision>;
}
