import { RedisError } from '#shared/redis/redis-error.ts';

/**
 * The Redis commands the timeline's scripts call, over plain maps, with Redis's own semantics
 * (ranks, inclusive and `(`exclusive bounds, `+inf`/`-inf`, expiry on a clock), so the
 * JavaScript twins of the Lua scripts can be written line for line after them. Checked
 * against real Redis by the feed Redis contract suite.
 */
export interface InMemoryKeyspace {
  readonly strings: Map<string, string>;
  readonly zsets: Map<string, Map<string, number>>;
  /** Epoch ms at which a key expires, for keys with a TTL. */
  readonly expiresAt: Map<string, number>;
  exists(key: string): boolean;
  /** `SET key value [EX seconds]`: replaces a key of any type and its TTL. */
  set(key: string, value: string, ttlSeconds?: number): void;
  del(key: string): boolean;
  /** `EXPIRE`: a non-positive TTL deletes the key, as in Redis. */
  expire(key: string, seconds: number): boolean;
  /** `TTL`: seconds left (rounded), -1 without expiry, -2 for a missing key. */
  ttl(key: string): number;
  zscore(key: string, member: string): number | undefined;
  /** `ZADD key score member ...`: resolves how many members were new. */
  zadd(key: string, pairs: readonly (string | number)[]): number;
  zcard(key: string): number;
  /** `ZREMRANGEBYRANK` over ascending ranks; negative indexes count from the end. */
  zremrangebyrank(key: string, start: number, stop: number): number;
  /** `ZREVRANGEBYSCORE key max min WITHSCORES LIMIT offset count` as a flat reply. */
  zrevrangebyscore(key: string, max: string, min: string, offset?: number, count?: number): string[];
}

/** Sorted set order: score ascending, then member by code point (Redis compares bytes). */
function ascending(a: readonly [string, number], b: readonly [string, number]): number {
  if (a[1] !== b[1]) return a[1] - b[1];
  const [x, y] = [[...a[0]], [...b[0]]];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A score bound as Redis parses it: `(` makes it exclusive, `+inf`/`-inf`/`inf` allowed. */
function parseBound(text: string): { value: number; exclusive: boolean } {
  const exclusive = text.startsWith('(');
  const body = exclusive ? text.slice(1) : text;
  const value = body === '+inf' || body === 'inf' ? Infinity : body === '-inf' ? -Infinity : Number(body);
  if (Number.isNaN(value) || body === '') throw new RedisError('command', 'ERR min or max is not a float');
  return { value, exclusive };
}

/** Redis prints scores as the shortest text that reads back the same double. */
const scoreText = (score: number): string => (score === Infinity ? 'inf' : score === -Infinity ? '-inf' : String(score));

/** Creates an empty keyspace whose expiry reads `now()` (epoch ms). */
export function createInMemoryKeyspace(now: () => number): InMemoryKeyspace {
  const strings = new Map<string, string>();
  const zsets = new Map<string, Map<string, number>>();
  const expiresAt = new Map<string, number>();
  const drop = (key: string): boolean => {
    expiresAt.delete(key);
    return strings.delete(key) || zsets.delete(key);
  };
  // Expiry is checked on access, as Redis does lazily: an expired key is a missing key.
  const live = (key: string): string => {
    const at = expiresAt.get(key);
    if (at !== undefined && at <= now()) drop(key);
    return key;
  };
  const sorted = (key: string): [string, number][] => [...(zsets.get(live(key)) ?? [])].sort(ascending);
  const rank = (index: number, length: number): number => (index < 0 ? length + index : index);

  return {
    strings,
    zsets,
    expiresAt,
    exists: (key) => strings.has(live(key)) || zsets.has(key),
    set(key, value, ttlSeconds) {
      drop(key);
      strings.set(key, value);
      if (ttlSeconds !== undefined) expiresAt.set(key, now() + ttlSeconds * 1000);
    },
    del: (key) => drop(live(key)),
    expire(key, seconds) {
      if (!(strings.has(live(key)) || zsets.has(key))) return false;
      if (seconds <= 0) drop(key);
      else expiresAt.set(key, now() + seconds * 1000);
      return true;
    },
    ttl(key) {
      if (!(strings.has(live(key)) || zsets.has(key))) return -2;
      const at = expiresAt.get(key);
      return at === undefined ? -1 : Math.round((at - now()) / 1000);
    },
    zscore: (key, member) => zsets.get(live(key))?.get(member),
    zadd(key, pairs) {
      if (strings.has(live(key))) throw new RedisError('command', 'WRONGTYPE Operation against a key holding the wrong kind of value');
      const set = zsets.get(key) ?? new Map<string, number>();
      zsets.set(key, set);
      let added = 0;
      for (let i = 0; i < pairs.length; i += 2) {
        const member = String(pairs[i + 1]);
        if (!set.has(member)) added += 1;
        set.set(member, parseBound(String(pairs[i])).value);
      }
      return added;
    },
    zcard: (key) => zsets.get(live(key))?.size ?? 0,
    zremrangebyrank(key, start, stop) {
      const all = sorted(key);
      const [from, to] = [Math.max(0, rank(start, all.length)), Math.min(all.length - 1, rank(stop, all.length))];
      if (from > to) return 0;
      const set = zsets.get(key);
      for (const [member] of all.slice(from, to + 1)) set?.delete(member);
      // Redis deletes a sorted set that lost its last member.
      if (set?.size === 0) drop(key);
      return to - from + 1;
    },
    zrevrangebyscore(key, max, min, offset = 0, count = -1) {
      const [upper, lower] = [parseBound(max), parseBound(min)];
      const inRange = sorted(key)
        .reverse()
        .filter(
          ([, s]) => (upper.exclusive ? s < upper.value : s <= upper.value) && (lower.exclusive ? s > lower.value : s >= lower.value),
        );
      return inRange.slice(offset, count < 0 ? undefined : offset + count).flatMap(([member, score]) => [member, scoreText(score)]);
    },
  };
}
