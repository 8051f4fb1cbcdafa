import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { functionPortVariable, startNodeHost } from '#shared/runtime/node/node-host.ts';
import type { NodeHost } from '#shared/runtime/node/node-host.ts';
import { startService, stopService } from '#local-infra/services/index.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { createKafkajsEventConsumer } from '#shared/kafka/adapters/kafkajs-consumer.ts';
import { createNodeSqlPool } from '#shared/postgres/adapters/node-pool.ts';
import type { SqlDatabase } from '#shared/postgres/sql.port.ts';
import { createIoredisRedis } from '#shared/redis/adapters/ioredis.adapter.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { postsFunction } from '../posts/index.ts';
import { usersFunction } from '../users/index.ts';
import { timelineFunction } from './index.ts';
import { createPost, follow, readWholeTimeline, signUp, timelinePage, unfollow } from './testing/timeline-api.ts';
import type { ApiUrls, ApiUser } from './testing/timeline-api.ts';
import { authorFeedKey, timelineKey } from './store/timeline-keys.ts';

// End to end on Node against the real services: users + posts (+ outbox relay) + timeline
// (+ fan-out consumer) in one host, then the failures of the issue produced by really stopping
// Redis, Kafka and Postgres through local-infra (restarted in `finally`).
//
// The timeline runs under its own name, hence its own consumer group starting at the latest
// offset: it sees exactly the events published while this file runs, whatever else shares Kafka.

const THRESHOLD = 4;
const FIVE_SECONDS = 5_000;
const infra = inject('infra');
const runId = Math.random().toString(36).slice(2, 8);
const timeline: FunctionDefinition = { ...timelineFunction, name: `timeline-e2e-${runId}` };
const savedEnv = { threshold: process.env['CELEBRITY_FOLLOWER_THRESHOLD'], strategy: process.env['FANOUT_STRATEGY'] };

let host: NodeHost;
let urls: ApiUrls;
let redis: RedisPort;
let db: SqlDatabase;
let author: ApiUser;
let star: ApiUser;
let readers: ApiUser[];
let fans: ApiUser[];
let bystander: ApiUser;

const ids = (items: readonly { id: string }[]): string[] => items.map((item) => item.id);
const inRedisTimeline = async (user: ApiUser, postId: string): Promise<boolean> =>
  (await redis.zrevrangeByScore(timelineKey(user.id))).some((entry) => entry.member === postId);

/** Polls a reader's first page until `postId` shows; resolves the ms it took from `since`. */
async function visibleAfter(reader: ApiUser, postId: string, since: number, timeoutMs: number): Promise<number> {
  await expect
    .poll(
      async () => {
        const response = await timelinePage(urls, reader, { limit: 20 });
        return response.status === 200 ? ids(((await response.json()) as { items: { id: string }[] }).items) : [];
      },
      { timeout: timeoutMs, interval: 25, message: `post ${postId} in the timeline of ${reader.handle}` },
    )
    .toContain(postId);
  return Date.now() - since;
}

