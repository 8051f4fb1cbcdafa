import type { RedisPort } from '../redis/redis.port.ts';

/**
 * The revocation list of access tokens (logout). A token is named by its `jti` and listed until
 * it would have expired anyway, so the list never holds more than one token lifetime of logouts.
 */
export interface TokenRevocations {
  revoke(tokenId: string, expiresAt: Date, signal?: AbortSignal): Promise<void>;
  isRevoked(tokenId: string, signal?: AbortSignal): Promise<boolean>;
}

/** Options of {@link redisTokenRevocations}. */
export interface RedisTokenRevocationsOptions {
  /** Default `atlas:auth:revoked`. */
  readonly key?: string;
  readonly now?: () => number;
}

// One sorted set, member = jti, score = the token's expiry (epoch ms). Adding prunes the
// members that expired, and keeps the key alive at least as long as its newest member.
const REVOKE = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return 1
`;
const IS_REVOKED = `return redis.call('ZSCORE', KEYS[1], ARGV[1])`;

/**
 * The revocation list in Redis, through the platform's Redis port (TCP on Node, Upstash REST on
 * workerd; docs/security.md, "Accounts"). ONE key for every revocation rather than a key per token: Redis is a cache
 * here (`allkeys-lru`, ADR 0021), and a key per token, written once and never read again until
 * its token comes back, would be exactly what LRU evicts first, silently un-revoking the token.
 * The single set is read by every authenticated request, so it is the last key LRU would pick.
 */
export function redisTokenRevocations(redis: RedisPort, options: RedisTokenRevocationsOptions = {}): TokenRevocations {
  const { key = 'atlas:auth:revoked', now = Date.now } = options;
  return {
    async revoke(tokenId, expiresAt, signal) {
      const at = now();
      const expiresAtMs = expiresAt.getTime();
      if (expiresAtMs <= at) return; // already refused by its expiry
      const keepSeconds = Math.ceil((expiresAtMs - at) / 1000) + 1;
      await redis.eval(REVOKE, [key], [tokenId, expiresAtMs, at, keepSeconds], signal ? { signal } : {});
    },
    async isRevoked(tokenId, signal) {
      const score = await redis.eval(IS_REVOKED, [key], [tokenId], signal ? { signal } : {});
      return score !== null && Number(score) > now();
    },
  };
}
