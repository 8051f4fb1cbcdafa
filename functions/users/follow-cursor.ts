import { z } from '@hono/zod-openapi';
import { ProblemError } from '#shared/app/problem.ts';

/**
 * Keyset position in a follow list: the last row's `created_at` (microseconds, as Postgres
 * stores it: a millisecond Date would skip or repeat rows) and the other user's id (tie-break).
 * Opaque to clients: base64url of a small JSON object, so its shape can change later.
 */
export interface FollowCursor {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC. */
  readonly at: string;
  readonly id: string;
}

const CursorSchema = z.strictObject({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});

/** Encodes a cursor for `nextCursor`. */
export function encodeFollowCursor(cursor: FollowCursor): string {
  return btoa(JSON.stringify({ at: cursor.at, id: cursor.id })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes a client's `cursor` query parameter.
 * @throws ProblemError 400 (`invalid-cursor`) for anything this service did not produce.
 */
export function decodeFollowCursor(text: string): FollowCursor {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    decoded = JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    throw invalidCursor();
  }
  const parsed = CursorSchema.safeParse(decoded);
  if (!parsed.success || !isRealInstant(parsed.data.at)) throw invalidCursor();
  return parsed.data;
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

function invalidCursor(): ProblemError {
  return new ProblemError(400, {
    type: 'invalid-cursor',
    title: 'Invalid cursor',
    detail: 'Pass back the nextCursor of a previous page unchanged',
    errors: [{ field: 'query.cursor', message: 'Invalid cursor' }],
  });
}
