import { z } from '@hono/zod-openapi';
import { cursorQueryParam } from '#shared/app/cursor-codec.ts';
import { followCursors } from './follow-cursor.ts';

const uuidParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' }, example: '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11' });

/** Path of `PUT` / `DELETE /users/{id}/following/{targetId}`. */
export const FollowParamsSchema = z.object({ id: uuidParam('id'), targetId: uuidParam('targetId') });

/** A follow edge. */
export const FollowSchema = z.object({ followerId: z.uuid(), followeeId: z.uuid(), createdAt: z.iso.datetime() }).openapi('Follow');

export type Follow = z.infer<typeof FollowSchema>;

/** Query of the follower / followee lists. */
export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 20 }),
  cursor: cursorQueryParam(followCursors),
});

/** One user of a follower / followee list. */
export const FollowListItemSchema = z
  .object({
    id: z.uuid(),
    handle: z.string(),
    displayName: z.string(),
    /** When the follow was made; the list is newest first. */
    followedAt: z.iso.datetime(),
  })
  .openapi('FollowListItem');

export type FollowListItem = z.infer<typeof FollowListItemSchema>;

/** A page of a follower / followee list; `nextCursor` is null on the last page. */
export const FollowPageSchema = z.object({ items: z.array(FollowListItemSchema), nextCursor: z.string().nullable() }).openapi('FollowPage');

export type FollowPage = z.infer<typeof FollowPageSchema>;
