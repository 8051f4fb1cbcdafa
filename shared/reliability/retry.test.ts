import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackoff } from './backoff.ts';
import { DeadlineExceededError, DependencyTimeoutError } from './reliability-errors.ts';
import { createRetry } from './retry.ts';
import { createRetryBudget } from './retry-budget.ts';

class Transient extends Error {
  readonly transient = true;
}
const isRetryable = (error: unknown): boolean => error instanceof Transient || error instanceof DependencyTimeoutError;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createRetryBudget', () => {
  it('withdraws per retry (timeouts cost more) and refuses when short', () => {
    const budget = createRetryBudget({ capacity: 22, retryCost: 5, timeoutRetryCost: 10 });
    expect(budget.tryAcquire(true)).toBe(10);
    expect(budget.tryAcquire(false)).toBe(5);
    expect(budget.tryAcquire(false)).toBe(5);
    expect(budget.available).toBe(2);
    expect(budget.tryAcquire(false)).toBe(0);
    expect(budget.available).toBe(2);
  });

  it('refills by 1 per first-attempt success and refunds retries that ended in success, up to capacity', () => {
    const budget = createRetryBudget({ capacity: 10, retryCost: 5 });
    budget.tryAcquire(false);
    budget.tryAcquire(false);
    expect(budget.available).toBe(0);
    budget.recordSuccess(0);
    expect(budget.available).toBe(1);
    budget.recordSuccess(5);
    expect(budget.available).toBe(6);
    budget.recordSuccess(50);
    expect(budget.available).toBe(10);
  });
});

describe('createRetry', () => {
  it('retries transient failures of idempotent calls after backoff delays, then succeeds', async () => {
    const retry = createRetry({ maxRetries: 3, backoff: createBackoff({ initialDelayMs: 100, maxDelayMs: 1000 }), isRetryable });
    const delaysSeen: number[] = [];
    retry.onRetry(({ delayMs }) => delaysSeen.push(delayMs));
    let calls = 0;
    const result = retry.execute(
      async () => {
        calls++;
        if (calls < 3) throw new Transient('flaky');
        return 'ok';
      },
      { idempotent: true },
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(calls).toBe(3);
    expect(delaysSeen).toHaveLength(2);
    expect(delaysSeen[0]).toBeLessThan(100);
    expect(delaysSeen[1]).toBeLessThan(200);
  });

  it('never retries non-idempotent calls or non-transient errors', async () => {
    const retry = createRetry({ maxRetries: 3, isRetryable });
    const reasons: string[] = [];
    retry.onGiveUp(({ reason }) => reasons.push(reason));
    let calls = 0;
    await expect(
      retry.execute(
        async () => {
          calls++;
          throw new Transient('x');
        },
        { idempotent: false },
      ),
    ).rejects.toThrow('x');
    await expect(
      retry.execute(
        async () => {
          calls++;
          throw new Error('not found');
        },
        { idempotent: true },
      ),
    ).rejects.toThrow('not found');
    expect(calls).toBe(2);
    expect(reasons).toEqual(['not_idempotent', 'not_retryable']);
  });

  it('gives up after maxRetries with the last error', async () => {
    const retry = createRetry({ maxRetries: 2, isRetryable });
    let calls = 0;
    const result = retry.execute(
      async () => {
        calls++;
        throw new Transient(`fail ${calls}`);
      },
      { idempotent: true },
    );
    const assertion = expect(result).rejects.toThrow('fail 3');
    await vi.runAllTimersAsync();
    await assertion;
    expect(calls).toBe(3);
  });

  it('stops retrying once the shared budget is exhausted', async () => {
    const budget = createRetryBudget({ capacity: 10, retryCost: 5 });
    const retry = createRetry({ maxRetries: 5, budget, isRetryable });
    const reasons: string[] = [];
    retry.onGiveUp(({ reason }) => reasons.push(reason));
    let calls = 0;
    const result = retry.execute(
      async () => {
        calls++;
        throw new Transient('down');
      },
      { idempotent: true },
    );
    const assertion = expect(result).rejects.toThrow('down');
    await vi.runAllTimersAsync();
    await assertion;
    // Two retries paid for (10 tokens), the third refused.
    expect(calls).toBe(3);
    expect(budget.available).toBe(0);
    expect(reasons).toEqual(['budget']);
  });

  it('abandons the backoff sleep as soon as the deadline signal aborts', async () => {
    const retry = createRetry({ maxRetries: 3, backoff: createBackoff({ initialDelayMs: 10_000, maxDelayMs: 10_000 }), isRetryable });
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const controller = new AbortController();
    const result = retry.execute(
      async () => {
        throw new Transient('x');
      },
      { idempotent: true, signal: controller.signal },
    );
    const assertion = expect(result).rejects.toBeInstanceOf(DeadlineExceededError);
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(new DeadlineExceededError(500));
    await assertion;
    expect(vi.getTimerCount()).toBe(0);
    vi.restoreAllMocks();
  });
});
