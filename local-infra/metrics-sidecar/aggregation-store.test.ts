import { describe, expect, it } from 'vitest';
import { aggregateSources } from './aggregate-exposition.ts';
import { AggregationStore } from './aggregation-store.ts';
import type { AggregationStoreOptions } from './aggregation-store.ts';
import { parsePushPayload } from './push-payload.ts';
import { parseExposition, sample } from './testing/exposition-parser.ts';
import { SIM_BUCKETS, SimulatedInstance } from './testing/simulated-instance.ts';

const FUNCTIONS = ['users', 'posts', 'timeline'] as const;
const ROUTES = ['/a', '/b'] as const;

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function render(store: AggregationStore, now: number): Promise<Map<string, number>> {
  return parseExposition((await aggregateSources(store.sources(now))).text);
}

/** Counter and histogram samples an instance has (its own exposition), i.e. what it has counted. */
async function cumulative(inst: SimulatedInstance): Promise<Map<string, number>> {
  const all = parseExposition(await inst.registry.metrics());
  return new Map([...all].filter(([k]) => /^(http_requests_total|http_request_duration_seconds_|load_shed_requests_total)/.test(k)));
}

function addInto(target: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) target.set(k, (target.get(k) ?? 0) + v);
}

async function push(store: AggregationStore, inst: SimulatedInstance, now: number) {
  return store.ingest(parsePushPayload(await inst.payload()), now);
}

