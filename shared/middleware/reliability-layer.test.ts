import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import { createLogger } from '../observability/logger.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import { markDegraded, requestLogger } from './request-context.ts';
import type { AppEnv } from './app-env.ts';
import { reliabilityLayer, reliabilityMiddleware, SHEDDING_START } from './reliability-layer.ts';

function setup(level: 'info' | 'warn' = 'info'): {
  app: Hono<AppEnv>;
  lines: Record<string, unknown>[];
  prom: ReturnType<typeof createPromClientRecorder>;
} {
  const lines: Record<string, unknown>[] = [];
  const prom = createPromClientRecorder();
  const app = new Hono<AppEnv>();
  reliabilityLayer(app, {
    functionName: 'users',
    metrics: prom.recorder,
    logger: createLogger({ level, sink: (l) => lines.push(JSON.parse(l)) }),
    rateLimit: { limiter: createMemoryRateLimiter({ limit: 1 }), key: () => 'user:1' },
  });
  app.get('/users/:id', (c) => {
    requestLogger(c).info('handler ran', { id: c.req.param('id') });
    return c.json({ id: c.req.param('id') });
  });
  app.get('/timeline', (c) => {
    markDegraded(c, 'redis');
    return c.json([]);
  });
  app.post('/users', (c) => c.text('created', 201));
  app.get('/fail', () => {
    throw new Error('boom');
  });
  return { app, lines, prom };
}

describe('reliabilityLayer', () => {
  it('logs one structured line per request with the route template, status, duration and request id', async () => {
    const { app, lines } = setup();
    const res = await app.request('/users/42', { headers: { 'X-Request-Id': 'abc' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('abc');
    const handlerLine = lines.find((l) => l['msg'] === 'handler ran');
    expect(handlerLine).toMatchObject({ level: 'info', requestId: 'abc', id: '42' });
    expect(handlerLine?.['traceId']).toMatch(/^[0-9a-f]{32}$/);
    const access = lines.filter((l) => l['msg'] === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 'info', requestId: 'abc', method: 'GET', route: '/users/:id', status: 200 });
    expect(typeof access[0]?.['durationMs']).toBe('number');
  });

  it('flags degraded and rate-limited requests in the access log', async () => {
    const { app, lines } = setup();
    const degraded = await app.request('/timeline');
    expect(degraded.headers.get('x-degraded')).toBe('redis');
    await app.request('/users', { method: 'POST' });
    const limited = await app.request('/users', { method: 'POST' });
    expect(limited.status).toBe(429);
    const access = lines.filter((l) => l['msg'] === 'request');
    expect(access[0]).toMatchObject({ route: '/timeline', degraded: true });
    expect(access[2]).toMatchObject({ route: '/users', status: 429, rateLimited: true });
  });

  it('records RED metrics by function, route template, method and status class', async () => {
    const { app, prom } = setup();
    await app.request('/users/1');
    await app.request('/users/2');
    await app.request('/fail');
    await app.request('/no/such/route');
    const text = await prom.metrics();
    expect(text).toContain('http_requests_total{function="users",route="/users/:id",method="GET",status_class="2xx"} 2');
    expect(text).toContain('http_requests_total{function="users",route="/fail",method="GET",status_class="5xx"} 1');
    expect(text).toContain('http_requests_total{function="users",route="unmatched",method="GET",status_class="4xx"} 1');
    expect(text).toContain('http_request_duration_seconds_count{function="users",route="/users/:id",method="GET"} 2');
    expect(text).toContain('http_requests_in_flight{function="users"} 0');
  });

  it('is quiet at LOG_LEVEL=warn except for server errors', async () => {
    const { app, lines } = setup('warn');
    await app.request('/users/1');
    await app.request('/fail');
    expect(lines.map((l) => [l['level'], l['msg']])).toEqual([
      ['error', 'unhandled error'],
      ['warn', 'request'],
    ]);
  });

  it('slow-starts the adaptive limiter, and lets a function set its own limits', () => {
    expect(reliabilityMiddleware({ functionName: 'users' }).limiter?.limit).toBe(SHEDDING_START);
    const own = reliabilityMiddleware({ functionName: 'users', loadShedding: { minLimit: 5, initialLimit: 8 } }).limiter;
    expect(own?.limit).toBe(8);
    expect(reliabilityMiddleware({ functionName: 'users', loadShedding: { maxLimit: 10 } }).limiter?.limit).toBe(10);
    expect(reliabilityMiddleware({ functionName: 'users', loadShedding: false }).limiter).toBeUndefined();
  });
});
