import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FunctionScaling } from '#shared/app/scaling.ts';
import { DEFAULT_AUTOSCALER_SETTINGS } from './autoscaler-settings.ts';
import { InstancePool } from './instance-pool.ts';
import type { Lease, NoLease, PoolEvent } from './instance-pool.ts';
import { InMemoryLauncher } from './testing/in-memory-launcher.ts';

const settings = { ...DEFAULT_AUTOSCALER_SETTINGS, stableWindowMs: 10_000, panicWindowMs: 2_000, scaleToZeroAfterMs: 10_000 };

function makePool(overrides: Partial<FunctionScaling> = {}) {
  const launcher = new InMemoryLauncher(500);
  const events: PoolEvent[] = [];
  const pool = new InstancePool({
    functionName: 'users',
    scaling: { minInstances: 0, maxInstances: 2, targetConcurrency: 2, maxConcurrency: 2, ...overrides },
    settings,
    launcher,
    onEvent: (event) => events.push(event),
  });
  return { pool, launcher, events };
}

function asLease(result: Lease | NoLease): Lease {
  if (result.kind !== 'lease') throw new Error(`expected a lease, got ${result.kind}`);
  return result;
}

/** Advances fake time second by second, ticking the autoscaler as the platform does. */
async function runTicks(pool: InstancePool, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i += 1) {
    await vi.advanceTimersByTimeAsync(1000);
    pool.tick();
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('InstancePool', () => {
  it('holds the first request at zero while an instance cold-starts, and counts it as a cold start', async () => {
    const { pool, launcher, events } = makePool();
    const pending = pool.acquire(5_000);
    expect(launcher.launched).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    const lease = asLease(await pending);
    expect(lease.coldStart).toBe(true);
    expect(events.map((event) => event.type)).toEqual(['instance-starting', 'instance-ready', 'held']);
    expect(events[1]).toMatchObject({ coldStartMs: 500 });
    lease.release();
    const warm = asLease(await pool.acquire(5_000));
    expect(warm.coldStart).toBe(false);
  });

  it('launches one instance for waiters its capacity covers, another beyond that', async () => {
    const { pool, launcher } = makePool({ maxConcurrency: 2 });
    const waiting = [pool.acquire(5_000), pool.acquire(5_000), pool.acquire(5_000)];
    await vi.advanceTimersByTimeAsync(500);
    expect(launcher.launched).toHaveLength(2);
    const leases = (await Promise.all(waiting)).map(asLease);
    expect(new Set(leases.map((lease) => lease.instanceId)).size).toBe(2);
  });

  it('throttles past max instances x max concurrency, with Retry-After', async () => {
    const { pool, events } = makePool({ maxInstances: 1, maxConcurrency: 2 });
    const first = pool.acquire(5_000);
    const second = pool.acquire(5_000);
    expect(await pool.acquire(5_000)).toEqual({ kind: 'throttled', retryAfterSeconds: 1 });
    await vi.advanceTimersByTimeAsync(500);
    asLease(await first);
    asLease(await second);
    expect(await pool.acquire(5_000)).toMatchObject({ kind: 'throttled' });
    expect(events.filter((event) => event.type === 'throttled')).toHaveLength(2);
  });

  it('gives up on a request whose deadline passes before an instance is ready', async () => {
    const { pool, launcher } = makePool();
    launcher.startMs = 3_000;
    const pending = pool.acquire(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toEqual({ kind: 'timeout' });
  });

  it('reports a failed launch to the requests waiting for it', async () => {
    const { pool, launcher, events } = makePool();
    launcher.failNext = 'exited with 1 before it was ready';
    const pending = pool.acquire(5_000);
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toEqual({ kind: 'start-failed', error: 'exited with 1 before it was ready' });
    expect(events.at(-1)).toMatchObject({ type: 'instance-start-failed' });
  });

  it('scales out under sustained load and drains on scale-in without cutting a request', async () => {
    const { pool, launcher } = makePool({ maxInstances: 3, targetConcurrency: 3, maxConcurrency: 3 });
    const pending = Array.from({ length: 6 }, () => pool.acquire(5_000));
    await vi.advanceTimersByTimeAsync(500);
    const held = (await Promise.all(pending)).map(asLease);
    expect(launcher.launched).toHaveLength(2); // three waiters per starting instance
    await runTicks(pool, 1); // 6 in flight / (3 x 0.7) wants 3
    await vi.advanceTimersByTimeAsync(500);
    expect(pool.view().filter((instance) => instance.state === 'ready')).toHaveLength(3);

    // Load falls to one long request on each of the first two instances.
    const [onFirst] = held;
    const onSecond = held.find((lease) => lease.instanceId !== onFirst?.instanceId);
    for (const lease of held) if (lease !== onFirst && lease !== onSecond) lease.release();
    await runTicks(pool, 12);
    const draining = pool.view().filter((instance) => instance.state === 'draining');
    expect(draining).toHaveLength(1);
    const busy = [onFirst, onSecond].find((lease) => lease?.instanceId === draining[0]?.id) as Lease;
    expect(launcher.launched.find((instance) => instance.port === busy.port)?.stopped).toBe(false);
    // A new request never goes to the draining instance.
    const fresh = asLease(await pool.acquire(5_000));
    expect(fresh.instanceId).not.toBe(busy.instanceId);
    fresh.release();
    busy.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(launcher.launched.find((instance) => instance.port === busy.port)?.stopped).toBe(true);
  });

  it('scales to zero after the idle period, and warms min-instances up front', async () => {
    const { pool, launcher } = makePool();
    const lease = pool.acquire(5_000);
    await vi.advanceTimersByTimeAsync(500);
    asLease(await lease).release();
    await runTicks(pool, 25);
    expect(pool.view()).toEqual([]);
    expect(launcher.running).toHaveLength(0);

    const warm = makePool({ minInstances: 1 });
    const warming = warm.pool.warm();
    await vi.advanceTimersByTimeAsync(500);
    await warming;
    await runTicks(warm.pool, 25);
    expect(warm.pool.view()).toHaveLength(1);
  });

  it('forgets an instance that crashes, and the next request starts a new one', async () => {
    const { pool, launcher, events } = makePool({ maxInstances: 1 });
    const first = pool.acquire(5_000);
    await vi.advanceTimersByTimeAsync(500);
    asLease(await first).release();
    launcher.launched[0]?.crash('SIGKILL');
    expect(events.at(-1)).toMatchObject({ type: 'instance-crashed', detail: 'SIGKILL' });
    const next = pool.acquire(5_000);
    await vi.advanceTimersByTimeAsync(500);
    expect(asLease(await next).coldStart).toBe(true);
  });

  it('close fails the waiting requests and waits for in-flight ones before stopping', async () => {
    const { pool, launcher } = makePool({ maxConcurrency: 1 });
    const first = pool.acquire(5_000);
    await vi.advanceTimersByTimeAsync(500);
    const inFlight = asLease(await first);
    launcher.startMs = 5_000;
    const waiting = pool.acquire(5_000);
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    expect(await waiting).toMatchObject({ kind: 'start-failed' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(closed).toBe(false);
    inFlight.release();
    await closing;
    expect(launcher.running).toHaveLength(0);
    expect(await pool.acquire(5_000)).toMatchObject({ kind: 'start-failed' });
  });
});
