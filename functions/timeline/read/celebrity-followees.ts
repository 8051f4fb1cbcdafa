import type { RedisPort } from '#shared/redis/redis.port.ts';
import type { TtlCache } from './ttl-cache.ts';
import { celebrityFolloweesKey } from '../store/timeline-keys.ts';
import type { TimelineRepository } from '../store/timeline.repository.ts';
import type { TimelineSettings } from '../timeline-settings.ts';

/** What {@link followedCelebrities} needs. */
export interface FollowedCelebritiesOptions {
  readonly redis: RedisPort;
  readonly repository: TimelineRepository;
  readonly settings: Pick<TimelineSettings, 'celebrityThreshold' | 'celebrityListTtlSeconds'>;
  readonly signal: AbortSignal;
  /** Per-instance first level (saves the GET on most reads); lifetime {@link LOCAL_TTL_MS}. */
  readonly local?: TtlCache<readonly string[]> | undefined;
}

/** How long an instance trusts its own copy of a list (on top of the shared TTL). */
export const LOCAL_TTL_MS = 10_000;

/**
 * The celebrities a reader follows, cache-aside on two levels: this instance's memory, then a
 * shared `GET`, then Postgres. The TTLs bound how long a new or dropped follow of a celebrity,
 * or an author crossing the threshold, takes to show (shared TTL + {@link LOCAL_TTL_MS}).
 */
export async function followedCelebrities(userId: string, options: FollowedCelebritiesOptions): Promise<readonly string[]> {
  const { redis, repository, settings, signal, local } = options;
  const hit = local?.get(userId);
  if (hit) return hit;
  const key = celebrityFolloweesKey(userId);
  let ids: readonly string[] | undefined = parseIds(await redis.get(key, { signal }));
  if (!ids) {
    ids = await repository.celebrityFollowees(userId, settings.celebrityThreshold, signal);
    await redis.set(key, JSON.stringify(ids), { ttlSeconds: settings.celebrityListTtlSeconds, signal });
  }
  local?.set(userId, ids, Math.min(LOCAL_TTL_MS, settings.celebrityListTtlSeconds * 1000));
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
