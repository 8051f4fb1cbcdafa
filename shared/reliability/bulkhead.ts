import { bulkhead } from 'cockatiel';
import type { Event } from 'cockatiel';

/** Options of {@link createBulkhead}. */
export interface BulkheadOptions {
  /** Calls allowed to run at once. */
  concurrency: number;
  /** Calls allowed to wait for a slot; more are rejected at once. Keep small (ADR 0009). */
  queue: number;
}

/**
 * Bulkhead: caps concurrent calls to one dependency (cockatiel's BulkheadPolicy), so a slow
 * dependency cannot absorb every request of the process; the small queue absorbs bursts
 * without building a backlog that would blow request deadlines.
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

/** Creates a bulkhead. Rejections throw cockatiel's BulkheadRejectedError. */
export function createBulkhead(options: BulkheadOptions): Bulkhead {
  if (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`bulkhead concurrency must be a positive integer, got ${options.concurrency}`);
  }
  const policy = bulkhead(options.concurrency, options.queue);
  return {
    execute: (fn, signal) => policy.execute(({ signal: inner }) => fn(inner), signal),
    get executionSlots() {
      return policy.executionSlots;
    },
    get queueSlots() {
      return policy.queueSlots;
    },
    onReject: policy.onReject,
  };
}
