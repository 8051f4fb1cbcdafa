import { describe, expect, it } from 'vitest';
import { isCelebrity, keepsAuthorFeeds, pushesToFollowers, readPlan } from './fanout-strategy.ts';

describe('fan-out strategies', () => {
  const threshold = { celebrityThreshold: 100 };

  it('counts authors with MORE followers than the threshold as celebrities', () => {
    expect(isCelebrity(100, threshold)).toBe(false);
    expect(isCelebrity(101, threshold)).toBe(true);
  });

  it('write pushes every post, read none, hybrid all but celebrities', () => {
    for (const followers of [0, 100, 101, 10_000_000]) {
      expect(pushesToFollowers(followers, { ...threshold, strategy: 'write' })).toBe(true);
      expect(pushesToFollowers(followers, { ...threshold, strategy: 'read' })).toBe(false);
      expect(pushesToFollowers(followers, { ...threshold, strategy: 'hybrid' })).toBe(followers <= 100);
    }
  });

  it('reads the cache (and celebrity feeds in hybrid) or Postgres', () => {
    expect(readPlan('write')).toBe('cached');
    expect(readPlan('hybrid')).toBe('cached-with-celebrities');
    expect(readPlan('read')).toBe('postgres');
    expect([keepsAuthorFeeds('write'), keepsAuthorFeeds('read'), keepsAuthorFeeds('hybrid')]).toEqual([false, false, true]);
  });
});
