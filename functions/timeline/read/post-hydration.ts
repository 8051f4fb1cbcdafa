import type { RedisPort } from '#shared/redis/redis.port.ts';
import { SET_MANY_SCRIPT } from '../scripts/feed-scripts.ts';
import type { TimelineEntry } from '../model/timeline-entry.ts';
import { postKey } from '../store/timeline-keys.ts';
import { cachedPostItem, postItemJson } from '../model/timeline-post.ts';
import type { PostItemJson, TimelinePost } from '../model/timeline-post.ts';
import type { TimelineRepository } from '../store/timeline.repository.ts';

/** Options of {@link hydrateEntries}. */
export interface HydrateOptions {
  readonly redis: RedisPort;
  readonly repository: TimelineRepository;
  readonly ttlSeconds: number;
  readonly signal: AbortSignal;
}

/**
 * Turns timeline entries into serialised API items: ONE `MGET` of the cached items, then
 * (cache-aside) one Postgres query for the misses, written back with a TTL. Order is kept; a
 * post that no longer exists anywhere is left out.
 */
export async function hydrateEntries(entries: readonly TimelineEntry[], options: HydrateOptions): Promise<PostItemJson[]> {
  if (entries.length === 0) return [];
  const { redis, repository, ttlSeconds, signal } = options;
  const values = await redis.mget(
    entries.map((entry) => postKey(entry.postId)),
    { signal },
  );
  const cached = entries.map((entry, index) => cachedPostItem(values[index] ?? null, entry.postId));
  const missing = entries.filter((_, index) => cached[index] === undefined).map((entry) => entry.postId);
  const filled = new Map<string, PostItemJson>();
  if (missing.length > 0) {
    const found = await repository.postsByIds(missing, signal);
    for (const post of found) filled.set(post.postId, postItemJson(post));
    await cachePosts(redis, found, ttlSeconds, signal);
  }
  const items: PostItemJson[] = [];
  entries.forEach((entry, index) => {
    const item = cached[index] ?? filled.get(entry.postId);
    if (item) items.push(item);
  });
  return items;
}

/** Posts written per cache-fill script call. */
const FILL_CHUNK = 200;

/** Writes posts to the hydration cache: one script call per {@link FILL_CHUNK} posts. */
export async function cachePosts(redis: RedisPort, posts: readonly TimelinePost[], ttlSeconds: number, signal: AbortSignal): Promise<void> {
  for (let i = 0; i < posts.length; i += FILL_CHUNK) {
    const chunk = posts.slice(i, i + FILL_CHUNK);
    await redis.eval(
      SET_MANY_SCRIPT,
      chunk.map((post) => postKey(post.postId)),
      [ttlSeconds, ...chunk.map(postItemJson)],
      { signal },
    );
  }
}
