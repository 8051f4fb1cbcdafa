import { beforeEach, describe, expect, it } from 'vitest';
import { fanOut } from './fan-out.ts';
import type { FanOutContext, FanOutLimits, FanOutRecord } from './fan-out.ts';
import { createInMemoryRedis } from '../testing/in-memory-redis.ts';
import type { InMemoryRedis } from '../testing/in-memory-redis.ts';
import { createInMemoryRepository } from '../testing/in-memory-repository.ts';
import type { InMemoryRepository } from '../testing/in-memory-repository.ts';
import { authorFeedKey, postKey, timelineKey } from '../store/timeline-keys.ts';
import { cachedPostItem, parsePostItem } from '../model/timeline-post.ts';
import { DEFAULT_TIMELINE_SETTINGS } from '../timeline-settings.ts';
import type { FanoutStrategy, TimelineSettings } from '../timeline-settings.ts';

const uid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const AUTHOR = uid(1);
const STAR = uid(2);
const FOLLOWERS = [uid(10), uid(11), uid(12), uid(13), uid(14)];

let redis: InMemoryRedis;
let repo: InMemoryRepository;
const warnings: string[] = [];

const settings = (strategy: FanoutStrategy): TimelineSettings => ({
  ...DEFAULT_TIMELINE_SETTINGS,
  strategy,
  celebrityThreshold: 3,
  followerPageSize: 2,
  maxEntries: 3,
});

const context = (strategy: FanoutStrategy, limits?: FanOutLimits): FanOutContext => ({
  deps: { sql: undefined as never, redis },
  signal: new AbortController().signal,
  settings: settings(strategy),
  repository: repo,
  log: { warn: (message) => warnings.push(message) },
  ...(limits ? { limits } : {}),
});

function event(n: number, authorId: string, score: number): FanOutRecord {
  return {
    value: {
      eventId: uid(5000 + n),
      type: 'post.created',
      occurredAt: new Date(score).toISOString(),
      post: { id: uid(1000 + n), authorId, text: `hello ${n}`, mediaKey: null, createdAt: new Date(score).toISOString() },
    },
  };
}

/** Materialised timelines, as a reader's first visit leaves them (empty + ready sentinel). */
function materialise(userIds: readonly string[]): void {
  for (const id of userIds) redis.zsets.set(timelineKey(id), new Map([['~', 0]]));
}

const members = (key: string): string[] => [...(redis.zsets.get(key)?.keys() ?? [])].filter((m) => m !== '~').sort();

beforeEach(() => {
  redis = createInMemoryRedis();
  repo = createInMemoryRepository();
  warnings.length = 0;
  repo.addUser(AUTHOR, 'author');
  repo.addUser(STAR, 'star');
  for (const follower of FOLLOWERS) {
    repo.addUser(follower, `f_${follower.slice(-2)}`);
    repo.follow(follower, STAR);
  }
  for (const follower of FOLLOWERS.slice(0, 3)) repo.follow(follower, AUTHOR);
});

