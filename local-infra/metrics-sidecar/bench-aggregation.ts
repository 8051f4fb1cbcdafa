/**
 * How the sidecar's aggregation scales: N instances pushing the full catalogue (real
 * prom-client recorders), then scrapes. `npm run bench:sidecar -- [instances] [rounds]`.
 * Prints per-push ingest time (JSON parse + validate + merge), scrape render time and heap.
 */
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { aggregateSources } from './aggregate-exposition.ts';
import { AggregationStore } from './aggregation-store.ts';
import { parsePushPayload } from './push-payload.ts';

const instances = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 5);
const FUNCTIONS = ['users', 'posts', 'timeline', 'media', 'docs'];
const ROUTES = ['/a', '/b', '/c', '/d', '/e', '/f'];
const DEPS = ['postgres', 'redis', 'kafka', 's3'];

const recorders = Array.from({ length: instances }, (_, i) => ({
  fn: FUNCTIONS[i % FUNCTIONS.length] ?? 'users',
  r: createPromClientRecorder(),
}));
const store = new AggregationStore({ maxInstances: instances + 1, maxSeries: 100_000 });
const ingestMs: number[] = [];
const scrapeMs: number[] = [];
let bytes = 0;
const heapBefore = process.memoryUsage().heapUsed;

for (let round = 0; round < rounds; round++) {
  for (const [i, { fn, r }] of recorders.entries()) {
    for (const route of ROUTES) {
      for (const method of ['GET', 'POST']) {
        r.recorder.increment('httpRequestsTotal', { function: fn, route, method, status_class: round % 7 ? '2xx' : '5xx' }, 5);
        r.recorder.observe('httpRequestDurationSeconds', { function: fn, route, method }, 0.001 * (i % 300));
      }
    }
    for (const dependency of DEPS) {
      r.recorder.observe('dependencyCallDurationSeconds', { dependency, operation: 'query', outcome: 'success' }, 0.002);
      r.recorder.set('circuitBreakerState', { dependency }, 0);
    }
    const body = JSON.stringify({
      instance: { id: `bench-${i}`, function: fn, runtime: i % 2 ? 'workerd' : 'node', startedAt: 1 },
      metrics: await r.metricsAsJson(),
    });
    bytes = Math.max(bytes, body.length);
    const started = performance.now();
    store.ingest(parsePushPayload(JSON.parse(body)), Date.now());
    ingestMs.push(performance.now() - started);
  }
  const started = performance.now();
  const { text } = await aggregateSources(store.sources(Date.now()));
  scrapeMs.push(performance.now() - started);
  if (round === rounds - 1)
    console.log(
      `exposition: ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} samples, ${(text.length / 1024).toFixed(0)} KiB`,
    );
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]?.toFixed(2);
console.log(`instances ${instances}, rounds ${rounds}, largest push ${(bytes / 1024).toFixed(0)} KiB, series held ${store.stats().series}`);
console.log(`ingest per push: p50 ${pct(ingestMs, 0.5)} ms, p99 ${pct(ingestMs, 0.99)} ms`);
console.log(`scrape render: p50 ${pct(scrapeMs, 0.5)} ms, max ${pct(scrapeMs, 1)} ms`);
console.log(
  `heap growth: ${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1)} MiB (includes the ${instances} recorders)`,
);
