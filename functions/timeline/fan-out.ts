import type { RedisPort } from '#shared/redis/redis.port.ts';
import type { SqlClient } from '#shared/postgres/sql.port.ts';
import { PostCreatedEventSchema } from '#shared/events/post-created.ts';
import { keepsAuthorFeeds, pushesToFollowers } from './fanout-strategy.ts';
import { pushToFeeds } from './feed-store.ts';
import { cachePosts } from './post-hydration.ts';
import { authorFeedKey, timelineKey } from './timeline-keys.ts';
import type { TimelinePost } from './timeline-post.ts';
import { createTimelineRepository } from './timeline.repository.ts';
import type { FollowerCursor, TimelineRepository } from './timeline.repository.ts';
import type { TimelineSettings } from './timeline-settings.ts';

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

/** Authors fanned out concurrently within one batch. */
const AUTHOR_CONCURRENCY = 4;

/**
 * Fan-out of a batch of `post.created` events: caches each post for hydration, adds it to its
 * author's feed (`hybrid`), and, unless the strategy says otherwise, to the timeline of every
 * follower (paged from Postgres, one Redis script per page). Redelivery is harmless: sorted
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
    events.set(post.id, { id: post.id, authorId: post.authorId, text: post.text, mediaKey: post.mediaKey, score: Date.parse(post.createdAt) });
  }
  const authors = new Map((await repository.authors([...new Set([...events.values()].map((e) => e.authorId))], signal)).map((a) => [a.id, a]));
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

  const byAuthor = new Map<string, TimelinePost[]>();
  for (const post of posts) byAuthor.set(post.authorId, [...(byAuthor.get(post.authorId) ?? []), post]);
  let pushedPosts = 0;
  let followersRead = 0;
  let timelineWrites = 0;
  const work = [...byAuthor].map(([authorId, authored]) => async () => {
    const entries = authored.map(({ postId, score }) => ({ postId, score }));
    if (keepsAuthorFeeds(settings.strategy)) await pushToFeeds(deps.redis, [authorFeedKey(authorId)], entries, settings.maxEntries, signal);
    if (!pushesToFollowers(authors.get(authorId)?.followerCount ?? 0, settings)) return;
    pushedPosts += entries.length;
    let after: FollowerCursor | undefined;
    do {
      const page = await repository.followersPage(authorId, after, settings.followerPageSize, signal);
      followersRead += page.followerIds.length;
      const written = await pushToFeeds(deps.redis, page.followerIds.map(timelineKey), entries, settings.maxEntries, signal);
      timelineWrites += written * entries.length;
      after = page.next;
    } while (after);
  });
  await runLimited(work, AUTHOR_CONCURRENCY);
  return { posts: posts.length, malformed, pushedPosts, followersRead, timelineWrites };
}

async function runLimited(tasks: readonly (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next];
      next += 1;
      await task?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
