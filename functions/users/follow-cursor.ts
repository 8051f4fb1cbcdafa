import { z } from '@hono/zod-openapi';
import { createCursorCodec } from '#shared/app/cursor-codec.ts';

/**
 * Keyset position in a follow list: the last row's `created_at` (microseconds, as Postgres
 * stores it: a millisecond Date would skip or repeat rows) and the other user's id (tie-break).
 */
export interface FollowCursor {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC. */
  readonly at: string;
  readonly id: string;
}

/** Year 1: Postgres has no year 0 (`Date.UTC` would read a year below 100 as 19xx). */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');

/**
 * True for a calendar instant Postgres accepts: `Date.parse` rolls 2023-02-30 over to March and
 * takes year 0, both of which Postgres refuses, so the parsed value must print back the same.
 */
function isRealInstant(at: string): boolean {
  const parsed = Date.parse(at);
  return !Number.isNaN(parsed) && parsed >= FIRST_INSTANT && new Date(parsed).toISOString().slice(0, 19) === at.slice(0, 19);
}

const FollowCursorSchema = z.strictObject({
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    .refine(isRealInstant),
  id: z.uuid(),
});

/** Cursors of the follower / followee lists. */
export const followCursors = createCursorCodec<FollowCursor>('f1', FollowCursorSchema);
