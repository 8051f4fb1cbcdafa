import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisRestServer, type RedisRestServer } from '#local-infra/redis-rest/server.ts';
import { REDIS_SERVER } from '#local-infra/services/redis.service.ts';
import type { RedisPort } from '../redis.port.ts';
import { findClosedPort } from '../testing/silent-server.node.ts';
import { createIoredisRedis } from './ioredis.adapter.ts';
import { createUpstashRedis } from './upstash.adapter.ts';

/*
 * Redis goes away and comes back: both adapters (and the REST endpoint's pool) must fail fast
 * while it is down and recover by themselves once it is back. This stops a PRIVATE redis-server
 * on a free port, never the shared one.
 */
const token = 'restart-test-token';
let port: number;
let server: ChildProcess | undefined;

async function startRedis(): Promise<void> {
  server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = createIoredisRedis({ url: `redis://127.0.0.1:${port}` });
  try {
    await vi.waitFor(() => probe.ping(), { timeout: 10_000, interval: 50 });
  } finally {
    await probe.close();
  }
}

async function stopRedis(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await exited;
}

describe('adapters across a Redis restart', () => {
  let endpoint: RedisRestServer;
  let adapters: Record<string, RedisPort>;

  beforeAll(async () => {
    port = await findClosedPort();
    await startRedis();
    endpoint = await createRedisRestServer({ redisUrl: `redis://127.0.0.1:${port}`, token, port: 0 });
    adapters = {
      ioredis: createIoredisRedis({ url: `redis://127.0.0.1:${port}`, maxReconnectDelayMs: 200 }),
      upstash: createUpstashRedis({ url: endpoint.url, token }),
    };
  });
  afterAll(async () => {
    await Promise.all(Object.values(adapters ?? {}).map((redis) => redis.close()));
    await endpoint?.close();
    await stopRedis();
  });

  it('fails fast while Redis is down and recovers once it is back', async () => {
    for (const [name, redis] of Object.entries(adapters)) {
      await expect(redis.set(`restart:${name}`, 'before')).resolves.toBe(true);
    }
    await stopRedis();
    for (const [name, redis] of Object.entries(adapters)) {
      const started = performance.now();
      await expect(redis.get(`restart:${name}`), name).rejects.toMatchObject({ code: 'unavailable' });
      expect(performance.now() - started, name).toBeLessThan(1000);
    }
    await startRedis();
    for (const [name, redis] of Object.entries(adapters)) {
      // No persistence: the key is gone, but the adapter answers again without being recreated.
      await expect
        .poll(
          () =>
            redis.get(`restart:${name}`).then(
              (value) => value,
              (error: { code?: string }) => error.code,
            ),
          { timeout: 5000, interval: 50 },
        )
        .toBeNull();
      await expect(redis.set(`restart:${name}`, name), name).resolves.toBe(true);
    }
  });
});
