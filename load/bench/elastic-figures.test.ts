import { describe, expect, it } from 'vitest';
import { coldStarts, peakInstances, quantile, timeToReady, timeToZero } from './elastic-figures.ts';

const samples = [
  { at: 0, starting: 0, ready: 0, draining: 0 },
  { at: 500, starting: 1, ready: 0, draining: 0 },
  { at: 1500, starting: 1, ready: 1, draining: 0 },
  { at: 2500, starting: 0, ready: 2, draining: 0 },
  { at: 9000, starting: 0, ready: 1, draining: 1 },
  { at: 12_000, starting: 0, ready: 0, draining: 0 },
];

describe('elastic bench figures', () => {
  it('times scale-out and scale to zero from the samples', () => {
    expect(timeToReady(samples, 100, 2)).toBe(2400);
    expect(timeToReady(samples, 100, 3)).toBeNaN();
    expect(timeToZero(samples, 3000)).toBe(9000);
    expect(peakInstances(samples)).toBe(2);
  });

  it('takes nearest-rank quantiles of the cold starts', () => {
    const events = [
      { msg: 'instance-starting', at: 0 },
      { msg: 'instance-ready', at: 900, coldStartMs: 900 },
      { msg: 'instance-ready', at: 1400, coldStartMs: 1300 },
    ];
    expect(coldStarts(events)).toEqual([900, 1300]);
    expect(quantile([900, 1300], 0.5)).toBe(900);
    expect(quantile([900, 1300], 0.99)).toBe(1300);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
