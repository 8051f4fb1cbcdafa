import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdaptiveLimiter } from './adaptive-limiter.ts';
import type { LimiterPermit } from './adaptive-limiter.ts';
import { createAdmissionQueue } from './admission-queue.ts';

const fixedLimiter = (limit: number) => createAdaptiveLimiter({ initialLimit: limit, minLimit: limit, maxLimit: limit });

describe('createAdmissionQueue', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('admits at once while the limit has room', async () => {
    const queue = createAdmissionQueue(fixedLimiter(2));
    expect(await queue.acquire()).toBeDefined();
    expect(await queue.acquire()).toBeDefined();
    expect(queue.waiting).toBe(0);
  });

  it('absorbs a short burst: a waiter gets the slot the moment one is released', async () => {
    const limiter = fixedLimiter(1);
    const queue = createAdmissionQueue(limiter, { maxWaitMs: 20 });
    const first = (await queue.acquire()) as LimiterPermit;
    const waiting = queue.acquire();
    expect(queue.waiting).toBe(1);
    vi.advanceTimersByTime(5);
    first.release('success');
    const second = await waiting;
    expect(second).toBeDefined();
    expect(limiter.inFlight).toBe(1);
  });

  it('hands no permit over: a woken waiter claims the slot in its own continuation', async () => {
    // On workerd the waiter is another request; if it was cancelled its continuation never runs,
    // and a permit reserved for it on release would be lost for good.
    const limiter = fixedLimiter(1);
    const queue = createAdmissionQueue(limiter, { maxWaitMs: 20 });
    const first = (await queue.acquire()) as LimiterPermit;
    const waiting = queue.acquire();
    first.release('success');
    expect(limiter.inFlight).toBe(0);
    expect(await waiting).toBeDefined();
    expect(limiter.inFlight).toBe(1);
  });

  it('sheds a waiter after maxWaitMs and frees its place', async () => {
    const queue = createAdmissionQueue(fixedLimiter(1), { maxWaitMs: 20 });
    await queue.acquire();
    const waiting = queue.acquire();
    vi.advanceTimersByTime(20);
    expect(await waiting).toBeUndefined();
    expect(queue.waiting).toBe(0);
  });

  it('is bounded: beyond maxQueue waiters a request is shed at once', async () => {
    const queue = createAdmissionQueue(fixedLimiter(1), { maxWaitMs: 20, maxQueue: () => 2 });
    await queue.acquire();
    void queue.acquire();
    void queue.acquire();
    expect(await queue.acquire()).toBeUndefined();
    expect(queue.waiting).toBe(2);
  });

  it('serves the newest waiter first (LIFO), so the oldest are the ones that time out', async () => {
    const queue = createAdmissionQueue(fixedLimiter(1), { maxWaitMs: 20, maxQueue: () => 4 });
    const held = (await queue.acquire()) as LimiterPermit;
    const order: string[] = [];
    const old = queue.acquire().then((p) => order.push(p ? 'old admitted' : 'old shed'));
    vi.advanceTimersByTime(10);
    const fresh = queue.acquire().then((p) => order.push(p ? 'fresh admitted' : 'fresh shed'));
    held.release('success');
    await fresh;
    vi.advanceTimersByTime(10);
    await old;
    expect(order).toEqual(['fresh admitted', 'old shed']);
  });

  it('with maxWaitMs 0 sheds at once, as without a queue', async () => {
    const queue = createAdmissionQueue(fixedLimiter(1), { maxWaitMs: 0 });
    await queue.acquire();
    expect(await queue.acquire()).toBeUndefined();
  });

  it('leaves the queue when the caller aborts', async () => {
    const queue = createAdmissionQueue(fixedLimiter(1), { maxWaitMs: 1000 });
    await queue.acquire();
    const controller = new AbortController();
    const waiting = queue.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBeUndefined();
    expect(queue.waiting).toBe(0);
  });
});
