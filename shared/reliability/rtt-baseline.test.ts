import { describe, expect, it } from 'vitest';
import { createRttBaseline } from './rtt-baseline.ts';

describe('createRttBaseline', () => {
  it('is the minimum recorded within the horizon', () => {
    const baseline = createRttBaseline({ horizonMs: 60_000, buckets: 6 });
    expect(baseline.value(0)).toBeUndefined();
    expect(baseline.add(12, 0)).toBe(12);
    expect(baseline.add(8, 5_000)).toBe(8);
    expect(baseline.add(30, 20_000)).toBe(8);
    expect(baseline.value(50_000)).toBe(8);
  });

  it('forgets a minimum once its bucket is older than the horizon', () => {
    const baseline = createRttBaseline({ horizonMs: 60_000, buckets: 6 });
    baseline.add(5, 0);
    baseline.add(20, 30_000);
    expect(baseline.value(59_999)).toBe(5);
    expect(baseline.value(60_000)).toBe(20);
    expect(baseline.value(90_000)).toBeUndefined();
  });

  it('rejects a horizon it cannot keep', () => {
    expect(() => createRttBaseline({ horizonMs: 0 })).toThrow(RangeError);
  });
});
