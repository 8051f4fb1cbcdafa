import { z } from '@hono/zod-openapi';
import { createCursorCodec } from '#shared/app/cursor-codec.ts';
import type { TimelinePosition } from '../model/timeline-entry.ts';

/**
 * What an opaque timeline cursor carries: the last entry served and how many entries the
 * reader has been served so far (so the 800-entry cap holds across pages and strategies).
 */
export interface TimelineCursor {
  readonly after: TimelinePosition;
  readonly served: number;
}

// Lower-case only: post ids are stored and compared lower-case, so another spelling never matches.
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const TimelineCursorSchema = z.strictObject({
  after: z.strictObject({ score: z.int().nonnegative(), postId: z.string().regex(LOWER_CASE_UUID) }),
  served: z.int().nonnegative(),
});

/** Cursors of `GET /timelines/{userId}`: the same token works on the Redis and Postgres paths. */
export const timelineCursors = createCursorCodec<TimelineCursor>('t2', TimelineCursorSchema);
