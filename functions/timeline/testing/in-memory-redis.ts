import { RedisError } from '#shared/redis/redis-error.ts';
import type { RedisPort, RedisReply, RedisScoredMember } from '#shared/redis/redis.port.ts';
import {
  BEGIN_REBUILD_SCRIPT,
  FAN_OUT_SCRIPT,
  FINISH_REBUILD_SCRIPT,
  HYBRID_READ_SCRIPT,
  MULTI_RANGE_SCRIPT,
  SET_MANY_SCRIPT,
} from '../scripts/feed-scripts.ts';
import { SENTINEL_BUILDING, SENTINEL_MEMBER, SENTINEL_READY } from '../store/timeline-keys.ts';

/** An in-memory Redis with the commands and scripts the timeline uses, for unit tests. */
export interface InMemoryRedis extends RedisPort {
  readonly strings: Map<string, string>;
  readonly zsets: Map<string, Map<string, number>>;
  /** Commands issued, by name (`ZREVRANGEBYSCORE`, `MGET`, `EVAL:fan-out`...). */
  readonly calls: string[];
  /** While true every call fails like a Redis that is down. */
  down: boolean;
}

const SCRIPT_NAMES = new Map([
  [FAN_OUT_SCRIPT, 'fan-out'],
  [BEGIN_REBUILD_SCRIPT, 'begin-rebuild'],
  [FINISH_REBUILD_SCRIPT, 'finish-rebuild'],
  [SET_MANY_SCRIPT, 'set-many'],
  [MULTI_RANGE_SCRIPT, 'multi-range'],
  [HYBRID_READ_SCRIPT, 'hybrid-read'],
]);

/** Sorted set order of ZREVRANGE: score descending, then member descending. */
function byRevOrder(a: RedisScoredMember, b: RedisScoredMember): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.member < b.member ? 1 : a.member > b.member ? -1 : 0;
}

/** Creates an empty in-memory Redis. TTLs are accepted and ignored. */
export function createInMemoryRedis(): InMemoryRedis {
  const strings = new Map<string, string>();
  const zsets = new Map<string, Map<string, number>>();
  const calls: string[] = [];
  const state = { down: false };
  const call = (name: string): void => {
    calls.push(name);
    if (state.down) throw new RedisError('unavailable', 'Redis is unreachable (in-memory: down)', { command: name });
  };
  const sorted = (key: string): RedisScoredMember[] =>
    [...(zsets.get(key) ?? new Map<string, number>())].map(([member, score]) => ({ member, score })).sort(byRevOrder);
  const trim = (key: string, cap: number): void => {
    const set = zsets.get(key);
    if (!set) return;
    const real = sorted(key).filter((entry) => entry.member !== SENTINEL_MEMBER);
    for (const entry of real.slice(cap)) set.delete(entry.member);
  };
  const add = (key: string, args: readonly string[]): void => {
    const set = zsets.get(key) ?? new Map<string, number>();
    zsets.set(key, set);
    for (let i = 0; i < args.length; i += 2) set.set(String(args[i + 1]), Number(args[i]));
  };

  const redis: InMemoryRedis = {
    strings,
    zsets,
    calls,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    async get(key) {
      call('GET');
      return strings.get(key) ?? null;
    },
    async set(key, value, options = {}) {
      call('SET');
      if (options.onlyIfAbsent && strings.has(key)) return false;
      strings.set(key, value);
      return true;
    },
    async mget(keys) {
      if (keys.length === 0) return [];
      call('MGET');
      return keys.map((key) => strings.get(key) ?? null);
    },
    async del(keys) {
      call('DEL');
      let removed = 0;
      for (const key of typeof keys === 'string' ? [keys] : keys) {
        if (strings.delete(key) || zsets.delete(key)) removed += 1;
      }
      return removed;
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
      call('ZADD');
      const before = zsets.get(key)?.size ?? 0;
      add(
        key,
        members.flatMap(({ score, member }) => [String(score), member]),
      );
      if (options.maxLength !== undefined) trim(key, options.maxLength);
      return (zsets.get(key)?.size ?? 0) - before;
    },
    async zrevrangeByScore(key, options = {}) {
      call('ZREVRANGEBYSCORE');
      const { max = Infinity, exclusiveMax = false, min = -Infinity, offset = 0, count } = options;
      const inRange = sorted(key).filter((e) => (exclusiveMax ? e.score < max : e.score <= max) && e.score >= min);
      return inRange.slice(offset, count === undefined ? undefined : offset + count);
    },
    async eval(script, keys, args): Promise<RedisReply> {
      const name = SCRIPT_NAMES.get(script);
      call(`EVAL:${name ?? 'unknown'}`);
      const [capText = '0', ...pairs] = args.map(String);
      switch (name) {
        case 'fan-out': {
          // ARGV: cap, n, n score/member pairs, then per key its 1-based entry indexes.
          const n = Number(pairs[0]);
          const entryPairs = pairs.slice(1, 1 + 2 * n);
          let written = 0;
          keys.forEach((key, k) => {
            const indexes = (pairs[1 + 2 * n + k] ?? '').split(',').filter(Boolean).map(Number);
            if (!zsets.has(key) || indexes.length === 0) return;
            add(
              key,
              indexes.flatMap((i) => entryPairs.slice(2 * (i - 1), 2 * i)),
            );
            trim(key, Number(capText));
            written += indexes.length;
          });
          return written;
        }
        case 'begin-rebuild':
          if (zsets.has(keys[0] ?? '')) return 0;
          add(keys[0] ?? '', [String(SENTINEL_BUILDING), SENTINEL_MEMBER]);
          return 1;
        case 'finish-rebuild': {
          const key = keys[0] ?? '';
          // ARGV: cap, TTL (ignored here), then score/member pairs.
          add(key, [...pairs.slice(1), String(SENTINEL_READY), SENTINEL_MEMBER]);
          trim(key, Number(capText));
          return (zsets.get(key)?.size ?? 1) - 1;
        }
        case 'multi-range': {
          const max = capText === '+inf' ? Infinity : Number(capText);
          const count = Number(pairs[0]);
          return keys.map((key) =>
            sorted(key)
              .filter((entry) => entry.score <= max)
              .slice(0, count)
              .flatMap((entry) => [entry.member, String(entry.score)]),
          );
        }
        case 'hybrid-read': {
          // Same replies as the script; the lower bound is an optimisation it may skip.
          const max = capText === '+inf' ? Infinity : Number(capText);
          const count = Number(pairs[0]);
          const range = (key: string): string[] =>
            sorted(key)
              .filter((entry) => entry.score <= max)
              .slice(0, count)
              .flatMap((entry) => [entry.member, String(entry.score)]);
          return keys.map((key, i) => {
            if (i === 0) return range(key);
            const set = zsets.get(key);
            if (!set) return 0;
            return (set.get(SENTINEL_MEMBER) ?? 0) < 0 ? 1 : range(key);
          });
        }
        case 'set-many':
          keys.forEach((key, i) => strings.set(key, pairs[i] ?? ''));
          return keys.length;
        default:
          throw new RedisError('command', 'NOSCRIPT unknown script');
      }
    },
    async ping() {
      call('PING');
    },
    async close() {},
  };
  return redis;
}
