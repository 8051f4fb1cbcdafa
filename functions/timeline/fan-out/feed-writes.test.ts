import { describe, expect, it } from 'vitest';
import { writeFeeds } from './feed-writes.ts';
import { createInMemoryRedis } from '../testing/in-memory-redis.ts';

const signal = new AbortController().signal;
const entries = [1, 2, 3].map((n) => ({ postId: `p${n}`, score: n * 1_000 }));

describe('writeFeeds', () => {
  it('gives each existing feed its own entries and skips missing feeds', async () => {
    const redis = createInMemoryRedis();
    redis.zsets.set('a', new Map([['~', 0]]));
    redis.zsets.set('b', new Map());
    const written = await writeFeeds(
      redis,
      entries,
      [
        { key: 'a', entries: [0, 2] },
        { key: 'b', entries: [1] },
        { key: 'missing', entries: [0] },
      ],
      { cap: 10, signal },
    );
    expect(written).toBe(3);
    expect([...(redis.zsets.get('a')?.keys() ?? [])].sort()).toEqual(['p1', 'p3', '~']);
    expect([...(redis.zsets.get('b')?.keys() ?? [])]).toEqual(['p2']);
    expect(redis.zsets.has('missing')).toBe(false);
  });

  it('splits calls by keys and by pairs, and trims each feed to the cap', async () => {
    const redis = createInMemoryRedis();
    const feeds = ['a', 'b', 'c', 'd', 'e'].map((key) => {
      redis.zsets.set(key, new Map([['~', 0]]));
      return { key, entries: [0, 1, 2] };
    });
    const written = await writeFeeds(redis, entries, feeds, { cap: 2, signal, maxKeysPerCall: 2, maxPairsPerCall: 4 });
    expect(written).toBe(15);
    // 3 pairs per feed, at most 4 pairs per call: one feed per call.
    expect(redis.calls.filter((c) => c === 'EVAL:fan-out')).toHaveLength(5);
    for (const { key } of feeds) expect([...(redis.zsets.get(key)?.keys() ?? [])].sort()).toEqual(['p2', 'p3', '~']);
  });

  it('makes no call when no feed has entries', async () => {
    const redis = createInMemoryRedis();
    expect(await writeFeeds(redis, entries, [{ key: 'a', entries: [] }], { cap: 2, signal })).toBe(0);
    expect(redis.calls).toEqual([]);
  });
});
