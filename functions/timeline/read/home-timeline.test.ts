import { beforeEach, describe, expect, it } from 'vitest';
import { fanOut } from '../fan-out/fan-out.ts';
import { readHomeTimeline } from './home-timeline.ts';
import type { HomeTimelineContext } from './home-timeline-request.ts';
import { createInMemoryRedis } from '../testing/in-memory-redis.ts';
import type { InMemoryRedis } from '../testing/in-memory-redis.ts';
import { createInMemoryRepository } from '../testing/in-memory-repository.ts';
import type { InMemoryRepository } from '../testing/in-memory-repository.ts';
import { timelineCursors } from '../cursors/timeline-cursor.ts';
import { timelineKey } from '../store/timeline-keys.ts';
import { parsePostItem } from '../model/timeline-post.ts';
import type { PostItemJson, TimelinePost } from '../model/timeline-post.ts';
import { DEFAULT_TIMELINE_SETTINGS } from '../timeline-settings.ts';
import { createTtlCache } from './ttl-cache.ts';
import type { FanoutStrategy, TimelineSettings } from '../timeline-settings.ts';

const uid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const READER = uid(1);
const FRIEND = uid(2);
const STAR = uid(3);
const FANS = [uid(10), uid(11), uid(12)];

let redis: InMemoryRedis;
let repo: InMemoryRepository;
let nextPost = 1000;

function settings(strategy: FanoutStrategy, overrides: Partial<TimelineSettings> = {}): TimelineSettings {
  return { ...DEFAULT_TIMELINE_SETTINGS, strategy, celebrityThreshold: 2, ...overrides };
}

function context(s: TimelineSettings, onDegraded?: (error: unknown) => void): HomeTimelineContext {
  return { redis, repository: repo, settings: s, signal: new AbortController().signal, ...(onDegraded ? { onDegraded } : {}) };
}

/** Writes a post to the repository and fans it out like the event trigger would. */
async function publish(authorId: string, score: number, s: TimelineSettings): Promise<TimelinePost> {
  nextPost += 1;
  const post = repo.addPost({ postId: uid(nextPost), authorId, text: `post ${nextPost}`, mediaKey: null, score });
  const value = {
    eventId: uid(50_000 + nextPost),
    type: 'post.created',
    occurredAt: post.createdAt,
    post: { id: post.postId, authorId, text: post.text, mediaKey: null, createdAt: post.createdAt },
  };
  await fanOut([{ value }], {
    deps: { sql: undefined as never, redis },
    signal: new AbortController().signal,
    settings: s,
    repository: repo,
  });
  return post;
}

const ids = (posts: readonly ({ postId: string } | PostItemJson)[]): string[] =>
  posts.map((post) => (typeof post === 'string' ? parsePostItem(post).id : post.postId));

beforeEach(() => {
  redis = createInMemoryRedis();
  repo = createInMemoryRepository();
  repo.addUser(READER, 'reader');
  repo.addUser(FRIEND, 'friend');
  repo.addUser(STAR, 'star');
  for (const fan of FANS) {
    repo.addUser(fan, `fan_${fan.slice(-2)}`);
    repo.follow(fan, STAR);
  }
  repo.follow(READER, FRIEND);
  repo.follow(READER, STAR);
});

