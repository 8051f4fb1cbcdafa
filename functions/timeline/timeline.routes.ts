import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { assertActingAs, bearerSecurity, registerBearerAuth, requireAuth } from '#shared/auth/index.ts';
import { markDegraded, requestLogger } from '#shared/middleware/request-context.ts';
import { errorFields } from '#shared/observability/logger.ts';
import { readHomeTimeline } from './read/home-timeline.ts';
import { timelineCursors } from './cursors/timeline-cursor.ts';
import { timelinePageJson } from './model/timeline-post.ts';
import { createTimelineRepository } from './store/timeline.repository.ts';
import { TimelinePageSchema, TimelineParamsSchema, TimelineQuerySchema } from './timeline.schemas.ts';
import type { TimelinePageBody } from './timeline.schemas.ts';
import { timelineSettingsOf } from './timeline-settings.ts';
import { createTtlCache } from './read/ttl-cache.ts';

/** Response header set when the page was built from Postgres because Redis could not answer. */
export const DEGRADED_HEADER = 'X-Timeline-Degraded';

const homeTimelineRoute = createRoute({
  method: 'get',
  path: '/timelines/{userId}',
  tags: ['timeline'],
  summary: 'Your home timeline, newest first (posts of everyone you follow)',
  description:
    'Cursor-paginated (follow `nextCursor`), at most 800 posts in all. When Redis is down the page is built ' +
    `from Postgres and carries \`${DEGRADED_HEADER}: true\`; the cursor works on either path.`,
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: TimelineParamsSchema, query: TimelineQuerySchema },
  responses: {
    200: {
      description: 'One page',
      headers: { [DEGRADED_HEADER]: { schema: { type: 'string' }, description: '`true` when served without Redis' } },
      content: { 'application/json': { schema: TimelinePageSchema } },
    },
    400: problemContent('Bad user id, limit, cursor or unknown query parameter'),
    401: {
      ...problemContent('Missing, malformed, expired or badly signed token'),
      headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
    },
    403: problemContent('The token belongs to another user: a home timeline is private'),
    503: problemContent('Postgres is unavailable and the page needs it'),
  },
});

/** Routes of the timeline function. */
export function timelineRoutes(): OpenAPIHono<AppEnv> {
  const router = createRouter();
  registerBearerAuth(router);
  // Per app instance (per process on Node, per isolate on workerd): plain data, no I/O.
  const celebrityLists = createTtlCache<readonly string[]>({ maxEntries: 50_000 });

  router.openapi(homeTimelineRoute, async (c) => {
    const { userId } = c.req.valid('param');
    assertActingAs(c, userId);
    const { limit, cursor } = c.req.valid('query');
    // c.get, not c.var: hono's `var` getter copies every variable into a new object per read.
    const { sql, redis } = c.get('deps');
    const result = await readHomeTimeline(
      { userId: c.get('userId'), limit, cursor: cursor === undefined ? undefined : timelineCursors.decode(cursor) },
      {
        redis,
        repository: createTimelineRepository(sql),
        settings: timelineSettingsOf(c.get('env')),
        signal: c.get('signal'),
        celebrityLists,
        onDegraded: (error) => requestLogger(c).warn('timeline served from Postgres: Redis unavailable', errorFields(error)),
      },
    );
    if (result.degraded) {
      c.header(DEGRADED_HEADER, 'true');
      markDegraded(c, 'redis-unavailable');
    }
    c.header('Cache-Control', 'private, no-store');
    // The items are already the API's JSON (cached that way): spliced, not parsed and re-serialised.
    // The typed `c.json` would re-serialise them; `c.body` with the same status and media type does not.
    const body = c.body(timelinePageJson(result.items, result.nextCursor), 200, { 'Content-Type': 'application/json' });
    // The text IS a TimelinePage (every item written by postItemJson); the cast restores the type `c.json` would give.
    return body as unknown as TypedResponse<TimelinePageBody, 200, 'json'>;
  });

  return router;
}
