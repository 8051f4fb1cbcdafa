import { postsFunction } from '#functions/posts/index.ts';
import { fanOut } from '#functions/timeline/fan-out/fan-out.ts';
import { runLimited } from '#functions/timeline/fan-out/run-limited.ts';
import { timelineFunction } from '#functions/timeline/index.ts';
import { timelineSettingsOf } from '#functions/timeline/timeline-settings.ts';
import type { FanoutStrategy } from '#functions/timeline/timeline-settings.ts';
import { startNodeHost } from '#shared/runtime/node/node-host.ts';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import type { AppConfig } from '#shared/config/app-config.ts';
import { createKafkajsEventConsumer } from '#shared/kafka/adapters/kafkajs-consumer.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import type { BenchGraph } from './bench-graph.ts';
import { authorPicker, resetTimelineKeys, storedEntries } from './bench-graph.ts';
import { summarise } from './latency-summary.ts';
import type { LatencySummary } from './latency-summary.ts';

/** Load of one round. */
export interface RoundOptions {
  readonly strategy: FanoutStrategy;
  readonly bench: BenchGraph;
  readonly config: AppConfig;
  readonly redis: RedisPort;
  readonly posts: number;
  readonly postsPerSecond: number;
  readonly celebrityShare: number;
  readonly reads: number;
  readonly readConcurrency: number;
  readonly seed: number;
}

/** What one round measured. */
export interface RoundResult {
  readonly strategy: FanoutStrategy;
  readonly posts: number;
  readonly celebrityPosts: number;
  /** From 201 to visible in the first page of one sampled follower (the last one fan-out reaches). */
  readonly postToTimelineMs: LatencySummary;
  readonly notVisibleIn10s: number;
  /** Posts not accepted (non-201 or network error): they are left out of the latencies. */
  readonly postErrors: number;
  /** (timeline, post) pairs fan-out wrote, per post: the write amplification. */
  readonly timelineWritesPerPost: number;
  /** Follower rows read from Postgres per post (posts of one author in a batch share a read). */
  readonly followersReadPerPost: number;
  readonly fanOutHandlerMsPerPost: number;
  readonly readsPerSecond: number;
  readonly readMs: LatencySummary;
  readonly readErrors: number;
  /** Sorted-set entries held in Redis by the graph's timelines and author feeds afterwards. */
  readonly storedEntries: number;
}

