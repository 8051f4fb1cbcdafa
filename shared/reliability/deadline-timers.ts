/**
 * Where a {@link Deadline} arms its expiry. The default gives each deadline its own
 * `setTimeout`; {@link createCoalescedDeadlineTimers} lets deadlines expiring in the same
 * millisecond share one timer, which is what a busy request path wants.
 */
export interface DeadlineTimers {
  /**
   * Calls `onExpire` in `delayMs` (`expiresAt` is the same instant on the deadline's clock).
   * Returns the handle {@link cancel} takes.
   */
  arm(expiresAt: number, delayMs: number, onExpire: () => void): unknown;
  /** Stops a pending `arm`; `onExpire` must be the callback it was armed with. */
  cancel(handle: unknown, onExpire: () => void): void;
}

/** One `setTimeout` per deadline (event batches, schedule ticks: a few per second at most). */
export const ownTimerPerDeadline: DeadlineTimers = {
  arm: (_expiresAt, delayMs, onExpire) => setTimeout(onExpire, delayMs),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Bucket {
  readonly expiresAt: number;
  readonly callbacks: Set<() => void>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Deadlines that expire in the same millisecond share one timer (timers have millisecond
 * resolution, so each still fires when its own timer would have). Under load most requests get
 * the same budget: at 30k requests/s this arms about one timer per millisecond instead of one
 * per request, and a request that finishes only leaves a set. A bucket whose deadlines all
 * finished clears its timer, so nothing outlives the work. One instance per deadline clock
 * (the deadline middleware makes its own): expiry instants of different clocks do not mix.
 */
export function createCoalescedDeadlineTimers(): DeadlineTimers {
  const buckets = new Map<number, Bucket>();
  return {
    arm(expiresAt, delayMs, onExpire) {
      const key = Math.ceil(expiresAt);
      let bucket = buckets.get(key);
      if (!bucket) {
        const created: Bucket = { expiresAt: key, callbacks: new Set(), timer: undefined };
        created.timer = setTimeout(() => {
          buckets.delete(key);
          created.timer = undefined;
          for (const callback of created.callbacks) callback();
        }, delayMs);
        buckets.set(key, created);
        bucket = created;
      }
      bucket.callbacks.add(onExpire);
      return bucket;
    },
    cancel(handle, onExpire) {
      const bucket = handle as Bucket;
      bucket.callbacks.delete(onExpire);
      if (bucket.callbacks.size > 0 || bucket.timer === undefined) return;
      clearTimeout(bucket.timer);
      bucket.timer = undefined;
      buckets.delete(bucket.expiresAt);
    },
  };
}
