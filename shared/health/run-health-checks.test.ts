import { describe, expect, it } from 'vitest';
import type { HealthCheck } from './health-check.ts';
import { createReadinessProbe } from './readiness-probe.ts';
import { runHealthCheck, runHealthChecks } from './run-health-checks.ts';

const passing = (name: string, required = true, details?: Record<string, string>): HealthCheck => ({
  name,
  required,
  check: async () => details,
});
const failing = (name: string, required = true): HealthCheck => ({
  name,
  required,
  check: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  },
});
/** Ignores its signal entirely: the runner must still give up at the timeout. */
const hanging = (name: string): HealthCheck => ({ name, required: true, check: () => new Promise(() => undefined) });

describe('runHealthCheck', () => {
  it('reports pass with latency and details', async () => {
    const result = await runHealthCheck(passing('redis', false, { breaker: 'closed' }));
    expect(result).toMatchObject({ name: 'redis', required: false, status: 'pass', details: { breaker: 'closed' } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(result.checkedAt)).not.toBeNaN();
  });

  it('reports a failure with a one-line reason', async () => {
    const result = await runHealthCheck(failing('postgres'));
    expect(result).toMatchObject({ status: 'fail', error: 'connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('gives up on a check that ignores its signal at the timeout', async () => {
    const started = Date.now();
    const result = await runHealthCheck(hanging('kafka'), { timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'fail', error: 'timed out after 50 ms' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('prefers the check own timeout over the default', async () => {
    const result = await runHealthCheck({ ...hanging('s3'), timeoutMs: 20 }, { timeoutMs: 5000 });
    expect(result.error).toBe('timed out after 20 ms');
  });
});

describe('runHealthChecks', () => {
  it('fails when a required check fails, warns when only optional ones do', async () => {
    expect((await runHealthChecks([passing('postgres'), failing('kafka', false)])).status).toBe('warn');
    expect((await runHealthChecks([failing('postgres'), passing('kafka', false)])).status).toBe('fail');
    expect((await runHealthChecks([passing('postgres'), passing('kafka', false)])).status).toBe('pass');
  });

  it('runs checks concurrently so one slow check does not add up', async () => {
    const slow = (name: string): HealthCheck => ({
      name,
      required: true,
      check: () => new Promise((resolve) => setTimeout(resolve, 100)),
    });
    const started = Date.now();
    await runHealthChecks([slow('a'), slow('b'), slow('c')]);
    expect(Date.now() - started).toBeLessThan(280);
  });
});

describe('createReadinessProbe', () => {
  it('reuses results within the TTL and re-checks after it', async () => {
    let now = 1_000;
    let calls = 0;
    let healthy = true;
    const check: HealthCheck = {
      name: 'postgres',
      required: true,
      check: async () => {
        calls += 1;
        if (!healthy) throw new Error('down');
      },
    };
    const probe = createReadinessProbe({ ttlMs: 1000, now: () => now });
    expect((await probe.evaluate([check])).status).toBe('pass');
    healthy = false;
    now += 999;
    expect((await probe.evaluate([check])).status).toBe('pass');
    expect(calls).toBe(1);
    now += 1;
    expect((await probe.evaluate([check])).status).toBe('fail');
    expect(calls).toBe(2);
  });

  it('does not cache a run cut short by the caller', async () => {
    let calls = 0;
    const check: HealthCheck = {
      name: 'postgres',
      required: true,
      check: (signal) =>
        new Promise((resolve, reject) => {
          calls += 1;
          if (calls > 1) resolve(undefined);
          else signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    };
    const probe = createReadinessProbe({ ttlMs: 60_000 });
    const controller = new AbortController();
    const first = probe.evaluate([check], controller.signal);
    controller.abort();
    expect((await first).status).toBe('fail');
    expect((await probe.evaluate([check])).status).toBe('pass');
  });
});
