import type { RedisPort } from '#shared/redis/redis.port.ts';
import type { SqlClient } from '#shared/postgres/sql.port.ts';
import { PostCreatedEventSchema } from '#shared/events/post-created.ts';
import { keepsAuthorFeeds, pushesToFollowers } from '../fanout-strategy.ts';
import { MAX_ENTRIES_PER_CALL, writeFeeds } from './feed-writes.ts';
import type { FeedWrite } from './feed-writes.ts';
import { cachePosts } from '../read/post-hydration.ts';
import { packByWeight } from './pack-by-weight.ts';
import { runLimited } from './run-limited.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import { authorFeedKey, timelineKey } from '../store/timeline-keys.ts';
import type { TimelinePost } from '../model/timeline-post.ts';
import { createTimelineRepository } from '../store/timeline.repository.ts';
import type { AuthorInfo, FollowerCursor, TimelineRepository } from '../store/timeline.repository.ts';
import type { TimelineSettings } from '../timeline-settings.ts';

/** The part of an event record fan-out reads (the trigger's `EventRecord` has more). */
export interface FanOutRecord {
  readonly value: unknown;
  readonly offset?: string;
  readonly partition?: number;
}

/** Minimal logger (the trigger context's `log`). */
export interface FanOutLog {
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** What fan-out runs against. */
export interface FanOutContext {
  readonly deps: { readonly sql: SqlClient; readonly redis: RedisPort };
  readonly signal: AbortSignal;
  readonly settings: TimelineSettings;
  readonly log?: FanOutLog;
  /** Default: the Postgres repository over `deps.sql`. */
  readonly repository?: TimelineRepository;
  readonly limits?: FanOutLimits;
}

/** What one batch cost, for benchmarks and logs. */
export interface FanOutReport {
  readonly posts: number;
  /** Records that were not a usable `post.created` event (logged and skipped, not retried). */
  readonly malformed: number;
  /** Posts that went to followers' timelines (not merged at read time). */
  readonly pushedPosts: number;
  readonly followersRead: number;
  /** (timeline, post) pairs written: the fan-out work DDIA counts. */
  readonly timelineWrites: number;
}

/** Limits of one batch's fan-out (defaults fit the 2-core bench host; tests shrink them). */
export interface FanOutLimits {
  /**
   * Summed follower counts of the authors read by ONE grouped followers query (default
   * 20,000). An author with more followers than this alone is paged (`followerPageSize`).
   */
  readonly followerRowsPerQuery?: number;
  /** Follower queries (and their Redis writes) in flight per batch (default 2). */
  readonly concurrency?: number;
}

/**
 * Fan-out of a batch of `post.created` events: caches each post for hydration, adds it to its
 * author's feed (`hybrid`), and, unless the strategy says otherwise, to the timeline of every
 * follower. Work is grouped per FOLLOWER, not per author: the followers of many authors come
 * from one Postgres query, and each follower's timeline gets all its new posts of the batch in
 * one step of one Redis script (Zipf-drawn authors make the popular ones post most: at 200
 * posts/s that is ~150k timeline writes/s in the bench, not 200 x 75). Authors with more
 * followers than one query should return are paged as before. Redelivery is harmless: sorted
 * set members are unique, so a post lands in a timeline once however often it is added.
 * Failures of Postgres or Redis reject, so the trigger retries the batch (at-least-once).
 */
export async function fanOut(batch: readonly FanOutRecord[], context: FanOutContext): Promise<FanOutReport> {
  const { deps, signal, settings, log } = context;
  const repository = context.repository ?? createTimelineRepository(deps.sql);
  const events = new Map<string, { id: string; authorId: string; text: string; mediaKey: string | null; score: number }>();
  let malformed = 0;
  for (const record of batch) {
    const parsed = PostCreatedEventSchema.safeParse(record.value);
    if (!parsed.success) {
      // Skipped, not thrown: a record that can never parse would stall its partition forever.
      malformed += 1;
      const reason = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      log?.warn('fan-out skipped a malformed post.created record', { reason, partition: record.partition, offset: record.offset });
      continue;
    }
    const { post } = parsed.data;
    events.set(post.id, {
      id: post.id,
      authorId: post.authorId,
      text: post.text,
      mediaKey: post.mediaKey,
      score: Date.parse(post.createdAt),
    });
  }
  const authors = new Map(
    (await repository.authors([...new Set([...events.values()].map((e) => e.authorId))], signal)).map((a) => [a.id, a]),
  );
  const posts: TimelinePost[] = [];
  for (const event of events.values()) {
    const author = authors.get(event.authorId);
    if (!author) {
      log?.warn('fan-out skipped a post whose author does not exist', { postId: event.id });
      continue;
    }
    const { id: postId, authorId, text, mediaKey, score } = event;
    posts.push({ postId, authorId, authorHandle: author.handle, text, mediaKey, score, createdAt: new Date(score).toISOString() });
  }
  await cachePosts(deps.redis, posts, settings.postCacheTtlSeconds, signal);

  const totals = { pushedPosts: 0, followersRead: 0, timelineWrites: 0 };
  for (let i = 0; i < posts.length; i += MAX_ENTRIES_PER_CALL) {
    await pushPosts(posts.slice(i, i + MAX_ENTRIES_PER_CALL), authors, repository, context, totals);
  }
  return { posts: posts.length, malformed, ...totals };
}

type Totals = { pushedPosts: number; followersRead: number; timelineWrites: number };

/** Author feeds, then follower timelines, for posts whose authors exist. */
async function pushPosts(
  posts: readonly TimelinePost[],
  authors: ReadonlyMap<string, AuthorInfo>,
  repository: TimelineRepository,
  context: FanOutContext,
  totals: Totals,
): Promise<void> {
  const { deps, signal, settings } = context;
  const rowsPerQuery = context.limits?.followerRowsPerQuery ?? 20_000;
  const entries: TimelineEntry[] = posts.map(({ postId, score }) => ({ postId, score }));
  const write = (feeds: readonly FeedWrite[]): Promise<number> =>
    writeFeeds(deps.redis, entries, feeds, { cap: settings.maxEntries, signal, maxKeysPerCall: settings.followerPageSize });
  // Entries of each author (indexes into `entries`).
  const byAuthor = new Map<string, number[]>();
  posts.forEach((post, index) => {
    const list = byAuthor.get(post.authorId);
    if (list) list.push(index);
    else byAuthor.set(post.authorId, [index]);
  });
  if (keepsAuthorFeeds(settings.strategy))
    await write([...byAuthor].map(([authorId, indexes]) => ({ key: authorFeedKey(authorId), entries: indexes })));

  const pushed = [...byAuthor.keys()].flatMap((id) => {
    const author = authors.get(id);
    return author && pushesToFollowers(author.followerCount, settings) ? [author] : [];
  });
  for (const author of pushed) totals.pushedPosts += byAuthor.get(author.id)?.length ?? 0;
  const big = pushed.filter((author) => author.followerCount > rowsPerQuery);
  const tasks: (() => Promise<void>)[] = [
    ...groupAuthors(
      pushed.filter((author) => author.followerCount <= rowsPerQuery),
      rowsPerQuery,
    ).map((group) => async () => {
      const followers = await repository.followersOfAuthors(group, signal);
      const feeds = followers.map(({ followerId, authors: followed }) => {
        totals.followersRead += followed.length;
        return { key: timelineKey(followerId), entries: followed.flatMap((index) => byAuthor.get(group[index] ?? '') ?? []) };
      });
      const written = await write(feeds);
      totals.timelineWrites += written;
    }),
    ...big.map((author) => async () => {
      const indexes = byAuthor.get(author.id) ?? [];
      let after: FollowerCursor | undefined;
      do {
        const page = await repository.followersPage(author.id, after, settings.followerPageSize, signal);
        totals.followersRead += page.followerIds.length;
        const written = await write(page.followerIds.map((id) => ({ key: timelineKey(id), entries: indexes })));
        totals.timelineWrites += written;
        after = page.next;
      } while (after);
    }),
  ];
  await runLimited(tasks, context.limits?.concurrency ?? 2, (task) => task());
}

/**
 * Packs authors into groups whose summed follower counts stay within `budget` (a stale count
 * of 0 still counts 1), in order: each group is one followers query.
 */
export function groupAuthors(authors: readonly AuthorInfo[], budget: number): string[][] {
  return packByWeight(authors, (author) => Math.max(1, author.followerCount), budget).map((group) => group.map((author) => author.id));
}
