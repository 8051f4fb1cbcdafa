import { describe, expect, it } from 'vitest';
import { bucketDelta, observations, parseDurationBuckets, quantileMs } from './server-latency.ts';

const exposition = (fast: number, slow: number): string =>
  [
    '# TYPE http_request_duration_seconds histogram',
    `http_request_duration_seconds_bucket{le="0.01",function="timeline",route="/timelines/:user",method="GET"} ${fast}`,
    `http_request_duration_seconds_bucket{le="0.05",function="timeline",route="/timelines/:user",method="GET"} ${fast + slow}`,
    `http_request_duration_seconds_bucket{le="+Inf",function="timeline",route="/timelines/:user",method="GET"} ${fast + slow}`,
    `http_request_duration_seconds_bucket{le="0.01",function="timeline",route="/health/live",method="GET"} 5`,
    `http_request_duration_seconds_bucket{le="0.05",function="timeline",route="/health/live",method="GET"} 5`,
    `http_request_duration_seconds_bucket{le="+Inf",function="timeline",route="/health/live",method="GET"} 5`,
    'http_request_duration_seconds_bucket{le="+Inf",function="posts",route="/posts",method="POST"} 1000',
  ].join('\n');

describe('server-side latency from the sidecar histogram', () => {
  it('sums one function over its routes, or keeps one route', () => {
    expect(observations(parseDurationBuckets(exposition(90, 10), 'timeline'))).toBe(105);
    expect(observations(parseDurationBuckets(exposition(90, 10), 'timeline', '/timelines/:user'))).toBe(100);
  });

  it('differences two snapshots and interpolates quantiles inside a bucket, as histogram_quantile does', () => {
    const before = parseDurationBuckets(exposition(50, 0), 'timeline', '/timelines/:user');
    const after = parseDurationBuckets(exposition(140, 10), 'timeline', '/timelines/:user');
    const round = bucketDelta(before, after);
    expect(observations(round)).toBe(100);
    expect(quantileMs(round, 0.5)).toBeCloseTo(10 * (50 / 90), 5);
    // rank 99 of 100: 9 of the 10 slow ones into the 10-50 ms bucket.
    expect(quantileMs(round, 0.99)).toBeCloseTo(10 + 40 * 0.9, 5);
  });

  it('has no quantile without observations, and a floor for the +Inf bucket', () => {
    expect(quantileMs(new Map(), 0.99)).toBeNaN();
    expect(
      quantileMs(
        new Map([
          [0.01, 0],
          [Number.POSITIVE_INFINITY, 4],
        ]),
        0.99,
      ),
    ).toBe(10);
  });
});
