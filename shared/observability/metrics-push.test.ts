import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetricsPusher } from './metrics-push.ts';
import type { MetricsPusherOptions } from './metrics-push.ts';
import { startPeriodicMetricsPush } from './metrics-push-periodic.ts';
import { createWorkerdMetricsPush } from './metrics-push-workerd.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Promise<Response> | Response = () => new Response('{}', { status: 202 })) {
  const calls: Call[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { calls, fn };
}

function pusher(overrides: Partial<MetricsPusherOptions> = {}) {
  let n = 0;
  const f = fakeFetch();
  const p = createMetricsPusher({
    url: 'http://sidecar:9465',
    token: 'tok',
    function: 'posts',
    runtime: 'node',
    instanceId: 'i-1',
    startedAt: 1000,
    collect: () => [{ name: 'c_total', type: 'counter', help: '', values: [{ value: ++n, labels: {} }], aggregator: 'sum' }],
    fetch: f.fn,
    ...overrides,
  });
  return { p, calls: f.calls };
}

afterEach(() => vi.useRealTimers());

describe('createMetricsPusher', () => {
  it('POSTs the contract body with the bearer token to /push', async () => {
    const { p, calls } = pusher();
    expect(await p.push()).toEqual({ ok: true, status: 202 });
    expect(calls[0]?.url).toBe('http://sidecar:9465/push');
    expect(new Headers(calls[0]?.init.headers).get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      instance: { id: 'i-1', function: 'posts', runtime: 'node', startedAt: 1000 },
      metrics: [{ name: 'c_total', type: 'counter', help: '', values: [{ value: 1, labels: {} }], aggregator: 'sum' }],
    });
  });

  it('serialises overlapping pushes and sends the latest counts last', async () => {
    let release: (() => void) | undefined;
    const f = fakeFetch(() => new Promise((resolve) => (release = () => resolve(new Response('', { status: 202 })))));
    let n = 0;
    const p = createMetricsPusher({
      url: 'http://s',
      token: 't',
      function: 'f',
      runtime: 'node',
      collect: () => [{ n: ++n }],
      fetch: f.fn,
    });
    const first = p.push();
    const second = p.push();
    const third = p.push(); // coalesced with the second
    await vi.waitFor(() => expect(f.calls).toHaveLength(1));
    release?.();
    await first;
    await vi.waitFor(() => expect(f.calls).toHaveLength(2));
    release?.();
    expect(await second).toEqual({ ok: true, status: 202 });
    expect(await third).toEqual({ ok: true, status: 202 });
    expect(f.calls).toHaveLength(2);
    expect(JSON.parse(String(f.calls[1]?.init.body)).metrics).toEqual([{ n: 2 }]);
  });

  it('makes its identity on first use (workerd forbids randomness at module scope), then keeps it', async () => {
    const f = fakeFetch();
    const randomUUID = vi.spyOn(crypto, 'randomUUID');
    const p = createMetricsPusher({ url: 'http://s', token: 't', function: 'f', runtime: 'workerd', collect: () => [], fetch: f.fn });
    expect(randomUUID).not.toHaveBeenCalled();
    await p.push();
    await p.push();
    const ids = f.calls.map((c) => JSON.parse(String(c.init.body)).instance.id);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(p.instance.id).toBe(ids[0]);
    randomUUID.mockRestore();
  });

  it('reports a refusal with its status and never throws', async () => {
    const errors: unknown[] = [];
    const f = fakeFetch(() => new Response('{"title":"Invalid push token"}', { status: 403 }));
    const p = createMetricsPusher({
      url: 'http://s',
      token: 't',
      function: 'f',
      runtime: 'node',
      collect: () => [],
      fetch: f.fn,
      onError: (e) => errors.push(e),
    });
    const result = await p.push();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'REJECTED', status: 403 });
    expect(errors).toHaveLength(1);
  });

  it('gives up after its timeout', async () => {
    const f = fakeFetch(
      (call) =>
        new Promise((_, reject) => call.init.signal?.addEventListener('abort', () => reject(call.init.signal?.reason), { once: true })),
    );
    const p = createMetricsPusher({
      url: 'http://s',
      token: 't',
      function: 'f',
      runtime: 'node',
      collect: () => [],
      fetch: f.fn,
      timeoutMs: 20,
    });
    const result = await p.push();
    expect(!result.ok && result.error.code).toBe('TIMEOUT');
  });
});

describe('startPeriodicMetricsPush', () => {
  it('pushes at start, every interval, and once more at stop', async () => {
    vi.useFakeTimers();
    const { p, calls } = pusher();
    const periodic = startPeriodicMetricsPush(p, { intervalMs: 1_000 });
    await vi.advanceTimersByTimeAsync(3_500);
    expect(calls).toHaveLength(4);
    await periodic.stop();
    expect(calls).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(5);
  });
});

describe('createWorkerdMetricsPush', () => {
  it('pushes in waitUntil after the first request, then at most once per interval', async () => {
    let clock = 0;
    const { p, calls } = pusher({ runtime: 'workerd' });
    const push = createWorkerdMetricsPush(p, { minIntervalMs: 5_000, now: () => clock });
    const waited: Promise<unknown>[] = [];
    const ctx = { waitUntil: (promise: Promise<unknown>) => void waited.push(promise) };
    push.afterRequest(ctx);
    clock = 1_000;
    push.afterRequest(ctx);
    clock = 5_000;
    push.afterRequest(ctx);
    await Promise.all(waited);
    expect(waited).toHaveLength(2);
    expect(calls).toHaveLength(2);
  });
});
