import { describe, expect, it } from 'vitest';
import { RedisError } from '#shared/redis/redis-error.ts';
import { DependencyTimeoutError, DependencyUnavailableError } from '#shared/reliability/reliability-errors.ts';
import { isRedisOutage } from './redis-outage.ts';

describe('isRedisOutage', () => {
  it('falls back when Redis is unreachable, times out, or its breaker is open', () => {
    expect(isRedisOutage(new RedisError('unavailable', 'ECONNREFUSED'))).toBe(true);
    expect(isRedisOutage(new RedisError('timeout', 'slow'))).toBe(true);
    expect(isRedisOutage(new DependencyUnavailableError('redis', 'circuit_open', 2))).toBe(true);
    expect(isRedisOutage(new DependencyTimeoutError('redis', 500))).toBe(true);
  });

  it('does not fall back for saturation, bugs, other dependencies or plain errors', () => {
    expect(isRedisOutage(new DependencyUnavailableError('redis', 'bulkhead_full', 1))).toBe(false);
    expect(isRedisOutage(new DependencyUnavailableError('postgres', 'circuit_open', 5))).toBe(false);
    expect(isRedisOutage(new RedisError('command', 'WRONGTYPE'))).toBe(false);
    expect(isRedisOutage(new RedisError('aborted', 'client left'))).toBe(false);
    expect(isRedisOutage(new Error('boom'))).toBe(false);
    expect(isRedisOutage('unavailable')).toBe(false);
  });
});
