import { describe, expect, it } from 'vitest';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { readFeed, readFeeds, readTimelineWithFeeds, rebuildFeed } from './feed-store.ts';
import { writeFeeds } from '../fan-out/feed-writes.ts';
import { useRealStores } from '../testing/real-stores.node.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import { postKey, timelineKey } from './timeline-keys.ts';
import { cachePosts } from '../read/post-hydration.ts';
import { cachedPostItem, postItemJson } from '../model/timeline-post.ts';
import { exactTop, mergeFeeds } from '../read/timeline-page.ts';

// The Lua scripts and the SQL of the timeline against the real Redis (both adapters) and the
// real Postgres. Keys and rows use fresh UUIDs: nothing shared is touched.

const signal = new AbortController().signal;
const { db, repository, redis: adapter } = useRealStores();
const entry = (score: number): TimelineEntry => ({ score, postId: crypto.randomUUID() });
/** Fan-out of every entry to every key (production's writeFeeds); resolves (feed, entry) pairs written. */
const fanOut = (redis: RedisPort, keys: readonly string[], entries: readonly TimelineEntry[], cap: number): Promise<number> =>
  writeFeeds(
    redis,
    entries,
    keys.map((key) => ({ key, entries: entries.map((_, index) => index) })),
    { cap, signal },
  );