describe('readHomeTimeline (hybrid)', () => {
  const s = settings('hybrid');

  it('rebuilds a missing timeline from Postgres, then serves it from Redis with one range + one MGET', async () => {
    const old = await publish(FRIEND, 1_000, s);
    const first = await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    expect(ids(first.items)).toEqual([old.postId]);
    expect(repo.calls).toContain('homeTimelineEntries');
    expect(redis.zsets.get(timelineKey(READER))?.get(old.postId)).toBe(1_000);

    const newer = await publish(FRIEND, 2_000, s);
    redis.calls.length = 0;
    repo.calls.length = 0;
    const second = await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    expect(ids(second.items)).toEqual([newer.postId, old.postId]);
    expect(second.degraded).toBe(false);
    expect(repo.calls).toEqual([]);
    expect(redis.calls.filter((c) => c === 'ZREVRANGEBYSCORE' || c === 'MGET').sort()).toEqual([
      'MGET',
      'ZREVRANGEBYSCORE',
      'ZREVRANGEBYSCORE',
    ]);
  });

  it('keeps the celebrity list in instance memory: a warm read is one script call and one MGET', async () => {
    const celebrityLists = createTtlCache<readonly string[]>({ maxEntries: 10 });
    const ctx = { ...context(s), celebrityLists };
    await publish(FRIEND, 1_000, s);
    await publish(STAR, 2_000, s);
    await readHomeTimeline({ userId: READER, limit: 20 }, ctx);
    expect(celebrityLists.get(READER)).toEqual([STAR]);
    redis.calls.length = 0;
    const page = await readHomeTimeline({ userId: READER, limit: 20 }, ctx);
    expect(page.items).toHaveLength(2);
    expect(redis.calls).toEqual(['EVAL:hybrid-read', 'MGET']);
  });

  it('without the list in memory, reads it with the timeline range, then all celebrity feeds in one call', async () => {
    const STAR2 = uid(4);
    repo.addUser(STAR2, 'star2');
    for (const fan of FANS) repo.follow(fan, STAR2);
    repo.follow(READER, STAR2);
    const ctx = context(s);
    const a = await publish(STAR, 2_000, s);
    const b = await publish(STAR2, 3_000, s);
    const c = await publish(FRIEND, 1_000, s);
    await readHomeTimeline({ userId: READER, limit: 20 }, ctx);
    redis.calls.length = 0;
    const page = await readHomeTimeline({ userId: READER, limit: 20 }, ctx);
    expect(ids(page.items)).toEqual([b.postId, a.postId, c.postId]);
    expect([...redis.calls].sort()).toEqual(['EVAL:multi-range', 'GET', 'MGET', 'ZREVRANGEBYSCORE']);
  });

  it('merges celebrity posts at read time without pushing them to followers', async () => {
    await readHomeTimeline({ userId: READER, limit: 20 }, context(s)); // materialise
    const friendPost = await publish(FRIEND, 1_000, s);
    const starPost = await publish(STAR, 2_000, s);
    expect(redis.zsets.get(timelineKey(READER))?.has(starPost.postId)).toBe(false);
    const page = await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    expect(ids(page.items)).toEqual([starPost.postId, friendPost.postId]);
    expect(parsePostItem(page.items[0] as PostItemJson)).toMatchObject({ author: { id: STAR, handle: 'star' }, text: starPost.text });
  });

  it('paginates with cursors across own and celebrity feeds, ties included, without gaps or repeats', async () => {
    await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    const published: TimelinePost[] = [];
    for (let i = 0; i < 12; i += 1) published.push(await publish(i % 3 === 0 ? STAR : FRIEND, 1_000 + Math.floor(i / 2), s));
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await readHomeTimeline(
        { userId: READER, limit: 5, cursor: cursor ? timelineCursors.decode(cursor) : undefined },
        context(s),
      );
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = [...published].sort((a, b) => b.score - a.score || (a.postId < b.postId ? 1 : -1));
    expect(seen).toEqual(ids(expected));
  });

  it('stops at the cap across pages', async () => {
    const capped = settings('hybrid', { maxEntries: 4 });
    for (let i = 0; i < 6; i += 1) await publish(FRIEND, 1_000 + i, capped);
    const first = await readHomeTimeline({ userId: READER, limit: 3 }, context(capped));
    const second = await readHomeTimeline(
      { userId: READER, limit: 3, cursor: timelineCursors.decode(first.nextCursor ?? '') },
      context(capped),
    );
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  it('serves from Postgres, marked degraded, when Redis is down; the cursor carries over', async () => {
    for (let i = 0; i < 4; i += 1) await publish(i === 3 ? STAR : FRIEND, 1_000 + i, s);
    const first = await readHomeTimeline({ userId: READER, limit: 2 }, context(s));
    redis.down = true;
    const degradedErrors: unknown[] = [];
    const second = await readHomeTimeline(
      { userId: READER, limit: 2, cursor: timelineCursors.decode(first.nextCursor ?? '') },
      context(s, (e) => degradedErrors.push(e)),
    );
    expect(second.degraded).toBe(true);
    expect(degradedErrors).toHaveLength(1);
    expect([...ids(first.items), ...ids(second.items)]).toEqual(ids([...repo.graph.posts].sort((a, b) => b.score - a.score)));
  });

  it('propagates Postgres failures when it needs Postgres', async () => {
    repo.down = true;
    await expect(readHomeTimeline({ userId: READER, limit: 20 }, context(s))).rejects.toMatchObject({
      name: 'SqlError',
      code: 'unavailable',
    });
    redis.down = true;
    await expect(readHomeTimeline({ userId: READER, limit: 20 }, context(s))).rejects.toMatchObject({ name: 'SqlError' });
  });

  it('does not fall back when the deadline fired', async () => {
    redis.down = true;
    const controller = new AbortController();
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const ctx = { ...context(s), signal: controller.signal };
    await expect(readHomeTimeline({ userId: READER, limit: 20 }, ctx)).rejects.toMatchObject({ name: 'RedisError' });
    expect(repo.calls).toEqual([]);
  });
});

describe('readHomeTimeline (other strategies)', () => {
  it('read: builds every page from Postgres and never touches Redis', async () => {
    const s = settings('read');
    const a = await publish(FRIEND, 1_000, s);
    const b = await publish(STAR, 2_000, s);
    redis.calls.length = 0;
    const page = await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    expect(ids(page.items)).toEqual([b.postId, a.postId]);
    expect(page.degraded).toBe(false);
    expect(redis.calls).toEqual([]);
  });

  it('write: pushes celebrity posts too and reads only the cached timeline', async () => {
    const s = settings('write');
    await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    const star = await publish(STAR, 2_000, s);
    expect(redis.zsets.get(timelineKey(READER))?.has(star.postId)).toBe(true);
    redis.calls.length = 0;
    const page = await readHomeTimeline({ userId: READER, limit: 20 }, context(s));
    expect(ids(page.items)).toEqual([star.postId]);
    expect(redis.calls).not.toContain('GET');
  });
});
