import { timingSafeEqual } from 'node:crypto';

export type PushAuthResult = 'ok' | 'missing' | 'invalid';

/**
 * Checks `Authorization: Bearer <token>`: no (or a non-Bearer) header is `missing` (401), a
 * wrong token `invalid` (403). Constant-time comparison so the token cannot be guessed by timing.
 */
export function checkPushAuth(header: string | undefined, token: string): PushAuthResult {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return 'missing';
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'invalid';
}
