import { describe, expect, it } from 'vitest';
import { breakerTransitions, counterDelta, parseDependencyMetrics } from './dependency-metrics.ts';

const EXPOSITION = `# HELP dependency_retries_total Retries
dependency_retries_total{function="timeline",dependency="redis"} 7
dependency_retries_total{function="posts",dependency="redis"} 3
dependency_retries_total{function="other-bench",dependency="redis"} 1000
dependency_call_duration_seconds_count{function="timeline",dependency="redis",operation="get",outcome="success"} 90
dependency_call_duration_seconds_count{function="timeline",dependency="redis",operation="get",outcome="timeout"} 10
dependency_call_duration_seconds_sum{function="timeline",dependency="redis",operation="get",outcome="timeout"} 5
dependency_call_duration_seconds_bucket{function="timeline",dependency="redis",operation="get",outcome="timeout",le="1"} 10
retry_budget_exhausted_total{function="timeline",dependency="redis"} 2
circuit_breaker_state{function="timeline",dependency="redis"} 0
circuit_breaker_state{function="posts",dependency="redis"} 2
circuit_breaker_state{function="posts",dependency="postgres"} 0
http_requests_total{function="timeline"} 5
`;

describe('parseDependencyMetrics', () => {
  it('sums counters per dependency over the functions under test and keeps the worst breaker state', () => {
    const snapshot = parseDependencyMetrics(EXPOSITION, 1, ['timeline', 'posts']);
    expect(snapshot.retries).toEqual({ redis: 10 });
    expect(snapshot.calls).toEqual({ redis: 100 });
    expect(snapshot.callSeconds).toEqual({ redis: 5 });
    expect(snapshot.budgetExhausted).toEqual({ redis: 2 });
    expect(snapshot.breaker).toEqual({ redis: 2, postgres: 0 });
  });
});

describe('breakerTransitions and counterDelta', () => {
  it('reports each state change once, at the snapshot that saw it', () => {
    const at = (t: number, redis: number) => ({ at: t, calls: {}, callSeconds: {}, retries: {}, budgetExhausted: {}, breaker: { redis } });
    expect(breakerTransitions([at(1, 0), at(2, 2), at(3, 2), at(4, 1), at(5, 0)])).toEqual([
      { at: 2, dependency: 'redis', from: 0, to: 2 },
      { at: 4, dependency: 'redis', from: 2, to: 1 },
      { at: 5, dependency: 'redis', from: 1, to: 0 },
    ]);
  });

  it('never goes negative when a counter restarts', () => {
    expect(counterDelta({ redis: 10, kafka: 5 }, { redis: 25, kafka: 2, s3: 4 })).toEqual({ redis: 15, kafka: 0, s3: 4 });
  });
});
