import { inject } from 'vitest';
import { createIoredisRedis } from '#shared/redis/adapters/ioredis.adapter.ts';
import { createUpstashRedis } from '#shared/redis/adapters/upstash.adapter.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { defineFeedRedisContract } from '../testing/feed-redis.contract.ts';

// The timeline's commands and Lua scripts on the real Redis, through both adapters: the same
// contract the in-memory fake passes (`testing/in-memory-redis.test.ts`).

const infra = inject('infra');
const ttl = async (redis: RedisPort, key: string): Promise<number> =>
  Number(await redis.eval("return redis.call('TTL', KEYS[1])", [key], []));
const elapse = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

defineFeedRedisContract('ioredis', { connect: () => createIoredisRedis({ url: infra.REDIS_URL }), ttl, elapse });
defineFeedRedisContract('upstash', {
  connect: () => createUpstashRedis({ url: infra.UPSTASH_REDIS_REST_URL, token: infra.UPSTASH_REDIS_REST_TOKEN }),
  ttl,
  elapse,
});
