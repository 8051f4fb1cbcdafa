/**
 * Stand-in for shared/auth/token-revocations.ts under the bench preload
 * without-revocation-check.ts: the same exports, a list that is always empty and costs nothing.
 */
import type { TokenRevocations } from '../../../shared/auth/token-revocations.ts';

export type { RedisTokenRevocationsOptions, TokenRevocations } from '../../../shared/auth/token-revocations.ts';

const EMPTY: TokenRevocations = {
  revoke: () => Promise.resolve(),
  isRevoked: () => Promise.resolve(false),
};

/** Same signature as the real factory; ignores Redis. */
export function redisTokenRevocations(): TokenRevocations {
  return EMPTY;
}
