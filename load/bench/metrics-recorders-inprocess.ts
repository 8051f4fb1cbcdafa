/**
 * The recorder's own cost per request, without sockets (the part of bench:metrics noise cannot
 * hide): the calls the RED middleware makes for one request (in-flight +1/-1, the request
 * counter, the duration histogram, labels built per request as there) and the histogram
 * observation each dependency call adds. One recorder per process, so JIT state is its own.
 *
 *   node load/bench/metrics-recorders-inprocess.ts none|prom-client
 *
 * Prints one JSON line: nanoseconds of CPU per request's calls and per dependency call.
 */
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { noopMetricsRecorder } from '#shared/observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '#shared/observability/metrics-recorder.port.ts';

const variant = process.argv[2];
if (variant !== 'none' && variant !== 'prom-client') throw new Error('usage: metrics-recorders-inprocess.ts none|prom-client');
const metrics: MetricsRecorder = variant === 'prom-client' ? createPromClientRecorder() : noopMetricsRecorder;
const ROUTES = ['/timelines/:userId', '/hello'] as const;
const fnLabels = { function: 'timeline' };

/** What red-metrics.ts records for one request. */
function request(i: number): void {
  const route = ROUTES[i & 1] as string;
  metrics.add('httpRequestsInFlight', fnLabels, 1);
  metrics.add('httpRequestsInFlight', fnLabels, -1);
  metrics.increment('httpRequestsTotal', { function: 'timeline', route, method: 'GET', status_class: '2xx' });
  metrics.observe('httpRequestDurationSeconds', { function: 'timeline', route, method: 'GET' }, (i % 50) / 1000);
}

/** What dependency-policy.ts records for one call. */
function dependencyCall(i: number): void {
  const operation = i & 1 ? 'lrange' : 'mget';
  metrics.observe('dependencyCallDurationSeconds', { dependency: 'redis', operation, outcome: 'success' }, (i % 7) / 1000);
}

function cpuNanosPer(fn: (i: number) => void, iterations: number): number {
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) fn(i);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / iterations;
}

const iterations = Number(process.env['BENCH_INPROCESS_ITERATIONS'] ?? 1_000_000);
cpuNanosPer(request, iterations / 10); // warm-up (JIT)
cpuNanosPer(dependencyCall, iterations / 10);
const samples = { request: [] as number[], dependencyCall: [] as number[] };
for (let round = 0; round < 5; round++) {
  samples.request.push(cpuNanosPer(request, iterations));
  samples.dependencyCall.push(cpuNanosPer(dependencyCall, iterations));
}
const best = (values: number[]): number => Math.round(Math.min(...values));
console.log(JSON.stringify({ variant, requestNanos: best(samples.request), dependencyCallNanos: best(samples.dependencyCall) }));
