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

/** A waiting request. Woken, it claims a slot itself, in its own continuation. */
interface Waiter {
  wake(): void;
}

/** Wraps a limiter with a bounded LIFO wait for a slot. */
export function createAdmissionQueue(limiter: AdaptiveLimiter, options: AdmissionQueueOptions = {}): AdmissionQueue {
  const { maxWaitMs = 20, maxQueue = (limit: number) => limit } = options;
  const stack: Waiter[] = [];

  const leave = (waiter: Waiter): void => {
    const index = stack.lastIndexOf(waiter);
    if (index !== -1) stack.splice(index, 1);
  };

  // Wake the newest waiters, one per free slot. No permit is handed over: on workerd a waiter is
  // another request, whose continuation never runs if that request was cancelled meanwhile; a
  // permit handed to it would be lost for good (the bulkhead had the same flaw, ADR 0009).
  const wakeNewest = (): void => {
    for (let free = limiter.limit - limiter.inFlight; free > 0 && stack.length > 0; free -= 1) stack.pop()?.wake();
  };
  limiter.onRelease(wakeNewest);
  limiter.onLimitChange(wakeNewest);

  /** Waits for a slot until `maxWaitMs` passes or the caller aborts; `undefined` means shed. */
  async function waitForSlot(signal: AbortSignal | undefined): Promise<LimiterPermit | undefined> {
    let expired = false;
    let waiter: Waiter | undefined;
    const expire = (): void => {
      expired = true;
      if (waiter) leave(waiter);
      waiter?.wake();
    };
    // Timer and listener belong to this request: set and cleared in its own context.
    const timer = setTimeout(expire, maxWaitMs);
    signal?.addEventListener('abort', expire, { once: true });
    try {
      while (!expired && stack.length < maxQueue(limiter.limit)) {
        await new Promise<void>((wake) => {
          waiter = { wake };
          stack.push(waiter);
        });
        const permit = limiter.tryAcquire();
        if (permit) return permit;
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', expire);
      if (waiter) leave(waiter);
    }
  }

  return {
    get waiting() {
      return stack.length;
    },
    acquire(signal) {
      const permit = limiter.tryAcquire();
      if (permit || maxWaitMs <= 0 || stack.length >= maxQueue(limiter.limit) || signal?.aborted) return Promise.resolve(permit);
      return waitForSlot(signal);
    },
  };
}
