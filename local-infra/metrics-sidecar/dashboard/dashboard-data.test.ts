import { describe, expect, it } from 'vitest';
import type { SloConfig } from '#local-infra/prometheus/slo-config.ts';
import { bucketQuantile, dashboardData } from './dashboard-data.ts';
import type { Sample } from './history.ts';

const SLOS: SloConfig = {
  period: '30d',
  functions: [{ function: 'posts', availability: 0.99, latency: { thresholdSeconds: 0.25, objective: 0.9 } }],
};

function sample(t: number, requests: number, errors: number, fast: number, platformInstances = 0, throttled = 0): Sample {
  return {
    t,
    functions: {
      posts: {
        requests,
        errors,
        buckets: { '0.1': fast / 2, '0.25': fast, '1': requests, '+Inf': requests },
        count: requests,
        shed: errors / 2,
        limited: 0,
        inFlight: 1,
        platformInstances,
        throttled,
      },
    },
    breakers: { postgres: 2 },
    instances: { node: 2, workerd: 1 },
  };
}

describe('bucketQuantile', () => {
  it('interpolates like histogram_quantile', () => {
    const buckets = { '0.1': 50, '0.5': 90, '1': 100, '+Inf': 100 };
    expect(bucketQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(bucketQuantile(0.7, buckets)).toBeCloseTo(0.3);
    expect(bucketQuantile(0.95, buckets)).toBeCloseTo(0.75);
    expect(bucketQuantile(0.99, { '0.1': 10, '+Inf': 20 })).toBe(0.1); // lands in +Inf
    expect(bucketQuantile(0.5, { '+Inf': 0 })).toBeNull();
  });
});

describe('dashboardData', () => {
  it('turns cumulative samples into per-interval rates, ratios, percentiles and burn rates', () => {
    // 10 s apart: +100 requests (5 errors, 80 fast) then +200 (0 errors, 200 fast).
    const samples = [sample(0, 1000, 10, 900), sample(10_000, 1100, 15, 980), sample(20_000, 1300, 15, 1180)];
    const data = dashboardData(samples, SLOS, 20_000);
    expect(data.t).toEqual([10_000, 20_000]);
    expect(data.rate.posts).toEqual([10, 20]);
    expect(data.errorRatio.posts).toEqual([0.05, 0]);
    expect(data.shed.posts).toEqual([0.25, 0]);
    expect(data.latency.posts?.p50[1]).toBeCloseTo(0.1); // rank 100 of 200 reaches the 0.1 bound exactly
    expect(data.breakers).toEqual({ postgres: 2 });
    // Whole history: 300 requests, 5 errors, 280 fast -> availability burn (5/300)/0.01, latency ((20/300))/0.1.
    const availability = data.slo.find((r) => r.slo === 'availability');
    const latency = data.slo.find((r) => r.slo === 'latency');
    expect(availability?.burn1h).toBeCloseTo(5 / 300 / 0.01);
    expect(latency?.burn1h).toBeCloseTo(20 / 300 / 0.1);
  });

  it('shows platform instances as they were at each point, and throttles per second', () => {
    const samples = [sample(0, 1000, 10, 900, 0, 0), sample(10_000, 1100, 15, 980, 2, 30), sample(20_000, 1300, 15, 1180, 1, 30)];
    const data = dashboardData(samples, SLOS, 20_000);
    expect(data.platformInstances.posts).toEqual([2, 1]);
    expect(data.throttled.posts).toEqual([3, 0]);
  });

  it('shows nothing rather than a negative rate after a sidecar restart', () => {
    const data = dashboardData([sample(0, 1000, 10, 900), sample(10_000, 50, 0, 50)], SLOS, 10_000);
    expect(data.rate.posts).toEqual([null]);
  });
});
