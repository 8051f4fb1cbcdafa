import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from './deadline.ts';
import { createCoalescedDeadlineTimers } from './deadline-timers.ts';
import { DeadlineExceededError } from './reliability-errors.ts';

describe('coalesced deadline timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('arms one timer for deadlines expiring in the same millisecond, and each expires on time', () => {
    const timers = createCoalescedDeadlineTimers();
    const first = new Deadline({ budgetMs: 100, timers });
    const second = new Deadline({ budgetMs: 100, timers });
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(99);
    expect(first.signal.aborted || second.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(first.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect(second.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('keeps separate timers for different instants', () => {
    const timers = createCoalescedDeadlineTimers();
    const early = new Deadline({ budgetMs: 50, timers });
    const late = new Deadline({ budgetMs: 80, timers });
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(50);
    expect(early.expired).toBe(true);
    expect(late.signal.aborted).toBe(false);
    vi.advanceTimersByTime(30);
    expect(late.signal.aborted).toBe(true);
  });

  it('a disposed deadline never fires, and the shared timer goes once every deadline is done', () => {
    const timers = createCoalescedDeadlineTimers();
    const done = new Deadline({ budgetMs: 100, timers });
    const running = new Deadline({ budgetMs: 100, timers });
    const fired: string[] = [];
    done.onExpire(() => fired.push('done'));
    running.onExpire(() => fired.push('running'));
    done.dispose();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['running']);

    const a = new Deadline({ budgetMs: 100, timers });
    const b = new Deadline({ budgetMs: 100, timers });
    a.dispose();
    b.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms on a new server budget without leaving the old instant armed', () => {
    const timers = createCoalescedDeadlineTimers();
    const deadline = new Deadline({ budgetMs: 100, timers });
    deadline.setServerBudget(300);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(299);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
  });
});
