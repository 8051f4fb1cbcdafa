import type { AdaptiveLimiter, LimiterPermit } from './adaptive-limiter.ts';

/**
 * A short, bounded wait in front of the adaptive limiter (ADR 0010), as Netflix's
 * LifoBlockingLimiter: a request that finds every slot taken waits up to `maxWaitMs` for one
 * instead of being refused at once, so a burst a few milliseconds long is absorbed rather than
 * shed, and a slot that frees is used at once instead of idling until the next arrival.
 *
 * - Bounded in size (`maxQueue`, default: the current limit) and in time: beyond either the
 *   request is shed as before. Waiting never becomes the unbounded queue shedding exists to
 *   prevent.
 * - Last in, first out: under sustained overload the requests that get a slot are the fresh
 *   ones, and the ones that waited longest are the ones shed, so admitted latency stays low.
 * - The wait is not a latency sample: the limiter measures service time from its permit on,
 *   otherwise its own queue would read as queueing and cut the limit further.
 */

/** Options of {@link createAdmissionQueue}. */
export interface AdmissionQueueOptions {
  /** Longest wait for a slot, ms; 0 turns queueing off. Default 20. */
  maxWaitMs?: number;
  /** Most waiting requests; default the limiter's current limit. */
  maxQueue?: (limit: number) => number;
}

/** Admission: a permit now, after a short wait, or `undefined` (shed). */
export interface AdmissionQueue {
  acquire(signal?: AbortSignal): Promise<LimiterPermit | undefined>;
  /** Requests waiting now. */
  readonly waiting: number;
}

interface Waiter {
  resolve(permit: LimiterPermit | undefined): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Wraps a limiter with a bounded LIFO wait for a slot. */
export function createAdmissionQueue(limiter: AdaptiveLimiter, options: AdmissionQueueOptions = {}): AdmissionQueue {
  const { maxWaitMs = 20, maxQueue = (limit: number) => limit } = options;
  const stack: Waiter[] = [];

  const leave = (waiter: Waiter): boolean => {
    const index = stack.lastIndexOf(waiter);
    if (index === -1) return false;
    stack.splice(index, 1);
    clearTimeout(waiter.timer);
    return true;
  };

  // Hand free slots to the newest waiters.
  const drain = (): void => {
    while (stack.length > 0) {
      const permit = limiter.tryAcquire();
      if (!permit) return;
      const waiter = stack.pop() as Waiter;
      clearTimeout(waiter.timer);
      waiter.resolve(permit);
    }
  };
  limiter.onRelease(drain);
  limiter.onLimitChange(drain);

  return {
    get waiting() {
      return stack.length;
    },
    acquire(signal) {
      const permit = limiter.tryAcquire();
      if (permit || maxWaitMs <= 0 || stack.length >= maxQueue(limiter.limit) || signal?.aborted) return Promise.resolve(permit);
      return new Promise((resolve) => {
        const waiter: Waiter = {
          resolve,
          timer: setTimeout(() => {
            if (leave(waiter)) resolve(undefined);
          }, maxWaitMs),
        };
        stack.push(waiter);
        signal?.addEventListener('abort', () => {
          if (leave(waiter)) resolve(undefined);
        }, { once: true });
      });
    },
  };
}
