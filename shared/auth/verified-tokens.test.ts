import { describe, expect, it } from 'vitest';
import { createVerifiedTokenCache } from './verified-tokens.ts';

const verdict = (expiresAtMs: number) => ({ userId: 'u', expiresAt: new Date(expiresAtMs) });

describe('createVerifiedTokenCache', () => {
  it('answers a cached verdict until its expiry, then forgets it', () => {
    const cache = createVerifiedTokenCache<ReturnType<typeof verdict>>();
    cache.set('s', 't', verdict(1_000));
    expect(cache.get('s', 't', 999)).toEqual(verdict(1_000));
    expect(cache.get('s', 't', 1_000)).toBeUndefined();
    expect(cache.get('s', 't', 0)).toBeUndefined();
  });

  it('keeps verdicts per secret', () => {
    const cache = createVerifiedTokenCache<ReturnType<typeof verdict>>();
    cache.set('old', 't', verdict(1_000));
    expect(cache.get('new', 't', 0)).toBeUndefined();
    expect(cache.get('old', 't', 0)).toBeDefined();
  });

  it('evicts the least recently used token beyond maxTokens', () => {
    const cache = createVerifiedTokenCache<ReturnType<typeof verdict>>({ maxTokens: 2 });
    cache.set('s', 'a', verdict(1_000));
    cache.set('s', 'b', verdict(1_000));
    expect(cache.get('s', 'a', 0)).toBeDefined();
    cache.set('s', 'c', verdict(1_000));
    expect(cache.get('s', 'b', 0)).toBeUndefined();
    expect(cache.get('s', 'a', 0)).toBeDefined();
    expect(cache.get('s', 'c', 0)).toBeDefined();
  });
});
