import { describe, expect, it } from 'vitest';
import { effectiveWeights } from './mix.ts';
import { durationSeconds, parseLoadOptions, UsageError } from './cli-options.ts';

describe('effectiveWeights', () => {
  it('keeps only enabled operations with a positive weight', () => {
    expect(effectiveWeights('timeline=85,user=6,post=6,follow=2,media=0', ['timeline', 'post', 'media'])).toEqual({
      timeline: 85,
      post: 6,
    });
    expect(effectiveWeights('timeline=85', [])).toEqual({});
  });
});

describe('parseLoadOptions', () => {
  it('applies the scenario defaults and parses numbers', () => {
    const options = parseLoadOptions(['steady', '--rate', '120', '--instances', '3']);
    expect(options).toMatchObject({ scenario: 'steady', rate: 120, instances: 3, duration: '60s', redisAdapter: 'tcp' });
  });

  it('refuses unknown scenarios, bad numbers and unbounded durations', () => {
    expect(() => parseLoadOptions(['nope'])).toThrow(UsageError);
    expect(() => parseLoadOptions(['steady', '--rate=0'])).toThrow(/positive/);
    expect(() => parseLoadOptions(['soak', '--duration', '2h'])).toThrow(/1 h bound/);
    expect(durationSeconds('10m')).toBe(600);
  });
});
