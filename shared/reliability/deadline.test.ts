import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from './deadline.ts';
import { DeadlineExceededError } from './reliability-errors.ts';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

describe('Deadline', () => {
  it('aborts its signal with DeadlineExceededError when the budget runs out', () => {
    const deadline = new Deadline({ budgetMs: 500 });
    expect(deadline.remainingMs()).toBe(500);
    vi.advanceTimersByTime(499);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(deadline.expired).toBe(true);
  });

  it('is capped by the caller limit, which a route override cannot extend', () => {
    const deadline = new Deadline({ budgetMs: 30_000, callerLimitAt: Date.now() + 200 });
    expect(deadline.expiresAt).toBe(Date.now() + 200);
    deadline.setServerBudget(60_000);
    expect(deadline.remainingMs()).toBe(200);
    vi.advanceTimersByTime(200);
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as DeadlineExceededError).budgetMs).toBe(200);
  });

  it('a route override re-arms the timer in both directions', () => {
    const shorter = new Deadline({ budgetMs: 30_000 });
    shorter.setServerBudget(100);
    vi.advanceTimersByTime(100);
    expect(shorter.signal.aborted).toBe(true);
    const longer = new Deadline({ budgetMs: 100 });
    longer.setServerBudget(5_000);
    vi.advanceTimersByTime(1_000);
    expect(longer.signal.aborted).toBe(false);
    longer.dispose();
    vi.advanceTimersByTime(10_000);
    expect(longer.signal.aborted).toBe(false);
  });

  it('an already-passed caller limit expires immediately', () => {
    const deadline = new Deadline({ budgetMs: 1000, callerLimitAt: Date.now() - 1 });
    expect(deadline.signal.aborted).toBe(true);
  });
});
