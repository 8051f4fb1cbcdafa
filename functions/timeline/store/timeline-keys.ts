/**
 * Redis keys of the timeline workload (contract in /work/team/ISSUE4.md). Every key holds
 * ids and scores only, except `post:v2:<id>` (the hydration cache).
 */

/** Home timeline of a reader: sorted set, member = post id, score = created_at epoch ms. */
export const timelineKey = (userId: string): string => `timeline:${userId}`;

/** Recent posts of one author (read back by followers of celebrities in `hybrid`). */
export const authorFeedKey = (authorId: string): string => `author-feed:${authorId}`;

/** JSON array of the celebrities a reader follows (short TTL). */
export const celebrityFolloweesKey = (userId: string): string => `celebrity-followees:${userId}`;

/**
 * Cached post for hydration: its API item as JSON (`postItemJson`), with a TTL. `v2` since the
 * value became the API item: instances of the older layout never read these keys.
 */
export const postKey = (postId: string): string => `post:v2:${postId}`;

/**
 * Sentinel member of a materialised feed (timeline or author feed). Its score says the feed's
 * state: {@link SENTINEL_BUILDING} while it is being rebuilt from Postgres, then
 * {@link SENTINEL_READY}. Real scores are epoch ms (> 0), so the sentinel always sorts last:
 * a read that reaches the end of a feed sees it. Never a UUID, so it cannot clash with a post.
 */
export const SENTINEL_MEMBER = '~';
export const SENTINEL_BUILDING = -1;
export const SENTINEL_READY = 0;
