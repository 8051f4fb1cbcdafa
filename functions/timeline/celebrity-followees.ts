import type { RedisPort } from '#shared/redis/redis.port.ts';
import { celebrityFolloweesKey } from './timeline-keys.ts';
import type { TimelineRepository } from './timeline.repository.ts';
import type { TimelineSettings } from './timeline-settings.ts';

/** What {@link followedCelebrities} needs. */
export interface FollowedCelebritiesOptions {
  readonly redis: RedisPort;
  readonly repository: TimelineRepository;
  readonly settings: Pick<TimelineSettings, 'celebrityThreshold' | 'celebrityListTtlSeconds'>;
  readonly signal: AbortSignal;
}

/**
 * The celebrities a reader follows, cache-aside: a `GET` (sent in the same pipeline as the
 * timeline range), Postgres on a miss. The TTL bounds how long a new or dropped follow of a
 * celebrity, or an author crossing the threshold, takes to show.
 */
export async function followedCelebrities(userId: string, options: FollowedCelebritiesOptions): Promise<readonly string[]> {
  const { redis, repository, settings, signal } = options;
  const key = celebrityFolloweesKey(userId);
  const cached = parseIds(await redis.get(key, { signal }));
  if (cached) return cached;
  const ids = await repository.celebrityFollowees(userId, settings.celebrityThreshold, signal);
  await redis.set(key, JSON.stringify(ids), { ttlSeconds: settings.celebrityListTtlSeconds, signal });
  return ids;
}

function parseIds(value: string | null): string[] | undefined {
  if (value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((id) => typeof id === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
