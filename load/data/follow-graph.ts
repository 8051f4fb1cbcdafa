import { createPrng, hashSeed } from './prng.ts';
import type { Prng } from './prng.ts';
import { createZipfSampler } from './zipf-sampler.ts';

/** Options of {@link generateFollowGraph}. */
export interface FollowGraphOptions {
  /** Number of users (>= 2). */
  readonly users: number;
  /** Same seed, same graph. */
  readonly seed: number;
  /**
   * Mean number of users each user follows, which is also the mean follower count. Default 75
   * (Twitter 2012, DDIA ch. 1), but at most a quarter of the other users on small graphs.
   */
  readonly meanFollowees?: number;
  /** Zipf exponent of popularity (default 1): higher means fewer, bigger celebrities. */
  readonly zipfExponent?: number;
  /** Spread (sigma of a log-normal) of how many users each user follows (default 0.8). */
  readonly followeeSpread?: number;
}

/**
 * A follow graph in compressed sparse row form (a 10k-user graph has ~750k edges: typed
 * arrays, not objects). User `i` follows `followees[followeeOffsets[i] .. followeeOffsets[i+1])`.
 * Popularity rank = index: user 0 is the most followed by construction.
 */
export interface FollowGraph {
  readonly users: number;
  readonly followeeOffsets: Uint32Array;
  readonly followees: Uint32Array;
  readonly followerCounts: Uint32Array;
  readonly edges: number;
}

/** Default mean followees for `users` users (75, capped on small graphs). */
export function defaultMeanFollowees(users: number): number {
  return Math.max(1, Math.min(75, Math.floor((users - 1) / 4)));
}

/**
 * Generates the graph. Each user follows k users, k log-normal around the mean (most follow a
 * few dozen, some thousands); whom they follow is drawn without replacement from a Zipf
 * popularity law, so in-degree is heavy-tailed: the top users are followed by nearly everyone
 * and the median user by a handful. That skew, not the mean, is what makes fan-out on write
 * expensive for celebrities (DDIA ch. 1).
 */
export function generateFollowGraph(options: FollowGraphOptions): FollowGraph {
  const n = options.users;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`users must be an integer >= 2, got ${n}`);
  const mean = options.meanFollowees ?? defaultMeanFollowees(n);
  if (!(mean > 0 && mean <= n - 1)) throw new RangeError(`meanFollowees must be in (0, ${n - 1}], got ${mean}`);
  const sigma = options.followeeSpread ?? 0.8;
  const prng = createPrng(hashSeed(options.seed, 'follow-graph'));
  const sampler = createZipfSampler(n, options.zipfExponent ?? 1);

  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i += 1) {
    // E[exp(sigma Z - sigma^2 / 2)] = 1: the mean stays `mean` before clamping.
    const k = Math.round(mean * Math.exp(sigma * prng.normal() - (sigma * sigma) / 2));
    offsets[i + 1] = (offsets[i] ?? 0) + Math.min(n - 1, Math.max(1, k));
  }
  const edges = offsets[n] ?? 0;
  const followees = new Uint32Array(edges);
  const followerCounts = new Uint32Array(n);
  // mark[j] === i + 1 means user i already follows j: O(1) dedupe with no allocation per user.
  const mark = new Uint32Array(n);

  for (let i = 0; i < n; i += 1) {
    const start = offsets[i] ?? 0;
    const k = (offsets[i + 1] ?? 0) - start;
    mark[i] = i + 1; // never follow yourself
    let filled = 0;
    // Rejection sampling; a user following almost everyone would reject forever, so after a
    // generous budget the rest is filled uniformly from the users not yet followed.
    for (let attempts = 0; filled < k && attempts < k * 30 + 1000; attempts += 1) {
      const j = sampler.draw(prng);
      if (mark[j] === i + 1) continue;
      mark[j] = i + 1;
      followees[start + filled] = j;
      filled += 1;
    }
    if (filled < k) fillUniformly(prng, mark, i, followees, start, filled, k);
    for (let e = start; e < start + k; e += 1) {
      const j = followees[e] ?? 0;
      followerCounts[j] = (followerCounts[j] ?? 0) + 1;
    }
  }
  return { users: n, followeeOffsets: offsets, followees, followerCounts, edges };
}

function fillUniformly(prng: Prng, mark: Uint32Array, i: number, out: Uint32Array, start: number, filled: number, k: number): void {
  const rest: number[] = [];
  for (let j = 0; j < mark.length; j += 1) if (mark[j] !== i + 1) rest.push(j);
  while (filled < k && rest.length > 0) {
    const pick = prng.int(rest.length);
    const j = rest[pick] ?? 0;
    rest[pick] = rest[rest.length - 1] ?? 0;
    rest.pop();
    mark[j] = i + 1;
    out[start + filled] = j;
    filled += 1;
  }
}

/** Followers of every user (reverse CSR), for callers that need lists rather than counts. */
export function followerLists(graph: FollowGraph): number[][] {
  const lists: number[][] = Array.from({ length: graph.users }, () => []);
  for (let i = 0; i < graph.users; i += 1) {
    for (let e = graph.followeeOffsets[i] ?? 0; e < (graph.followeeOffsets[i + 1] ?? 0); e += 1) lists[graph.followees[e] ?? 0]?.push(i);
  }
  return lists;
}

/** Whom user `i` follows. */
export function followeesOf(graph: FollowGraph, i: number): Uint32Array {
  return graph.followees.subarray(graph.followeeOffsets[i], graph.followeeOffsets[i + 1]);
}
