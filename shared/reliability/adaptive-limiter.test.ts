import { describe, expect, it } from 'vitest';
import { createAdaptiveLimiter } from './adaptive-limiter.ts';
import type { AdaptiveLimiter, LimiterPermit, PermitOutcome } from './adaptive-limiter.ts';

/** Drives the limiter with a fake clock: `concurrency` requests of `rttMs` each, per window. */
function drive(limiter: AdaptiveLimiter, clock: { t: number }, windows: number, rttMs: number, concurrency: number, outcome: PermitOutcome = 'success'): void {
  for (let w = 0; w < windows; w++) {
    const permits: LimiterPermit[] = [];
    for (let i = 0; i < Math.min(concurrency, limiter.limit); i++) {
      const permit = limiter.tryAcquire();
      if (permit) permits.push(permit);
    }
    clock.t += rttMs;
    for (const permit of permits) permit.release(outcome);
  }
}

function setup(initialLimit = 20): { limiter: AdaptiveLimiter; clock: { t: number } } {
  const clock = { t: 0 };
  const limiter = createAdaptiveLimiter({ initialLimit, minLimit: 5, maxLimit: 200, windowMinSamples: 10, windowMinMs: 0, now: () => clock.t });
  return { limiter, clock };
}

describe('createAdaptiveLimiter', () => {
  it('rejects beyond the limit and admits again after a release', () => {
    const { limiter } = setup(5);
    const permits = Array.from({ length: 5 }, () => limiter.tryAcquire());
    expect(permits.every(Boolean)).toBe(true);
    expect(limiter.tryAcquire()).toBeUndefined();
    permits[0]?.release('success');
    expect(limiter.inFlight).toBe(4);
    expect(limiter.tryAcquire()).toBeDefined();
  });

  it('grows while latency stays at baseline and the limit is in use', () => {
    const { limiter, clock } = setup(20);
    const changes: number[] = [];
    limiter.onLimitChange((limit) => changes.push(limit));
    drive(limiter, clock, 50, 10, 1000);
    expect(limiter.limit).toBeGreaterThan(40);
    expect(changes.length).toBeGreaterThan(5);
  });

  it('does not grow when app-limited (less than half the limit in use)', () => {
    const { limiter, clock } = setup(20);
    drive(limiter, clock, 50, 10, 5);
    expect(limiter.limit).toBe(20);
  });

  it('shrinks when latency rises well above the baseline, and recovers when it falls back', () => {
    const { limiter, clock } = setup(20);
    drive(limiter, clock, 40, 10, 1000);
    const grown = limiter.limit;
    drive(limiter, clock, 30, 80, 1000);
    const shrunk = limiter.limit;
    expect(shrunk).toBeLessThan(grown * 0.5);
    drive(limiter, clock, 60, 10, 1000);
    expect(limiter.limit).toBeGreaterThan(shrunk);
  });

  it('cuts the limit multiplicatively on dropped (deadline exceeded) requests, down to the floor', () => {
    const { limiter, clock } = setup(50);
    drive(limiter, clock, 1, 10, 10, 'dropped'); // exactly one window of 10 samples
    expect(limiter.limit).toBe(45);
    drive(limiter, clock, 100, 10, 1000, 'dropped');
    expect(limiter.limit).toBe(5);
  });

  it('ignores samples marked ignore (fast-failing requests)', () => {
    const { limiter, clock } = setup(20);
    drive(limiter, clock, 50, 1, 1000, 'ignore');
    expect(limiter.limit).toBe(20);
  });
});
