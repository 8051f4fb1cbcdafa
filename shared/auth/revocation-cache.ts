import type { RedisPort } from '../redis/redis.port.ts';
import { redisTokenRevocations } from './token-revocations.ts';
import type { TokenRevocations } from './token-revocations.ts';

/**
 * How long an instance trusts a "not revoked" answer. This is the revocation delay: a token
 * logged out through another instance keeps working on this one for at most this long
 * (docs/security.md, "Accounts"; ADR 0027). Logout through this instance takes effect at once.
 */
export const NOT_REVOKED_TTL_MS = 1_000;

/** Options of {@link revocationMemory}. */
export interface RevocationMemoryOptions {
  /** Default {@link NOT_REVOKED_TTL_MS}. */
  readonly ttlMs?: number;
  /** Tokens remembered at most (oldest answer dropped first); default 10,000. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/** What an instance remembers of the revocation list's answers. */
export interface RevocationMemory {
  /** The remembered answer for the token, or `undefined` when the list must be asked. */
  known(tokenId: string): boolean | undefined;
  remember(tokenId: string, revoked: boolean): void;
}

/** A revocation list that can answer from memory without a round trip. */
export interface CachedTokenRevocations extends TokenRevocations {
  known(tokenId: string): boolean | undefined;
}

interface Answer {
  readonly revoked: boolean;
  /** Epoch ms after which a "not revoked" answer must be asked again; a revocation never expires. */
  readonly until: number;
}

/**
 * "Not revoked" answers are kept for `ttlMs`, so a busy reader costs one Redis lookup per
 * token per TTL instead of one per request; "revoked" answers are kept until evicted, because
 * a revocation is never undone. Bounded: past `maxEntries` the oldest answer goes first.
 */
export function revocationMemory(options: RevocationMemoryOptions = {}): RevocationMemory {
  const { ttlMs = NOT_REVOKED_TTL_MS, maxEntries = 10_000, now = Date.now } = options;
  const answers = new Map<string, Answer>();
  return {
    known(tokenId) {
      const answer = answers.get(tokenId);
      if (!answer) return undefined;
      if (answer.revoked) return true;
      if (now() < answer.until) return false;
      answers.delete(tokenId);
      return undefined;
    },
    remember(tokenId, revoked) {
      answers.delete(tokenId); // re-inserted last: Map order is the eviction order
      if (answers.size >= maxEntries) {
        const oldest = answers.keys().next();
        if (!oldest.done) answers.delete(oldest.value);
      }
      answers.set(tokenId, { revoked, until: revoked ? Number.POSITIVE_INFINITY : now() + ttlMs });
    },
  };
}

/**
 * `list` with `memory` in front. Failed lookups are not remembered: the next request asks
 * again (and fails open, as before). A revocation through it is remembered at once, so logout
 * takes effect immediately on the instance that served it.
 */
export function cachedTokenRevocations(list: TokenRevocations, memory: RevocationMemory): CachedTokenRevocations {
  return {
    known: (tokenId) => memory.known(tokenId),
    async isRevoked(tokenId, signal) {
      const cached = memory.known(tokenId);
      if (cached !== undefined) return cached;
      const revoked = await list.isRevoked(tokenId, signal);
      memory.remember(tokenId, revoked);
      return revoked;
    },
    async revoke(tokenId, expiresAt, signal) {
      await list.revoke(tokenId, expiresAt, signal);
      memory.remember(tokenId, true);
    },
  };
}

// One memory per instance (process on Node, isolate on workerd), whichever Redis port object a
// request holds: ports are wrapped per request (subrequest counting), the list they reach is the
// same single key.
const instanceMemory = revocationMemory();

/** The instance's cached revocation list in Redis through `redis`: what requireAuth checks and logout writes. */
export function instanceTokenRevocations(redis: RedisPort): CachedTokenRevocations {
  return cachedTokenRevocations(redisTokenRevocations(redis), instanceMemory);
}
