/**
 * The Redis port: what functions know about Redis. Two adapters implement it (ADR 0004):
 * `createIoredisRedis` (TCP, Node hosts) and `createUpstashRedis` (Upstash REST, workerd and the
 * edge). One contract suite (`redis-port.contract.ts`) runs against both, so a function never
 * knows which one the entry picked.
 *
 * Values are UTF-8 strings. Every call accepts `{ signal }` (the request's deadline): an aborted
 * call rejects at once with a `RedisError` (`timeout` or `aborted`). Every failure is a
 * `RedisError` (see `redis-error.ts`); no client library type crosses this interface.
 */

/** Per-call options. */
export interface RedisCallOptions {
  /** Cancels the call; pass the request's deadline signal. */
  readonly signal?: AbortSignal;
}

/** Options of {@link RedisPort.set}. */
export interface RedisSetOptions extends RedisCallOptions {
  /** Expire the key after this many seconds (whole, >= 1). Default: no expiry. */
  readonly ttlSeconds?: number;
  /** Write only if the key does not exist yet (`SET NX`): idempotency keys, locks. */
  readonly onlyIfAbsent?: boolean;
}

/** Options of {@link RedisPort.incr}. */
export interface RedisIncrOptions extends RedisCallOptions {
  /** Increment (integer, may be negative). Default 1. */
  readonly by?: number;
}

/** One member of a sorted set with its score. */
export interface RedisScoredMember {
  readonly member: string;
  /** A double: integers above 2^53 lose precision (keep ids that large in the member). */
  readonly score: number;
}

/** Options of {@link RedisPort.zadd}. */
export interface RedisZaddOptions extends RedisCallOptions {
  /** Keep only the `maxLength` highest-scored members, trimmed atomically with the add. */
  readonly maxLength?: number;
}

/** Options of {@link RedisPort.zrevrangeByScore}: newest-first pages with a score cursor. */
export interface RedisZrangeByScoreOptions extends RedisCallOptions {
  /** Upper bound. Default: +inf. */
  readonly max?: number;
  /** Exclude `max` itself (a cursor pointing at the last item already seen). Default false. */
  readonly exclusiveMax?: boolean;
  /** Lower bound (inclusive). Default: -inf. */
  readonly min?: number;
  /** Skip this many matches. Default 0. */
  readonly offset?: number;
  /** Return at most this many members. Default: all. */
  readonly count?: number;
}

/** What a Lua script can return, in RESP2 terms (Lua `false`/nil become `null`). */
export type RedisReply = string | number | null | RedisReply[];

/** The operations the timeline workload needs; adapters add nothing else. */
export interface RedisPort {
  /** `GET`: the value, or `null` when the key does not exist. */
  get(key: string, options?: RedisCallOptions): Promise<string | null>;
  /**
   * `SET` with optional `EX` and `NX`. Resolves `true` when the value was written, `false` when
   * `onlyIfAbsent` was set and the key already existed (an idempotency key seen before).
   */
  set(key: string, value: string, options?: RedisSetOptions): Promise<boolean>;
  /** `MGET`: values in the order of `keys`, `null` for missing ones. No round trip for `[]`. */
  mget(keys: readonly string[], options?: RedisCallOptions): Promise<(string | null)[]>;
  /** `DEL`: how many of the keys existed. No round trip for `[]`. */
  del(keys: string | readonly string[], options?: RedisCallOptions): Promise<number>;
  /** `INCRBY`: the new value (a missing key counts as 0). */
  incr(key: string, options?: RedisIncrOptions): Promise<number>;
  /** `EXPIRE`: `true` when the key exists and now expires in `seconds`. */
  expire(key: string, seconds: number, options?: RedisCallOptions): Promise<boolean>;
  /** `LRANGE` (inclusive, negative indexes count from the end); `[]` for a missing key. */
  lrange(key: string, start: number, stop: number, options?: RedisCallOptions): Promise<string[]>;
  /**
   * Atomically `LPUSH`es `values` in order (the last one ends up at the head, newest first) and
   * `LTRIM`s the list to `maxLength` (home timelines, capped at 800). Resolves the new length.
   */
  pushCapped(key: string, values: readonly string[], maxLength: number, options?: RedisCallOptions): Promise<number>;
  /**
   * `ZADD` (updating scores of existing members); with `maxLength`, the lowest-scored members
   * beyond it are removed in the same atomic step. Resolves how many members were new.
   */
  zadd(key: string, members: readonly RedisScoredMember[], options?: RedisZaddOptions): Promise<number>;
  /** `ZREVRANGEBYSCORE ... WITHSCORES [LIMIT]`: highest scores first. */
  zrevrangeByScore(key: string, options?: RedisZrangeByScoreOptions): Promise<RedisScoredMember[]>;
  /**
   * Runs a Lua script atomically (`EVALSHA`, falling back to `EVAL` the first time the server
   * has not seen it). Keep `script` a constant: its SHA-1 is cached per text.
   */
  eval(script: string, keys: readonly string[], args: readonly (string | number)[], options?: RedisCallOptions): Promise<RedisReply>;
  /** One cheap round trip (`PING`), for readiness and deep health checks. */
  ping(options?: RedisCallOptions): Promise<void>;
  /** Releases connections; later calls reject with `unavailable`. Idempotent. */
  close(): Promise<void>;
}
