import { RedisError } from '#shared/redis/redis-error.ts';
import type { RedisReply } from '#shared/redis/redis.port.ts';
import {
  BEGIN_REBUILD_SCRIPT,
  FAN_OUT_SCRIPT,
  FINISH_REBUILD_SCRIPT,
  HYBRID_READ_SCRIPT,
  MULTI_RANGE_SCRIPT,
  SET_MANY_SCRIPT,
} from '../scripts/feed-scripts.ts';
import { SENTINEL_BUILDING, SENTINEL_MEMBER, SENTINEL_READY } from '../store/timeline-keys.ts';
import type { InMemoryKeyspace } from './in-memory-keyspace.ts';

/**
 * JavaScript twins of the feed scripts (`scripts/feed-scripts.ts`), written step for step
 * after the Lua so a reader can compare them side by side. The Lua is the truth: the feed
 * Redis contract suite runs the same cases against these twins and against real Redis.
 */
type FeedScript = (space: InMemoryKeyspace, keys: readonly string[], argv: readonly string[]) => RedisReply;

/** Lua's `tonumber` on a script argument; a missing argument is Lua's nil, here NaN. */
const num = (text: string | undefined): number => Number(text ?? Number.NaN);

const fanOut: FeedScript = (space, keys, argv) => {
  const cap = num(argv[0]);
  const n = num(argv[1]);
  let written = 0;
  keys.forEach((key, k) => {
    let base = -1;
    if (space.zscore(key, SENTINEL_MEMBER) !== undefined) base = 1;
    else if (space.exists(key)) base = 0;
    if (base < 0) return;
    const args: string[] = [];
    for (const index of (argv[2 + 2 * n + k] ?? '').match(/\d+/g) ?? []) {
      const at = 2 * Number(index);
      args.push(argv[at] ?? '', argv[at + 1] ?? '');
    }
    if (args.length === 0) return;
    space.zadd(key, args);
    space.zremrangebyrank(key, base, -(cap + 1));
    written += args.length / 2;
  });
  return written;
};

const beginRebuild: FeedScript = (space, [key = ''], [ttl]) => {
  if (space.exists(key)) return 0;
  space.zadd(key, [SENTINEL_BUILDING, SENTINEL_MEMBER]);
  space.expire(key, num(ttl));
  return 1;
};

const finishRebuild: FeedScript = (space, [key = ''], argv) => {
  const cap = num(argv[0]);
  for (let i = 2; i < argv.length; i += 2) space.zadd(key, [argv[i] ?? '', argv[i + 1] ?? '']);
  space.zadd(key, [SENTINEL_READY, SENTINEL_MEMBER]);
  space.expire(key, num(argv[1]));
  const real = space.zcard(key) - 1;
  if (real > cap) space.zremrangebyrank(key, 1, real - cap);
  return Math.min(real, cap);
};

const setMany: FeedScript = (space, keys, argv) => {
  const ttl = num(argv[0]);
  // SET ... EX refuses a TTL that is not a positive integer; the script then fails.
  if (!Number.isInteger(ttl) || ttl <= 0) throw new RedisError('command', "ERR invalid expire time in 'set' command");
  keys.forEach((key, i) => space.set(key, argv[i + 1] ?? '', ttl));
  return keys.length;
};

const multiRange: FeedScript = (space, keys, [max = '+inf', count]) =>
  keys.map((key) => space.zrevrangebyscore(key, max, '-inf', 0, num(count)));

const hybridRead: FeedScript = (space, keys, [max = '+inf', countText, wantText, cursorFlag]) => {
  const count = num(countText);
  const want = num(wantText);
  const cursor = cursorFlag === '1' ? num(max) : undefined;
  const own = space.zrevrangebyscore(keys[0] ?? '', max, '-inf', 0, count);
  let bound = '-inf';
  let seen = 0;
  for (let i = 1; i < own.length; i += 2) {
    if (own[i - 1] !== SENTINEL_MEMBER && (cursor === undefined || num(own[i]) < cursor)) {
      seen += 1;
      if (seen === want) {
        bound = own[i] ?? bound;
        break;
      }
    }
  }
  const out: RedisReply[] = [own];
  for (const key of keys.slice(1)) {
    const sentinel = space.zscore(key, SENTINEL_MEMBER);
    if (sentinel === undefined && !space.exists(key)) out.push(0);
    else if (sentinel !== undefined && sentinel < 0) out.push(1);
    else out.push(space.zrevrangebyscore(key, max, bound, 0, count));
  }
  return out;
};

/** The twins by script text, with the short name recorded in the fake's call log. */
export const FEED_SCRIPT_TWINS = new Map<string, { readonly name: string; readonly run: FeedScript }>([
  [FAN_OUT_SCRIPT, { name: 'fan-out', run: fanOut }],
  [BEGIN_REBUILD_SCRIPT, { name: 'begin-rebuild', run: beginRebuild }],
  [FINISH_REBUILD_SCRIPT, { name: 'finish-rebuild', run: finishRebuild }],
  [SET_MANY_SCRIPT, { name: 'set-many', run: setMany }],
  [MULTI_RANGE_SCRIPT, { name: 'multi-range', run: multiRange }],
  [HYBRID_READ_SCRIPT, { name: 'hybrid-read', run: hybridRead }],
]);
