/** A signal that aborts with a `TimeoutError` after `ms`, and how to cancel that timer. */
export interface TimeoutSignal {
  readonly signal: AbortSignal;
  /** Cancels the timer once the guarded work is done (no timer outlives its work). */
  clear(): void;
}

/**
 * Like `AbortSignal.timeout(ms)`, but on an ordinary `setTimeout` that the caller clears when
 * the work finishes early: nothing lingers per attempt, and fake timers in tests drive it.
 */
export function timeoutSignal(ms: number): TimeoutSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