interface FanOutTotals {
  posts: number;
  timelineWrites: number;
  followersRead: number;
  ms: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs users' posts and reads against a Node host configured with one strategy. */
export async function runStrategyRound(options: RoundOptions): Promise<RoundResult> {
  const { strategy, bench, config, redis } = options;
  const { graph } = bench;
  const totals: FanOutTotals = { posts: 0, timelineWrites: 0, followersRead: 0, ms: 0 };
  // The timeline runs with its real fan-out, wrapped to count its work and to ignore posts of
  // other users of the shared Kafka topic (other tests post too): only this graph's posts count.
  const authors = new Set(graph.userIds);
  const subscription = timelineFunction.events?.[0];
  if (!subscription) throw new Error('the timeline function has no event subscription');
  const timeline: FunctionDefinition = {
    ...timelineFunction,
    // Own name = own consumer group, from the latest offset: only this round's events.
    name: `timeline-bench-${strategy}-${Date.now().toString(36)}`,
    events: [
      {
        ...subscription,
        handler: async (batch, ctx) => {
          const ours = batch.filter((record) => authors.has((record.value as { post?: { authorId?: string } }).post?.authorId ?? ''));
          const started = performance.now();
          const report = await fanOut(ours, { deps: ctx.deps, signal: ctx.signal, settings: timelineSettingsOf(ctx.env), log: ctx.log });
          totals.posts += report.posts;
          totals.timelineWrites += report.timelineWrites;
          totals.followersRead += report.followersRead;
          totals.ms += performance.now() - started;
        },
      },
    ],
  };
  const host = await startNodeHost({
    functions: [postsFunction, timeline],
    config,
    env: {
      ...process.env,
      FANOUT_STRATEGY: strategy,
      CELEBRITY_FOLLOWER_THRESHOLD: String(bench.threshold),
      LOG_LEVEL: 'warn',
      POSTS_PORT: '0',
      [`${timeline.name.toUpperCase().replaceAll('-', '_')}_PORT`]: '0',
    },
    drainTimeoutMs: 2_000,
    triggers: {
      createConsumer: (consumer) => createKafkajsEventConsumer({ ...consumer, brokers: config.kafka.brokers, startFrom: 'latest' }),
    },
  });
  try {
    await host.triggers?.joined(AbortSignal.timeout(60_000));
    const url = (name: string): string => host.functions.find((fn) => fn.name === name)?.url ?? '';
    const postsUrl = url('posts');
    const timelineUrl = url(timeline.name);
    const tokens = graph.tokens ?? [];
    const indexOf = new Map(graph.userIds.map((id, i) => [id, i]));
    const read = (i: number, limit = 20): Promise<Response> =>
      fetch(`${timelineUrl}/timelines/${graph.userIds[i]}?limit=${limit}`, { headers: { authorization: `Bearer ${tokens[i]}` } });

    await resetTimelineKeys(redis, graph);
    // Warm-up: every user reads once (materialises timelines, fills caches), as active users would.
    // A shed warm-up read is retried: fan-out only writes timelines that exist, so a timeline
    // left cold would make the fan-out work look smaller than it is.
    await inParallel(graph.userIds.length, options.readConcurrency, async (i) => {
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const response = await read(i);
        await response.arrayBuffer();
        if (response.status === 200) return;
        await sleep(100);
      }
      throw new Error(`warm-up read of user ${i} kept failing`);
    });

    const pick = authorPicker(bench, options.seed, options.celebrityShare);
    const latencies: number[] = [];
    let notVisible = 0;
    let celebrityPosts = 0;
    let postErrors = 0;
    const pending: Promise<void>[] = [];
    const interval = 1_000 / options.postsPerSecond;
    const started = performance.now();
    for (let n = 0; n < options.posts; n += 1) {
      await sleep(Math.max(0, started + n * interval - performance.now()));
      const author = pick();
      if (bench.celebrities.includes(author)) celebrityPosts += 1;
      pending.push(
        (async () => {
          const response = await fetch(`${postsUrl}/posts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[author]}` },
            body: JSON.stringify({ text: `bench ${strategy} ${n}` }),
          });
          const acked = performance.now();
          if (response.status !== 201) {
            // E.g. someone else's outage test stopped a service: count it, keep going.
            postErrors += 1;
            return;
          }
          const { id } = (await response.json()) as { id: string };
          // One poller per post (polls are reads too: more would load what is measured).
          const followers = graph.followers[author] ?? [];
          const follower = indexOf.get(followers[followers.length - 1] ?? '') ?? 0;
          if (await waitVisible(read, follower, id)) latencies.push(performance.now() - acked);
          else notVisible += 1;
        })().catch(() => {
          postErrors += 1;
        }),
      );
    }
    await Promise.all(pending);

    const readLatencies: number[] = [];
    let readErrors = 0;
    const readStarted = performance.now();
    await inParallel(options.reads, options.readConcurrency, async (n) => {
      const t0 = performance.now();
      const response = await read((n * 7919) % graph.userIds.length);
      await response.arrayBuffer();
      if (response.status === 200) readLatencies.push(performance.now() - t0);
      else readErrors += 1;
    });
    const readSeconds = (performance.now() - readStarted) / 1000;
    const posts = Math.max(1, totals.posts);
    return {
      strategy,
      posts: options.posts,
      celebrityPosts,
      postToTimelineMs: summarise(latencies),
      notVisibleIn10s: notVisible,
      postErrors,
      timelineWritesPerPost: round(totals.timelineWrites / posts),
      followersReadPerPost: round(totals.followersRead / posts),
      fanOutHandlerMsPerPost: round(totals.ms / posts),
      readsPerSecond: Math.round(options.reads / readSeconds),
      readMs: summarise(readLatencies),
      readErrors,
      storedEntries: await storedEntries(redis, graph),
    };
  } finally {
    await host.close();
  }
}

const POLL_MS = 50;

/** Polls a user's first page until the post shows (10 s at most). */
async function waitVisible(read: (i: number) => Promise<Response>, user: number, postId: string): Promise<boolean> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    const response = await read(user);
    const body = (await response.json()) as { items?: { id: string }[] };
    if (body.items?.some((item) => item.id === postId)) return true;
    await sleep(POLL_MS);
  }
  return false;
}

/** `work(0..count-1)`, at most `concurrency` at a time. */
function inParallel(count: number, concurrency: number, work: (n: number) => Promise<void>): Promise<void> {
  return runLimited(
    Array.from({ length: count }, (_, n) => n),
    concurrency,
    work,
  );
}

const round = (value: number): number => Math.round(value * 100) / 100;
