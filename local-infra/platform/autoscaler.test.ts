import { describe, expect, it } from 'vitest';
import { Autoscaler } from './autoscaler.ts';
import { DEFAULT_AUTOSCALER_SETTINGS } from './autoscaler-settings.ts';
import { ConcurrencyMeter } from './concurrency-window.ts';

const settings = { ...DEFAULT_AUTOSCALER_SETTINGS, stableWindowMs: 10_000, panicWindowMs: 2_000, scaleToZeroAfterMs: 10_000 };
const scaling = { minInstances: 0, maxInstances: 4, targetConcurrency: 10, maxConcurrency: 100 };

/** Feeds one sample per second of `concurrency` from `from` for `seconds`, returns the end time. */
function feed(scaler: Autoscaler, from: number, seconds: number, concurrency: number): number {
  let now = from;
  for (let i = 0; i < seconds; i += 1) {
    now += 1000;
    scaler.observe(now, concurrency, concurrency > 0);
  }
  return now;
}

describe('Autoscaler (Knative KPA rules, fake time)', () => {
  it('aims at target x utilization per instance over the stable window', () => {
    const scaler = new Autoscaler(scaling, settings, 0);
    const now = feed(scaler, 0, 10, 13); // 13 / (10 x 0.7) = 1.86 -> 2
    expect(scaler.decide(now, 2)).toMatchObject({ desired: 2, mode: 'stable', reason: 'load' });
  });

  it('enters panic on a burst twice the current capacity and follows the panic window up', () => {
    const scaler = new Autoscaler(scaling, settings, 0);
    let now = feed(scaler, 0, 10, 5);
    expect(scaler.decide(now, 1).desired).toBe(1);
    now = feed(scaler, now, 2, 25); // panic window: 25 / 7 -> 4 wanted, 4x the one instance
    expect(scaler.decide(now, 1)).toMatchObject({ desired: 4, mode: 'panic' });
  });

  it('never scales in during panic, and leaves panic after a stable window without a burst', () => {
    const scaler = new Autoscaler(scaling, settings, 0);
    let now = feed(scaler, 0, 2, 25);
    expect(scaler.decide(now, 1)).toMatchObject({ desired: 4, mode: 'panic' });
    now = feed(scaler, now, 5, 1);
    expect(scaler.decide(now, 4)).toMatchObject({ desired: 4, mode: 'panic', reason: 'panic-hold' });
    now = feed(scaler, now, 6, 1); // 11 s since the burst began: panic ends
    const decision = scaler.decide(now, 4);
    expect(decision.mode).toBe('stable');
    expect(decision.desired).toBe(2); // at most halved per decision (max scale-down rate 2)
  });

  it('keeps an instance while idle for less than the idle period, then scales to zero', () => {
    const scaler = new Autoscaler(scaling, settings, 0);
    let now = feed(scaler, 0, 3, 2);
    now = feed(scaler, now, 10, 0); // the stable window is all zeros, idle for 10 s
    expect(scaler.decide(now - 1000, 1)).toMatchObject({ desired: 1, reason: 'idle-hold' });
    expect(scaler.decide(now, 1)).toMatchObject({ desired: 0, reason: 'scale-to-zero' });
  });

  it('holds min-instances when idle and never exceeds max-instances', () => {
    const warm = new Autoscaler({ ...scaling, minInstances: 1 }, settings, 0);
    const idle = feed(warm, 0, 30, 0);
    expect(warm.decide(idle, 1)).toMatchObject({ desired: 1, reason: 'bounds' });
    const capped = new Autoscaler(scaling, settings, 0);
    const busy = feed(capped, 0, 10, 500);
    expect(capped.decide(busy, 4).desired).toBe(4);
  });

  it('a request at zero resets the idle clock', () => {
    const scaler = new Autoscaler(scaling, settings, 0);
    scaler.touch(20_000);
    const now = feed(scaler, 20_000, 1, 0);
    expect(scaler.decide(now, 1)).toMatchObject({ desired: 1, reason: 'idle-hold' });
  });
});

describe('ConcurrencyMeter', () => {
  it('weights the level by time, so a short request is a fraction of a tick', () => {
    const meter = new ConcurrencyMeter(0);
    meter.change(100, 1);
    meter.change(150, -1);
    meter.change(500, 2);
    expect(meter.read(1000)).toEqual({ average: (50 + 2 * 500) / 1000, peak: 2 });
    expect(meter.read(2000)).toEqual({ average: 2, peak: 2 });
  });
});
