import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, stopService } from '#local-infra/services/index.ts';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import type { ServedWorker } from '#local-infra/workerd-host/serve-bundle.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { usersFunction } from './index.ts';

// Stopping the REAL Postgres (through local-infra) must turn readiness and the deep check to
// 503 within a few seconds on both runtimes, fail requests fast, and recover once it is back.

let node: RunningFunction;
let workerd: ServedWorker;
const outRoot = `dist/workerd-test/${process.pid}-outage`;

beforeAll(async () => {
  node = await serveFunction(usersFunction, { config: loadConfig(process.env), port: 0, drainTimeoutMs: 1000 });
  const bundlePath = await buildWorkerBundle({ env: 'users', outdir: `${outRoot}/users` });
  workerd = await serveWorkerBundle({ env: 'users', bundlePath, overrides: process.env });
});

afterAll(async () => {
  await node?.close();
  await workerd?.dispose();
  await rm(outRoot, { recursive: true, force: true });
});

/** The status of a GET (redirects not followed), 5 s at most. */
const statusOf = async (url: string): Promise<number> =>
  (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) })).status;

describe('users function while Postgres is down', () => {
  it('turns /health/ready and /health/deep to 503 within seconds, fails fast, and recovers', async () => {
    const probes = [node.url, workerd.url].flatMap((base) => [`${base}/health/ready`, `${base}/health/deep`]);
    // Every probe's status at once: a timeout shows the statuses last seen against the wanted ones.
    const statuses = (): Promise<number[]> => Promise.all(probes.map(statusOf));
    const all = (status: number): number[] => probes.map(() => status);
    const poll = { interval: 200, message: probes.join(', ') };
    await expect.poll(statuses, { ...poll, timeout: 10_000 }).toEqual(all(200));

    try {
      await stopService('postgres');
      const stoppedAt = Date.now();
      await expect.poll(statuses, { ...poll, timeout: 5000 }).toEqual(all(503));
      const downAfter = (Date.now() - stoppedAt) / 1000;
      console.info(`[outage] ready+deep 503 on node and workerd ${downAfter.toFixed(1)} s after postgres stopped`);

      for (const base of [node.url, workerd.url]) {
        const deep = (await (await fetch(`${base}/health/deep`)).json()) as { checks: Record<string, { status: string; error?: string }> };
        expect(deep.checks['postgres']?.status).toBe('fail');
        expect(deep.checks['redis']?.status).toBe('pass');

        const started = Date.now();
        const create = await fetch(`${base}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ handle: `outage_${Date.now().toString(36)}`, password: 'outage-test-password', displayName: 'Down' }),
        });
        expect(create.status).toBeGreaterThanOrEqual(503);
        expect(create.headers.get('content-type')).toBe('application/problem+json');
        expect(Date.now() - started).toBeLessThan(3000);
      }
    } finally {
      await startService('postgres');
    }

    const healthyAt = Date.now();
    await expect.poll(statuses, { ...poll, timeout: 15_000 }).toEqual(all(200));
    const upAfter = (Date.now() - healthyAt) / 1000;
    console.info(`[outage] ready+deep 200 again ${upAfter.toFixed(1)} s after postgres was healthy`);
    const created = await fetch(`${node.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handle: `back_${Date.now().toString(36)}`, password: 'outage-test-password', displayName: 'Back' }),
    });
    expect(created.status).toBe(201);
  });
});
