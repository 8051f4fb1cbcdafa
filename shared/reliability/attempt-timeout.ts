import { timeout, TimeoutStrategy } from 'cockatiel';
import type { Event } from 'cockatiel';

/**
 * Cooperative per-attempt timeout: cockatiel's TimeoutPolicy in cooperative mode (ADR 0006).
 *
 * The attempt receives a signal that aborts after `timeoutMs` or when the caller's signal
 * aborts, whichever is first; the attempt is expected to stop (adapters pass the signal to the
 * client library). Cooperative rather than aggressive so a bulkhead slot stays taken until the
 * work really stops: aggressive timeouts would free slots while the call still runs.
 */
export interface AttemptTimeout {
  readonly timeoutMs: number;
  execute<T>(fn: (signal: AbortSignal) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
  /** Fires when an attempt's timer (not the caller) aborted it. */
  readonly onTimeout: Event<void>;
}

/** Creates a cooperative attempt timeout. */
export function createAttemptTimeout(timeoutMs: number): AttemptTimeout {
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  // abortOnReturn off: an attempt that has returned has nothing left to cancel, and aborting
  // its signal on every return built a DOMException (with a stack) per dependency call, ~4% of
  // a cached timeline read's CPU. The timer and the caller-signal listener are still disposed.
  const policy = timeout(timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
  return {
    timeoutMs,
    execute: (fn, signal) => policy.execute(({ signal: inner }) => fn(inner), signal),
    onTimeout: policy.onTimeout,
  };
}
