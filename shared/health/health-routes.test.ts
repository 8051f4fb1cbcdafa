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
});
