import { afterAll } from 'vitest';
import { LOCAL_DEFAULTS, localSetting } from '../../config/local-defaults.ts';
import { createIoredisRedis } from '../adapters/ioredis.adapter.ts';
import { createUpstashRedis } from '../adapters/upstash.adapter.ts';
import type { RedisPort } from '../redis.port.ts';

/**
 * Both Redis adapters on the test run's Redis, as the two runtimes reach it (TCP on Node, the
 * REST endpoint on workerd), closed after the test file: for suites that run the same case
 * through each.
 */
export function localRedisClients(): { readonly tcp: RedisPort; readonly rest: RedisPort } {
  const tcp = createIoredisRedis({ url: process.env['REDIS_URL'] ?? `redis://127.0.0.1:${LOCAL_DEFAULTS.REDIS_PORT}` });
  const rest = createUpstashRedis({
    url: process.env['UPSTASH_REDIS_REST_URL'] ?? `http://127.0.0.1:${localSetting('REDIS_REST_PORT', process.env)}`,
    token: process.env['UPSTASH_REDIS_REST_TOKEN'] ?? LOCAL_DEFAULTS.REDIS_REST_TOKEN,
  });
  afterAll(async () => {
    await Promise.all([tcp.close(), rest.close()]);
  });
  return { tcp, rest };
}
