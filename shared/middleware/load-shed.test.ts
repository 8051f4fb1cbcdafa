import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import { createAdaptiveLimiter } from '../reliability/adaptive-limiter.ts';
import { loadShed } from './load-shed.ts';
import type { AppEnv } from './app-env.ts';
import { requestId } from './request-id.ts';

function setup(): { app: Hono<AppEnv>; release: () => void; prom: ReturnType<typeof createPromClientRecorder> } {
  const prom = createPromClientRecorder();
  const limiter = createAdaptiveLimiter({ initialLimit: 2, minLimit: 2, maxLimit: 2 });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(loadShed({ limiter, functionName: 'test', metrics: prom.recorder, retryAfterSeconds: 2 }));
  app.get('/work', async (c) => {
    await gate;
    return c.text('done');
  });
  app.get('/health/ready', (c) => c.text('ready'));
  app.get('/metrics', (c) => c.text('metrics'));
  return { app, release, prom };
}

describe('loadShed middleware', () => {
  it('rejects requests beyond the concurrency limit with 503 + Retry-After, cheaply and without running them', async () => {
    const { app, release, prom } = setup();
    const admitted = [app.request('/work'), app.request('/work')];
    const shed = await app.request('/work', { headers: { 'X-Request-Id': 'shed-1' } });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('2');
    expect(shed.headers.get('content-type')).toBe('application/problem+json');
    expect(await shed.json()).toMatchObject({ status: 503, code: 'OVERLOADED', requestId: 'shed-1' });
    expect(await prom.metrics()).toContain('load_shed_requests_total{function="test"} 1');
    expect(await prom.metrics()).toContain('concurrency_limit{function="test"} 2');
    release();
    for (const res of await Promise.all(admitted)) expect(res.status).toBe(200);
    expect((await app.request('/work')).status).toBe(200);
  });

  it('never sheds health and metrics routes', async () => {
    const { app, release } = setup();
    const admitted = [app.request('/work'), app.request('/work')];
    expect((await app.request('/health/ready')).status).toBe(200);
    expect((await app.request('/metrics')).status).toBe(200);
    release();
    await Promise.all(admitted);
  });
});

describe('loadShed feedback', () => {
  it('treats a request dropped on arrival (expired caller deadline) as no signal, and a timed-out one as a drop', async () => {
    const { deadline } = await import('./request-deadline.ts');
    const { reliabilityErrorHandler } = await import('./error-handler.ts');
    const limiter = createAdaptiveLimiter({ initialLimit: 20, minLimit: 1, maxLimit: 20, windowMinSamples: 1, windowMinMs: 0 });
    const app = new Hono<AppEnv>();
    app.onError(reliabilityErrorHandler());
    app.use(loadShed({ limiter }));
    app.use(deadline({ defaultTimeoutMs: 20 }));
    app.get('/slow', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return c.text('late');
    });
    const expired = await app.request('/slow', { headers: { 'X-Request-Deadline': String(Date.now() - 1000) } });
    expect(expired.status).toBe(504);
    expect(limiter.limit).toBe(20);
    const timedOut = await app.request('/slow');
    expect(timedOut.status).toBe(504);
    expect(limiter.limit).toBe(18);
  });
});

describe('loadShed admission queue', () => {
  function gated(queue?: { maxWaitMs: number } | false) {
    const limiter = createAdaptiveLimiter({ initialLimit: 1, minLimit: 1, maxLimit: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const app = new Hono<AppEnv>();
    app.use(loadShed({ limiter, ...(queue === undefined ? {} : { queue }) }));
    app.get('/work', async (c) => {
      await gate;
      return c.text('done');
    });
    return { app, release };
  }

  it('lets a request that arrives while the limit is full wait briefly for a slot instead of shedding it', async () => {
    const { app, release } = gated({ maxWaitMs: 1000 });
    const first = app.request('/work');
    const second = app.request('/work');
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });

  it('sheds once the wait is over, and at once with the queue off', async () => {
    const waited = gated({ maxWaitMs: 20 });
    const held = waited.app.request('/work');
    const started = Date.now();
    expect((await waited.app.request('/work')).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    waited.release();
    await held;

    const off = gated(false);
    const heldOff = off.app.request('/work');
    expect((await off.app.request('/work')).status).toBe(503);
    off.release();
    await heldOff;
  });
});
