import { isConstraintViolation } from '#shared/postgres/sql-error.ts';
import type { SqlClient, SqlExecutor } from '#shared/postgres/sql.port.ts';
import type { FollowCursor } from './follow-cursor.ts';
import type { Follow, FollowListItem } from './follows.schemas.ts';

/** Outcome of a follow: `created` false when it already existed (PUT is idempotent). */
export type FollowResult =
  | { readonly ok: true; readonly follow: Follow; readonly created: boolean }
  | { readonly ok: false; readonly reason: 'target_not_found' | 'follower_not_found' };

/** Outcome of an unfollow: `removed` false when there was nothing to remove. */
export type UnfollowResult = { readonly ok: true; readonly removed: boolean } | { readonly ok: false; readonly reason: 'target_not_found' };

/** One page of a follow list, newest follow first. */
export interface FollowListPage {
  readonly items: readonly FollowListItem[];
  /** Position after the last item, when more rows exist. */
  readonly next: FollowCursor | undefined;
}

/** Which side of the graph to list. */
export type FollowDirection = 'followers' | 'followees';

/** The follow graph in Postgres. Every write changes the edge and both counters atomically. */
export interface FollowsRepository {
  follow(followerId: string, followeeId: string, signal: AbortSignal): Promise<FollowResult>;
  unfollow(followerId: string, followeeId: string, signal: AbortSignal): Promise<UnfollowResult>;
  list(
    direction: FollowDirection,
    userId: string,
    page: { limit: number; after?: FollowCursor },
    signal: AbortSignal,
  ): Promise<FollowListPage>;
}

// Inserts only when the target exists; ON CONFLICT makes a repeated follow a no-op that
// returns nothing, so counters move only when an edge really appears.
const INSERT_FOLLOW = `INSERT INTO follows (follower_id, followee_id)
  SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM users WHERE id = $2)
  ON CONFLICT DO NOTHING RETURNING created_at AS "createdAt"`;
const SELECT_FOLLOW = 'SELECT created_at AS "createdAt" FROM follows WHERE follower_id = $1 AND followee_id = $2';
const DELETE_FOLLOW = 'DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2 RETURNING 1 AS removed';
const USER_EXISTS = 'SELECT 1 AS found FROM users WHERE id = $1';
const BUMP_COUNTS = 'UPDATE users SET follower_count = follower_count + $2, followee_count = followee_count + $3 WHERE id = $1';

/** List queries: the first page and the next ones differ only by the keyset condition. */
function listQuery(direction: FollowDirection, after: boolean): string {
  const [self, other] = direction === 'followers' ? ['followee_id', 'follower_id'] : ['follower_id', 'followee_id'];
  return `SELECT u.id, u.handle, u.display_name AS "displayName", f.created_at AS "followedAt",
      to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
    FROM follows f JOIN users u ON u.id = f.${other}
    WHERE f.${self} = $1${after ? ` AND (f.created_at, f.${other}) < ($3::timestamptz, $4::uuid)` : ''}
    ORDER BY f.created_at DESC, f.${other} DESC
    LIMIT $2`;
}
const LIST_QUERIES = {
  followers: { first: listQuery('followers', false), next: listQuery('followers', true) },
  followees: { first: listQuery('followees', false), next: listQuery('followees', true) },
} as const;

interface ListRow extends Record<string, unknown> {
  id: string;
  handle: string;
  displayName: string;
  followedAt: Date;
  cursorAt: string;
}

/**
 * Both users' counters change in one transaction with the edge, always in id order: two
 * users following each other at the same moment lock the two rows in the same order, so
 * they cannot deadlock.
 */
async function bumpCounts(tx: SqlExecutor, followerId: string, followeeId: string, delta: 1 | -1, signal: AbortSignal): Promise<void> {
  for (const id of [followerId, followeeId].sort()) {
    const isFollower = id === followerId;
    await tx.query(BUMP_COUNTS, [id, isFollower ? 0 : delta, isFollower ? delta : 0], { signal });
  }
}

/** Creates the repository over an SQL client (per process on Node, per request on workerd). */
export function createFollowsRepository(sql: SqlClient): FollowsRepository {
  const exists = async (db: SqlExecutor, id: string, signal: AbortSignal): Promise<boolean> =>
    (await db.query(USER_EXISTS, [id], { signal })).length > 0;

  return {
    async follow(follower, followee, signal) {
      // Lower case: UUIDs from paths may be upper case, and lock order compares strings.
      const [followerId, followeeId] = [follower.toLowerCase(), followee.toLowerCase()];
      try {
        return await sql.transaction(
          async (tx) => {
            const [inserted] = await tx.query<{ createdAt: Date }>(INSERT_FOLLOW, [followerId, followeeId], { signal });
            if (inserted) {
              await bumpCounts(tx, followerId, followeeId, 1, signal);
              return { ok: true, created: true, follow: toFollow(followerId, followeeId, inserted.createdAt) };
            }
            const [existing] = await tx.query<{ createdAt: Date }>(SELECT_FOLLOW, [followerId, followeeId], { signal });
            if (existing) return { ok: true, created: false, follow: toFollow(followerId, followeeId, existing.createdAt) };
            return { ok: false, reason: 'target_not_found' };
          },
          { signal },
        );
      } catch (error) {
        // A valid token for a user that does not exist (any more): the follower FK refuses it.
        if (isConstraintViolation(error, 'foreign_key')) return { ok: false, reason: 'follower_not_found' };
        throw error;
      }
    },

    async unfollow(follower, followee, signal) {
      const [followerId, followeeId] = [follower.toLowerCase(), followee.toLowerCase()];
      return sql.transaction(
        async (tx) => {
          const [removed] = await tx.query(DELETE_FOLLOW, [followerId, followeeId], { signal });
          if (removed) {
            await bumpCounts(tx, followerId, followeeId, -1, signal);
            return { ok: true, removed: true };
          }
          return (await exists(tx, followeeId, signal)) ? { ok: true, removed: false } : { ok: false, reason: 'target_not_found' };
        },
        { signal },
      );
    },

    async list(direction, userId, page, signal) {
      const queries = LIST_QUERIES[direction];
      // One row more than asked tells whether a next page exists without a COUNT.
      const rows = page.after
        ? await sql.query<ListRow>(queries.next, [userId, page.limit + 1, page.after.at, page.after.id], { signal })
        : await sql.query<ListRow>(queries.first, [userId, page.limit + 1], { signal });
      const visible = rows.slice(0, page.limit);
      const last = visible.at(-1);
      return {
        items: visible.map((row) => ({
          id: row.id,
          handle: row.handle,
          displayName: row.displayName,
          followedAt: new Date(row.followedAt).toISOString(),
        })),
        next: rows.length > page.limit && last ? { at: last.cursorAt, id: last.id } : undefined,
      };
    },
  };
}

function toFollow(followerId: string, followeeId: string, createdAt: Date): Follow {
  return { followerId, followeeId, createdAt: new Date(createdAt).toISOString() };
}
