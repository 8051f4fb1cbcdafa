import { expect } from 'vitest';

/**
 * Waits of the integration tests for real services and processes to reach a state (a consumed
 * record, a health route turning 503), on vitest's `expect.poll`: a check that throws counts as
 * "not yet", and the timeout error carries the last failed expectation.
 */

/** Options of {@link pollUntil}. */
export interface PollOptions {
  readonly timeoutMs: number;
  /** Pause between checks (default 50 ms). */
  readonly intervalMs?: number;
}

/** Checks `check` until it returns true; resolves the milliseconds it took. */
export async function pollUntil(what: string, check: () => Promise<boolean> | boolean, options: PollOptions): Promise<number> {
  const { timeoutMs, intervalMs = 50 } = options;
  const started = Date.now();
  await expect.poll(check, { timeout: timeoutMs, interval: intervalMs, message: `waiting for ${what}` }).toBe(true);
  return Date.now() - started;
}

/** The status of a GET (redirects not followed: a 302 is an answer), 5 s at most. */
export const statusOf = async (url: string): Promise<number> =>
  (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) })).status;

/**
 * Polls until every URL answers `expected`; resolves the seconds it took. On timeout the
 * failure shows the statuses last seen against the expected ones.
 */
export async function waitForStatus(urls: readonly string[], expected: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await expect
    .poll(() => Promise.all(urls.map(statusOf)), { timeout: timeoutMs, interval: 200, message: urls.join(', ') })
    .toEqual(urls.map(() => expected));
  return (Date.now() - started) / 1000;
}
