import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isBrokenCircuitError } from 'cockatiel';
import { createCircuitBreaker } from './circuit-breaker.ts';
import type { BreakerState, CircuitBreaker } from './circuit-breaker.ts';
import { classifyFailure, countsAgainstBreaker } from './failure-classification.ts';

// Failures as the adapters hand them over: each carries the kind its adapter gave it.
class Down extends Error {
  readonly code = 'ECONNREFUSED';
  readonly kind = 'transient';
}
class NotFound extends Error {
  readonly status = 404;
  readonly kind = 'caller';
}

const countsAsFailure = (error: unknown): boolean => countsAgainstBreaker(classifyFailure(error));
const fail = (breaker: CircuitBreaker, error: Error = new Down('down')): Promise<unknown> =>
  breaker.execute(() => Promise.reject(error)).catch((e: unknown) => e);
const succeed = (breaker: CircuitBreaker): Promise<unknown> => breaker.execute(() => Promise.resolve('ok'));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createCircuitBreaker', () => {
  it('goes closed -> open -> half-open -> closed, with N probes and state events', async () => {
    const breaker = createCircuitBreaker({ consecutiveFailures: 3, halfOpenAfterMs: 1000, halfOpenProbes: 2, countsAsFailure });
    const states: BreakerState[] = [];
    const subscription = breaker.onStateChange((s) => states.push(s));
    for (let i = 0; i < 2; i++) await fail(breaker);
    expect(breaker.state).toBe('closed');
    await fail(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.isRejecting()).toBe(true);
    expect(breaker.retryAfterSeconds()).toBe(1);
    expect(isBrokenCircuitError(await fail(breaker))).toBe(true);
    expect((breaker.lastFailure as Error).message).toBe('down');

    vi.advanceTimersByTime(1000);
    expect(breaker.isRejecting()).toBe(false);
    await succeed(breaker);
    expect(breaker.state).toBe('half-open');
    await succeed(breaker);
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
    subscription.dispose();
    await fail(breaker);
    expect(states).toHaveLength(3);
  });

  it('reopens from half-open on a failed probe, for twice as long', async () => {
    const breaker = createCircuitBreaker({
      consecutiveFailures: 1,
      halfOpenAfterMs: 1000,
      maxHalfOpenAfterMs: 10_000,
      halfOpenProbes: 1,
      countsAsFailure,
    });
    await fail(breaker);
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1000);
    await fail(breaker);
    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterSeconds()).toBe(2);
    vi.advanceTimersByTime(1500);
    expect(breaker.isRejecting()).toBe(true);
    expect(isBrokenCircuitError(await fail(breaker))).toBe(true);
    expect(breaker.retryAfterSeconds()).toBe(1);
    vi.advanceTimersByTime(500);
    await succeed(breaker);
    expect(breaker.state).toBe('closed');
  });

  it('opens on failure rate over the window even when successes keep resetting the consecutive count', async () => {
    const breaker = createCircuitBreaker({
      consecutiveFailures: 5,
      failureRateThreshold: 0.5,
      failureRateWindowMs: 10_000,
      minimumCalls: 20,
      countsAsFailure,
    });
    // Pattern S F F repeated: never 5 failures in a row, 2/3 failing.
    for (let i = 0; i < 6; i++) {
      await succeed(breaker);
      await fail(breaker);
      await fail(breaker);
      vi.advanceTimersByTime(100);
    }
    expect(breaker.state).toBe('closed'); // 18 calls: below minimumCalls
    await succeed(breaker);
    expect(breaker.state).toBe('closed'); // 19 calls
    await fail(breaker);
    expect(breaker.state).toBe('open'); // 20 calls, 13 failed (65% > 50%)
  });

  it('never trips on 4xx / not-found errors', async () => {
    const breaker = createCircuitBreaker({ consecutiveFailures: 2, countsAsFailure });
    for (let i = 0; i < 10; i++) {
      const error = await fail(breaker, new NotFound('no such user'));
      expect((error as Error).message).toBe('no such user');
    }
    expect(breaker.state).toBe('closed');
  });

  it('isolate() holds it open until disposed', async () => {
    const breaker = createCircuitBreaker({ countsAsFailure });
    const handle = breaker.isolate();
    expect(breaker.state).toBe('isolated');
    expect(breaker.isRejecting()).toBe(true);
    handle.dispose();
    expect(breaker.state).toBe('closed');
  });
});
