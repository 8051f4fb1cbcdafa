import { issueToken } from '#shared/auth/tokens.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { followerLists } from './follow-graph.ts';
import { degreeStats } from './graph-stats.ts';
import type { DegreeStats } from './graph-stats.ts';
import { writeSeed } from './seed-database.ts';
import type { SeedTimings, WriteSeedOptions } from './seed-database.ts';
import { planSeed, postRows } from './seed-plan.ts';
import type { SeedPlanOptions } from './seed-plan.ts';

/** Options of {@link seedGraph}: a plan plus where to write it. */
export interface SeedGraphOptions extends Omit<SeedPlanOptions, 'prefix'> {
  /** Handle prefix; default a fresh random one, so concurrent test runs never collide. */
  readonly prefix?: string;
  /** Default: DATABASE_URL of the shared config (the local Postgres). */
  readonly databaseUrl?: string;
  /** When set, a token per user is returned (`Authorization: Bearer`), signed with this key. */
  readonly jwtSecret?: string;
  readonly reset?: boolean;
  readonly onProgress?: WriteSeedOptions['onProgress'];
  readonly signal?: AbortSignal;
}

/** A seeded post. */
export interface SeededPost {
  readonly id: string;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: Date;
}

/** What a small seed wrote, by user index (index 0 is the most-followed user). */
export interface SeededGraph {
  readonly prefix: string;
  readonly userIds: readonly string[];
  readonly handles: readonly string[];
  /** `followers[i]`: ids of the users following `userIds[i]`. */
  readonly followers: readonly (readonly string[])[];
  /** `followees[i]`: ids of the users `userIds[i]` follows. */
  readonly followees: readonly (readonly string[])[];
  readonly followerCounts: readonly number[];
  readonly posts: readonly SeededPost[];
  /** Present when `jwtSecret` was given. */
  readonly tokens?: readonly string[];
  readonly stats: DegreeStats;
  readonly timings: SeedTimings;
}

/**
 * Seeds a small graph for tests and returns it in friendly form (ids and lists rather than
 * typed arrays): `await seedGraph({ users: 50, seed: 1, postsPerUser: 2, jwtSecret })`.
 * Same seed, same structure; ids also depend on the prefix. For big seeds use the CLI
 * (`npm run seed`), which never materialises these lists.
 */
export async function seedGraph(options: SeedGraphOptions): Promise<SeededGraph> {
  const prefix = options.prefix ?? `t${Date.now().toString(36).slice(-6)}${Math.random().toString(36).slice(2, 6)}_`;
  const plan = planSeed({ ...options, prefix });
  const timings = await writeSeed(plan, {
    databaseUrl: options.databaseUrl ?? loadConfig(process.env).database.url,
    ...(options.reset === undefined ? {} : { reset: options.reset }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const ids = plan.userIds;
  const followerIdx = followerLists(plan.graph);
  const { followeeOffsets, followees } = plan.graph;
  const secret = options.jwtSecret;
  return {
    prefix,
    userIds: ids,
    handles: plan.handles,
    followers: followerIdx.map((list) => list.map((i) => ids[i] ?? '')),
    followees: ids.map((_, i) => Array.from(followees.subarray(followeeOffsets[i], followeeOffsets[i + 1]), (j) => ids[j] ?? '')),
    followerCounts: Array.from(plan.graph.followerCounts),
    posts: Array.from(postRows(plan), (row) => ({
      id: row.id,
      authorId: ids[row.author] ?? '',
      text: row.text,
      createdAt: new Date(row.createdAtMs),
    })),
    ...(secret ? { tokens: await Promise.all(ids.map((id) => issueToken(id, { secret }))) } : {}),
    stats: degreeStats(plan.graph.followerCounts),
    timings,
  };
}
