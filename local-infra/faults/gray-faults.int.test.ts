import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectionEnv, createInfraConfig, ensureUp, silentProgress } from '#local-infra/services/index.ts';
import { toxiproxyClient } from '#local-infra/services/toxiproxy.service.ts';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { timelineFunction } from '#functions/timeline/index.ts';
import { usersFunction } from '#functions/users/index.ts';

// Gray faults on the real services through the real Toxiproxy: functions here are given the
// proxy addresses, every other test keeps the direct ones, so a toxic touches only this file.

const infra = createInfraConfig();
const toxiproxy = toxiproxyClient(infra);
const config = loadConfig({ ...process.env, ...connectionEnv(infra, { throughFaultProxies: true }) });
let timeline: RunningFunction;
let users: RunningFunction;
const reader = crypto.randomUUID();

beforeAll(async () => {
  await ensureUp(['toxiproxy'], { config: infra, progress: silentProgress });
  timeline = await serveFunction(timelineFunction, { config, port: 0, drainTimeoutMs: 1000 });
  users = await serveFunction(usersFunction, { config, port: 0, drainTimeoutMs: 1000 });
}, 120_000);

afterEach(async () => {
  for (const name of ['redis', 'postgres']) {
    const proxy = (await toxiproxy.proxies()).find((p) => p.name === name);
    for (const toxic of proxy?.toxics ?? []) await toxiproxy.removeToxic(name, toxic.name);
    await toxiproxy.setEnabled(name, true);
  }
});

afterAll(async () => {
  await Promise.all([timeline?.close(), users?.close()]);
});

async function readTimeline(): Promise<{ status: number; degraded: boolean; ms: number }> {
  const started = Date.now();
  const token = await issueToken(reader, { secret: config.jwtSecret });
  const response = await fetch(`${timeline.url}/timelines/${reader}`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return { status: response.status, degraded: response.headers.get('x-timeline-degraded') !== null, ms: Date.now() - started };
}

/** Polls `probe` every 200 ms until it holds; returns the seconds it took. */
async function secondsUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await expect.poll(probe, { timeout: timeoutMs, interval: 200, message: `waiting for ${what}` }).toBe(true);
  return (Date.now() - started) / 1000;
}

describe('gray faults through Toxiproxy', () => {
  it('Redis slower than its attempt timeout: timelines degrade to Postgres, and recover within 10 s', async () => {
    const healthy = await readTimeline();
    expect(healthy).toMatchObject({ status: 200, degraded: false });

    await toxiproxy.addToxic('redis', { name: 'test-latency', type: 'latency', attributes: { latency: 1500, jitter: 0 } });
    const slow = await readTimeline();
    console.info(`[gray-faults] redis +1500 ms: ${slow.status} degraded=${slow.degraded} in ${slow.ms} ms`);
    expect(slow).toMatchObject({ status: 200, degraded: true });
    expect(slow.ms).toBeLessThan(3_000);

    await toxiproxy.removeToxic('redis', 'test-latency');
    const back = await secondsUntil('non-degraded timeline reads', async () => !(await readTimeline()).degraded, 10_000);
    console.info(`[gray-faults] redis fault removed: back to non-degraded reads in ${back.toFixed(1)} s`);
  }, 30_000);

  it('Postgres refused by its proxy: 503 fast, not a hang, and back once it is up', async () => {
    const user = `${users.url}/users/${crypto.randomUUID()}`;
    expect((await fetch(user)).status).toBe(404);

    await toxiproxy.setEnabled('postgres', false);
    const started = Date.now();
    const down = await fetch(user);
    const took = Date.now() - started;
    console.info(`[gray-faults] postgres down via proxy: ${down.status} in ${took} ms`);
    expect(down.status).toBe(503);
    expect(took).toBeLessThan(5_000);

    await toxiproxy.setEnabled('postgres', true);
    const back = await secondsUntil('Postgres reachable through its proxy', async () => (await fetch(user)).status === 404, 10_000);
    console.info(`[gray-faults] postgres back via proxy: 404 again in ${back.toFixed(1)} s`);
  }, 30_000);
});
