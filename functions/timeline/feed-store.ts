import type { RedisPort, RedisScoredMember } from '#shared/redis/redis.port.ts';
import { BEGIN_REBUILD_SCRIPT, FAN_OUT_SCRIPT, FINISH_REBUILD_SCRIPT } from './feed-scripts.ts';
import { entriesAfter } from './timeline-page.ts';
import type { TimelineEntry, TimelinePosition } from './timeline-entry.ts';
import { SENTINEL_BUILDING, SENTINEL_MEMBER } from './timeline-keys.ts';

/**
 * State of a materialised feed as one read saw it:
 * - `missing`: no such key (never read, evicted, or Redis lost its data): rebuild it;
 * - `building`: a rebuild began and has not finished (or died): Postgres is the truth;
 * - `ready`: the read reached the end of the feed;
 * - `more`: the read stopped before the end.
 */
export type FeedState = 'missing' | 'building' | 'ready' | 'more';

/** Result of {@link readFeed}. */
export interface FeedRead {
  /** Entries after the position, newest first; at least `want` unless the feed ended. */
  readonly entries: readonly TimelineEntry[];
  readonly state: FeedState;
}

/** Splits a raw range into real entries after `after` and the sentinel's score, if present. */
export function parseFeedRange(
  raw: readonly RedisScoredMember[],
  after: TimelinePosition | undefined,
): { entries: TimelineEntry[]; sentinel: number | undefined } {
  let sentinel: number | undefined;
  const entries: TimelineEntry[] = [];
  for (const { member, score } of raw) {
    if (member === SENTINEL_MEMBER) sentinel = score;
    else entries.push({ postId: member, score });
  }
  return { entries: entriesAfter(entries, after), sentinel };
}

/** Options of {@link readFeed}. */
export interface ReadFeedOptions {
  readonly after?: TimelinePosition | undefined;
  /** Entries wanted after the position (page size + 1 look-ahead). */
  readonly want: number;
  readonly signal: AbortSignal;
}

/**
 * Reads up to `want` entries after a position: ONE `ZREVRANGEBYSCORE` in the common case. The
 * range starts at the cursor's score inclusive (entries of the same millisecond with a smaller
 * id come after it); when such ties eat the look-ahead, it asks again for more.
 */
export async function readFeed(redis: RedisPort, key: string, options: ReadFeedOptions): Promise<FeedRead> {
  const { after, want, signal } = options;
  // +1: an entry of the cursor itself (or a tie) may be filtered out; +1: the sentinel.
  let count = want + 2;
  for (;;) {
    const raw = await redis.zrevrangeByScore(key, { ...(after ? { max: after.score } : {}), count, signal });
    const { entries, sentinel } = parseFeedRange(raw, after);
    if (sentinel !== undefined) return { entries, state: sentinel === SENTINEL_BUILDING ? 'building' : 'ready' };
    if (raw.length < count) {
      if (raw.length > 0 || !after) return { entries, state: raw.length > 0 ? 'ready' : 'missing' };
      // Nothing after the cursor: the end of the feed, or the feed vanished between pages.
      const any = await redis.zrevrangeByScore(key, { count: 1, signal });
      return { entries, state: any.length > 0 ? 'ready' : 'missing' };
    }
    if (entries.length >= want) return { entries, state: 'more' };
    count *= 4;
  }
}

/**
 * Adds entries to every feed among `keys` that exists (see feed-scripts.ts for why missing
 * ones are skipped), keeping at most `cap` real entries. Resolves how many feeds were written.
 */
export async function pushToFeeds(
  redis: RedisPort,
  keys: readonly string[],
  entries: readonly TimelineEntry[],
  cap: number,
  signal: AbortSignal,
): Promise<number> {
  if (keys.length === 0 || entries.length === 0) return 0;
  const reply = await redis.eval(FAN_OUT_SCRIPT, keys, [cap, ...pairs(entries)], { signal });
  return typeof reply === 'number' ? reply : 0;
}

/**
 * Rebuilds a feed from its source of truth: marks it "building" (creating it when missing), runs
 * `load` (Postgres), then writes what it returned and marks it ready. Resolves the loaded
 * entries, which are complete as of the load (the caller can serve them directly).
 */
export async function rebuildFeed(
  redis: RedisPort,
  key: string,
  cap: number,
  load: () => Promise<readonly TimelineEntry[]>,
  signal: AbortSignal,
): Promise<readonly TimelineEntry[]> {
  await redis.eval(BEGIN_REBUILD_SCRIPT, [key], [], { signal });
  const entries = await load();
  await redis.eval(FINISH_REBUILD_SCRIPT, [key], [cap, ...pairs(entries.slice(0, cap))], { signal });
  return entries;
}

function pairs(entries: readonly TimelineEntry[]): (string | number)[] {
  return entries.flatMap((entry) => [entry.score, entry.postId]);
}
