import { describe, expect, it } from 'vitest';
import { useRealStores } from '../testing/real-stores.node.ts';
import { exactTop } from '../read/timeline-page.ts';

// What only the real Postgres shows: microsecond order within a millisecond. The rest of the
// repository is held to its contract (timeline-repository.int.test.ts), the Redis commands and
// scripts to the feed Redis contract (feed-redis.int.test.ts). Rows use fresh handles.

const signal = new AbortController().signal;
const { db, repository } = useRealStores();

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
});
