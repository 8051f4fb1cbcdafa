import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import { reliabilityErrorHandler } from './error-handler.ts';
import { createMemoryRateLimiter } from './memory-rate-limiter.ts';
import { rateLimit } from './rate-limit.ts';
import type { RateLimiter } from './rate-limiter.port.ts';
import type { AppEnv } from './app-env.ts';

type Env = AppEnv & { Variables: { userId: string } };

function setup(limiter: RateLimiter = createMemoryRateLimiter({ limit: 2, windowMs: 60_000 })): {
  app: Hono<Env>;
  prom: ReturnType<typeof createPromClientRecorder>;
} {
  const prom = createPromClientRecorder();
  const app = new Hono<Env>();
  app.onError(reliabilityErrorHandler());
  // Stand-in for auth middleware that identified the user.
  app.use(async (c, next) => {
    const user = c.req.header('x-test-user');
    if (user) c.set('userId', user);
    await next();
  });
  app.use(rateLimit({ limiter, functionName: 'test', metrics: prom.recorder }));
  app.post('/posts', (c) => c.text('created', 201));
  app.get('/posts', (c) => c.text('list'));
  return { app, prom };
}

describe('rateLimit middleware', () => {
  it('limits writes per user with 429 + Retry-After and RateLimit headers', async () => {
    const { app, prom } = setup();
    const as = (user: string) => ({ method: 'POST', headers: { 'x-test-user': user } });
    expect((await app.request('/posts', as('alice'))).status).toBe(201);
    const second = await app.request('/posts', as('alice'));
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const third = await app.request('/posts', as('alice'));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await third.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // Another user has their own budget; reads are not limited.
    expect((await app.request('/posts', as('bob'))).status).toBe(201);
    expect((await app.request('/posts', { headers: { 'x-test-user': 'alice' } })).status).toBe(200);
    expect(await prom.metrics()).toContain('rate_limited_requests_total{function="test"} 1');
  });

  it('skips requests without an identity and fails open when the limiter fails', async () => {
    const { app } = setup();
    for (let i = 0; i < 5; i++) expect((await app.request('/posts', { method: 'POST' })).status).toBe(201);
    const broken = setup({ limit: () => Promise.reject(new Error('redis down')) });
    expect((await broken.app.request('/posts', { method: 'POST', headers: { 'x-test-user': 'alice' } })).status).toBe(201);
  });
});

describe('createMemoryRateLimiter', () => {
  it('uses a sliding window: the previous window counts in proportion to its overlap', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ limit: 10, windowMs: 1000, now: () => now });
    for (let i = 0; i < 10; i++) expect((await limiter.limit('k')).allowed).toBe(true);
    expect((await limiter.limit('k')).allowed).toBe(false);
    now = 1500; // half of the previous window still counts: 5 used
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await limiter.limit('k')).allowed);
    expect(results).toEqual([true, true, true, true, true, false]);
    now = 3000;
    expect((await limiter.limit('k')).remaining).toBe(9);
  });

  it('forgets the least recently used keys past maxKeys', async () => {
    const limiter = createMemoryRateLimiter({ limit: 1, maxKeys: 2, now: () => 0 });
    await limiter.limit('a');
    await limiter.limit('b');
    await limiter.limit('c');
    expect((await limiter.limit('a')).allowed).toBe(true);
  });
});
