import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks a presented token against the configured one. */
export type TokenCheck = (presented: string | undefined) => boolean;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Upstash accepts the token as `Authorization: Bearer <token>` or as the `_token` query
 * parameter. Compared as SHA-256 digests in constant time, so neither the content nor the
 * length of the real token leaks through response timing.
 */
export function createTokenCheck(token: string): TokenCheck {
  if (token.length === 0) throw new Error('REDIS_REST_TOKEN must not be empty');
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/** The token of a request: the Bearer credential, else the `_token` query parameter. */
export function presentedToken(authorization: string | undefined, queryToken: string | null): string | undefined {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  return queryToken ?? undefined;
}
