import type { RedisPort, RedisScoredMember } from '#shared/redis/redis.port.ts';
import { RedisError } from '#shared/redis/redis-error.ts';
import { scoredMembers } from '#shared/redis/redis-values.ts';
import { BEGIN_REBUILD_SCRIPT, FINISH_REBUILD_SCRIPT, HYBRID_READ_SCRIPT, MULTI_RANGE_SCRIPT } from '../scripts/feed-scripts.ts';
import { scorePairs } from '../fan-out/feed-writes.ts';
import { entriesAfter } from '../read/timeline-page.ts';
import type { TimelineEntry, TimelinePosition } from '../model/timeline-entry.ts';
import { SENTINEL_BUILDING, SENTINEL_MEMBER } from './timeline-keys.ts';
import { DEFAULT_TIMELINE_SETTINGS } from '../timeline-settings.ts';

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

/** What one raw range says, or what must be asked next to know. */
type RangeVerdict = FeedRead | { readonly next: 'more' | 'exists' };

/**
 * Interprets a range of `count` members read from the position's score down: the feed's state
 * and its entries after the position, or that the caller must ask again (`more`: ties at the
 * cursor's millisecond ate the look-ahead) or check the key exists (`exists`: nothing after
 * the cursor).
 */
export function interpretRange(
  raw: readonly RedisScoredMember[],
  count: number,
  after: TimelinePosition | undefined,
  want: number,
): RangeVerdict {
  const { entries, sentinel } = parseFeedRange(raw, after);
  if (sentinel !== undefined) return { entries, state: sentinel === SENTINEL_BUILDING ? 'building' : 'ready' };
  if (raw.length < count) {
    if (raw.length > 0) return { entries, state: 'ready' };
    return after ? { next: 'exists' } : { entries, state: 'missing' };
  }
  return entries.length >= want ? { entries, state: 'more' } : { next: 'more' };
}

const isRead = (verdict: RangeVerdict): verdict is FeedRead => 'state' in verdict;

/**
 * Reads up to `want` entries after a position: ONE `ZREVRANGEBYSCORE` in the common case. The
 * range starts at the cursor's score inclusive (entries of the same millisecond with a smaller
 * id come after it); when such ties eat the look-ahead, it asks again for more.
 */
export async function readFeed(redis: RedisPort, key: string, options: ReadFeedOptions): Promise<FeedRead> {
  const { after, want, signal } = options;
  // +1: an entry of the cursor itself (or a tie) may be filtered out; +1: the sentinel.
  for (let count = want + 2; ; count *= 4) {
    const raw = await redis.zrevrangeByScore(key, { ...(after ? { max: after.score } : {}), count, signal });
    const verdict = interpretRange(raw, count, after, want);
    if (isRead(verdict)) return verdict;
    if (verdict.next === 'exists') {
      // Nothing after the cursor: the end of the feed, or the feed vanished between pages.
      const any = await redis.zrevrangeByScore(key, { count: 1, signal });
      return { entries: [], state: any.length > 0 ? 'ready' : 'missing' };
    }
  }
}

/**
 * {@link readFeed} over several feeds (a reader's celebrities) in ONE script call instead of
 * one command each; a feed whose range needs a second look falls back to {@link readFeed}.
 */
export async function readFeeds(redis: RedisPort, keys: readonly string[], options: ReadFeedOptions): Promise<FeedRead[]> {
  if (keys.length <= 1) return Promise.all(keys.map((key) => readFeed(redis, key, options)));
  const { after, want, signal } = options;
  const count = want + 2;
  const reply = await redis.eval(MULTI_RANGE_SCRIPT, keys, [after ? String(after.score) : '+inf', count], { signal });
  if (!Array.isArray(reply) || reply.length !== keys.length) {
    throw new RedisError('protocol', 'multi-range: expected one range per key', { command: 'EVALSHA' });
  }
  return Promise.all(
    keys.map((key, i) => {
      const verdict = interpretRange(scoredMembers('multi-range', reply[i] ?? []), count, after, want);
      return isRead(verdict) ? verdict : readFeed(redis, key, options);
    }),
  );
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
  ttlSeconds: number = DEFAULT_TIMELINE_SETTINGS.feedTtlSeconds,
): Promise<readonly TimelineEntry[]> {
  await redis.eval(BEGIN_REBUILD_SCRIPT, [key], [ttlSeconds], { signal });
  const entries = await load();
  await redis.eval(FINISH_REBUILD_SCRIPT, [key], [cap, ttlSeconds, ...scorePairs(entries.slice(0, cap))], { signal });
  return entries;
}

/** Result of {@link readTimelineWithFeeds}. */
export interface TimelineWithFeeds {
  readonly own: FeedRead;
  /** Per feed: entries that can make the page (`ready`), or `missing` / `building`. */
  readonly feeds: readonly FeedRead[];
}

/**
 * A reader's timeline and their celebrities' feeds in ONE script call (see
 * {@link HYBRID_READ_SCRIPT}); a range that needs a second look falls back to {@link readFeed}.
 */
export async function readTimelineWithFeeds(
  redis: RedisPort,
  ownKey: string,
  feedKeys: readonly string[],
  options: ReadFeedOptions,
): Promise<TimelineWithFeeds> {
  const { after, want, signal } = options;
  const count = want + 2;
  const args = [after ? String(after.score) : '+inf', count, want, after ? 1 : 0];
  const reply = await redis.eval(HYBRID_READ_SCRIPT, [ownKey, ...feedKeys], args, { signal });
  if (!Array.isArray(reply) || reply.length !== feedKeys.length + 1) {
    throw new RedisError('protocol', 'hybrid-read: expected one reply per key', { command: 'EVALSHA' });
  }
  const ownVerdict = interpretRange(scoredMembers('hybrid-read', reply[0] ?? []), count, after, want);
  const [own, feeds] = await Promise.all([
    isRead(ownVerdict) ? ownVerdict : readFeed(redis, ownKey, options),
    Promise.all(
      feedKeys.map(async (key, i): Promise<FeedRead> => {
        const range = reply[i + 1];
        if (range === 0) return { entries: [], state: 'missing' };
        if (range === 1) return { entries: [], state: 'building' };
        const raw = scoredMembers('hybrid-read', range ?? []);
        const { entries } = parseFeedRange(raw, after);
        // A full range whose entries were eaten by ties at the cursor: ask again, unbounded.
        if (raw.length === count && entries.length < want) return readFeed(redis, key, options);
        return { entries, state: 'ready' };
      }),
    ),
  ]);
  return { own, feeds };
}
