/**
 * Polling helpers of the integration tests, which wait for real services and processes to
 * reach a state (a consumed record, a health route turning 503). Errors thrown by a check are
 * not swallowed: a broken check fails the test at once instead of timing out.
 */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of {@link pollUntil}. */
export interface PollOptions {
  readonly timeoutMs: number;
  /** Pause between checks (default 50 ms). */
  readonly intervalMs?: number;
}

/** A condition that did not hold in time. */
export class PollTimeoutError extends Error {
  readonly code = 'poll_timeout';
  constructor(message: string) {
    super(message);
    this.name = 'PollTimeoutError';
  }
}

/**
 * Checks `check` until it returns true; resolves the milliseconds it took.
 * @throws PollTimeoutError naming `what` once `timeoutMs` has passed.
 */
export async function pollUntil(what: string, check: () => Promise<boolean> | boolean, options: PollOptions): Promise<number> {
  const { timeoutMs, intervalMs = 50 } = options;
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await sleep(intervalMs);
  }
  throw new PollTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The status of a GET (redirects not followed: a 302 is an answer), 5 s at most. */
export const statusOf = async (url: string): Promise<number> =>
  (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) })).status;

/**
 * Polls until every URL answers `expected`; resolves the seconds it took. The error lists the
 * statuses last seen.
 */
export async function waitForStatus(urls: readonly string[], expected: number, timeoutMs: number): Promise<number> {
  let last: number[] = [];
  try {
    const ms = await pollUntil(`${expected} from ${urls.join(', ')}`, async () => {
      last = await Promise.all(urls.map(statusOf));
      return last.every((s) => s === expected);
    }, { timeoutMs, intervalMs: 200 });
    return ms / 1000;
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error;
    throw new PollTimeoutError(`still ${JSON.stringify(last)} instead of ${expected} after ${timeoutMs} ms for ${urls.join(', ')}`);
  }
}
