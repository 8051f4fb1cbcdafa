import { describe, expect, it } from 'vitest';
import { fanOut } from './fan-out.ts';
import { rebuildFeed } from '../store/feed-store.ts';
import { useRealStores } from '../testing/real-stores.node.ts';
import { postKey, timelineKey } from '../store/timeline-keys.ts';
import { DEFAULT_TIMELINE_SETTINGS } from '../timeline-settings.ts';

// The grouped fan-out (one followers query per group of authors, one script step per
// timeline) against the real Postgres and Redis (the script steps themselves are held to the
// feed Redis contract in store/feed-redis.int.test.ts). Fresh UUIDs and
// handles: nothing shared is touched; rows and keys made here are removed afterwards.

const signal = new AbortController().signal;
const users: string[] = [];
const {
  db,
  repository,
  redis: adapter,
} = useRealStores(async (sql) => {
  if (users.length === 0) return;
  await sql.query(
    `DELETE FROM follows WHERE follower_id = ANY(string_to_array($1, ',')::uuid[]) OR followee_id = ANY(string_to_array($1, ',')::uuid[])`,
    [users.join(',')],
  );
  await sql.query(`DELETE FROM users WHERE id = ANY(string_to_array($1, ',')::uuid[])`, [users.join(',')]);
});

async function user(followers = 0): Promise<string> {
  const handle = `fo_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await db().query<{ id: string }>(
    'INSERT INTO users (handle, display_name, follower_count) VALUES ($1, $1, $2) RETURNING id',
    [handle, followers],
  );
  users.push(row?.id ?? '');
  return row?.id ?? '';
}
const follow = (follower: string, followee: string): Promise<unknown> =>
  db().query('INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2)', [follower, followee]);

describe('grouped fan-out on real Postgres', () => {
  it('returns every follower of a group of authors once, with the authors each follows', async () => {
    const [a, b, lonely] = [await user(2), await user(2), await user(0)];
    const [both, onlyA, onlyB] = [await user(), await user(), await user()];
    await follow(both, a);
    await follow(both, b);
    await follow(onlyA, a);
    await follow(onlyB, b);
    const rows = await repository().followersOfAuthors([a, lonely, b], signal);
    const byFollower = new Map(rows.map((row) => [row.followerId, [...row.authors].sort()]));
    expect(byFollower).toEqual(
      new Map([
        [both, [0, 2]],
        [onlyA, [0]],
        [onlyB, [2]],
      ]),
    );
    expect(await repository().followersOfAuthors([], signal)).toEqual([]);
  });

  it('fans a batch of several authors out into the real timelines', async () => {
    const redis = adapter('tcp');
    const [a, b] = [await user(2), await user(1)];
    const [both, onlyA] = [await user(), await user()];
    await follow(both, a);
    await follow(both, b);
    await follow(onlyA, a);
    for (const reader of [both, onlyA]) await rebuildFeed(redis, timelineKey(reader), 800, async () => [], signal);
    const post = (authorId: string, at: number) => {
      const id = crypto.randomUUID();
      const createdAt = new Date(at).toISOString();
      return {
        value: {
          eventId: crypto.randomUUID(),
          type: 'post.created',
          occurredAt: createdAt,
          post: { id, authorId, text: 'hi', mediaKey: null, createdAt },
        },
      };
    };
    const batch = [post(a, 1_000), post(b, 2_000), post(a, 3_000)];
    const ids = batch.map((record) => record.value.post.id);
    const report = await fanOut(batch, {
      deps: { sql: db(), redis },
      signal,
      settings: { ...DEFAULT_TIMELINE_SETTINGS, strategy: 'write' },
      repository: repository(),
    });
    expect(report).toMatchObject({ posts: 3, pushedPosts: 3, followersRead: 3, timelineWrites: 5 });
    const members = async (reader: string): Promise<string[]> =>
      (await redis.zrevrangeByScore(timelineKey(reader), { signal })).map((m) => m.member).filter((m) => m !== '~');
    expect(await members(both)).toEqual([ids[2], ids[1], ids[0]]);
    expect(await members(onlyA)).toEqual([ids[2], ids[0]]);
    await redis.del([timelineKey(both), timelineKey(onlyA), ...ids.map((id) => postKey(id ?? ''))]);
  });
});
