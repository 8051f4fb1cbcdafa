import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSetting } from '#shared/config/local-defaults.ts';
import { createRedisRestServer, type RedisRestServer } from '#local-infra/redis-rest/server.ts';
import { defineRedisPortContract } from '../redis-port.contract.ts';
import { findClosedPort, startSilentServer } from '../testing/silent-server.node.ts';
import { createUpstashRedis } from './upstash.adapter.ts';

const redisUrl = process.env.REDIS_URL ?? `redis://127.0.0.1:${localSetting('REDIS_PORT', process.env)}`;
const token = localSetting('REDIS_REST_TOKEN', process.env);

// The endpoint runs in this process (code under test at HEAD), in front of the shared Redis.
let endpoint: RedisRestServer;
beforeAll(async () => {
  endpoint = await createRedisRestServer({ redisUrl, token, port: 0 });
});
afterAll(async () => {
  await endpoint.close();
});

defineRedisPortContract('upstash', {
  connect: () => createUpstashRedis({ url: endpoint.url, token }),
  connectUnreachable: async () => createUpstashRedis({ url: `http://127.0.0.1:${await findClosedPort()}`, token }),
  connectUnresponsive: async () => {
    const server = await startSilentServer();
    return { redis: createUpstashRedis({ url: `http://127.0.0.1:${server.port}`, token }), close: server.close };
  },
});

describe('upstash adapter: REST-specific behaviour', () => {
  it('cancels the HTTP request itself when the signal aborts (no orphaned fetch)', async () => {
    const server = await startSilentServer();
    const redis = createUpstashRedis({ url: `http://127.0.0.1:${server.port}`, token });
    try {
      const controller = new AbortController();
      const call = redis.get('k', { signal: controller.signal });
      await expect.poll(() => server.openConnections()).toBe(1);
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: 'aborted' });
      await expect.poll(() => server.openConnections()).toBe(0);
    } finally {
      await redis.close();
      await server.close();
    }
  });

  it('reports unavailable when the endpoint is up but its Redis is not', async () => {
    const orphan = await createRedisRestServer({ redisUrl: `redis://127.0.0.1:${await findClosedPort()}`, token, port: 0 });
    const redis = createUpstashRedis({ url: orphan.url, token });
    try {
      const started = performance.now();
      await expect(redis.get('k')).rejects.toMatchObject({ name: 'RedisError', code: 'unavailable', transient: true });
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await redis.close();
      await orphan.close();
    }
  });

  it('reports auth when the token is wrong', async () => {
    const redis = createUpstashRedis({ url: endpoint.url, token: 'not-the-token' });
    await expect(redis.ping()).rejects.toMatchObject({ code: 'auth', transient: false });
    await redis.close();
  });

  it('reports protocol when the answer is not the REST protocol', async () => {
    const html = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy</html>'));
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const redis = createUpstashRedis({ url: `http://127.0.0.1:${(html.address() as AddressInfo).port}`, token });
    try {
      await expect(redis.get('k')).rejects.toMatchObject({ code: 'protocol', transient: false });
    } finally {
      await redis.close();
      html.closeAllConnections();
      await new Promise((resolve) => html.close(resolve));
    }
  });
});
