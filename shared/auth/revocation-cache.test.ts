import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOT_REVOKED_TTL_MS, cachedTokenRevocations, revocationMemory } from './revocation-cache.ts';
import type { TokenRevocations } from './token-revocations.ts';

/** An in-memory list that counts its lookups; `failing` makes lookups throw (Redis down). */
function countingList(): TokenRevocations & { ids: Set<string>; lookups: number; failing: boolean } {
  const list = {
    ids: new Set<string>(),
    lookups: 0,
    failing: false,
    revoke(tokenId: string) {
      list.ids.add(tokenId);
      return Promise.resolve();
    },
    isRevoked(tokenId: string) {
      list.lookups += 1;
      return list.failing ? Promise.reject(new Error('redis down')) : Promise.resolve(list.ids.has(tokenId));
    },
  };
  return list;
}

const later = new Date(Date.now() + 3_600_000);

describe('cachedTokenRevocations', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the list once per token per TTL for tokens that are not revoked', async () => {
    const list = countingList();
    const cached = cachedTokenRevocations(list, revocationMemory());
    expect(await cached.isRevoked('a')).toBe(false);
    expect(await cached.isRevoked('a')).toBe(false);
    expect(cached.known('a')).toBe(false);
    expect(list.lookups).toBe(1);
    vi.advanceTimersByTime(NOT_REVOKED_TTL_MS - 1);
    expect(await cached.isRevoked('a')).toBe(false);
    expect(list.lookups).toBe(1);
    vi.advanceTimersByTime(1);
    expect(cached.known('a')).toBeUndefined();
    expect(await cached.isRevoked('a')).toBe(false);
    expect(list.lookups).toBe(2);
  });

  it('sees a revocation made elsewhere once the remembered answer is older than the TTL', async () => {
    const list = countingList();
    const cached = cachedTokenRevocations(list, revocationMemory({ ttlMs: 1_000 }));
    expect(await cached.isRevoked('a')).toBe(false);
    await list.revoke('a', later); // another instance logs the token out
    vi.advanceTimersByTime(999);
    expect(await cached.isRevoked('a')).toBe(false); // inside the allowed delay
    vi.advanceTimersByTime(1);
    expect(await cached.isRevoked('a')).toBe(true);
  });

  it('refuses at once a token revoked through it, and remembers revocations past the TTL', async () => {
    const list = countingList();
    const cached = cachedTokenRevocations(list, revocationMemory());
    expect(await cached.isRevoked('a')).toBe(false);
    await cached.revoke('a', later);
    expect(list.ids.has('a')).toBe(true);
    expect(await cached.isRevoked('a')).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(await cached.isRevoked('a')).toBe(true);
    expect(list.lookups).toBe(1);
  });

  it('does not remember a failed lookup', async () => {
    const list = countingList();
    list.failing = true;
    const cached = cachedTokenRevocations(list, revocationMemory());
    await expect(cached.isRevoked('a')).rejects.toThrow('redis down');
    expect(cached.known('a')).toBeUndefined();
    list.failing = false;
    expect(await cached.isRevoked('a')).toBe(false);
    expect(list.lookups).toBe(2);
  });

  it('holds at most maxEntries answers, dropping the oldest first', async () => {
    const list = countingList();
    const cached = cachedTokenRevocations(list, revocationMemory({ maxEntries: 2 }));
    for (const id of ['a', 'b', 'c']) await cached.isRevoked(id);
    expect(cached.known('a')).toBeUndefined();
    expect(cached.known('b')).toBe(false);
    expect(cached.known('c')).toBe(false);
  });
});
