import type { RedisCallOptions, RedisPort } from '../redis/redis.port.ts';
import type { DependencyPolicy } from './dependency-policy.ts';

/**
 * Redis commands that are safe to run twice. INCR, list pushes and scripts are not: a retry
 * after a lost reply would count, push or run twice.
 */
const IDEMPOTENT = new Set<keyof RedisPort>(['get', 'set', 'mget', 'del', 'expire', 'lrange', 'zadd', 'zrevrangeByScore', 'ping']);

type Method = Exclude<keyof RedisPort, 'close'>;
/** Position of each method's options argument (`{ signal, ... }`), from redis.port.ts. */
const OPTIONS_INDEX: Readonly<Record<Method, number>> = {
  get: 1,
  set: 2,
  mget: 1,
  del: 1,
  incr: 1,
  expire: 2,
  lrange: 3,
  pushCapped: 3,
  zadd: 2,
  zrevrangeByScore: 1,
  eval: 3,
  ping: 0,
};

/**
 * The Redis port behind the Redis dependency policy. Every method's options (its last
 * argument, `{ signal }`) get the attempt's signal; the caller's signal bounds the whole call.
 * A `set` with `onlyIfAbsent` is treated as non-idempotent (its answer depends on being first).
 */
export function guardRedis(inner: RedisPort, policy: DependencyPolicy): RedisPort {
  const guarded = { close: () => inner.close() } as RedisPort;
  for (const method of Object.keys(OPTIONS_INDEX) as Method[]) {
    const optionsIndex = OPTIONS_INDEX[method];
    (guarded as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const options = (args[optionsIndex] ?? {}) as RedisCallOptions & { onlyIfAbsent?: boolean };
      const idempotent = IDEMPOTENT.has(method) && !(method === 'set' && options.onlyIfAbsent);
      return policy.execute(
        method,
        (signal) => {
          const callArgs = [...args];
          while (callArgs.length < optionsIndex) callArgs.push(undefined);
          callArgs[optionsIndex] = { ...options, signal };
          return (inner[method] as (...a: unknown[]) => Promise<unknown>)(...callArgs);
        },
        { ...(options.signal ? { signal: options.signal } : {}), idempotent },
      );
    };
  }
  return guarded;
}
