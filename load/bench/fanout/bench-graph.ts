import { seedGraph } from '../../data/seed-graph.ts';
import type { SeededGraph } from '../../data/seed-graph.ts';
import { createPrng } from '../../data/prng.ts';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { authorFeedKey, celebrityFolloweesKey, timelineKey } from '#functions/timeline/store/timeline-keys.ts';

/** The seeded graph every strategy round runs on, with what the rounds need from it. */
export interface BenchGraph {
  readonly graph: SeededGraph;
  /** Follower count above which an author is a celebrity (hybrid). */
  readonly threshold: number;
  /** Indexes of the celebrities (most-followed first). */
  readonly celebrities: readonly number[];
  /** Indexes of the other users with at least one follower. */
  readonly others: readonly number[];
}

/** Options of {@link seedBenchGraph}. */
export interface BenchGraphOptions {
  readonly users: number;
  readonly seed: number;
  readonly jwtSecret: string;
  /** Fixed threshold; default: the 99th percentile of follower counts (top 1% are celebrities). */
  readonly threshold?: number | undefined;
}

/** Seeds a Zipf-like graph (load/data) with a little history, and splits celebrities out. */
export async function seedBenchGraph(options: BenchGraphOptions): Promise<BenchGraph> {
  const graph = await seedGraph({ users: options.users, seed: options.seed, postsPerUser: 2, jwtSecret: options.jwtSecret });
  const sorted = [...graph.followerCounts].sort((a, b) => a - b);
  const threshold = options.threshold ?? sorted[Math.floor(sorted.length * 0.99)] ?? 0;
  const celebrities: number[] = [];
  const others: number[] = [];
  graph.followerCounts.forEach((count, index) => {
    if (count > threshold) celebrities.push(index);
    else if (count > 0) others.push(index);
  });
  return { graph, threshold, celebrities, others };
}

/**
 * Picks authors deterministically: `celebrityShare` of the posts by celebrities (they post a
 * lot, which is what makes fan-out on write expensive), the rest uniformly among other users.
 */
export function authorPicker(bench: BenchGraph, seed: number, celebrityShare: number): () => number {
  const prng = createPrng(seed);
  return () => {
    const pool = bench.celebrities.length > 0 && prng.next() < celebrityShare ? bench.celebrities : bench.others;
    return pool[Math.floor(prng.next() * pool.length)] ?? 0;
  };
}

/** Deletes every Redis key the timeline keeps for the graph's users: each round starts cold. */
export async function resetTimelineKeys(redis: RedisPort, graph: SeededGraph): Promise<void> {
  const keys = graph.userIds.flatMap((id) => [timelineKey(id), authorFeedKey(id), celebrityFolloweesKey(id)]);
  for (let i = 0; i < keys.length; i += 500) await redis.del(keys.slice(i, i + 500));
}

const ZCARD = `return redis.call('ZCARD', KEYS[1])`;

/** Entries stored in the graph's home timelines and author feeds (sentinels included). */
export async function storedEntries(redis: RedisPort, graph: SeededGraph): Promise<number> {
  const keys = graph.userIds.flatMap((id) => [timelineKey(id), authorFeedKey(id)]);
  const counts = await Promise.all(keys.map((key) => redis.eval(ZCARD, [key], [])));
  return counts.reduce<number>((sum, count) => sum + (typeof count === 'number' ? count : 0), 0);
}
