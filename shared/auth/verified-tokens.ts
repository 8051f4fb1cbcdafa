import { LRUCache } from 'lru-cache';

/**
 * Tokens already verified by this process or isolate, per HS256 secret. A token is an immutable
 * string: once its signature, issuer and claims checked out, only the clock can change the
 * verdict, so a hit re-checks expiry and skips the HMAC. On the cached timeline read, WebCrypto
 * verification was ~12% of the CPU (profiled with `npm run bench:timeline-cpu`), and
 * readers send the same token for its whole lifetime. Only successes are cached: a bad token
 * costs a full verification every time, as it should. Plain data, so module scope is safe on
 * workerd too (each isolate keeps its own).
 */
export interface VerifiedTokenCache<V extends { readonly expiresAt: Date }> {
  /** The cached verdict of `token` under `secret`, if it has not expired by `nowMs`. */
  get(secret: string, token: string, nowMs?: number): V | undefined;
  set(secret: string, token: string, verdict: V): void;
}

/** Options of {@link createVerifiedTokenCache}. */
export interface VerifiedTokenCacheOptions {
  /** Tokens kept per secret, least recently used evicted first (default 10 000, ~3 MB). */
  readonly maxTokens?: number;
}

/** Creates a {@link VerifiedTokenCache}. */
export function createVerifiedTokenCache<V extends { readonly expiresAt: Date }>(
  options: VerifiedTokenCacheOptions = {},
): VerifiedTokenCache<V> {
  const max = options.maxTokens ?? 10_000;
  // Per secret, so a rotated secret never honours tokens verified under the old one.
  const bySecret = new Map<string, LRUCache<string, V>>();
  return {
    get(secret, token, nowMs = Date.now()) {
      const tokens = bySecret.get(secret);
      const verdict = tokens?.get(token);
      if (verdict === undefined) return undefined;
      if (verdict.expiresAt.getTime() <= nowMs) {
        tokens?.delete(token);
        return undefined;
      }
      return verdict;
    },
    set(secret, token, verdict) {
      let tokens = bySecret.get(secret);
      if (!tokens) {
        tokens = new LRUCache<string, V>({ max });
        bySecret.set(secret, tokens);
      }
      tokens.set(token, verdict);
    },
  };
}
