/** Options of {@link waitFor}. */
export interface WaitForOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Named in the timeout error. */
  readonly what: string;
}

/** Raised when a condition did not hold in time. */
export class WaitTimeoutError extends Error {
  readonly code = 'wait_timeout';
  constructor(what: string, timeoutMs: number, cause?: unknown) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause });
    this.name = 'WaitTimeoutError';
  }
}

/** Polls `condition` until it resolves true; errors thrown by it count as "not yet". */
export async function waitFor(condition: () => Promise<boolean>, options: WaitForOptions): Promise<void> {
  const { timeoutMs, intervalMs = 100, what } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await condition()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs, lastError);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
