import { Hono } from 'hono';
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../observability/logger.ts';
import { DependencyUnavailableError } from '../reliability/reliability-errors.ts';
import { problemNotFound, reliabilityErrorHandler } from './error-handler.ts';
import type { AppEnv } from './app-env.ts';
import { requestId } from './request-id.ts';

function setup(fallback?: ErrorHandler): { app: Hono<AppEnv>; lines: string[] } {
  const lines: string[] = [];
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.onError(reliabilityErrorHandler({ logger: createLogger({ sink: (l) => lines.push(l) }), ...(fallback ? { fallback } : {}) }));
  app.notFound(problemNotFound());
  app.post('/validate', async (c) => {
    z.object({ text: z.string().max(5), count: z.number() })
      .strict()
      .parse(await c.req.json());
    return c.text('ok');
  });
  app.get('/auth', () => {
    throw new HTTPException(401, { message: 'Missing token', res: new Response(null, { headers: { 'WWW-Authenticate': 'Bearer' } }) });
  });
  app.get('/boom', () => {
    throw new Error('password=hunter2 at db.internal:5432');
  });
  app.get('/down', () => {
    throw new DependencyUnavailableError('postgres', 'circuit_open', 4);
  });
  return { app, lines };
}

const headers = { 'X-Request-Id': 'req-42', 'Content-Type': 'application/json' };

describe('reliabilityErrorHandler', () => {
  it('lists the offending fields of a zod validation error', async () => {
    const res = await setup().app.request('/validate', { method: 'POST', headers, body: JSON.stringify({ text: 'too long', count: 'x' }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { errors: { field: string }[] };
    expect(body).toMatchObject({
      type: 'https://atlas-edge.dev/problems/validation',
      title: 'Bad Request',
      status: 400,
      requestId: 'req-42',
      instance: '/validate',
    });
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['count', 'text']);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await setup().app.request('/validate', { method: 'POST', headers, body: '{"text":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('MALFORMED_JSON');
  });

  it('keeps HTTPException status, message and headers', async () => {
    const res = await setup().app.request('/auth', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as { detail: string }).detail).toBe('Missing token');
  });

  it('hides internals of unexpected errors from the client but logs them with the request id', async () => {
    const { app, lines } = setup();
    const res = await app.request('/boom', { headers });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    expect(JSON.parse(text)).toMatchObject({ status: 500, requestId: 'req-42', detail: 'An unexpected error occurred.' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'error',
      requestId: 'req-42',
      errorMessage: 'password=hunter2 at db.internal:5432',
    });
  });

  it('maps an open breaker to 503 with Retry-After and no dependency name', async () => {
    const res = await setup().app.request('/down', { headers });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('4');
    expect(await res.text()).not.toContain('postgres');
  });

  it('delegates errors that are not its own to the fallback handler', async () => {
    const { app } = setup((_e, c) => c.text('fallback', 418));
    expect((await app.request('/boom')).status).toBe(418);
    expect((await app.request('/down')).status).toBe(503);
  });

  it('renders unknown routes as 404 problem+json', async () => {
    const res = await setup().app.request('/nope', { headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, requestId: 'req-42' });
  });
});