beforeAll(async () => {
  // Read by timelineSettingsOf(process.env) on the HTTP side and in the trigger context.
  process.env['CELEBRITY_FOLLOWER_THRESHOLD'] = String(THRESHOLD);
  process.env['FANOUT_STRATEGY'] = 'hybrid';
  const config = loadConfig(process.env);
  const portEnv = Object.fromEntries([usersFunction, postsFunction, timeline].map((fn) => [functionPortVariable(fn), '0']));
  host = await startNodeHost({
    functions: [usersFunction, postsFunction, timeline],
    config,
    env: { ...process.env, ...portEnv },
    drainTimeoutMs: 2_000,
    triggers: {
      createConsumer: (options) => createKafkajsEventConsumer({ ...options, brokers: config.kafka.brokers, startFrom: 'latest' }),
    },
  });
  const url = (name: string): string => host.functions.find((fn) => fn.name === name)?.url ?? '';
  urls = { users: url('users'), posts: url('posts'), timeline: url(timeline.name) };
  await host.triggers?.joined(AbortSignal.timeout(60_000));
  redis = createIoredisRedis({ url: infra.REDIS_URL });
  db = createNodeSqlPool({ url: infra.DATABASE_URL, poolSize: 2 });

  [author, star, bystander] = await Promise.all([signUp(urls), signUp(urls), signUp(urls)]);
  readers = await Promise.all([signUp(urls), signUp(urls), signUp(urls)]);
  fans = await Promise.all(Array.from({ length: THRESHOLD }, () => signUp(urls)));
  for (const reader of readers) await follow(urls, reader, author.id);
  // The star crosses the threshold: two readers and every fan follow them.
  for (const user of [...readers.slice(0, 2), ...fans]) await follow(urls, user, star.id);
  // Other timeline consumers may share this Kafka topic (a developer's `npm start`, a load
  // test) with the default threshold (10,000): to them the star would be an ordinary author,
  // pushed to followers. A seeded-celebrity follower count makes it a celebrity for everyone.
  await db.query('UPDATE users SET follower_count = follower_count + 50000 WHERE id = $1', [star.id]);
  // First reads materialise the timelines (rebuilt from Postgres); fan-out writes to them from now on.
  for (const user of [...readers, ...fans, bystander]) expect((await timelinePage(urls, user)).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await host?.close();
  if (star) await db?.query('UPDATE users SET follower_count = follower_count - 50000 WHERE id = $1', [star.id]).catch(() => undefined);
  await Promise.allSettled([redis?.close(), db?.close()]);
  for (const [name, value] of [
    ['CELEBRITY_FOLLOWER_THRESHOLD', savedEnv.threshold],
    ['FANOUT_STRATEGY', savedEnv.strategy],
  ] as const) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
});

describe('timeline end to end (Node host, real services)', () => {
  it('a post reaches every follower timeline within 5 s, pushed by fan-out', async () => {
    const posted = Date.now();
    const post = await createPost(urls, author, 'hello followers');
    const latencies = await Promise.all(readers.map((reader) => visibleAfter(reader, post.id, posted, FIVE_SECONDS)));
    console.info(`[e2e] post -> timeline: ${latencies.map((ms) => `${ms} ms`).join(', ')} (3 followers)`);
    expect(Math.max(...latencies)).toBeLessThan(FIVE_SECONDS);
    for (const reader of readers) expect(await inRedisTimeline(reader, post.id)).toBe(true);
    const others = await readWholeTimeline(urls, bystander);
    expect(ids(others.items)).not.toContain(post.id);
    const page = (await (await timelinePage(urls, readers[0] as ApiUser)).json()) as {
      items: { id: string; author: { handle: string } }[];
    };
    expect(page.items.find((item) => item.id === post.id)?.author.handle).toBe(author.handle);
  });

  it('a celebrity post is merged at read time, never pushed into follower timelines', async () => {
    const posted = Date.now();
    const post = await createPost(urls, star, 'hello fans');
    const fanLatency = await visibleAfter(fans[0] as ApiUser, post.id, posted, FIVE_SECONDS);
    await visibleAfter(readers[0] as ApiUser, post.id, posted, FIVE_SECONDS);
    console.info(`[e2e] celebrity post -> fan's timeline (read-time merge): ${fanLatency} ms`);
    const members = await redis.zrevrangeByScore(authorFeedKey(star.id));
    expect(members.map((m) => m.member)).toContain(post.id);
    for (const user of [...fans, ...readers.slice(0, 2)]) expect(await inRedisTimeline(user, post.id)).toBe(false);
    expect(ids((await readWholeTimeline(urls, readers[2] as ApiUser)).items)).not.toContain(post.id);
  });

  it('after an unfollow, new posts of that author stay out (older ones stay in)', async () => {
    const quitter = readers[2] as ApiUser;
    const before = ids((await readWholeTimeline(urls, quitter)).items);
    await unfollow(urls, quitter, author.id);
    const posted = Date.now();
    const post = await createPost(urls, author, 'after the unfollow');
    await visibleAfter(readers[0] as ApiUser, post.id, posted, FIVE_SECONDS);
    const after = ids((await readWholeTimeline(urls, quitter)).items);
    expect(after).not.toContain(post.id);
    expect(after).toEqual(before);
    expect(await inRedisTimeline(quitter, post.id)).toBe(false);
  });

  it('denies reading anyone else timeline (403) and anonymous reads (401)', async () => {
    const [a, b] = readers as [ApiUser, ApiUser];
    expect((await timelinePage(urls, { id: a.id, token: b.token })).status).toBe(403);
    expect((await timelinePage(urls, a, { token: null })).status).toBe(401);
  });
});

describe('timeline when a dependency is really down', () => {
  it(
    'Redis down: 200 from Postgres marked degraded, same posts, cursors work; rebuilt when Redis is back',
    { timeout: 120_000 },
    async () => {
      const reader = readers[0] as ApiUser;
      const healthy = await readWholeTimeline(urls, reader, 2);
      expect(healthy.degraded).toBe(false);
      expect(healthy.items.length).toBeGreaterThanOrEqual(3);
      try {
        await stopService('redis');
        const started = Date.now();
        const degraded = await readWholeTimeline(urls, reader, 2);
        const elapsed = Date.now() - started;
        console.info(`[e2e] redis down: ${degraded.pages} degraded pages in ${elapsed} ms`);
        expect(degraded.degraded).toBe(true);
        expect(ids(degraded.items)).toEqual(ids(healthy.items));
        expect(elapsed / degraded.pages).toBeLessThan(1_000);
      } finally {
        await startService('redis');
      }
      // Local Redis keeps nothing on disk: the timeline comes back rebuilt from Postgres.
      await expect
        .poll(async () => (await timelinePage(urls, reader)).headers.get('x-timeline-degraded'), {
          timeout: 15_000,
          interval: 100,
          message: 'Redis reconnect',
        })
        .toBeNull();
      const back = await readWholeTimeline(urls, reader, 2);
      expect(back.degraded).toBe(false);
      expect(ids(back.items)).toEqual(ids(healthy.items));
    },
  );

  it('Kafka down: posts are accepted; once it is back every post reaches every follower exactly once', { timeout: 240_000 }, async () => {
    const followersOfAuthor = readers.slice(0, 2);
    const followersOfStar = [...readers.slice(0, 2), ...fans];
    // Materialise again after the Redis restart above, so fan-out (not a rebuild) must deliver.
    for (const user of followersOfStar) expect((await timelinePage(urls, user)).status).toBe(200);
    const posts: { id: string; by: ApiUser }[] = [];
    try {
      await stopService('kafka');
      for (let i = 0; i < 6; i += 1) {
        const by = i % 3 === 2 ? star : author;
        const started = Date.now();
        posts.push({ id: (await createPost(urls, by, `while kafka is down ${i}`)).id, by });
        expect(Date.now() - started).toBeLessThan(2_000);
      }
      const [pending] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND payload->'post'->>'id' = ANY(string_to_array($1, ','))",
        [posts.map((p) => p.id).join(',')],
      );
      expect(pending?.n).toBe(posts.length);
    } finally {
      await startService('kafka');
    }
    const expectedFor = (user: ApiUser): string[] =>
      posts.filter((p) => (p.by === author ? followersOfAuthor : followersOfStar).includes(user)).map((p) => p.id);
    // Every post in every follower timeline after Kafka restarted; the last failure names what is missing.
    await vi.waitFor(
      async () => {
        for (const user of followersOfStar) {
          expect(ids((await readWholeTimeline(urls, user)).items), user.handle).toEqual(expect.arrayContaining(expectedFor(user)));
        }
      },
      { timeout: 180_000, interval: 500 },
    );
    for (const user of followersOfStar) {
      const seen = ids((await readWholeTimeline(urls, user)).items);
      for (const id of expectedFor(user))
        expect(
          seen.filter((x) => x === id),
          `${id} for ${user.handle}`,
        ).toHaveLength(1);
      expect(new Set(seen).size).toBe(seen.length);
    }
    // The author's posts were pushed by fan-out (not rebuilt): each once in the cached timeline.
    for (const user of followersOfAuthor) {
      const members = (await redis.zrevrangeByScore(timelineKey(user.id))).map((m) => m.member);
      for (const p of posts.filter((x) => x.by === author)) expect(members.filter((m) => m === p.id)).toHaveLength(1);
    }
  });

  it('Postgres down: fast 503 where Postgres is needed, no hang; cached timelines still served', { timeout: 120_000 }, async () => {
    const warm = readers[0] as ApiUser;
    const cold = await signUp(urls);
    await follow(urls, cold, author.id);
    expect((await timelinePage(urls, warm)).status).toBe(200);
    try {
      await stopService('postgres');
      const started = Date.now();
      const response = await timelinePage(urls, cold, { signal: AbortSignal.timeout(10_000) });
      const elapsed = Date.now() - started;
      console.info(`[e2e] postgres down: cold timeline answered ${response.status} in ${elapsed} ms`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(elapsed).toBeLessThan(2_500);
      const cached = await timelinePage(urls, warm, { signal: AbortSignal.timeout(10_000) });
      expect(cached.status).toBe(200);
      const postStarted = Date.now();
      const post = await fetch(`${urls.posts}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${author.token}` },
        body: JSON.stringify({ text: 'postgres is down' }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(post.status).toBeGreaterThanOrEqual(503);
      expect(Date.now() - postStarted).toBeLessThan(2_500);
    } finally {
      await startService('postgres');
    }
    await expect
      .poll(async () => (await timelinePage(urls, cold)).status, { timeout: 30_000, interval: 100, message: 'Postgres back' })
      .toBe(200);
  });
});
