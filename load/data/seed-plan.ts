import { defaultMeanFollowees, generateFollowGraph } from './follow-graph.ts';
import type { FollowGraph } from './follow-graph.ts';
import { createPrng, hashSeed } from './prng.ts';

/** Options of {@link planSeed}: everything that decides WHAT gets written. */
export interface SeedPlanOptions {
  readonly users: number;
  readonly seed: number;
  /** Handles are `<prefix><index>`; ids derive from (seed, prefix), so prefixes never collide. */
  readonly prefix: string;
  readonly meanFollowees?: number;
  readonly zipfExponent?: number;
  /** Mean posts per user (log-normal: most post little, a few a lot). Default 0. */
  readonly postsPerUser?: number;
  /** Everything happens within this many days before `endAt` (default 7). */
  readonly windowDays?: number;
  /** End of the simulated history; fix it for byte-identical timestamps (default now). */
  readonly endAt?: Date;
}

/** Users, graph and post counts of a seed; rows are produced lazily by the generators below. */
export interface SeedPlan {
  readonly seed: number;
  readonly prefix: string;
  readonly graph: FollowGraph;
  readonly userIds: readonly string[];
  readonly handles: readonly string[];
  /** Epoch ms of each user's sign-up. */
  readonly userCreatedAt: Float64Array;
  readonly postCounts: Uint32Array;
  readonly totalPosts: number;
  readonly endAtMs: number;
  /**
   * User indexes in id order. Rows are written in this order so that the indexes led by a
   * user id (users' and follows' primary keys) grow at their right edge instead of at random
   * pages: with indexes larger than shared_buffers that is the difference between appending
   * and random I/O.
   */
  readonly idOrder: Uint32Array;
}

/** A follow row in index form. */
export interface FollowRow {
  readonly follower: number;
  readonly followee: number;
  readonly createdAtMs: number;
}

/** A post row. */
export interface PostRow {
  readonly id: string;
  readonly author: number;
  readonly text: string;
  readonly createdAtMs: number;
}

/** Raised for unusable seed options; `code` says which. */
export class SeedError extends Error {
  readonly code: 'invalid_options' | 'prefix_taken' | 'missing_table' | 'copy_failed';
  constructor(code: SeedError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SeedError';
    this.code = code;
  }
}

const DAY_MS = 86_400_000;
const WORDS = [
  'timeline',
  'fan-out',
  'latency',
  'replica',
  'partition',
  'queue',
  'cache',
  'follower',
  'celebrity',
  'p99',
  'throughput',
  'log',
  'index',
  'schema',
  'shard',
  'quorum',
];

/** Builds the plan: deterministic for equal options (ids also depend on the prefix). */
export function planSeed(options: SeedPlanOptions): SeedPlan {
  const { users, seed, prefix, postsPerUser = 0, windowDays = 7 } = options;
  if (!/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(prefix))
    throw new SeedError('invalid_options', `prefix must be 1-20 letters, digits or _ starting with a letter, got "${prefix}"`);
  if (prefix.length + String(users - 1).length > 30)
    throw new SeedError('invalid_options', `prefix "${prefix}" is too long for ${users} users (handles are <= 30 chars)`);
  // Typed arrays of ~75 edges per user: 10M users would already want ~3 GB.
  if (!Number.isInteger(users) || users < 2 || users > 10_000_000)
    throw new SeedError('invalid_options', `users must be an integer from 2 to at most 10,000,000, got ${users}`);
  if (!(postsPerUser >= 0) || !(windowDays > 0)) throw new SeedError('invalid_options', 'postsPerUser must be >= 0 and windowDays > 0');
  const graph = generateFollowGraph({
    users,
    seed,
    meanFollowees: options.meanFollowees ?? defaultMeanFollowees(users),
    ...(options.zipfExponent === undefined ? {} : { zipfExponent: options.zipfExponent }),
  });
  const endAtMs = (options.endAt ?? new Date()).getTime();
  const startMs = endAtMs - windowDays * DAY_MS;

  const ids = createPrng(hashSeed(seed, 'ids', prefix));
  const times = createPrng(hashSeed(seed, 'user-times'));
  const activity = createPrng(hashSeed(seed, 'post-counts'));
  const userIds: string[] = [];
  const handles: string[] = [];
  const userCreatedAt = new Float64Array(users);
  const postCounts = new Uint32Array(users);
  let totalPosts = 0;
  for (let i = 0; i < users; i += 1) {
    userIds.push(ids.uuid());
    handles.push(`${prefix}${i}`);
    // Sign-ups in the first half of the window, so every user has a history after joining.
    userCreatedAt[i] = Math.floor(startMs + times.next() * (endAtMs - startMs) * 0.5);
    const posts = postsPerUser === 0 ? 0 : Math.round(postsPerUser * Math.exp(activity.normal() - 0.5));
    postCounts[i] = posts;
    totalPosts += posts;
  }
  const idOrder = Uint32Array.from(userIds.keys()).sort((a, b) => ((userIds[a] ?? '') < (userIds[b] ?? '') ? -1 : 1));
  return { seed, prefix, graph, userIds, handles, userCreatedAt, postCounts, totalPosts, endAtMs, idOrder };
}

/** Follow rows, followers in id order; each follow happens after both users signed up. */
export function* followRows(plan: SeedPlan): Generator<FollowRow> {
  const { graph, userCreatedAt, endAtMs } = plan;
  const prng = createPrng(hashSeed(plan.seed, 'follow-times'));
  for (const follower of plan.idOrder) {
    for (let e = graph.followeeOffsets[follower] ?? 0; e < (graph.followeeOffsets[follower + 1] ?? 0); e += 1) {
      const followee = graph.followees[e] ?? 0;
      const from = Math.max(userCreatedAt[follower] ?? 0, userCreatedAt[followee] ?? 0);
      yield { follower, followee, createdAtMs: Math.floor(from + prng.next() * (endAtMs - from)) };
    }
  }
}

/** Post rows, user by user; each post after its author signed up. */
export function* postRows(plan: SeedPlan): Generator<PostRow> {
  const prng = createPrng(hashSeed(plan.seed, 'posts', plan.prefix));
  for (let author = 0; author < plan.userIds.length; author += 1) {
    const from = plan.userCreatedAt[author] ?? 0;
    for (let n = 0; n < (plan.postCounts[author] ?? 0); n += 1) {
      const words = Array.from({ length: 3 + prng.int(12) }, () => WORDS[prng.int(WORDS.length)]).join(' ');
      yield {
        id: prng.uuid(),
        author,
        text: `${plan.handles[author]} #${n}: ${words}`,
        createdAtMs: Math.floor(from + prng.next() * (plan.endAtMs - from)),
      };
    }
  }
}
