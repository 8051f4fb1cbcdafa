import { describe, expect, it } from 'vitest';
import { createAdaptiveLimiter } from './adaptive-limiter.ts';
import type { AdaptiveLimiter, AdaptiveLimiterOptions, LimiterPermit, PermitOutcome } from './adaptive-limiter.ts';

/** Drives the limiter with a fake clock: `concurrency` requests of `rttMs` each, per window. */
function drive(
  limiter: AdaptiveLimiter,
  clock: { t: number },
  windows: number,
  rttMs: number,
  concurrency: number,
  outcome: PermitOutcome = 'success',
): void {
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

function setup(initialLimit = 20, extra: AdaptiveLimiterOptions = {}): { limiter: AdaptiveLimiter; clock: { t: number } } {
  const clock = { t: 0 };
  const limiter = createAdaptiveLimiter({
    initialLimit,
    minLimit: 5,
    maxLimit: 200,
    windowMinSamples: 10,
    windowMinMs: 0,
    now: () => clock.t,
    ...extra,
  });
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

  it('does not read one slow request per window as queueing (window median, not mean)', () => {
    const { limiter, clock } = setup(40);
    drive(limiter, clock, 20, 10, 1000);
    const before = limiter.limit;
    // Each window: 39 requests at 10 ms and one at 400 ms. The old mean (~20 ms) cut the limit.
    for (let w = 0; w < 30; w++) {
      const permits = Array.from({ length: limiter.limit }, () => limiter.tryAcquire()).filter((p) => p !== undefined);
      clock.t += 10;
      const slow = permits.pop();
      for (const permit of permits) permit.release('success');
      clock.t += 390;
      slow?.release('success');
    }
    expect(limiter.limit).toBeGreaterThanOrEqual(before);
  });

  it('keeps its no-queueing baseline through a long overload, and forgets it after the horizon', () => {
    const { limiter, clock } = setup(40, { baselineHorizonMs: 60_000 });
    drive(limiter, clock, 10, 10, 1000);
    expect(limiter.baselineRtt).toBe(10);
    // 30 s of windows at 50 ms: the baseline stays 10 ms, so the limit keeps shrinking to the floor.
    drive(limiter, clock, 600, 50, 1000);
    expect(limiter.baselineRtt).toBe(10);
    expect(limiter.limit).toBe(5);
    // Past the horizon the slower latency is the new normal: the limit grows again.
    drive(limiter, clock, 1200, 50, 1000);
    expect(limiter.baselineRtt).toBe(50);
    expect(limiter.limit).toBeGreaterThan(20);
  });

  it('tolerates latency up to rttTolerance x baseline before shrinking', () => {
    const { limiter, clock } = setup(40, { rttTolerance: 2 });
    drive(limiter, clock, 5, 10, 1000);
    const grown = limiter.limit;
    drive(limiter, clock, 50, 19, 1000); // 1.9x baseline: still growing
    expect(limiter.limit).toBeGreaterThan(grown);
    const high = limiter.limit;
    drive(limiter, clock, 30, 40, 1000); // 4x: shrinking
    expect(limiter.limit).toBeLessThan(high * 0.6);
  });

  it('regrows in proportion to the limit after a spike (sqrt headroom)', () => {
    // One window per round: it closes on the first release at least 5 ms after the last one.
    const { limiter, clock } = setup(100, { maxLimit: 1000, windowMinSamples: 1, windowMinMs: 5 });
    drive(limiter, clock, 10, 10, 10_000);
    drive(limiter, clock, 40, 100, 10_000);
    const cut = limiter.limit;
    expect(cut).toBeLessThan(20);
    // Fixed +4 headroom (smoothed: +0.8 per window) needs over 100 windows to regain 80; sqrt ~60.
    let windows = 0;
    while (limiter.limit < 100 && windows < 200) {
      drive(limiter, clock, 1, 10, 10_000);
      windows++;
    }
    expect(limiter.limit).toBeGreaterThanOrEqual(100);
    expect(windows).toBeLessThan(90);
  });

  it('counts a window with a drop once, however many requests of it were dropped', () => {
    const { limiter, clock } = setup(50, { windowMinSamples: 10 });
    drive(limiter, clock, 1, 10, 10, 'dropped');
    expect(limiter.limit).toBe(45);
  });

  it('slow start: below minLimit until it has grown to it, then minLimit is the floor', () => {
    const { limiter, clock } = setup(10, { minLimit: 20, slowStartMs: 60_000 });
    drive(limiter, clock, 5, 50, 1000);
    drive(limiter, clock, 20, 200, 1000); // latency 4x: the slow-start floor (10) holds
    expect(limiter.limit).toBe(10);
    drive(limiter, clock, 200, 50, 1000); // back to baseline: grows past minLimit
    expect(limiter.limit).toBeGreaterThan(20);
    drive(limiter, clock, 60, 400, 1000); // now minLimit is the floor
    expect(limiter.limit).toBe(20);
  });

  it('slow start ends after slowStartMs even if the limit never grew', () => {
    const { limiter, clock } = setup(10, { minLimit: 20, slowStartMs: 1000 });
    drive(limiter, clock, 5, 50, 1000);
    drive(limiter, clock, 10, 200, 1000);
    expect(limiter.limit).toBe(20);
  });
});
