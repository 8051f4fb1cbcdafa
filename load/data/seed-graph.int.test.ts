import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFollowsRepository } from '#functions/users/follows.repository.ts';
import { createUsersRepository } from '#functions/users/users.repository.ts';
import { verifyToken } from '#shared/auth/tokens.ts';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import type { SqlDatabase } from '#shared/postgres/sql.port.ts';
import { removeSeed } from './seed-database.ts';
import { seedGraph } from './seed-graph.ts';
import { planSeed, postRows, SeedError } from './seed-plan.ts';

// A small seed against the real Postgres: what the API returns is what the tables hold, the
// counters equal the edges, re-seeding is refused or replaces cleanly, failures leave nothing.

const secret = 'seed-test-secret-seed-test-secret-01';
let url: string;
let sql: postgres.Sql;
let db: SqlDatabase;
const prefixes: string[] = [];
const prefix = (): string => {
  const made = `it${Date.now().toString(36).slice(-6)}${Math.random().toString(36).slice(2, 5)}_`;
  prefixes.push(made);
  return made;
};

beforeAll(() => {
  url = inject('infra').DATABASE_URL;
  sql = postgres(url, { max: 2, onnotice: () => undefined });
  db = createNodeSqlPool({ url, poolSize: 2 });
});
afterAll(async () => {
  for (const made of prefixes) await removeSeed(made, { databaseUrl: url });
  await sql?.end();
  await db?.close();
});

async function stored(ids: readonly string[]) {
  const users = await sql<{ id: string; followerCount: number; followeeCount: number }[]>`
    SELECT id, follower_count AS "followerCount", followee_count AS "followeeCount" FROM users WHERE id = ANY(${ids as string[]}::uuid[])`;
  const follows = await sql<{ followerId: string; followeeId: string }[]>`
    SELECT follower_id AS "followerId", followee_id AS "followeeId" FROM follows WHERE followee_id = ANY(${ids as string[]}::uuid[])`;
  return { users: new Map(users.map((u) => [u.id, u])), follows };
}

