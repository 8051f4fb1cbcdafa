import { describe, expect, it } from 'vitest';
import { aggregateSources } from './aggregate-exposition.ts';
import { AggregationStore } from './aggregation-store.ts';
import type { PushPayload } from './metric-model.ts';
import { parseExposition, sample } from './testing/exposition-parser.ts';

function counterPush(id: string, series: Record<string, number>, extra: Partial<PushPayload['metrics'][number]> = {}): PushPayload {
  return {
    instance: { id, function: 'posts', runtime: 'node', startedAt: 1 },
    metrics: [
      {
        name: 'http_requests_total',
        help: 'requests',
        type: 'counter',
        aggregator: 'sum',
        values: Object.entries(series).map(([route, value]) => ({ metricName: 'http_requests_total', labels: { route }, value })),
        ...extra,
      },
    ],
  };
}

async function render(store: AggregationStore): Promise<Map<string, number>> {
  return parseExposition((await aggregateSources(store.sources(0))).text);
}

describe('AggregationStore caps and declared aggregators', () => {
  it('refuses a new instance past the instance cap and changes nothing', async () => {
    const store = new AggregationStore({ maxInstances: 2 });
    store.ingest(counterPush('a', { '/x': 1 }), 0);
    store.ingest(counterPush('b', { '/x': 2 }), 0);
    const before = await render(store);
    const result = store.ingest(counterPush('c', { '/x': 100, '/new': 5 }), 0);
    expect(result).toMatchObject({ applied: false, refused: { instance_cap: 1 } });
    expect(await render(store)).toEqual(before);
    expect(store.stats().series).toBe(1);
    // Known instances keep pushing.
    expect(store.ingest(counterPush('a', { '/x': 4 }), 0).applied).toBe(true);
    expect((await render(store)).get(sample('http_requests_total', { route: '/x' }))).toBe(6);
  });

  it('refuses new series past the series cap, whole histogram groups at a time, and keeps known ones', async () => {
    const store = new AggregationStore({ maxSeries: 3 });
    const r1 = store.ingest(counterPush('a', { '/1': 1, '/2': 1 }), 0);
    expect(r1.refused).toEqual({});
    const r2 = store.ingest(counterPush('b', { '/1': 1, '/3': 1, '/4': 1 }), 0);
    expect(r2.refused).toEqual({ series_cap: 1 }); // /3 fits, /4 does not
    const histogram: PushPayload = {
      instance: { id: 'c', function: 'posts', runtime: 'workerd', startedAt: 1 },
      metrics: [
        {
          name: 'http_request_duration_seconds',
          help: 'd',
          type: 'histogram',
          aggregator: 'sum',
          values: [
            { metricName: 'http_request_duration_seconds_bucket', labels: { le: '+Inf' }, value: 1 },
            { metricName: 'http_request_duration_seconds_count', labels: {}, value: 1 },
          ],
        },
      ],
    };
    expect(store.ingest(histogram, 0).refused).toEqual({ series_cap: 2 });
    const got = await render(store);
    expect(got.get(sample('http_requests_total', { route: '/1' }))).toBe(2);
    expect(got.has(sample('http_requests_total', { route: '/4' }))).toBe(false);
    expect([...got.keys()].some((k) => k.startsWith('http_request_duration'))).toBe(false);
    expect(store.stats().series).toBe(3);
  });

  it('frees series room when retired gauges go away', async () => {
    const store = new AggregationStore({ maxSeries: 1, instanceTtlMs: 10 });
    const gauge = (id: string, dep: string): PushPayload => ({
      instance: { id, function: 'posts', runtime: 'node', startedAt: 1 },
      metrics: [
        {
          name: 'circuit_breaker_state',
          help: 'b',
          type: 'gauge',
          aggregator: 'max',
          values: [{ metricName: 'circuit_breaker_state', labels: { dependency: dep }, value: 1 }],
        },
      ],
    });
    store.ingest(gauge('a', 'redis'), 0);
    expect(store.ingest(gauge('b', 'kafka'), 5).refused).toEqual({ series_cap: 1 });
    expect(store.ingest(gauge('b', 'kafka'), 100).refused).toEqual({}); // a retired, its gauge freed
  });

  it('refuses a family pushed with another type than first declared, and reserved names', () => {
    const store = new AggregationStore();
    store.ingest(counterPush('a', { '/x': 1 }), 0);
    const asGauge = counterPush('b', { '/x': 1 }, { type: 'gauge' });
    expect(store.ingest(asGauge, 0).refused).toEqual({ type_conflict: 1 });
    const reserved = counterPush('b', { '/x': 1 }, { name: 'metrics_sidecar_refused_total' });
    expect(store.ingest(reserved, 0).refused).toEqual({ reserved_name: 1 });
  });

  it('lets declared metrics (the catalogue) win over what a push says', async () => {
    const store = new AggregationStore({ declared: [{ name: 'circuit_breaker_state', help: 'b', type: 'gauge', aggregator: 'max' }] });
    for (const [id, value] of [
      ['a', 2],
      ['b', 0],
    ] as const) {
      // A recorder that forgot the aggregator: the push says sum (the default).
      store.ingest(
        {
          instance: { id, function: 'posts', runtime: 'workerd', startedAt: 1 },
          metrics: [
            {
              name: 'circuit_breaker_state',
              help: '',
              type: 'gauge',
              aggregator: 'sum',
              values: [{ metricName: 'circuit_breaker_state', labels: { dependency: 'redis' }, value }],
            },
          ],
        },
        0,
      );
    }
    expect((await render(store)).get(sample('circuit_breaker_state', { dependency: 'redis' }))).toBe(2);
    const asCounter = counterPush('c', { '/x': 1 }, { name: 'circuit_breaker_state' });
    expect(store.ingest(asCounter, 0).refused).toEqual({ type_conflict: 1 });
  });

  it('applies prom-client aggregators: average, min, omit', async () => {
    const store = new AggregationStore();
    const gauge = (name: string, aggregator: 'average' | 'min' | 'omit', value: number) => ({
      name,
      help: 'g',
      type: 'gauge' as const,
      aggregator,
      values: [{ metricName: name, labels: {}, value }],
    });
    for (const [id, v] of [
      ['a', 10],
      ['b', 20],
      ['c', 60],
    ] as const) {
      store.ingest(
        {
          instance: { id, function: 'posts', runtime: 'node', startedAt: 1 },
          metrics: [gauge('concurrency_limit', 'average', v), gauge('low_water', 'min', v), gauge('secret', 'omit', v)],
        },
        0,
      );
    }
    const got = await render(store);
    expect(got.get('concurrency_limit{}')).toBe(30);
    expect(got.get('low_water{}')).toBe(10);
    expect([...got.keys()].some((k) => k.startsWith('secret'))).toBe(false);
  });
});