describe('AggregationStore across many instances', () => {
  it('keeps aggregated counters and histograms equal to the true totals through restarts, resets and vanishing', async () => {
    const rand = prng(42);
    const options: AggregationStoreOptions = { maxInstances: 1000, gaugeTtlMs: 30_000, instanceTtlMs: 60_000 };
    const store = new AggregationStore(options);
    const retiredTruth = new Map<string, number>();
    const lastPushed = new Map<SimulatedInstance, Map<string, number>>();
    let live: SimulatedInstance[] = [];
    let seq = 0;
    const spawn = (id = `i-${seq++}`, now = 0) =>
      new SimulatedInstance({ id, fn: FUNCTIONS[seq % 3] ?? 'users', runtime: rand() < 0.5 ? 'node' : 'workerd', startedAt: now });
    const retire = (inst: SimulatedInstance) => {
      addInto(retiredTruth, lastPushed.get(inst) ?? new Map());
      lastPushed.delete(inst);
    };
    let previous = new Map<string, number>();
    let restarts = 0;
    let resets = 0;
    let vanished = 0;

    for (let round = 1; round <= 60; round++) {
      const now = round * 10_000;
      while (live.length < 40) live.push(spawn(undefined, now));
      const next: SimulatedInstance[] = [];
      for (const inst of live) {
        for (let r = Math.floor(rand() * 6); r > 0; r--) {
          const route = ROUTES[Math.floor(rand() * 2)] ?? '/a';
          const status = rand() < 0.1 ? '5xx' : '2xx';
          inst.requests.inc({ function: inst.fn, route, method: 'GET', status_class: status });
          inst.duration.observe({ function: inst.fn, route, method: 'GET' }, Math.round(rand() * 300) / 100);
          if (rand() < 0.2) inst.shed.inc({ function: inst.fn });
        }
        await push(store, inst, now);
        lastPushed.set(inst, await cumulative(inst));
        const fate = rand();
        if (fate < 0.05) {
          // Restart under the same id: a new process, counters from zero, new startedAt.
          retire(inst);
          next.push(spawn(inst.id, now + 1));
          restarts++;
        } else if (fate < 0.08) {
          retire(inst); // Restart under a new id, the old id never pushes again.
          next.push(spawn(undefined, now + 1));
          restarts++;
        } else if (fate < 0.11) {
          retire(inst); // Stops pushing for good (isolate evicted): its counts must stay.
          vanished++;
        } else if (fate < 0.14) {
          // prom-client reset() of one metric inside a live process; pushed before it counts again.
          const before = lastPushed.get(inst) ?? new Map<string, number>();
          const moved = new Map([...before].filter(([k]) => k.startsWith('http_requests_total')));
          addInto(retiredTruth, moved);
          for (const k of moved.keys()) before.delete(k);
          inst.requests.reset();
          await push(store, inst, now);
          resets++;
          next.push(inst);
        } else {
          next.push(inst);
        }
      }
      live = next;

      const truth = new Map(retiredTruth);
      for (const m of lastPushed.values()) addInto(truth, m);
      const got = await render(store, now);
      for (const [k, v] of truth) {
        if (k.includes('_sum{')) expect(got.get(k), k).toBeCloseTo(v, 6);
        else expect(got.get(k), k).toBe(v);
      }
      for (const [k, v] of previous) expect(got.get(k) ?? 0, `monotonic ${k}`).toBeGreaterThanOrEqual(v);
      previous = new Map([...got].filter(([k]) => truth.has(k)));
    }
    expect(restarts).toBeGreaterThan(10);
    expect(resets).toBeGreaterThan(10);
    expect(vanished).toBeGreaterThan(10);
    // Vanished instances got retired by TTL, yet their counts are still in the totals (checked above).
    const { node = 0, workerd = 0 } = store.stats().instances;
    expect(node + workerd).toBeLessThanOrEqual(60);
  });

  it('aggregates histogram buckets exactly and keeps them cumulative across le', async () => {
    const store = new AggregationStore();
    const a = new SimulatedInstance({ id: 'a', fn: 'posts', runtime: 'node', startedAt: 1 });
    const b = new SimulatedInstance({ id: 'b', fn: 'posts', runtime: 'workerd', startedAt: 1 });
    const labels = { function: 'posts', route: '/posts', method: 'POST' };
    for (const v of [0.004, 0.02, 0.2, 3]) a.duration.observe(labels, v);
    for (const v of [0.07, 0.07, 0.6]) b.duration.observe(labels, v);
    await push(store, a, 0);
    await push(store, b, 0);
    // a restarts: its 4 observations must stay; it observes 2 more.
    const a2 = new SimulatedInstance({ id: 'a', fn: 'posts', runtime: 'node', startedAt: 2 });
    for (const v of [0.009, 2]) a2.duration.observe(labels, v);
    await push(store, a2, 1);
    const got = await render(store, 1);
    const all = [0.004, 0.02, 0.2, 3, 0.07, 0.07, 0.6, 0.009, 2];
    for (const le of SIM_BUCKETS) {
      expect(got.get(sample('http_request_duration_seconds_bucket', { ...labels, le }))).toBe(all.filter((v) => v <= le).length);
    }
    expect(got.get(sample('http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }))).toBe(9);
    expect(got.get(sample('http_request_duration_seconds_count', labels))).toBe(9);
    expect(got.get(sample('http_request_duration_seconds_sum', labels))).toBeCloseTo(
      all.reduce((s, v) => s + v, 0),
      9,
    );
  });

  it('expires gauges of silent instances after the TTL but keeps their counters', async () => {
    const store = new AggregationStore({ gaugeTtlMs: 1_000, instanceTtlMs: 5_000 });
    const a = new SimulatedInstance({ id: 'a', fn: 'posts', runtime: 'node', startedAt: 1 });
    const b = new SimulatedInstance({ id: 'b', fn: 'posts', runtime: 'workerd', startedAt: 1 });
    a.inFlight.set({ function: 'posts' }, 3);
    b.inFlight.set({ function: 'posts' }, 4);
    a.breaker.set({ dependency: 'postgres' }, 2);
    b.breaker.set({ dependency: 'postgres' }, 0);
    a.requests.inc({ function: 'posts', route: '/p', method: 'GET', status_class: '2xx' }, 7);
    await push(store, a, 0);
    await push(store, b, 0);
    let got = await render(store, 500);
    expect(got.get(sample('http_requests_in_flight', { function: 'posts' }))).toBe(7); // sum
    expect(got.get(sample('circuit_breaker_state', { dependency: 'postgres' }))).toBe(2); // declared max
    await push(store, b, 900);
    got = await render(store, 1_500); // a is silent past the gauge TTL
    expect(got.get(sample('http_requests_in_flight', { function: 'posts' }))).toBe(4);
    expect(got.get(sample('circuit_breaker_state', { dependency: 'postgres' }))).toBe(0);
    expect(store.sweep(6_000)).toBe(2); // both retired
    got = await render(store, 6_000);
    expect(got.has(sample('http_requests_in_flight', { function: 'posts' }))).toBe(false);
    expect(got.get(sample('http_requests_total', { function: 'posts', route: '/p', method: 'GET', status_class: '2xx' }))).toBe(7);
  });

  it('never counts twice an instance that comes back after being retired', async () => {
    const store = new AggregationStore({ instanceTtlMs: 1_000 });
    const a = new SimulatedInstance({ id: 'a', fn: 'users', runtime: 'node', startedAt: 1 });
    const labels = { function: 'users', route: '/u', method: 'GET', status_class: '2xx' };
    a.requests.inc(labels, 10);
    await push(store, a, 0);
    store.sweep(2_000); // retired: its 10 are folded
    a.requests.inc(labels, 5); // counted while it was silent: these 5 are lost, never doubled
    await push(store, a, 2_500);
    a.requests.inc(labels, 2);
    await push(store, a, 3_000);
    const got = await render(store, 3_000);
    expect(got.get(sample('http_requests_total', labels))).toBe(12);
  });
});
