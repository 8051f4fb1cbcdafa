import { describe, expect, it } from 'vitest';
import type { HealthCheck } from './health-check.ts';
import { healthRoutes } from './health-routes.ts';
import { createHealthState } from './health-state.ts';

function appWith(checks: HealthCheck[]) {
  const state = createHealthState();
  const app = healthRoutes({ functionName: 'users', runtime: 'node', state, checks: () => checks, readinessTtlMs: 0 });
  return { app, state };
}

const ok = (name: string, required: boolean): HealthCheck => ({ name, required, check: async () => undefined });
const down = (name: string, required: boolean): HealthCheck => ({
  name,
  required,
  check: async () => {
    throw new Error(`${name} down`);
  },
});

describe('health routes', () => {
  it('answers /health and /health/live without running checks', async () => {
    let ran = false;
    const { app } = appWith([{ name: 'postgres', required: true, check: async () => void (ran = true) }]);
    for (const path of ['/health', '/health/live']) {
      const response = await app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/health+json');
      expect(await response.json()).toMatchObject({ status: 'pass', function: 'users', runtime: 'node' });
    }
    expect(ran).toBe(false);
  });

  it('/health/ready runs only required checks and turns 503 when one fails', async () => {
    const { app } = appWith([down('postgres', true), down('kafka', false)]);
    const response = await app.request('/health/ready');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { checks: Record<string, unknown> };
    expect(Object.keys(body.checks)).toEqual(['postgres']);
  });

  it('/health/deep reports every check; optional failures warn with 200, required ones fail with 503', async () => {
    const warn = await appWith([ok('postgres', true), down('kafka', false)]).app.request('/health/deep');
    expect(warn.status).toBe(200);
    const body = (await warn.json()) as { status: string; checks: Record<string, { status: string; error?: string }> };
    expect(body.status).toBe('warn');
    expect(body.checks['kafka']).toMatchObject({ status: 'fail', error: 'kafka down' });
    expect(body.checks['postgres']?.status).toBe('pass');

    const fail = await appWith([down('postgres', true), ok('kafka', false)]).app.request('/health/deep');
    expect(fail.status).toBe(503);
  });

  it('turns readiness to 503 while draining, keeping liveness green', async () => {
    const { app, state } = appWith([ok('postgres', true)]);
    state.draining = true;
    expect((await app.request('/health/ready')).status).toBe(503);
    expect((await app.request('/health/live')).status).toBe(200);
  });

  it('/health/deep reuses results for its interval: a flood costs one check per dependency', async () => {
    let runs = 0;
    let now = 10_000;
    const counted: HealthCheck = { name: 'postgres', required: true, check: async () => void (runs += 1) };
    const app = healthRoutes({
      functionName: 'users',
      runtime: 'node',
      state: createHealthState(),
      checks: () => [counted],
      deepTtlMs: 1000,
      now: () => now,
    });
    for (let i = 0; i < 20; i++) expect((await app.request('/health/deep')).status).toBe(200);
    expect(runs).toBe(1);
    now += 1001;
    await app.request('/health/deep');
    expect(runs).toBe(2);
  });

  it('/health/deep runs at most deepMaxConcurrent evaluations at once; the rest get 503 + Retry-After', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: HealthCheck = { name: 'postgres', required: true, check: () => gate };
    const app = healthRoutes({
      functionName: 'users',
      runtime: 'node',
      state: createHealthState(),
      checks: () => [slow],
      deepMaxConcurrent: 2,
    });
    const running = [app.request('/health/deep'), app.request('/health/deep')];
    const refused = await app.request('/health/deep');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    release();
    expect((await Promise.all(running)).map((r) => r.status)).toEqual([200, 200]);
    expect((await app.request('/health/deep')).status).toBe(200);
  });
});
