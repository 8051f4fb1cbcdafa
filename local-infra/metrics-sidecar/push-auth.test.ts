import { describe, expect, it } from 'vitest';
import { checkPushAuth } from './push-auth.ts';

describe('checkPushAuth', () => {
  const token = 'a-metrics-push-token';

  it('accepts the token as a Bearer credential only', () => {
    expect(checkPushAuth(`Bearer ${token}`, token)).toBe('ok');
    expect(checkPushAuth(`bearer ${token} `, token)).toBe('ok');
    expect(checkPushAuth(undefined, token)).toBe('missing');
    expect(checkPushAuth(`Basic ${token}`, token)).toBe('missing');
  });

  it('refuses other tokens of any length, prefixes and extensions included', () => {
    for (const given of ['x', token.slice(0, -1), `${token}x`, token.toUpperCase(), 'y'.repeat(token.length)]) {
      expect(checkPushAuth(`Bearer ${given}`, token), given).toBe('invalid');
    }
  });
});
