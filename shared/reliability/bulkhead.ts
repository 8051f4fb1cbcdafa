import { BulkheadRejectedError, EventEmitter, TaskCancelledError } from 'cockatiel';
import type { Event } from 'cockatiel';

/** Options of {@link createBulkhead}. */
export interface BulkheadOptions {
  /** Calls allowed to run at once. */
  concurrency: number;
  /** Calls allowed to wait for a slot; more are rejected at once. Keep small (ADR 0009). */
  queue: number;
}

/**
 * Bulkhead: caps concurrent calls to one dependency, so a slow dependency cannot absorb every
 * request of the process; the small queue absorbs bursts without building a backlog that would
 * blow request deadlines.
 */
export interface Bulkhead {
  execute<T>(fn: (signal: AbortSignal) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
  /** Free execution slots now. */
  readonly executionSlots: number;
  /** Free queue slots now. */
  readonly queueSlots: number;
  /** Fires for every rejected call. */
  readonly onReject: Event<void>;
}

interface Waiter {
  /** Hands the finishing call's slot over to this waiter. */
  readonly wake: () => void;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Creates a bulkhead. Rejections throw cockatiel's `BulkheadRejectedError`, a call whose signal
 * aborts while it waits throws `TaskCancelledError` (both as cockatiel's BulkheadPolicy did).
 *
 * Why not cockatiel's BulkheadPolicy: when a slot frees, it starts the queued call's `fn`
 * itself, in the finishing call's promise chain. On workerd that chain belongs to ANOTHER
 * request: the queued request's query or fetch was then issued in the finishing request's I/O
 * context, was cancelled when that request ended ("A promise was resolved or rejected from a
 * different request context"), and the queued request hung until its deadline (measured under
 * `npm run bench:runtimes`). Here a finishing call only resolves the waiter's own promise; the
 * waiter runs `fn` in its own continuation, i.e. in its own request (workerd delivers a
 * cross-context resolution to the context that created the promise).
 */
export function createBulkhead(options: BulkheadOptions): Bulkhead {
  const { concurrency, queue: queueCapacity } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`bulkhead concurrency must be a positive integer, got ${concurrency}`);
  }
  if (!Number.isSafeInteger(queueCapacity) || queueCapacity < 0) {
    throw new RangeError(`bulkhead queue must be a non-negative integer, got ${queueCapacity}`);
  }
  const rejections = new EventEmitter<void>();
  const waiters: Waiter[] = [];
  let active = 0;

  /** Passes the slot to the oldest waiter, or frees it. */
  const release = (): void => {
    const next = waiters.shift();
    if (next) next.wake();
    else active -= 1;
  };

  /** Resolves once a slot was handed over; rejects (and leaves the queue) on abort. */
  const waitForSlot = (signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(new TaskCancelledError());
      };
      const waiter: Waiter = {
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      waiters.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  return {
    async execute(fn, signal = NEVER_ABORTED) {
      if (signal.aborted) throw new TaskCancelledError();
      if (active < concurrency) {
        active += 1;
      } else if (waiters.length < queueCapacity) {
        await waitForSlot(signal);
        // The slot is ours now (counted in `active`); give it back if we no longer need it.
        if (signal.aborted) {
          release();
          throw new TaskCancelledError();
        }
      } else {
        rejections.emit();
        throw new BulkheadRejectedError(concurrency, queueCapacity);
      }
      try {
        return await fn(signal);
      } finally {
        release();
      }
    },
    get executionSlots() {
      return concurrency - active;
    },
    get queueSlots() {
      return queueCapacity - waiters.length;
    },
    onReject: rejections.addListener,
  };
}
