import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createHealthState } from '../health/health-state.ts';
import { KafkaError } from '../kafka/kafka.port.ts';
import { SqlError } from '../postgres/sql-error.ts';
import { createFunctionApp } from './create-function-app.ts';
import { createRouter } from './create-router.ts';
import type { Dependencies, DependencyProvider } from './dependencies.ts';
import { defineFunction } from './function-definition.ts';
import { ProblemError } from './problem.ts';

/** In-memory stand-ins: only the ping results matter here. */
function fakeDependencies(postgresUp = true): { provider: DependencyProvider; released: () => number } {
  let released = 0;
  const ping = (up: boolean) => async () => {
    if (!up) throw new SqlError('unavailable', 'Postgres unavailable (ECONNREFUSED)');
  };
  const deps = {
    sql: { ping: ping(postgresUp) },
    redis: { ping: ping(true) },
    kafka: { ping: ping(true) },
    objectStore: { ping: ping(true) },
  } as unknown as Dependencies;
  return { provider: { open: () => ({ deps, release: () => void (released += 1) }) }, released: () => released };
}

const echo = createRoute({
  method: 'post',
  path: '/things',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.strictObject({ name: z.string().min(2), size: z.number().int() }) } },
    },
  },
  responses: { 200: { description: 'echo' } },
});

const testFunction = defineFunction({
  name: 'things',
  nodePort: 0,
  routePrefixes: ['/things'],
  requires: ['postgres'],
  maxBodyBytes: 100,
  routes: () => {
    const router = createRouter();
    router.openapi(echo, (c) => c.json(c.req.valid('json'), 200));
    router.get('/things/sql-down', () => {
      throw new SqlError('unavailable', 'connect ECONNREFUSED 10.0.0.5:5432');
    });
    router.get('/things/sql-timeout', () => {
      throw new SqlError('timeout', 'SQL call timed out');
    });
    router.get('/things/kafka-down', () => {
      throw new KafkaError('unavailable', 'no broker');
    });
    router.get('/things/duplicate', () => {
      throw new SqlError('constraint', 'duplicate key value violates unique constraint "things_pkey"', { constraintKind: 'unique' });
    });
    router.get('/things/bug', () => {
      throw new TypeError('secret internals: cannot read x of undefined');
    });
    router.get('/things/gone', () => {
      throw new ProblemError(410, { type: 'thing-gone', title: 'Thing gone', detail: 'It left', headers: { 'x-why': 'test' } });
    });
    return router;
  },
});

function app(postgresUp = true) {
  const deps = fakeDependencies(postgresUp);
  return { ...deps, app: createFunctionApp(testFunction, { name: 'node', dependencies: deps.provider, healthState: createHealthState() }) };
}

async function problem(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
}

const post = (body: string, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body });

describe('createFunctionApp', () => {
  it('serves the function routes with validated input', async () => {
    const response = await app().app.request('/things', post(JSON.stringify({ name: 'box', size: 3 })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'box', size: 3 });
  });

  it('lists every invalid and unknown field in a 400 problem', async () => {
    const response = await app().app.request('/things', post(JSON.stringify({ name: 'x', size: 1.5, colour: 'red' })));
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body).toMatchObject({ type: 'https://atlas-edge.dev/problems/validation', status: 400, instance: '/things' });
    expect((body['errors'] as { field: string }[]).map((e) => e.field).sort()).toEqual(['body.colour', 'body.name', 'body.size']);
  });

  it('answers malformed JSON 400, a wrong content type 415 and an oversize body 413, all as problems', async () => {
    const { app: a } = app();
    expect((await problem(await a.request('/things', post('{"name":')))).status).toBe(400);
    expect((await problem(await a.request('/things', post('{}', 'text/plain')))).status).toBe(415);
    const big = await a.request('/things', post(JSON.stringify({ name: 'x'.repeat(200), size: 1 })));
    expect(big.status).toBe(413);
    expect((await problem(big))['detail']).toBe('Request bodies are limited to 100 bytes');
  });

  it('maps port errors by code without leaking their messages', async () => {
    const { app: a } = app();
    const down = await a.request('/things/sql-down');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('1');
    expect(JSON.stringify(await problem(down))).not.toContain('10.0.0.5');
    expect((await a.request('/things/sql-timeout')).status).toBe(504);
    expect((await a.request('/things/kafka-down')).status).toBe(503);
    const conflict = await a.request('/things/duplicate');
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(await problem(conflict))).not.toContain('things_pkey');
  });

  it('turns unexpected errors into a bare 500 (no message, stack or internals)', async () => {
    const response = await app().app.request('/things/bug');
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      instance: '/things/bug',
      code: 'INTERNAL',
      detail: 'An unexpected error occurred.',
    });
  });

  it('renders ProblemError with its type, title and headers', async () => {
    const response = await app().app.request('/things/gone');
    expect(response.status).toBe(410);
    expect(response.headers.get('x-why')).toBe('test');
    expect(await problem(response)).toMatchObject({
      type: 'https://atlas-edge.dev/problems/thing-gone',
      title: 'Thing gone',
      detail: 'It left',
    });
  });

  it('answers unknown routes with a 404 problem', async () => {
    expect((await problem(await app().app.request('/nowhere'))).status).toBe(404);
  });

  it('includes health routes wired to the required dependencies, and releases every scope', async () => {
    const healthy = app();
    expect((await healthy.app.request('/health/ready')).status).toBe(200);
    const deep = (await (await healthy.app.request('/health/deep')).json()) as { checks: Record<string, { required: boolean }> };
    expect(Object.keys(deep.checks)).toEqual(['postgres', 'redis', 'kafka', 's3']);
    expect(deep.checks['postgres']?.required).toBe(true);
    expect(deep.checks['redis']?.required).toBe(false);
    expect(healthy.released()).toBe(2);

    const sick = app(false);
    expect((await sick.app.request('/health/ready')).status).toBe(503);
    expect((await sick.app.request('/things/bug')).status).toBe(500);
    expect(sick.released()).toBe(2);
  });
});
