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
  /** Tells this waiter a slot was freed; it claims the slot itself when it resumes. */
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
 * `npm run bench:runtimes`). Here a finishing call frees its slot and only resolves the oldest
 * waiter's own promise; the waiter claims the slot and runs `fn` in its own continuation, i.e.
 * in its own request (workerd delivers a cross-context resolution to the context that created
 * the promise).
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

  /** Resolves when woken by a finishing call; rejects (and leaves the queue) on abort. */
  const waitForWake = (signal: AbortSignal, first: boolean): Promise<void> =>
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
      if (first) waiters.unshift(waiter);
      else waiters.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  return {
    async execute(fn, signal = NEVER_ABORTED) {
      if (signal.aborted) throw new TaskCancelledError();
      // The slot is freed, never handed over: a waiter whose request workerd has already
      // cancelled never resumes, and a slot handed to it would be lost for good. A woken waiter
      // that finds the slot taken again (a new call got it first) waits at the head of the queue.
      for (let woken = false; active >= concurrency; woken = true) {
        if (!woken && waiters.length >= queueCapacity) {
          rejections.emit();
          throw new BulkheadRejectedError(concurrency, queueCapacity);
        }
        await waitForWake(signal, woken);
        if (signal.aborted) {
          // Pass the wake-up on: this caller no longer needs the slot.
          waiters.shift()?.wake();
          throw new TaskCancelledError();
        }
      }
      active += 1;
      try {
        return await fn(signal);
      } finally {
        active -= 1;
        waiters.shift()?.wake();
      }
    },
    get executionSlots() {
      return concurrency - active;
    },
    get queueSlots() {
      return Math.max(0, queueCapacity - waiters.length);
    },
    onReject: rejections.addListener,
  };
}
