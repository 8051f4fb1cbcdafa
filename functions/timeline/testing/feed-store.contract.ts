import { expect, it } from 'vitest';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { writeFeeds } from '../fan-out/feed-writes.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import { cachedPostItem, postItemJson } from '../model/timeline-post.ts';
import { cachePosts } from '../read/post-hydration.ts';
import { mergeFeeds } from '../read/timeline-page.ts';
import { readFeed, readFeeds, readTimelineWithFeeds, rebuildFeed } from '../store/feed-store.ts';
import { postKey } from '../store/timeline-keys.ts';
import type { FeedRedisHarness } from './feed-redis.contract.ts';

const entry = (score: number): TimelineEntry => ({ score, postId: crypto.randomUUID() });

/** The feed store (reads, rebuilds, fan-out writes, post cache) over the Redis under test. */
export function defineFeedStoreCases({ redis, key, ttl, elapse, signal }: FeedRedisHarness): void {
  /** Fan-out of every entry to every key (production's writeFeeds); resolves (feed, entry) pairs written. */
  const fanOut = (keys: readonly string[], entries: readonly TimelineEntry[], cap: number): Promise<number> =>
    writeFeeds(
      redis(),
      entries,
      keys.map((k) => ({ key: k, entries: entries.map((_, index) => index) })),
      { cap, signal },
    );
  const rebuild = (k: string, entries: readonly TimelineEntry[], cap = 800, ttlSeconds?: number): Promise<unknown> =>
    rebuildFeed(redis(), k, cap, async () => entries, signal, ttlSeconds);
  const read = (redisPort: RedisPort, k: string, want: number, after?: TimelineEntry) => readFeed(redisPort, k, { after, want, signal });

  it('fan-out writes only feeds that exist, trims to the cap and keeps the sentinel', async () => {
    const [warm, cold] = [key(), key()];
    await rebuild(warm, [], 3);
    // Two entries land in the one feed that exists; the cold feed stays missing.
    expect(await fanOut([warm, cold], [entry(1_000), entry(2_000)], 3)).toBe(2);
    expect(await redis().zrevrangeByScore(cold, { signal })).toEqual([]);
    const newest = [entry(3_000), entry(4_000)];
    await fanOut([warm], newest, 3);
    const all = await redis().zrevrangeByScore(warm, { signal });
    expect(all.map((m) => m.score)).toEqual([4_000, 3_000, 2_000, 0]);
    expect(all.at(-1)?.member).toBe('~');
    // Redelivery: the same entries again change nothing.
    await fanOut([warm], newest, 3);
    expect(await redis().zrevrangeByScore(warm, { signal })).toEqual(all);
  });

  it('gives each existing feed its own entries in one script step, trims to the cap, keeps the sentinel', async () => {
    const [ready, plain, cold] = [key(), key(), key()];
    await rebuild(ready, [entry(500)], 3);
    await redis().zadd(plain, [{ member: crypto.randomUUID(), score: 100 }], { signal }); // a feed without a sentinel
    const entries = [entry(1_000), entry(2_000), entry(3_000), entry(4_000)];
    const feeds = [
      { key: ready, entries: [0, 1, 2, 3] },
      { key: plain, entries: [1, 3] },
      { key: cold, entries: [0] },
    ];
    expect(await writeFeeds(redis(), entries, feeds, { cap: 3, signal, maxPairsPerCall: 4 })).toBe(6);
    const readyAll = await redis().zrevrangeByScore(ready, { signal });
    expect(readyAll.map((m) => m.score)).toEqual([4_000, 3_000, 2_000, 0]);
    expect(readyAll.at(-1)?.member).toBe('~');
    expect((await redis().zrevrangeByScore(plain, { signal })).map((m) => m.score)).toEqual([4_000, 2_000, 100]);
    expect(await redis().zrevrangeByScore(cold, { signal })).toEqual([]);
    // Redelivery changes nothing.
    await writeFeeds(redis(), entries, feeds, { cap: 3, signal });
    expect(await redis().zrevrangeByScore(ready, { signal })).toEqual(readyAll);
  });

  it('a rebuilt feed carries a TTL that fan-out keeps; once expired the feed reads as missing and is rebuilt', async () => {
    const k = key();
    await rebuild(k, [entry(1_000)], 800, 600);
    expect(await ttl(k)).toBeGreaterThan(590);
    await fanOut([k], [entry(2_000)], 800);
    expect(await ttl(k)).toBeGreaterThan(590);
    // Expiry (here a 1 s TTL) is a miss like eviction: the read path rebuilds from Postgres.
    await rebuild(k, [entry(1_000)], 800, 1);
    await elapse(1_100);
    expect((await read(redis(), k, 5)).state).toBe('missing');
    await rebuild(k, [entry(3_000)], 800, 600);
    expect((await read(redis(), k, 5)).entries.map((e) => e.score)).toEqual([3_000]);
  });

  it('reads pages after a cursor, including same-millisecond ties, and reports the feed state', async () => {
    const k = key();
    expect((await read(redis(), k, 5)).state).toBe('missing');
    const entries = [entry(5_000), entry(4_000), entry(4_000), entry(4_000), entry(3_000)];
    await rebuild(k, entries);
    const ordered = [...entries].sort((a, b) => b.score - a.score || (a.postId < b.postId ? 1 : -1));
    const first = await read(redis(), k, 2);
    // One range of want + 2 (look-ahead slack): at least `want`, in ZREVRANGE order.
    expect(first.state).toBe('more');
    expect(first.entries.length).toBeGreaterThanOrEqual(2);
    expect(first.entries).toEqual(ordered.slice(0, first.entries.length));
    const second = await read(redis(), k, 2, ordered[1]);
    expect(second.entries.slice(0, 2)).toEqual(ordered.slice(2, 4));
    await expect(read(redis(), k, 5, ordered[3])).resolves.toEqual({ entries: ordered.slice(4), state: 'ready' });
    await expect(read(redis(), k, 5, ordered[4])).resolves.toEqual({ entries: [], state: 'ready' });
  });

  it('fills the post cache in one script call with a TTL, read back by one MGET', async () => {
    const posts = [entry(1_000), entry(2_000)].map((e) => ({
      ...e,
      authorId: crypto.randomUUID(),
      authorHandle: 'h',
      text: 't',
      mediaKey: null,
      createdAt: new Date(e.score).toISOString(),
    }));
    const keys = posts.map((p) => key(postKey(p.postId)));
    await cachePosts(redis(), posts, 60, signal);
    const [a, b] = await redis().mget(keys, { signal });
    expect([cachedPostItem(a ?? null, posts[0]?.postId ?? ''), cachedPostItem(b ?? null, posts[1]?.postId ?? '')]).toEqual(
      posts.map(postItemJson),
    );
    expect(await ttl(keys[0] ?? '')).toBeGreaterThan(50);
  });

  it('reads several feeds in one script call, with the same verdicts as one by one', async () => {
    const [ready, missing, cut] = [key(), key(), key()];
    await rebuild(ready, [entry(3_000), entry(2_000)]);
    await rebuild(cut, [entry(9_000), entry(8_000), entry(7_000), entry(6_000), entry(5_000)]);
    const many = await readFeeds(redis(), [ready, missing, cut], { want: 2, signal });
    const one = await Promise.all([ready, missing, cut].map((k) => read(redis(), k, 2)));
    expect(many).toEqual(one);
    expect(many.map((r) => r.state)).toEqual(['ready', 'missing', 'more']);
    const after = many[2]?.entries[1];
    const next = await readFeeds(redis(), [ready, cut], { after, want: 2, signal });
    expect(next[1]?.entries.map((e) => e.score)).toEqual([7_000, 6_000, 5_000].slice(0, next[1]?.entries.length));
    // A position is global (a score): everything older in any feed comes after it.
    expect(next[0]?.entries.map((e) => e.score)).toEqual([3_000, 2_000]);
  });

  it('hybrid read in one call: same pages as reading every feed fully, with states of missing and building feeds', async () => {
    const [own, missing, building] = [key(), key(), key()];
    const feeds = [key(), key(), key()];
    // Random scores with many ties, so bounds and cursors fall inside equal-score runs.
    const random = (n: number): TimelineEntry[] => Array.from({ length: n }, () => entry(1_000 + Math.floor(Math.random() * 40)));
    await rebuild(own, random(60));
    for (const k of feeds) await rebuild(k, random(15));
    await redis().zadd(building, [{ score: -1, member: '~' }], { signal });
    const keys = [...feeds, missing, building];
    for (const want of [3, 11, 40]) {
      let after: TimelineEntry | undefined;
      for (let page = 0; page < 4; page += 1) {
        const fast = await readTimelineWithFeeds(redis(), own, keys, { after, want, signal });
        expect(fast.feeds.slice(3).map((f) => f.state)).toEqual(['missing', 'building']);
        const full = await Promise.all([own, ...feeds].map((k) => read(redis(), k, want, after)));
        const expected = mergeFeeds(
          full.map((f) => f.entries),
          want,
        );
        expect(mergeFeeds([fast.own.entries, ...fast.feeds.map((f) => f.entries)], want)).toEqual(expected);
        after = expected.at(-1);
        if (!after) break;
      }
    }
  });

  it('bounds celebrity ranges by the timeline: older celebrity posts are not even read', async () => {
    const [own, feed] = [key(), key()];
    await rebuild(
      own,
      Array.from({ length: 20 }, (_, i) => entry(100 - i)),
    );
    await rebuild(feed, [entry(95), entry(50)]);
    const five = await readTimelineWithFeeds(redis(), own, [feed], { want: 5, signal });
    expect(five.feeds[0]?.entries).toEqual([]);
    const ten = await readTimelineWithFeeds(redis(), own, [feed], { want: 10, signal });
    expect(ten.feeds[0]?.entries.map((e) => e.score)).toEqual([95]);
  });

  it('keeps posts fanned out while a rebuild reads Postgres', async () => {
    const k = key();
    const during = entry(9_000);
    const loaded = await rebuildFeed(
      redis(),
      k,
      800,
      async () => {
        // The feed exists (building) as soon as the rebuild starts: this push lands.
        expect((await read(redis(), k, 5)).state).toBe('building');
        expect(await fanOut([k], [during], 800)).toBe(1);
        return [entry(1_000)];
      },
      signal,
    );
    expect(loaded).toHaveLength(1);
    const after = await read(redis(), k, 5);
    expect(after.state).toBe('ready');
    expect(after.entries.map((e) => e.postId)).toEqual([during.postId, loaded[0]?.postId]);
  });
}
