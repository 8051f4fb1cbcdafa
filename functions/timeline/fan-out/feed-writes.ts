import type { RedisPort } from '#shared/redis/redis.port.ts';
import { FAN_OUT_SCRIPT } from '../scripts/feed-scripts.ts';
import { packByWeight } from './pack-by-weight.ts';
import { runLimited } from './run-limited.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';

/** One feed and the entries (indexes into the entries list) that go into it. */
export interface FeedWrite {
  readonly key: string;
  readonly entries: readonly number[];
}

/** Options of {@link writeFeeds}. */
export interface WriteFeedsOptions {
  /** Real entries kept per feed. */
  readonly cap: number;
  readonly signal: AbortSignal;
  /** Feeds per script call (default 500). */
  readonly maxKeysPerCall?: number;
  /**
   * (feed, entry) pairs per script call (default 4000, a few ms of Redis): a script blocks
   * Redis while it runs, so timeline reads wait behind at most one such call, not a batch.
   */
  readonly maxPairsPerCall?: number;
  /** Script calls in flight (default 2). */
  readonly concurrency?: number;
}

/**
 * Writes a batch's fan-out: each feed gets its own subset of `entries` (a follower gets the
 * posts of the authors they follow), in script calls of bounded size (see
 * {@link FAN_OUT_SCRIPT}). Feeds that do not exist are skipped. Resolves the (feed, entry)
 * pairs written.
 */
export async function writeFeeds(
  redis: RedisPort,
  entries: readonly TimelineEntry[],
  feeds: readonly FeedWrite[],
  options: WriteFeedsOptions,
): Promise<number> {
  const { cap, signal } = options;
  const maxKeys = options.maxKeysPerCall ?? 500;
  const maxPairs = options.maxPairsPerCall ?? 4000;
  if (entries.length > MAX_ENTRIES_PER_CALL) {
    throw new RangeError(`writeFeeds: at most ${MAX_ENTRIES_PER_CALL} entries per call (got ${entries.length})`);
  }
  const nonEmpty = feeds.filter((feed) => feed.entries.length > 0);
  const calls = packByWeight(nonEmpty, (feed) => feed.entries.length, maxPairs, maxKeys);
  if (calls.length === 0) return 0;
  const entryArgs = [entries.length, ...scorePairs(entries)];
  let written = 0;
  await runLimited(calls, options.concurrency ?? 2, async (call) => {
    // Indexes travel 1-based (Lua); each feed's list is one comma-joined argument.
    const lists = call.map((feed) => feed.entries.map((index) => index + 1).join(','));
    const reply = await redis.eval(
      FAN_OUT_SCRIPT,
      call.map((feed) => feed.key),
      [cap, ...entryArgs, ...lists],
      { signal },
    );
    written += typeof reply === 'number' ? reply : 0;
  });
  return written;
}

/** Entries one {@link writeFeeds} call may carry (Lua's `unpack` takes a few thousand values). */
export const MAX_ENTRIES_PER_CALL = 1000;

/** `score, member, score, member...`: the argument layout of ZADD and of the feed scripts. */
export function scorePairs(entries: readonly TimelineEntry[]): (string | number)[] {
  return entries.flatMap((entry) => [entry.score, entry.postId]);
}