describe('fanOut', () => {
  it('pushes into every existing follower timeline, paging the followers of a big author, and caches the post', async () => {
    materialise(FOLLOWERS);
    // 3 followers > 2 rows per query: paged by followerPageSize (2).
    const report = await fanOut([event(1, AUTHOR, 1_000)], context('hybrid', { followerRowsPerQuery: 2 }));
    expect(report).toEqual({ posts: 1, malformed: 0, pushedPosts: 1, followersRead: 3, timelineWrites: 3 });
    for (const follower of FOLLOWERS.slice(0, 3)) expect(members(timelineKey(follower))).toEqual([uid(1001)]);
    for (const follower of FOLLOWERS.slice(3)) expect(members(timelineKey(follower))).toEqual([]);
    expect(repo.calls.filter((c) => c === 'followersPage')).toHaveLength(2);
    expect(repo.calls).not.toContain('followersOfAuthors');
    const cached = cachedPostItem(redis.strings.get(postKey(uid(1001))) ?? null, uid(1001));
    expect(cached && parsePostItem(cached)).toMatchObject({
      author: { handle: 'author' },
      text: 'hello 1',
      createdAt: new Date(1_000).toISOString(),
    });
  });

  it("reads the followers of a batch's authors in one query and writes each timeline once with all its posts", async () => {
    materialise(FOLLOWERS);
    const batch = [event(1, AUTHOR, 1_000), event(2, STAR, 2_000), event(3, AUTHOR, 3_000)];
    const report = await fanOut(batch, context('write'));
    // AUTHOR: 3 followers x 2 posts; STAR: 5 followers x 1 post.
    expect(report).toEqual({ posts: 3, malformed: 0, pushedPosts: 3, followersRead: 8, timelineWrites: 11 });
    expect(repo.calls.filter((c) => c === 'followersOfAuthors')).toHaveLength(1);
    expect(repo.calls).not.toContain('followersPage');
    for (const follower of FOLLOWERS.slice(0, 3)) expect(members(timelineKey(follower))).toEqual([uid(1001), uid(1002), uid(1003)]);
    for (const follower of FOLLOWERS.slice(3)) expect(members(timelineKey(follower))).toEqual([uid(1002)]);
    // Each timeline in one script step: 5 timelines at followerPageSize (2) keys per call.
    expect(redis.calls.filter((c) => c === 'EVAL:fan-out')).toHaveLength(3);
  });

  it('splits authors into several queries when their follower counts exceed one query', async () => {
    materialise(FOLLOWERS);
    const report = await fanOut([event(1, AUTHOR, 1_000), event(2, STAR, 2_000)], context('write', { followerRowsPerQuery: 5 }));
    expect(report).toMatchObject({ followersRead: 8, timelineWrites: 8 });
    expect(repo.calls.filter((c) => c === 'followersOfAuthors')).toHaveLength(2);
    expect(members(timelineKey(FOLLOWERS[0] ?? ''))).toEqual([uid(1001), uid(1002)]);
  });

  it('leaves timelines nobody has read yet to be built on first read', async () => {
    materialise([FOLLOWERS[0] ?? '']);
    const report = await fanOut([event(1, AUTHOR, 1_000)], context('hybrid'));
    expect(report.timelineWrites).toBe(1);
    expect(redis.zsets.has(timelineKey(FOLLOWERS[1] ?? ''))).toBe(false);
  });

  it('is idempotent: a redelivered batch adds nothing', async () => {
    materialise(FOLLOWERS);
    const batch = [event(1, AUTHOR, 1_000), event(2, AUTHOR, 2_000)];
    await fanOut(batch, context('hybrid'));
    const before = FOLLOWERS.map((f) => members(timelineKey(f)));
    await fanOut([...batch, ...batch], context('hybrid'));
    expect(FOLLOWERS.map((f) => members(timelineKey(f)))).toEqual(before);
    expect(before[0]).toEqual([uid(1001), uid(1002)]);
  });

  it('keeps only the newest entries up to the cap, and the sentinel', async () => {
    materialise(FOLLOWERS);
    await fanOut(
      [1, 2, 3, 4, 5].map((n) => event(n, AUTHOR, n * 1_000)),
      context('write'),
    );
    expect(members(timelineKey(FOLLOWERS[0] ?? ''))).toEqual([uid(1003), uid(1004), uid(1005)]);
    expect(redis.zsets.get(timelineKey(FOLLOWERS[0] ?? ''))?.get('~')).toBe(0);
  });

  it('hybrid: a celebrity post goes to the author feed only; write pushes it to everyone; read to nobody', async () => {
    materialise(FOLLOWERS);
    redis.zsets.set(authorFeedKey(STAR), new Map([['~', 0]]));
    const hybrid = await fanOut([event(1, STAR, 1_000)], context('hybrid'));
    expect(hybrid).toMatchObject({ pushedPosts: 0, followersRead: 0, timelineWrites: 0 });
    expect(members(authorFeedKey(STAR))).toEqual([uid(1001)]);

    const write = await fanOut([event(2, STAR, 2_000)], context('write'));
    expect(write).toMatchObject({ pushedPosts: 1, followersRead: 5, timelineWrites: 5 });

    const read = await fanOut([event(3, STAR, 3_000), event(4, AUTHOR, 4_000)], context('read'));
    expect(read).toMatchObject({ posts: 2, pushedPosts: 0, timelineWrites: 0 });
    expect(members(timelineKey(FOLLOWERS[0] ?? ''))).toEqual([uid(1002)]);
    expect(redis.strings.has(postKey(uid(1004)))).toBe(true);
  });

  it('skips malformed records and unknown authors without failing the batch', async () => {
    materialise(FOLLOWERS);
    const report = await fanOut(
      [{ value: 'not json' }, { value: { type: 'post.created' } }, event(1, uid(99), 1_000), event(2, AUTHOR, 2_000)],
      context('hybrid'),
    );
    expect(report).toMatchObject({ posts: 1, malformed: 2, timelineWrites: 3 });
    expect(warnings).toHaveLength(3);
  });

  it("skips events a real post could not produce: NUL or over-long text, another user's media key", async () => {
    materialise(FOLLOWERS);
    const forged = (n: number, post: Record<string, unknown>): FanOutRecord => {
      const record = event(n, AUTHOR, n * 1_000) as { value: { post: Record<string, unknown> } };
      return { value: { ...record.value, post: { ...record.value.post, ...post } } };
    };
    const ownKey = `media/${AUTHOR}/${uid(77)}.png`;
    const report = await fanOut(
      [
        forged(1, { text: 'nul \u0000 inside' }),
        forged(2, { text: 'x'.repeat(281) }),
        forged(3, { mediaKey: `media/${STAR}/${uid(77)}.png` }), // someone else's upload
        forged(4, { mediaKey: '../../etc/passwd' }),
        forged(5, { text: '🙂'.repeat(280), mediaKey: ownKey }), // 280 code points (560 UTF-16 units), own key
      ],
      context('hybrid'),
    );
    expect(report).toMatchObject({ posts: 1, malformed: 4 });
    expect(redis.strings.has(postKey(uid(1005)))).toBe(true);
    for (const n of [1, 2, 3, 4]) expect(redis.strings.has(postKey(uid(1000 + n)))).toBe(false);
    expect(warnings.filter((w) => w.includes('malformed'))).toHaveLength(4);
  });

  it('rejects when Redis is down, so the trigger retries the batch', async () => {
    redis.down = true;
    await expect(fanOut([event(1, AUTHOR, 1_000)], context('hybrid'))).rejects.toMatchObject({ name: 'RedisError', code: 'unavailable' });
  });
});