describe('seedGraph against Postgres', () => {
  it('writes users, follows with exact counters, posts, and valid tokens', async () => {
    const graph = await seedGraph({ users: 60, seed: 11, prefix: prefix(), postsPerUser: 2, jwtSecret: secret, databaseUrl: url });
    const { users, follows } = await stored(graph.userIds);
    expect(users.size).toBe(60);
    expect(follows).toHaveLength(graph.stats.edges);
    graph.userIds.forEach((id, i) => {
      const actualFollowers = follows
        .filter((f) => f.followeeId === id)
        .map((f) => f.followerId)
        .sort();
      expect(actualFollowers).toEqual([...(graph.followers[i] ?? [])].sort());
      expect(users.get(id)?.followerCount).toBe(actualFollowers.length);
      expect(users.get(id)?.followeeCount).toBe(follows.filter((f) => f.followerId === id).length);
    });
    // Index 0 is the top celebrity of the Zipf law.
    expect(graph.followerCounts[0]).toBe(Math.max(...graph.followerCounts));
    const [{ posts } = { posts: 0 }] = await sql<
      { posts: number }[]
    >`SELECT count(*)::int AS posts FROM posts WHERE author_id = ANY(${graph.userIds as string[]}::uuid[])`;
    expect(posts).toBe(graph.posts.length);
    expect(posts).toBeGreaterThan(0);
    const token = graph.tokens?.[5] ?? '';
    expect((await verifyToken(token, { secret })).userId).toBe(graph.userIds[5]);
  });

  it('refuses to seed a taken prefix, and --reset replaces it fixing outside counters', async () => {
    const taken = prefix();
    const first = await seedGraph({ users: 30, seed: 4, prefix: taken, databaseUrl: url });
    await expect(seedGraph({ users: 30, seed: 4, prefix: taken, databaseUrl: url })).rejects.toMatchObject({ code: 'prefix_taken' });

    // Someone outside the seed follows its celebrity through the API's repository.
    const outsider = await createUsersRepository(db).create(
      { handle: `out_${Date.now().toString(36)}`, displayName: 'Outsider' },
      new AbortController().signal,
    );
    if (!outsider.ok) throw new Error('handle taken');
    const celebrity = first.userIds[0] ?? '';
    expect(await createFollowsRepository(db).follow(outsider.user.id, celebrity, new AbortController().signal)).toMatchObject({
      ok: true,
      created: true,
    });

    const second = await seedGraph({ users: 30, seed: 4, prefix: taken, databaseUrl: url, reset: true });
    expect(second.userIds).toEqual(first.userIds);
    const { users } = await stored([outsider.user.id, ...second.userIds]);
    expect(users.get(outsider.user.id)).toMatchObject({ followerCount: 0, followeeCount: 0 });
    expect(users.get(celebrity)?.followerCount).toBe(second.followerCounts[0]);
    const [{ edges } = { edges: -1 }] = await sql<
      { edges: number }[]
    >`SELECT count(*)::int AS edges FROM follows WHERE follower_id = ${outsider.user.id}`;
    expect(edges).toBe(0);
    await sql`DELETE FROM users WHERE id = ${outsider.user.id}`;
  });

  it('--reset with the same seed and prefix replaces the posts too (their ids are deterministic)', async () => {
    const again = prefix();
    const options = { users: 20, seed: 9, prefix: again, postsPerUser: 3, databaseUrl: url };
    const postsOf = async (ids: readonly string[]): Promise<number> => {
      const [{ posts } = { posts: -1 }] = await sql<
        { posts: number }[]
      >`SELECT count(*)::int AS posts FROM posts WHERE author_id = ANY(${ids as string[]}::uuid[])`;
      return posts;
    };
    const first = await seedGraph(options);
    expect(first.posts.length).toBeGreaterThan(0);
    // Same seed and prefix: same user ids and same post ids, so the old posts must be gone
    // before the COPY (they were not: COPY posts failed on posts_pkey, and the run hung).
    const second = await seedGraph({ ...options, reset: true });
    expect(second.posts.map((post) => post.id)).toEqual(first.posts.map((post) => post.id));
    expect(await postsOf(second.userIds)).toBe(second.posts.length);
    // A reset without posts leaves none of the old ones behind.
    const third = await seedGraph({ ...options, postsPerUser: 0, reset: true });
    expect(third.userIds).toEqual(first.userIds);
    expect(await postsOf(third.userIds)).toBe(0);
  });

  it('a COPY the server rejects fails promptly with a SeedError and leaves nothing behind', async () => {
    const clash = prefix();
    const options = { users: 20, seed: 3, prefix: clash, postsPerUser: 2, endAt: new Date('2026-11-01T00:00:00Z'), databaseUrl: url };
    // An outsider already owns the id of the first post the seed will write.
    const [firstPost] = postRows(planSeed(options));
    const [outsider] = await sql<
      { id: string }[]
    >`INSERT INTO users (handle, display_name) VALUES (${`cp_${Date.now().toString(36)}`}, 'Clash') RETURNING id`;
    await sql`INSERT INTO posts (id, author_id, text) VALUES (${firstPost?.id ?? ''}, ${outsider?.id ?? ''}, 'taken')`;
    try {
      const started = performance.now();
      const error = await seedGraph(options).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(error).toBeInstanceOf(SeedError);
      expect(error).toMatchObject({ code: 'copy_failed' });
      expect((error as Error).message).toMatch(/^COPY into posts failed: duplicate key value violates unique constraint "posts_pkey"/);
      const [{ count } = { count: -1 }] = await sql<
        { count: number }[]
      >`SELECT count(*)::int AS count FROM users WHERE handle ~* ${`^${clash}[0-9]+$`}`;
      expect(count).toBe(0);
    } finally {
      await sql`DELETE FROM users WHERE id = ${outsider?.id ?? ''}`;
    }
  }, 20_000);

  it('leaves nothing behind when interrupted half way (one transaction)', async () => {
    const interrupted = prefix();
    const abort = new AbortController();
    const attempt = seedGraph({
      users: 40,
      seed: 2,
      prefix: interrupted,
      databaseUrl: url,
      signal: abort.signal,
      // Users are copied; stop before the follows are.
      onProgress: ({ table }) => {
        if (table === 'users') abort.abort(new Error('stop'));
      },
    });
    await expect(attempt).rejects.toBeDefined();
    const [{ count } = { count: -1 }] = await sql<
      { count: number }[]
    >`SELECT count(*)::int AS count FROM users WHERE handle ~* ${`^${interrupted}[0-9]+$`}`;
    expect(count).toBe(0);
  });

  it('reports invalid options as SeedError before touching the database', async () => {
    await expect(seedGraph({ users: 10, seed: 1, prefix: 'bad prefix', databaseUrl: url })).rejects.toBeInstanceOf(SeedError);
  });
});
