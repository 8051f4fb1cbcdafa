import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.ts';

function delays(backoff: ReturnType<typeof createBackoff>, count: number): number[] {
  const out: number[] = [];
  let current = backoff.first();
  for (let i = 0; i < count; i++) {
    out.push(current.duration);
    current = current.next(undefined);
  }
  return out;
}

describe('createBackoff', () => {
  it('full jitter stays within [0, min(max, base * 2^n)) and spreads across the range', () => {
    const backoff = createBackoff({ jitter: 'full', initialDelayMs: 100, maxDelayMs: 1000 });
    const samples = Array.from({ length: 2000 }, () => delays(backoff, 6));
    for (let n = 0; n < 6; n++) {
      const cap = Math.min(1000, 100 * 2 ** n);
      const column = samples.map((row) => row[n] as number);
      expect(Math.min(...column)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...column)).toBeLessThan(cap);
      // Spread: uniform on [0, cap) has mean cap/2 and covers both halves of the range.
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      expect(mean).toBeGreaterThan(cap * 0.4);
      expect(mean).toBeLessThan(cap * 0.6);
      expect(column.filter((d) => d < cap * 0.25).length).toBeGreaterThan(100);
      expect(column.filter((d) => d > cap * 0.75).length).toBeGreaterThan(100);
    }
  });

  it('decorrelated jitter is positive, capped, grows on average and is not deterministic', () => {
    const backoff = createBackoff({ jitter: 'decorrelated', initialDelayMs: 50, maxDelayMs: 2000 });
    const samples = Array.from({ length: 1000 }, () => delays(backoff, 5));
    const flat = samples.flat();
    expect(Math.min(...flat)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...flat)).toBeLessThanOrEqual(2000);
    const mean = (n: number): number => samples.reduce((sum, row) => sum + (row[n] as number), 0) / samples.length;
    expect(mean(3)).toBeGreaterThan(mean(0) * 2);
    expect(new Set(samples.map((row) => row[1])).size).toBeGreaterThan(900);
  });

  it('rejects nonsensical bounds', () => {
    expect(() => createBackoff({ initialDelayMs: 0 })).toThrow(RangeError);
    expect(() => createBackoff({ initialDelayMs: 100, maxDelayMs: 10 })).toThrow(RangeError);
  });
});
