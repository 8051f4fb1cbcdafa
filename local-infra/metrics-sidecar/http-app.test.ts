import { describe, expect, it } from 'vitest';
import { AggregationStore } from './aggregation-store.ts';
import { createSidecarApp } from './http-app.ts';
import { SidecarMetrics } from './sidecar-metrics.ts';
import { parseExposition, sample } from './testing/exposition-parser.ts';
import { SimulatedInstance } from './testing/simulated-instance.ts';

const TOKEN = 'test-token';

function setup(maxBodyBytes = 64 * 1024) {
  const store = new AggregationStore({ maxInstances: 1 });
  const metrics = new SidecarMetrics(() => store.stats());
  const app = createSidecarApp({ store, metrics, token: TOKEN, maxBodyBytes, now: () => 0 });
  const push = (body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    app.request('/push', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const scrape = async () => parseExposition(await (await app.request('/metrics')).text());
  return { app, push, scrape };
}

/** Everything except the sidecar's own refusal counter, which is the one thing a refusal may change. */
function withoutRefusals(m: Map<string, number>): Map<string, number> {
  return new Map([...m].filter(([k]) => !k.startsWith('metrics_sidecar_refused_total')));
}

describe('sidecar HTTP app', () => {
  it('applies an authenticated push and exposes it without an instance label', async () => {
    const { push, scrape } = setup();
    const inst = new SimulatedInstance({ id: 'n-1', fn: 'posts', runtime: 'node', startedAt: 1 });
    inst.requests.inc({ function: 'posts', route: '/posts', method: 'POST', status_class: '2xx' }, 5);
    const res = await push(JSON.stringify(await inst.payload()));
    expect(res.status).toBe(202);
    const m = await scrape();
    expect(m.get(sample('http_requests_total', { function: 'posts', route: '/posts', method: 'POST', status_class: '2xx' }))).toBe(5);
    expect([...m.keys()].some((k) => k.includes('instance='))).toBe(false);
    expect(m.get(sample('metrics_sidecar_pushes_total', { runtime: 'node' }))).toBe(1);
  });

  it.each([
    ['no token', {}, 401, 'unauthorized'],
    ['basic auth', { authorization: 'Basic abc' }, 401, 'unauthorized'],
    ['wrong token', { authorization: 'Bearer nope' }, 403, 'forbidden'],
  ])('answers %s with %i problem+json and changes nothing', async (_, headers, status, reason) => {
    const { push, scrape } = setup();
    const before = await scrape();
    const inst = new SimulatedInstance({ id: 'n-1', fn: 'posts', runtime: 'node', startedAt: 1 });
    inst.requests.inc({ function: 'posts', route: '/p', method: 'GET', status_class: '2xx' });
    const res = await push(JSON.stringify(await inst.payload()), headers);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const after = await scrape();
    expect(withoutRefusals(after)).toEqual(withoutRefusals(before));
    expect(after.get(sample('metrics_sidecar_refused_total', { reason }))).toBe(1);
  });

  it.each([
    ['not JSON', '{"instance":', 400, 'malformed'],
    ['wrong shape', JSON.stringify({ instance: { id: 1 }, metrics: 'x' }), 400, 'malformed'],
    ['oversize', JSON.stringify({ pad: 'x'.repeat(70 * 1024) }), 413, 'too_large'],
  ])('answers a %s body with %i problem+json and changes nothing', async (_, body, status, reason) => {
    const { push, scrape } = setup();
    const before = await scrape();
    const res = await push(body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { status: number; type: string };
    expect(problem.status).toBe(status);
    const after = await scrape();
    expect(withoutRefusals(after)).toEqual(withoutRefusals(before));
    expect(after.get(sample('metrics_sidecar_refused_total', { reason }))).toBe(1);
  });

  it('answers 429 past the instance cap and counts the refusal', async () => {
    const { push, scrape } = setup();
    const a = new SimulatedInstance({ id: 'a', fn: 'posts', runtime: 'node', startedAt: 1 });
    const b = new SimulatedInstance({ id: 'b', fn: 'posts', runtime: 'workerd', startedAt: 1 });
    expect((await push(JSON.stringify(await a.payload()))).status).toBe(202);
    const res = await push(JSON.stringify(await b.payload()));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect((await scrape()).get(sample('metrics_sidecar_refused_total', { reason: 'instance_cap' }))).toBe(1);
  });

  it('serves health', async () => {
    const { app } = setup();
    const res = await app.request('/health');
    expect(await res.json()).toMatchObject({ status: 'ok', series: 0 });
  });
});
