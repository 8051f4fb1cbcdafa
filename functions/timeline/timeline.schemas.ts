import { z } from '@hono/zod-openapi';
import { cursorQueryParam } from '#shared/app/cursor-codec.ts';
import { timelineCursors } from './cursors/timeline-cursor.ts';

/** Path of `GET /timelines/{userId}`. */
export const TimelineParamsSchema = z.object({
  userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' }, example: '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11' }),
});

/** Query of `GET /timelines/{userId}`. */
export const TimelineQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 20, description: 'Posts per page (1-100, default 20)' }),
  cursor: cursorQueryParam(timelineCursors),
});

/** A post as a timeline shows it. */
export const TimelineItemSchema = z
  .object({
    id: z.uuid(),
    text: z.string(),
    mediaKey: z.string().nullable(),
    createdAt: z.iso.datetime(),
    author: z.object({ id: z.uuid(), handle: z.string() }),
  })
  .openapi('TimelineItem');

export type TimelineItem = z.infer<typeof TimelineItemSchema>;

/** One page of a home timeline, newest first; `nextCursor` is null at the end (or at 800). */
export const TimelinePageSchema = z
  .object({ items: z.array(TimelineItemSchema), nextCursor: z.string().nullable() })
  .openapi('TimelinePage');

export type TimelinePageBody = z.infer<typeof TimelinePageSchema>;