describe.each(['tcp', 'rest'])('materialised feeds on real Redis (%s adapter)', (name) => {
  const redis = (): RedisPort => adapter(name);

  it('fan-out writes only feeds that exist, trims to the cap and keeps the sentinel', async () => {
    const [warm, cold] = [timelineKey(crypto.randomUUID()), timelineKey(crypto.randomUUID())];
    await rebuildFeed(redis(), warm, 3, async () => [], signal);
    // Two entries land in the one feed that exists; the cold feed stays missing.
    expect(await fanOut(redis(), [warm, cold], [entry(1_000), entry(2_000)], 3)).toBe(2);
    expect(await redis().zrevrangeByScore(cold, { signal })).toEqual([]);
    const newest = [entry(3_000), entry(4_000)];
    await fanOut(redis(), [warm], newest, 3);
    const all = await redis().zrevrangeByScore(warm, { signal });
    expect(all.map((m) => m.score)).toEqual([4_000, 3_000, 2_000, 0]);
    expect(all.at(-1)?.member).toBe('~');
    // Redelivery: the same entries again change nothing.
    await fanOut(redis(), [warm], newest, 3);
    expect(await redis().zrevrangeByScore(warm, { signal })).toEqual(all);
    await redis().del([warm]);
  });

  it('a rebuilt feed carries a TTL that fan-out keeps; once expired the feed reads as missing and is rebuilt', async () => {
    const key = timelineKey(crypto.randomUUID());
    await rebuildFeed(redis(), key, 800, async () => [entry(1_000)], signal, 600);
    const ttl = (): Promise<unknown> => redis().eval("return redis.call('TTL', KEYS[1])", [key], [], { signal });
    expect(await ttl()).toBeGreaterThan(590);
    await fanOut(redis(), [key], [entry(2_000)], 800);
    expect(await ttl()).toBeGreaterThan(590);
    // Expiry (here forced to 1 s) is a miss like eviction: the read path rebuilds from Postgres.
    await redis().expire(key, 1, { signal });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await readFeed(redis(), key, { want: 5, signal })).state).toBe('missing');
    await rebuildFeed(redis(), key, 800, async () => [entry(3_000)], signal, 600);
    expect((await readFeed(redis(), key, { want: 5, signal })).entries.map((e) => e.score)).toEqual([3_000]);
    await redis().del([key]);
  });

  it('reads pages after a cursor, including same-millisecond ties, and reports the feed state', async () => {
    const key = timelineKey(crypto.randomUUID());
    expect((await readFeed(redis(), key, { want: 5, signal })).state).toBe('missing');
    const entries = [entry(5_000), entry(4_000), entry(4_000), entry(4_000), entry(3_000)];
    await rebuildFeed(redis(), key, 800, async () => entries, signal);
    const ordered = [...entries].sort((a, b) => b.score - a.score || (a.postId < b.postId ? 1 : -1));
    const first = await readFeed(redis(), key, { want: 2, signal });
    // One range of want + 2 (look-ahead slack): at least `want`, in ZREVRANGE order.
    expect(first.state).toBe('more');
    expect(first.entries.length).toBeGreaterThanOrEqual(2);
    expect(first.entries).toEqual(ordered.slice(0, first.entries.length));
    const second = await readFeed(redis(), key, { after: ordered[1], want: 2, signal });
    expect(second.entries.slice(0, 2)).toEqual(ordered.slice(2, 4));
    const end = await readFeed(redis(), key, { after: ordered[3], want: 5, signal });
    expect(end).toEqual({ entries: ordered.slice(4), state: 'ready' });
    const past = await readFeed(redis(), key, { after: ordered[4], want: 5, signal });
    expect(past).toEqual({ entries: [], state: 'ready' });
    await redis().del([key]);
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
    await cachePosts(redis(), posts, 60, signal);
    const [a, b] = await redis().mget(
      posts.map((p) => postKey(p.postId)),
      { signal },
    );
    expect([cachedPostItem(a ?? null, posts[0]?.postId ?? ''), cachedPostItem(b ?? null, posts[1]?.postId ?? '')]).toEqual(
      posts.map(postItemJson),
    );
    const ttl = await redis().eval(`return redis.call('TTL', KEYS[1])`, [postKey(posts[0]?.postId ?? '')], [], { signal });
    expect(ttl).toBeGreaterThan(50);
    await redis().del(posts.map((p) => postKey(p.postId)));
  });

  it('reads several feeds in one script call, with the same verdicts as one by one', async () => {
    const [ready, missing, cut] = [timelineKey(crypto.randomUUID()), timelineKey(crypto.randomUUID()), timelineKey(crypto.randomUUID())];
    await rebuildFeed(redis(), ready, 800, async () => [entry(3_000), entry(2_000)], signal);
    await rebuildFeed(redis(), cut, 800, async () => [entry(9_000), entry(8_000), entry(7_000), entry(6_000), entry(5_000)], signal);
    const many = await readFeeds(redis(), [ready, missing, cut], { want: 2, signal });
    const one = await Promise.all([ready, missing, cut].map((key) => readFeed(redis(), key, { want: 2, signal })));
    expect(many).toEqual(one);
    expect(many.map((read) => read.state)).toEqual(['ready', 'missing', 'more']);
    const after = many[2]?.entries[1];
    const next = await readFeeds(redis(), [ready, cut], { after, want: 2, signal });
    expect(next[1]?.entries.map((e) => e.score)).toEqual([7_000, 6_000, 5_000].slice(0, next[1]?.entries.length));
    // A position is global (a score): everything older in any feed comes after it.
    expect(next[0]?.entries.map((e) => e.score)).toEqual([3_000, 2_000]);
    await redis().del([ready, cut]);
  });

  it('hybrid read in one call: same pages as reading every feed fully, with states of missing and building feeds', async () => {
    const own = timelineKey(crypto.randomUUID());
    const feeds = [timelineKey(crypto.randomUUID()), timelineKey(crypto.randomUUID()), timelineKey(crypto.randomUUID())];
    const missing = timelineKey(crypto.randomUUID());
    const building = timelineKey(crypto.randomUUID());
    // Random scores with many ties, so bounds and cursors fall inside equal-score runs.
    const random = (n: number): TimelineEntry[] => Array.from({ length: n }, () => entry(1_000 + Math.floor(Math.random() * 40)));
    await rebuildFeed(redis(), own, 800, async () => random(60), signal);
    for (const key of feeds) await rebuildFeed(redis(), key, 800, async () => random(15), signal);
    await redis().eval(`return redis.call('ZADD', KEYS[1], -1, '~')`, [building], [], { signal });
    const keys = [...feeds, missing, building];
    for (const want of [3, 11, 40]) {
      let after: TimelineEntry | undefined;
      for (let page = 0; page < 4; page += 1) {
        const fast = await readTimelineWithFeeds(redis(), own, keys, { after, want, signal });
        expect(fast.feeds.slice(3).map((f) => f.state)).toEqual(['missing', 'building']);
        const full = await Promise.all([own, ...feeds].map((key) => readFeed(redis(), key, { after, want, signal })));
        const expected = mergeFeeds(
          full.map((f) => f.entries),
          want,
        );
        expect(mergeFeeds([fast.own.entries, ...fast.feeds.map((f) => f.entries)], want)).toEqual(expected);
        after = expected.at(-1);
        if (!after) break;
      }
    }
    await redis().del([own, ...feeds, building]);
  });

  it('bounds celebrity ranges by the timeline: older celebrity posts are not even read', async () => {
    const own = timelineKey(crypto.randomUUID());
    const feed = timelineKey(crypto.randomUUID());
    await rebuildFeed(redis(), own, 800, async () => Array.from({ length: 20 }, (_, i) => entry(100 - i)), signal);
    await rebuildFeed(redis(), feed, 800, async () => [entry(95), entry(50)], signal);
    const five = await readTimelineWithFeeds(redis(), own, [feed], { want: 5, signal });
    expect(five.feeds[0]?.entries).toEqual([]);
    const ten = await readTimelineWithFeeds(redis(), own, [feed], { want: 10, signal });
    expect(ten.feeds[0]?.entries.map((e) => e.score)).toEqual([95]);
    await redis().del([own, feed]);
  });

  it('keeps posts fanned out while a rebuild reads Postgres', async () => {
    const key = timelineKey(crypto.randomUUID());
    const during = entry(9_000);
    const loaded = await rebuildFeed(
      redis(),
      key,
      800,
      async () => {
        // The feed exists (building) as soon as the rebuild starts: this push lands.
        expect((await readFeed(redis(), key, { want: 5, signal })).state).toBe('building');
        expect(await fanOut(redis(), [key], [during], 800)).toBe(1);
        return [entry(1_000)];
      },
      signal,
    );
    expect(loaded).toHaveLength(1);
    const read = await readFeed(redis(), key, { want: 5, signal });
    expect(read.state).toBe('ready');
    expect(read.entries.map((e) => e.postId)).toEqual([during.postId, loaded[0]?.postId]);
    await redis().del([key]);
  });
});

