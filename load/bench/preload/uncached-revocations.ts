/**
 * Stand-in for shared/auth/revocation-cache.ts under the preload without-revocation-cache.ts:
 * the same exports, but the instance's list asks Redis on every check.
 */
import type { RedisPort } from '../../../shared/redis/redis.port.ts';
import { redisTokenRevocations } from '../../../shared/auth/token-revocations.ts';
import type { CachedTokenRevocations } from '../../../shared/auth/revocation-cache.ts';

export type { CachedTokenRevocations, RevocationMemory, RevocationMemoryOptions } from '../../../shared/auth/revocation-cache.ts';
export { NOT_REVOKED_TTL_MS, cachedTokenRevocations, revocationMemory } from '../../../shared/auth/revocation-cache.ts';

/** Never remembers: `known` always sends the request to Redis. */
export function instanceTokenRevocations(redis: RedisPort): CachedTokenRevocations {
  return { ...redisTokenRevocations(redis), known: () => undefined };
}
