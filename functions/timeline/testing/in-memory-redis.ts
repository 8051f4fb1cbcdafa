import { RedisError } from '#shared/redis/redis-error.ts';
import type { RedisPort, RedisReply, RedisScoredMember } from '#shared/redis/redis.port.ts';
import { FEED_SCRIPT_TWINS } from './in-memory-feed-scripts.ts';
import { createInMemoryKeyspace } from './in-memory-keyspace.ts';

/**
 * An in-memory Redis with the commands and scripts the timeline uses, for unit tests. The feed
 * Redis contract suite (`feed-redis.contract.ts`) holds it to what real Redis does.
 */
export interface InMemoryRedis extends RedisPort {
  readonly strings: Map<string, string>;
  readonly zsets: Map<string, Map<string, number>>;
  /** Commands issued, by name (`ZREVRANGEBYSCORE`, `MGET`, `EVAL:fan-out`...). */
  readonly calls: string[];
  /** While true every call fails like a Redis that is down. */
  down: boolean;
  /** What Redis's `TTL` answers: seconds left, -1 without expiry, -2 for a missing key. */
  ttl(key: string): number;
}

/** Options of {@link createInMemoryRedis}. */
export interface InMemoryRedisOptions {
  /** The clock TTLs run on (epoch ms). Default `Date.now`. */
  readonly now?: () => number;
}

/** The argument checks the real adapters make before sending (`redis-values.ts`). */
function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RedisError('command', `${name} must be an integer >= 1, got ${String(value)}`);
  return value;
}

/** Creates an empty in-memory Redis. */
export function createInMemoryRedis(options: InMemoryRedisOptions = {}): InMemoryRedis {
  const space = createInMemoryKeyspace(options.now ?? Date.now);
  const calls: string[] = [];
  const state = { down: false };
  const call = (name: string): void => {
    calls.push(name);
    if (state.down) throw new RedisError('unavailable', 'Redis is unreachable (in-memory: down)', { command: name });
  };
  const bound = (value: number, exclusive = false): string =>
    `${exclusive ? '(' : ''}${value === Infinity ? '+inf' : value === -Infinity ? '-inf' : String(value)}`;
  const scored = (flat: readonly string[]): RedisScoredMember[] => {
    const members: RedisScoredMember[] = [];
    for (let i = 0; i < flat.length; i += 2) members.push({ member: flat[i] ?? '', score: Number(flat[i + 1]) });
    return members;
  };

  const redis: InMemoryRedis = {
    strings: space.strings,
    zsets: space.zsets,
    calls,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    ttl: (key) => space.ttl(key),
    async get(key) {
      call('GET');
      return space.exists(key) ? (space.strings.get(key) ?? null) : null;
    },
    async set(key, value, options = {}) {
      const ttl = options.ttlSeconds === undefined ? undefined : positiveInteger('ttlSeconds', options.ttlSeconds);
      call('SET');
      if (options.onlyIfAbsent && space.exists(key)) return false;
      space.set(key, value, ttl);
      return true;
    },
    async mget(keys) {
      if (keys.length === 0) return [];
      call('MGET');
      return keys.map((key) => (space.exists(key) ? (space.strings.get(key) ?? null) : null));
    },
    async del(keys) {
      const list = typeof keys === 'string' ? [keys] : keys;
      if (list.length === 0) return 0;
      call('DEL');
      return list.filter((key) => space.del(key)).length;
    },
    async incr() {
      throw new Error('not used by the timeline');
    },
    async expire() {
      throw new Error('not used by the timeline');
    },
    async lrange() {
      throw new Error('not used by the timeline');
    },
    async pushCapped() {
      throw new Error('not used by the timeline');
    },
    async zadd(key, members, options = {}) {
      if (members.length === 0) return 0;
      const max = options.maxLength === undefined ? undefined : positiveInteger('maxLength', options.maxLength);
      call('ZADD');
      const added = space.zadd(
        key,
        members.flatMap(({ score, member }) => [bound(score), member]),
      );
      // The adapters' capped ZADD: keep the `max` highest-scored members, whatever they are.
      if (max !== undefined) space.zremrangebyrank(key, 0, -max - 1);
      return added;
    },
    async zrevrangeByScore(key, options = {}) {
      call('ZREVRANGEBYSCORE');
      const { max = Infinity, exclusiveMax = false, min = -Infinity, offset = 0, count = -1 } = options;
      return scored(space.zrevrangebyscore(key, bound(max, exclusiveMax), bound(min), offset, count));
    },
    async eval(script, keys, args): Promise<RedisReply> {
      const twin = FEED_SCRIPT_TWINS.get(script);
      call(`EVAL:${twin?.name ?? 'unknown'}`);
      if (!twin) throw new RedisError('command', 'NOSCRIPT the in-memory Redis runs the feed scripts only');
      return twin.run(space, keys, args.map(String));
    },
    async ping() {
      call('PING');
    },
    async close() {},
  };
  return redis;
}
