import type { FanoutStrategy, TimelineSettings } from './timeline-settings.ts';

/** True when an author with `followerCount` followers is a celebrity (hybrid only matters). */
export function isCelebrity(followerCount: number, settings: Pick<TimelineSettings, 'celebrityThreshold'>): boolean {
  return followerCount > settings.celebrityThreshold;
}

/**
 * Fan-out on write for this author? `write`: always; `read`: never; `hybrid`: unless the
 * author is a celebrity (pushing one post into millions of timelines is the cost DDIA's
 * Twitter example avoids by merging those posts at read time instead).
 */
export function pushesToFollowers(followerCount: number, settings: Pick<TimelineSettings, 'strategy' | 'celebrityThreshold'>): boolean {
  switch (settings.strategy) {
    case 'write':
      return true;
    case 'read':
      return false;
    case 'hybrid':
      return !isCelebrity(followerCount, settings);
  }
}

/** Whether the fan-out keeps per-author feeds (read back by followers of celebrities). */
export function keepsAuthorFeeds(strategy: FanoutStrategy): boolean {
  return strategy === 'hybrid';
}

/** How a home timeline read is served, by strategy. */
export type ReadPlan =
  /** The cached timeline only (everything was pushed). */
  | 'cached'
  /** The cached timeline merged with the feeds of followed celebrities. */
  | 'cached-with-celebrities'
  /** Straight from Postgres: the posts of everyone followed. */
  | 'postgres';

/** The read plan of a strategy (Redis being down overrides it with `postgres`, degraded). */
export function readPlan(strategy: FanoutStrategy): ReadPlan {
  switch (strategy) {
    case 'write':
      return 'cached';
    case 'read':
      return 'postgres';
    case 'hybrid':
      return 'cached-with-celebrities';
  }
}
