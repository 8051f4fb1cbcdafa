import { describe, expect, it } from 'vitest';
import { localRedisClients } from '#shared/redis/testing/local-redis-clients.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

// The per-user sliding window against the REAL Redis, through both Redis adapters (TCP on
// Node, Upstash REST as on workerd): the same script, the same answers, shared between
// limiter instances (as between function instances).

const { tcp, rest } = localRedisClients();

describe.each([
  ['tcp', tcp],
  ['rest', rest],
] as const)('createRedisRateLimiter over %s', (_name, redis) => {
  it('allows `limit` requests per window per key, shared across limiter instances, then refuses', async () => {
    const prefix = `test:ratelimit:${crypto.randomUUID()}`;
    // Fixed clock in the middle of a window: no previous-window overlap surprises.
    const now = () => 1_800_000_030_000;
    const a = createRedisRateLimiter({ redis, limit: 3, windowMs: 60_000, prefix, now });
    const b = createRedisRateLimiter({ redis, limit: 3, windowMs: 60_000, prefix, now });
    const results = [await a.limit('user:1'), await b.limit('user:1'), await a.limit('user:1'), await b.limit('user:1')];
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]?.resetAt).toBe(1_800_000_060_000);
    expect((await a.limit('user:2')).allowed).toBe(true);
  });

  it('counts the previous window in proportion to its overlap', async () => {
    const prefix = `test:ratelimit:${crypto.randomUUID()}`;
    let at = 1_800_000_000_000 + 59_000;
    const limiter = createRedisRateLimiter({ redis, limit: 10, windowMs: 60_000, prefix, now: () => at });
    for (let i = 0; i < 10; i++) expect((await limiter.limit('k')).allowed).toBe(true);
    at = 1_800_000_060_000 + 30_000; // half of the previous window still counts: 5 used
    const next = [];
    for (let i = 0; i < 6; i++) next.push((await limiter.limit('k')).allowed);
    expect(next).toEqual([true, true, true, true, true, false]);
  });
});
