import { defineFeedRedisContract } from './feed-redis.contract.ts';
import { createInMemoryRedis, type InMemoryRedis } from './in-memory-redis.ts';

// The fake the timeline's unit tests use, held to the same contract as real Redis
// (`store/feed-redis.int.test.ts`); its TTLs run on a clock the suite steps.
let now = Date.parse('2026-01-01T00:00:00Z');

defineFeedRedisContract('in-memory', {
  connect: () => createInMemoryRedis({ now: () => now }),
  ttl: async (redis, key) => (redis as InMemoryRedis).ttl(key),
  elapse: async (ms) => {
    now += ms;
  },
});