describe('timeline SQL on real Postgres', () => {
  async function user(followers = 0): Promise<string> {
    const handle = `tl_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const [row] = await db().query<{ id: string }>(
      'INSERT INTO users (handle, display_name, follower_count) VALUES ($1, $1, $2) RETURNING id',
      [handle, followers],
    );
    return row?.id ?? '';
  }
  const follow = (follower: string, followee: string, at = new Date()): Promise<unknown> =>
    db().query('INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3)', [follower, followee, at]);
  const post = async (author: string, createdAt: string): Promise<string> => {
    const [row] = await db().query<{ id: string }>(
      'INSERT INTO posts (author_id, text, created_at) VALUES ($1, $2, $3::timestamptz) RETURNING id',
      [author, `at ${createdAt}`, createdAt],
    );
    return row?.id ?? '';
  };

  it('orders by (millisecond, id) with exact cursors even when microseconds disagree', async () => {
    const [reader, a, b] = [await user(), await user(), await user()];
    await follow(reader, a);
    await follow(reader, b);
    // Three posts in the same millisecond, microseconds in the opposite order of their ids.
    const ids = [
      await post(a, '2026-01-01T00:00:00.005900Z'),
      await post(b, '2026-01-01T00:00:00.005500Z'),
      await post(a, '2026-01-01T00:00:00.005100Z'),
      await post(b, '2026-01-01T00:00:00.004000Z'),
    ];
    const expected = [...ids.slice(0, 3)]
      .sort()
      .reverse()
      .concat(ids[3] ?? '');
    const rows = await repository().homeTimelinePosts(reader, { fetch: 10 }, signal);
    expect(exactTop(rows, 10, 10).top.map((r) => r.postId)).toEqual(expected);
    expect(rows[0]).toMatchObject({ score: Date.parse('2026-01-01T00:00:00.005Z'), authorHandle: expect.stringMatching(/^tl_/) });

    const [, second] = exactTop(rows, 10, 10).top;
    const after = await repository().homeTimelinePosts(reader, { after: second, fetch: 10 }, signal);
    expect(exactTop(after, 10, 10).top.map((r) => r.postId)).toEqual(expected.slice(2));
    const entries = await repository().homeTimelineEntries(reader, 800, undefined, signal);
    expect(entries.map((e) => e.postId).sort()).toEqual([...ids].sort());
  });

  it('pages followers by the followers index and finds followed celebrities', async () => {
    const star = await user(5);
    const small = await user(1);
    const fans = [await user(), await user(), await user()];
    for (const [i, fan] of fans.entries()) await follow(fan, star, new Date(Date.now() - i * 1000));
    await follow(fans[0] ?? '', small);
    const first = await repository().followersPage(star, undefined, 2, signal);
    expect(first.followerIds).toHaveLength(2);
    const second = await repository().followersPage(star, first.next, 2, signal);
    expect(second).toEqual({ followerIds: [fans[2]], next: undefined });
    expect([...first.followerIds, ...second.followerIds].sort()).toEqual([...fans].sort());
    expect(await repository().celebrityFollowees(fans[0] ?? '', 3, signal)).toEqual([star]);
    const authors = await repository().authors([star, small], signal);
    expect(authors.map((a) => a.followerCount).sort()).toEqual([1, 5]);
  });
});
