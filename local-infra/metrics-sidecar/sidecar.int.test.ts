import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSetting } from '#shared/config/local-defaults.ts';
import { createPromClientRecorder } from '#shared/observability/adapters/prom-client-recorder.ts';
import { createMetricsPusher } from '#shared/observability/metrics-push.ts';
import { DASHBOARDS } from '../grafana/dashboard-definitions.ts';
import { startMetricsSidecar } from './server.ts';
import type { MetricsSidecar } from './server.ts';
import { parseExposition, sample } from './testing/exposition-parser.ts';
import { SimulatedInstance } from './testing/simulated-instance.ts';

const TOKEN = 'int-test-token';
const PROMETHEUS = `http://127.0.0.1:${localSetting('PROMETHEUS_PORT', process.env)}`;

async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

function pusherFor(inst: SimulatedInstance, url: string, token = TOKEN) {
  return createMetricsPusher({
    url,
    token,
    function: inst.fn,
    runtime: inst.runtime,
    instanceId: inst.id,
    startedAt: inst.startedAt,
    collect: () => inst.registry.getMetricsAsJSON(),
  });
}

describe('metrics sidecar over HTTP', () => {
  let sidecar: MetricsSidecar;
  beforeAll(async () => {
    sidecar = await startMetricsSidecar({ port: 0, token: TOKEN, dashboardSampleIntervalMs: 60_000 });
  });
  afterAll(async () => sidecar.close());

  it('aggregates pushes from many Node and workerd instances, restarts included, to the exact totals', async () => {
    const route = { route: '/posts', method: 'POST' };
    let trueRequests = 0;
    let trueErrors = 0;
    let trueObservations = 0;
    const instances = Array.from(
      { length: 40 },
      (_, i) => new SimulatedInstance({ id: `inst-${i}`, fn: 'posts', runtime: i % 2 ? 'workerd' : 'node', startedAt: 1_000 + i }),
    );
    for (let round = 0; round < 5; round++) {
      for (const [i, inst] of instances.entries()) {
        const n = 1 + ((i + round) % 4);
        inst.requests.inc({ function: 'posts', ...route, status_class: '2xx' }, n);
        inst.requests.inc({ function: 'posts', ...route, status_class: '5xx' });
        inst.duration.observe({ function: 'posts', ...route }, 0.02 * (round + 1));
        trueRequests += n;
        trueErrors += 1;
        trueObservations += 1;
      }
      const results = await Promise.all(instances.map((inst) => pusherFor(inst, sidecar.url).push()));
      expect(results.every((r) => r.ok)).toBe(true);
      // Every 4th Node instance restarts (same id, new startedAt) and every 5th workerd isolate is
      // replaced by a new one: their counts so far must stay in the totals.
      if (round < 4) {
        for (const [i, inst] of instances.entries()) {
          if (inst.runtime === 'node' && i % 4 === 0)
            instances[i] = new SimulatedInstance({ id: inst.id, fn: 'posts', runtime: 'node', startedAt: inst.startedAt + 10_000 });
          if (inst.runtime === 'workerd' && i % 5 === 0)
            instances[i] = new SimulatedInstance({ id: randomUUID(), fn: 'posts', runtime: 'workerd', startedAt: Date.now() });
        }
      }
    }
    const m = await scrape(sidecar.url);
    expect(m.get(sample('http_requests_total', { function: 'posts', ...route, status_class: '2xx' }))).toBe(trueRequests);
    expect(m.get(sample('http_requests_total', { function: 'posts', ...route, status_class: '5xx' }))).toBe(trueErrors);
    expect(m.get(sample('http_request_duration_seconds_count', { function: 'posts', ...route }))).toBe(trueObservations);
    expect(m.get(sample('http_request_duration_seconds_bucket', { function: 'posts', ...route, le: '+Inf' }))).toBe(trueObservations);
    expect(m.get(sample('metrics_sidecar_instances', { runtime: 'workerd' }))).toBeGreaterThan(20);
    expect(m.get(sample('metrics_sidecar_pushes_total', { runtime: 'node' }))).toBe(100);
    expect(m.get(sample('metrics_sidecar_counter_resets_total'))).toBeGreaterThanOrEqual(5);
  });

  it('takes pushes from the real catalogue recorder and applies the declared aggregators', async () => {
    const recorders = [createPromClientRecorder(), createPromClientRecorder()];
    const states = [2, 0]; // one instance sees postgres open, the other closed
    for (const [i, { recorder }] of recorders.entries()) {
      recorder.increment('httpRequestsTotal', { function: 'timeline', route: '/timelines/:user', method: 'GET', status_class: '2xx' }, 10);
      recorder.observe('dependencyCallDurationSeconds', { dependency: 'postgres', operation: 'query', outcome: 'success' }, 0.004);
      recorder.set('circuitBreakerState', { dependency: 'postgres' }, states[i] ?? 0);
      recorder.add('httpRequestsInFlight', { function: 'timeline' }, 3);
    }
    for (const [i, r] of recorders.entries()) {
      const pusher = createMetricsPusher({
        url: sidecar.url,
        token: TOKEN,
        function: 'timeline',
        runtime: 'node',
        instanceId: `rec-${i}`,
        collect: r.metricsAsJson,
      });
      expect(await pusher.push()).toMatchObject({ ok: true });
    }
    const m = await scrape(sidecar.url);
    expect(
      m.get(sample('http_requests_total', { function: 'timeline', route: '/timelines/:user', method: 'GET', status_class: '2xx' })),
    ).toBe(20);
    expect(m.get(sample('circuit_breaker_state', { dependency: 'postgres' }))).toBe(2); // max
    expect(m.get(sample('http_requests_in_flight', { function: 'timeline' }))).toBe(6); // sum
    expect(
      m.get(
        sample('dependency_call_duration_seconds_bucket', { dependency: 'postgres', operation: 'query', outcome: 'success', le: '0.005' }),
      ),
    ).toBe(2);
  });

  it('refuses a push with a wrong token and changes nothing', async () => {
    const before = await scrape(sidecar.url);
    const inst = new SimulatedInstance({ id: 'intruder', fn: 'posts', runtime: 'node', startedAt: 1 });
    inst.requests.inc({ function: 'posts', route: '/posts', method: 'POST', status_class: '2xx' }, 1000);
    const result = await pusherFor(inst, sidecar.url, 'wrong').push();
    expect(!result.ok && result.error).toMatchObject({ code: 'REJECTED', status: 403 });
    const after = await scrape(sidecar.url);
    const key = sample('http_requests_total', { function: 'posts', route: '/posts', method: 'POST', status_class: '2xx' });
    expect(after.get(key)).toBe(before.get(key));
    expect(after.get(sample('metrics_sidecar_refused_total', { reason: 'forbidden' }))).toBe(1);
  });
});

