import { z } from 'zod';
import type { EnvRecord } from '#shared/config/app-config.ts';
import { ConfigError } from '#shared/config/app-config.ts';

/**
 * Where the work of a home timeline happens (DDIA ch. 1, "describing load"):
 * - `write`: fan-out on write. Every post is pushed into every follower's cached timeline;
 *   reads are one range query. Costly for authors with millions of followers.
 * - `read`: fan-out on read. Nothing is pushed; every read queries the posts of everyone the
 *   reader follows (in Postgres).
 * - `hybrid` (default, Twitter's answer): fan-out on write, except authors above the celebrity
 *   threshold, whose posts are merged in at read time.
 */
export const FANOUT_STRATEGIES = ['write', 'read', 'hybrid'] as const;
export type FanoutStrategy = (typeof FANOUT_STRATEGIES)[number];

/** Settings of the timeline function (fan-out handler and read path alike). */
export interface TimelineSettings {
  readonly strategy: FanoutStrategy;
  /** Authors with MORE followers than this are celebrities in `hybrid`. */
  readonly celebrityThreshold: number;
  /** Entries kept per home timeline and served per reader across pages (Twitter kept 800). */
  readonly maxEntries: number;
  /**
   * Lifetime of a materialised feed (home timeline, author feed) from its last rebuild, seconds:
   * then the next read rebuilds it from Postgres; feeds nobody reads leave Redis.
   */
  readonly feedTtlSeconds: number;
  /** Lifetime of a cached post (`post:<id>`), seconds. */
  readonly postCacheTtlSeconds: number;
  /** Lifetime of a reader's cached list of followed celebrities, seconds (staleness bound). */
  readonly celebrityListTtlSeconds: number;
  /** Followers read from Postgres (and timelines written in one Redis script) per page. */
  readonly followerPageSize: number;
}

/** Defaults; every one can be overridden by the environment (see {@link loadTimelineSettings}). */
export const DEFAULT_TIMELINE_SETTINGS: TimelineSettings = {
  strategy: 'hybrid',
  celebrityThreshold: 10_000,
  maxEntries: 800,
  feedTtlSeconds: 2 * 24 * 3600,
  postCacheTtlSeconds: 24 * 3600,
  celebrityListTtlSeconds: 60,
  followerPageSize: 500,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

const EnvSchema = z.object({
  FANOUT_STRATEGY: z.enum(FANOUT_STRATEGIES).optional(),
  CELEBRITY_FOLLOWER_THRESHOLD: int(0, Number.MAX_SAFE_INTEGER),
  TIMELINE_MAX_ENTRIES: int(1, 10_000),
  TIMELINE_FEED_TTL_SECONDS: int(60, 30 * 24 * 3600),
  TIMELINE_POST_CACHE_TTL_SECONDS: int(1, 30 * 24 * 3600),
  TIMELINE_CELEBRITY_LIST_TTL_SECONDS: int(1, 24 * 3600),
  // Bounded by the Redis port's batch limits (one key per follower in one script call).
  TIMELINE_FOLLOWER_PAGE_SIZE: int(1, 1000),
});

/**
 * Reads the timeline settings from the environment (process.env on Node, bindings on workerd).
 * Unset or empty variables keep the defaults.
 * @throws ConfigError naming every invalid variable.
 */
export function loadTimelineSettings(env: EnvRecord): TimelineSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const d = DEFAULT_TIMELINE_SETTINGS;
  return {
    strategy: e.FANOUT_STRATEGY ?? d.strategy,
    celebrityThreshold: e.CELEBRITY_FOLLOWER_THRESHOLD ?? d.celebrityThreshold,
    maxEntries: e.TIMELINE_MAX_ENTRIES ?? d.maxEntries,
    feedTtlSeconds: e.TIMELINE_FEED_TTL_SECONDS ?? d.feedTtlSeconds,
    postCacheTtlSeconds: e.TIMELINE_POST_CACHE_TTL_SECONDS ?? d.postCacheTtlSeconds,
    celebrityListTtlSeconds: e.TIMELINE_CELEBRITY_LIST_TTL_SECONDS ?? d.celebrityListTtlSeconds,
    followerPageSize: e.TIMELINE_FOLLOWER_PAGE_SIZE ?? d.followerPageSize,
  };
}

const cache = new WeakMap<object, TimelineSettings>();

/**
 * The settings for an environment object (`c.var.env`, a trigger's `env`), parsed once per
 * object: process.env on Node, the bindings object on workerd. No environment: defaults.
 */
export function timelineSettingsOf(env: EnvRecord | undefined): TimelineSettings {
  if (!env) return DEFAULT_TIMELINE_SETTINGS;
  let settings = cache.get(env);
  if (!settings) {
    settings = loadTimelineSettings(env);
    cache.set(env, settings);
  }
  return settings;
}
