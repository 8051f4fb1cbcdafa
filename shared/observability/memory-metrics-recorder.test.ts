import { describe, expect, it } from 'vitest';
import { createPromClientRecorder } from './adapters/prom-client-recorder.ts';
import { createMemoryMetricsRecorder } from './memory-metrics-recorder.ts';
import type { MetricsRecorder } from './metrics-recorder.port.ts';

function exercise(recorder: MetricsRecorder): void {
  const fn = { function: 'users' };
  recorder.add('httpRequestsInFlight', fn, 1);
  recorder.add('httpRequestsInFlight', fn, 1);
  recorder.add('httpRequestsInFlight', fn, -1);
  for (const [route, status] of [
    ['/users/:id', '2xx'],
    ['/users/:id', '2xx'],
    ['/users', '5xx'],
  ] as const) {
    recorder.increment('httpRequestsTotal', { function: 'users', route, method: 'GET', status_class: status });
  }
  for (const seconds of [0.0005, 0.003, 0.003, 0.2, 7, 45]) {
    recorder.observe('httpRequestDurationSeconds', { function: 'users', route: '/users/:id', method: 'GET' }, seconds);
  }
  recorder.set('circuitBreakerState', { dependency: 'postgres' }, 2);
  recorder.increment('dependencyRetriesTotal', { dependency: 'redis' }, 3);
}

const sortValues = (metrics: { name: string; values: { labels: object }[] }[]) =>
  metrics
    .filter((m) => m.values.length > 0)
    .map((m) => ({ ...m, values: [...m.values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }))
    .sort((a, b) => a.name.localeCompare(b.name));

describe('createMemoryMetricsRecorder', () => {
  it('produces exactly prom-client getMetricsAsJSON() output for the same recordings', async () => {
    const memory = createMemoryMetricsRecorder();
    const prom = createPromClientRecorder();
    exercise(memory);
    exercise(prom.recorder);
    const promJson = JSON.parse(JSON.stringify(await prom.metricsAsJson())) as Parameters<typeof sortValues>[0];
    // prom-client adds `exemplar: null` to histogram buckets; the sidecar ignores it.
    for (const metric of promJson) for (const value of metric.values) delete (value as { exemplar?: unknown }).exemplar;
    expect(sortValues(JSON.parse(JSON.stringify(memory.metricsAsJson())))).toEqual(sortValues(promJson));
  });

  it('renders the Prometheus text format with escaped labels and cumulative buckets', () => {
    const memory = createMemoryMetricsRecorder();
    memory.increment('httpRequestsTotal', { function: 'a"b', route: '/x', method: 'GET', status_class: '2xx' });
    memory.observe('dependencyCallDurationSeconds', { dependency: 'redis', operation: 'get', outcome: 'success' }, 0.004);
    const text = memory.metrics();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('http_requests_total{function="a\\"b",route="/x",method="GET",status_class="2xx"} 1');
    expect(text).toContain('dependency_call_duration_seconds_bucket{le="0.0025",dependency="redis",operation="get",outcome="success"} 0');
    expect(text).toContain('dependency_call_duration_seconds_bucket{le="0.005",dependency="redis",operation="get",outcome="success"} 1');
    expect(text).toContain('dependency_call_duration_seconds_bucket{le="+Inf",dependency="redis",operation="get",outcome="success"} 1');
    expect(text).toContain('dependency_call_duration_seconds_count{dependency="redis",operation="get",outcome="success"} 1');
  });
});