describe('Prometheus and the metrics-sidecar service', () => {
  async function query(
    promql: string,
  ): Promise<{ status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } }> {
    const response = await fetch(`${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(promql)}`);
    return (await response.json()) as never;
  }

  it('scrapes what an instance pushed to the sidecar service', async () => {
    const url = `http://127.0.0.1:${localSetting('METRICS_SIDECAR_PORT', process.env)}`;
    const fn = `it-${randomUUID().slice(0, 8)}`;
    const inst = new SimulatedInstance({ id: `it-${randomUUID()}`, fn, runtime: 'workerd', startedAt: Date.now() });
    inst.requests.inc({ function: fn, route: '/probe', method: 'GET', status_class: '2xx' }, 7);
    const pushed = await pusherFor(inst, url, localSetting('METRICS_PUSH_TOKEN', process.env)).push();
    expect(pushed).toMatchObject({ ok: true });
    // The first scrape after the push can take a scrape interval.
    await expect
      .poll(async () => (await query(`http_requests_total{function="${fn}"}`)).data.result[0]?.value[1], {
        timeout: 30_000,
        interval: 1_000,
      })
      .toBe('7');
    const labels = (await query(`http_requests_total{function="${fn}"}`)).data.result[0]?.metric ?? {};
    expect(labels).toMatchObject({ job: 'atlas-functions', route: '/probe', status_class: '2xx' });
    expect(Object.keys(labels)).not.toContain('instance_id');
  });

  it('loaded the rule files and accepts every Grafana dashboard query', async () => {
    const rules = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as { data: { groups: { name: string }[] } };
    const names = rules.data.groups.map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(['red-requests', 'slo-sli-posts', 'slo-alerts-posts', 'metrics-pipeline']));
    const exprs = Object.values(DASHBOARDS).flatMap((d) =>
      (d.panels as { targets?: { expr: string }[] }[]).flatMap((p) => p.targets ?? []).map((t) => t.expr),
    );
    for (const expr of exprs) {
      const concrete = expr.replaceAll('$function', '.*').replaceAll('$dependency', '.*').replaceAll('$__rate_interval', '1m');
      expect((await query(concrete)).status, concrete).toBe('success');
    }
  });
});
