import type { SqlClient } from '#shared/postgres/sql.port.ts';
import type { TimelineEntry, TimelinePosition } from '../model/timeline-entry.ts';
import type { TimelinePost } from '../model/timeline-post.ts';

/** An author as fan-out needs it. */
export interface AuthorInfo {
  readonly id: string;
  readonly handle: string;
  readonly followerCount: number;
}

/** Position in an author's follower list: the last follow read (created_at kept as text: µs). */
export interface FollowerCursor {
  readonly followedAt: string;
  readonly followerId: string;
}

/** One page of followers and where the next one starts (undefined at the end). */
export interface FollowersPage {
  readonly followerIds: string[];
  readonly next: FollowerCursor | undefined;
}

/** A follower of some of a batch's authors (see {@link TimelineRepository.followersOfAuthors}). */
export interface AuthorsFollower {
  readonly followerId: string;
  /** Indexes into the queried author ids. */
  readonly authors: readonly number[];
}

/** Options of {@link TimelineRepository.homeTimelinePosts}. */
export interface HomeTimelineQuery {
  readonly after?: TimelinePosition | undefined;
  /** Rows to fetch (in microsecond order; see `exactTop`). */
  readonly fetch: number;
}

/** The reads the timeline workload makes in Postgres (the source of truth). */
export interface TimelineRepository {
  /** One page of an author's followers (keyset pagination on the followers index). */
  followersPage(authorId: string, after: FollowerCursor | undefined, limit: number, signal: AbortSignal): Promise<FollowersPage>;
  /**
   * Every follower of any of `authorIds` in ONE query, grouped by follower: which of the
   * authors (indexes into `authorIds`) each follows. Unpaged: callers bound the authors' summed
   * follower counts (fan-out groups authors, and pages the followers of big ones instead).
   */
  followersOfAuthors(authorIds: readonly string[], signal: AbortSignal): Promise<AuthorsFollower[]>;
  authors(ids: readonly string[], signal: AbortSignal): Promise<AuthorInfo[]>;
  /** Ids of the celebrities (follower count above `threshold`) that `userId` follows. */
  celebrityFollowees(userId: string, threshold: number, signal: AbortSignal): Promise<string[]>;
  /**
   * Newest entries of a home timeline (posts of everyone `userId` follows), skipping authors
   * above `maxAuthorFollowers` when given (their posts are merged at read time).
   */
  homeTimelineEntries(userId: string, limit: number, maxAuthorFollowers: number | undefined, signal: AbortSignal): Promise<TimelineEntry[]>;
  /** Newest entries of one author. */
  authorEntries(authorId: string, limit: number, signal: AbortSignal): Promise<TimelineEntry[]>;
  /** Hydrated posts by id (missing ids are absent). */
  postsByIds(ids: readonly string[], signal: AbortSignal): Promise<TimelinePost[]>;
  /** Hydrated home timeline rows after a position: fan-out on read in one query. */
  homeTimelinePosts(userId: string, query: HomeTimelineQuery, signal: AbortSignal): Promise<TimelinePost[]>;
}

/** Millisecond score, exactly as `Date.parse(createdAt)` of the event gives it. */
const SCORE = `floor(extract(epoch FROM p.created_at) * 1000)::float8`;
const POST_COLUMNS = `p.id AS "postId", p.author_id AS "authorId", u.handle AS "authorHandle", p.text,
  p.media_key AS "mediaKey", p.created_at AS "createdAt", ${SCORE} AS score`;
// Ids travel as one comma-joined text parameter: no array type OIDs needed (workerd clients
// skip fetching them), and uuids hold no commas.
const ID_LIST = `string_to_array($1, ',')::uuid[]`;

// After (score s, id p) in (millisecond, id) order: created_at before the end of millisecond s,
// and either before its start or, within it, a smaller id. Index-friendly (created_at range).
const AFTER = `AND created_at < $2 AND (created_at < $3 OR id < $4::uuid)`;

const homeTimelinePostsSql = (after: boolean): string => `
  SELECT ${POST_COLUMNS}
  FROM follows f
  CROSS JOIN LATERAL (
    SELECT id, author_id, text, media_key, created_at FROM posts
    WHERE author_id = f.followee_id ${after ? AFTER : ''}
    ORDER BY created_at DESC, id DESC
    LIMIT $${after ? 5 : 2}
  ) p
  JOIN users u ON u.id = p.author_id
  WHERE f.follower_id = $1
  ORDER BY p.created_at DESC, p.id DESC
  LIMIT $${after ? 5 : 2}`;

interface PostRow extends Record<string, unknown> {
  postId: string;
  authorId: string;
  authorHandle: string;
  text: string;
  mediaKey: string | null;
  createdAt: Date | string;
  score: number;
}

