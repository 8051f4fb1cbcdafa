import { createHash, timingSafeEqual } from 'node:crypto';

/** Checks a presented token against the configured one. */
export type TokenCheck = (presented: string | undefined) => boolean;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Compares a presented token with the configured one as SHA-256 digests in constant time, so
 * neither the content nor the length of the real token leaks through response timing.
 */
export function createTokenCheck(token: string): TokenCheck {
  if (token.length === 0) throw new Error('REDIS_REST_TOKEN must not be empty');
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/**
 * The token of a request: the `Authorization: Bearer` credential only. Upstash also accepts a
 * `_token` query parameter; this endpoint does not, because URLs end up in access logs,
 * proxies and shell history.
 */
export function presentedToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

/** True when the URL carries a `_token` query parameter (refused, see {@link presentedToken}). */
export function hasQueryToken(url: string): boolean {
  const at = url.indexOf('?');
  return at !== -1 && new URLSearchParams(url.slice(at + 1)).has('_token');
}

/**
 * Whether a request may proceed to its body, decided from the request line and headers alone:
 * an unauthenticated client never gets the endpoint to read (up to 10 MiB of) its body.
 * `GET /health` needs no token (the launcher probes it).
 */
export function isAuthorized(checkToken: TokenCheck, method: string, url: string, authorization: string | undefined): boolean {
  if (method === 'GET' && url === '/health') return true;
  return !hasQueryToken(url) && checkToken(presentedToken(authorization));
}
