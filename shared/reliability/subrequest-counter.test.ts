import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dependencies, DependencyProvider } from '../app/dependencies.ts';
import { reliabilityErrorHandler } from '../middleware/error-handler.ts';
import { createPromClientRecorder } from '../observability/adapters/prom-client-recorder.ts';
import type { SqlClient } from '../postgres/sql.port.ts';
import { createDependencyRegistry } from './dependency-registry.ts';
import { guardDependencies, guardDependencyProvider } from './guarded-dependencies.ts';
import { SubrequestLimitExceededError } from './reliability-errors.ts';
import { createSubrequestCounter, perRequestSubrequests } from './subrequest-counter.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const unavailable = (): Error =>
  Object.assign(new Error('connection refused'), { name: 'SqlError', code: 'unavailable', transient: true, kind: 'transient' });

/** In-memory Postgres port: fails the first `failures` queries, counts every query it receives. */
function fakeDeps(failures = 0): Dependencies & { queries: () => number } {
  let received = 0;
  const sql: SqlClient = {
    async query() {
      received += 1;
      if (received <= failures) throw unavailable();
      return [];
    },
    transaction: (work) => work(sql),
    ping: async () => undefined,
  };
  return { sql, queries: () => received } as unknown as Dependencies & { queries: () => number };
}

describe('createSubrequestCounter', () => {
  it('takes up to its limit, then refuses every call and reports the invocation once', () => {
    const onExceeded = vi.fn();
    const counter = createSubrequestCounter({ limit: 2, onExceeded });
    counter.take('postgres');
    counter.take('redis');
    expect(() => counter.take('s3')).toThrow(SubrequestLimitExceededError);
    expect(() => counter.take('kafka')).toThrow(/Too many subrequests/);
    expect(counter.used).toBe(2);
    expect(onExceeded).toHaveBeenCalledOnce();
    expect((onExceeded.mock.calls[0]?.[0] as SubrequestLimitExceededError).dependency).toBe('s3');
  });
});

describe('guarded ports with a subrequest counter', () => {
  it('refuses the call past the limit without reaching the dependency', async () => {
    const deps = fakeDeps();
    const counter = createSubrequestCounter({ limit: 2 });
    const sql = guardDependencies(deps, createDependencyRegistry(), { subrequests: counter }).sql;
    await sql.query('SELECT 1', []);
    await sql.query('SELECT 2', []);
    await expect(sql.query('SELECT 3', [])).rejects.toMatchObject({ code: 'SUBREQUEST_LIMIT_EXCEEDED', limit: 2, dependency: 'postgres' });
    expect(deps.queries()).toBe(2);
  });

  it('counts every retry as a subrequest, as production counts each fetch', async () => {
    const deps = fakeDeps(2);
    const registry = createDependencyRegistry();
    const counter = createSubrequestCounter({ limit: 2 });
    const read = guardDependencies(deps, registry, { subrequests: counter }).sql.query('SELECT 1', []);
    const outcome = read.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await vi.runAllTimersAsync();
    // Postgres reads retry twice: the third attempt is the one refused.
    expect(await outcome).toBe('SUBREQUEST_LIMIT_EXCEEDED');
    expect(deps.queries()).toBe(2);
    expect(registry.policy('postgres').health().state).toBe('closed');
  });

  it('counts per request, not per process, when the provider makes a counter per request', async () => {
    const shared = fakeDeps();
    const provider: DependencyProvider = { open: () => ({ deps: shared, release: () => undefined }) };
    const metrics = createPromClientRecorder();
    const guarded = guardDependencyProvider(provider, createDependencyRegistry(), {
      subrequests: perRequestSubrequests({ functionName: 'users', limit: 1, metrics }),
    });
    const app = new Hono();
    app.onError(reliabilityErrorHandler());
    app.get('/calls/:n', async (c) => {
      const { deps } = guarded.open(c);
      for (let i = 0; i < Number(c.req.param('n')); i += 1) await deps.sql.query('SELECT 1', []);
      return c.json({ ok: true });
    });

    expect((await app.request('/calls/1')).status).toBe(200);
    expect((await app.request('/calls/1')).status).toBe(200);
    const refused = await app.request('/calls/2');
    expect(refused.status).toBe(500);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({
      status: 500,
      code: 'SUBREQUEST_LIMIT_EXCEEDED',
      type: expect.stringContaining('subrequest-limit-exceeded'),
    });
    expect(shared.queries()).toBe(3);
    expect(await metrics.metrics()).toMatch(/platform_limit_exceeded_total\{function="users",limit="subrequests"\} 1/);
  });
});
