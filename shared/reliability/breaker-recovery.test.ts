import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.ts';
import { DEPENDENCY_DEFAULTS } from './dependency-defaults.ts';

// Time back to green after a long gray fault is bounded by the open period the breaker has
// backed off to: with a 30-60 s cap, a Redis stall of 18 s left the breaker open ~15 s after
// the stall ended. Every default must be back within the 10 s recovery target.

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const RECOVERY_TARGET_MS = 10_000;
const STEP_MS = 100;

/** ms from the end of an outage of `outageMs` until the breaker is closed (calls every 100 ms). */
async function recoveryAfter(breakerConfig: (typeof DEPENDENCY_DEFAULTS)['redis']['breaker'], outageMs: number): Promise<number> {
  const breaker = createCircuitBreaker({ ...breakerConfig, countsAsFailure: () => true });
  for (let t = 0; t < outageMs; t += STEP_MS) {
    await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    vi.advanceTimersByTime(STEP_MS);
  }
  for (let t = 0; t <= 120_000; t += STEP_MS) {
    await breaker.execute(() => Promise.resolve('ok')).catch(() => undefined);
    if (breaker.state === 'closed') return t;
    vi.advanceTimersByTime(STEP_MS);
  }
  return Number.POSITIVE_INFINITY;
}

describe.each(Object.entries(DEPENDENCY_DEFAULTS))('%s breaker defaults', (_name, config) => {
  it('close within the recovery target of the end of an outage of any length up to 2 min', async () => {
    let worst = 0;
    // Outage lengths off every multiple of the open periods, so the worst phase is hit.
    for (let outageMs = 1_000; outageMs <= 120_000; outageMs += 1_700)
      worst = Math.max(worst, await recoveryAfter(config.breaker, outageMs));
    // Room left inside the target for detection and for the instances' next probe.
    expect(worst).toBeLessThanOrEqual(RECOVERY_TARGET_MS - 1_500);
  });
});
