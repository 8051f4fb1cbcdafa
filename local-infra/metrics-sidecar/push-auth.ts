import { createHash, timingSafeEqual } from 'node:crypto';

export type PushAuthResult = 'ok' | 'missing' | 'invalid';

/**
 * Checks `Authorization: Bearer <token>`: no (or a non-Bearer) header is `missing` (401), a
 * wrong token `invalid` (403). The SHA-256 digests are compared in constant time, so neither
 * the token's content nor its length shows in the response time (comparing the raw bytes needs
 * equal lengths first, and that early exit would tell the length).
 */
export function checkPushAuth(header: string | undefined, token: string): PushAuthResult {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return 'missing';
  return timingSafeEqual(digest(match[1]), digest(token)) ? 'ok' : 'invalid';
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
