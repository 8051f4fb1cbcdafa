import type { RedisPort } from '#shared/redis/redis.port.ts';
import type { TimelineCursor } from '../cursors/timeline-cursor.ts';
import type { PostItemJson } from '../model/timeline-post.ts';
import type { TimelineRepository } from '../store/timeline.repository.ts';
import type { TimelineSettings } from '../timeline-settings.ts';
import type { TtlCache } from './ttl-cache.ts';

/** One page request of a home timeline. */
export interface HomeTimelineRequest {
  readonly userId: string;
  readonly limit: number;
  readonly cursor?: TimelineCursor | undefined;
}

/** A page of a home timeline. */
export interface HomeTimelineResult {
  /** The page's posts, newest first, serialised as the API shows them (`timelinePageJson`). */
  readonly items: readonly PostItemJson[];
  readonly nextCursor: string | null;
  /** Served from Postgres because Redis could not answer (the strategy wanted Redis). */
  readonly degraded: boolean;
}

/** What the read path runs against. */
export interface HomeTimelineContext {
  readonly redis: RedisPort;
  readonly repository: TimelineRepository;
  readonly settings: TimelineSettings;
  readonly signal: AbortSignal;
  /** Told when Redis failed and the page was built from Postgres instead. */
  readonly onDegraded?: (error: unknown) => void;
  /** This instance's copy of readers' celebrity lists (see `followedCelebrities`). */
  readonly celebrityLists?: TtlCache<readonly string[]>;
}