/** Creates the repository over the SQL port. */
export function createTimelineRepository(sql: SqlClient): TimelineRepository {
  return {
    async followersPage(authorId, after, limit, signal) {
      // Walks follows_followee_idx (followee_id, created_at DESC, follower_id DESC): each page
      // reads only its rows, even for an author with millions of followers.
      const rows = await sql.query<{ id: string; at: string }>(
        after
          ? `SELECT follower_id AS id, created_at::text AS at FROM follows
             WHERE followee_id = $1 AND (created_at, follower_id) < ($2::timestamptz, $3::uuid)
             ORDER BY created_at DESC, follower_id DESC LIMIT $4`
          : `SELECT follower_id AS id, created_at::text AS at FROM follows
             WHERE followee_id = $1 ORDER BY created_at DESC, follower_id DESC LIMIT $2`,
        after ? [authorId, after.followedAt, after.followerId, limit] : [authorId, limit],
        { signal },
      );
      const last = rows.at(-1);
      return {
        followerIds: rows.map((row) => row.id),
        next: rows.length === limit && last ? { followedAt: last.at, followerId: last.id } : undefined,
      };
    },
    async followersOfAuthors(authorIds, signal) {
      if (authorIds.length === 0) return [];
      // One nested loop over follows_followee_idx per author; the authors' positions come back
      // as text (no array types on the wire, like ID_LIST).
      const rows = await sql.query<{ id: string; authors: string }>(
        `SELECT f.follower_id AS id, string_agg(a.n::text, ',') AS authors
         FROM unnest(${ID_LIST}) WITH ORDINALITY AS a(author_id, n)
         JOIN follows f ON f.followee_id = a.author_id
         GROUP BY f.follower_id`,
        [authorIds.join(',')],
        { signal },
      );
      return rows.map((row) => ({ followerId: row.id, authors: row.authors.split(',').map((n) => Number(n) - 1) }));
    },
    async authors(ids, signal) {
      if (ids.length === 0) return [];
      const rows = await sql.query<{ id: string; handle: string; followerCount: number }>(
        `SELECT id, handle, follower_count::float8 AS "followerCount" FROM users WHERE id = ANY(${ID_LIST})`,
        [ids.join(',')],
        { signal },
      );
      return rows.map((row) => ({ id: row.id, handle: row.handle, followerCount: Number(row.followerCount) }));
    },
    async celebrityFollowees(userId, threshold, signal) {
      const rows = await sql.query<{ id: string }>(
        `SELECT f.followee_id AS id FROM follows f JOIN users u ON u.id = f.followee_id
         WHERE f.follower_id = $1 AND u.follower_count > $2 ORDER BY f.followee_id`,
        [userId, threshold],
        { signal },
      );
      return rows.map((row) => row.id);
    },
    async homeTimelineEntries(userId, limit, maxAuthorFollowers, signal) {
      const skipCelebrities = maxAuthorFollowers !== undefined;
      const rows = await sql.query<{ postId: string; score: number }>(
        `SELECT p.id AS "postId", ${SCORE} AS score
         FROM follows f
         ${skipCelebrities ? 'JOIN users u ON u.id = f.followee_id AND u.follower_count <= $3' : ''}
         CROSS JOIN LATERAL (
           SELECT id, created_at FROM posts WHERE author_id = f.followee_id ORDER BY created_at DESC, id DESC LIMIT $2
         ) p
         WHERE f.follower_id = $1
         ORDER BY p.created_at DESC, p.id DESC
         LIMIT $2`,
        skipCelebrities ? [userId, limit, maxAuthorFollowers] : [userId, limit],
        { signal },
      );
      return rows.map(toEntry);
    },
    async authorEntries(authorId, limit, signal) {
      const rows = await sql.query<{ postId: string; score: number }>(
        `SELECT p.id AS "postId", ${SCORE} AS score FROM posts p WHERE p.author_id = $1
         ORDER BY p.created_at DESC, p.id DESC LIMIT $2`,
        [authorId, limit],
        { signal },
      );
      return rows.map(toEntry);
    },
    async postsByIds(ids, signal) {
      if (ids.length === 0) return [];
      const rows = await sql.query<PostRow>(
        `SELECT ${POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ANY(${ID_LIST})`,
        [ids.join(',')],
        { signal },
      );
      return rows.map(toPost);
    },
    async homeTimelinePosts(userId, query, signal) {
      const { after, fetch } = query;
      const params = after ? [userId, new Date(after.score + 1), new Date(after.score), after.postId, fetch] : [userId, fetch];
      const rows = await sql.query<PostRow>(homeTimelinePostsSql(after !== undefined), params, { signal });
      return rows.map(toPost);
    },
  };
}

function toEntry(row: { postId: string; score: number }): TimelineEntry {
  return { postId: row.postId, score: Number(row.score) };
}

function toPost(row: PostRow): TimelinePost {
  return {
    postId: row.postId,
    authorId: row.authorId,
    authorHandle: row.authorHandle,
    text: row.text,
    mediaKey: row.mediaKey ?? null,
    createdAt: new Date(Number(row.score)).toISOString(),
    score: Number(row.score),
  };
}
