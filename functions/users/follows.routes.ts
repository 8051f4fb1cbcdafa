import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { assertActingAs, bearerSecurity, requireAuth } from '#shared/auth/index.ts';
import { followCursors } from './follow-cursor.ts';
import { createFollowsRepository } from './follows.repository.ts';
import type { FollowDirection } from './follows.repository.ts';
import { FollowPageSchema, FollowParamsSchema, FollowSchema, PageQuerySchema } from './follows.schemas.ts';
import { createUsersRepository } from './users.repository.ts';
import { UserIdParamsSchema } from './users.schemas.ts';

const problem = problemContent;

const authProblems = {
  401: {
    ...problem('Missing, malformed, expired or badly signed token'),
    headers: { 'WWW-Authenticate': { schema: { type: 'string' as const } } },
  },
  403: problem('The token belongs to another user than `{id}`'),
};

const followRoute = createRoute({
  method: 'put',
  path: '/users/{id}/following/{targetId}',
  tags: ['follows'],
  summary: 'Follow a user (as yourself; idempotent)',
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: FollowParamsSchema },
  responses: {
    200: { description: 'Already following: nothing changed', content: { 'application/json': { schema: FollowSchema } } },
    201: { description: 'Now following', content: { 'application/json': { schema: FollowSchema } } },
    400: problem('An id is not a UUID'),
    ...authProblems,
    404: problem('No such user'),
    422: problem('A user cannot follow themselves'),
  },
});

const unfollowRoute = createRoute({
  method: 'delete',
  path: '/users/{id}/following/{targetId}',
  tags: ['follows'],
  summary: 'Unfollow a user (as yourself; idempotent)',
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: FollowParamsSchema },
  responses: {
    204: { description: 'Not following (any more)' },
    400: problem('An id is not a UUID'),
    ...authProblems,
    404: problem('No such user'),
  },
});

const listRoute = (direction: FollowDirection) =>
  createRoute({
    method: 'get',
    path: direction === 'followers' ? '/users/{id}/followers' : '/users/{id}/following',
    tags: ['follows'],
    summary: direction === 'followers' ? 'Who follows the user, newest first' : 'Whom the user follows, newest first',
    request: { params: UserIdParamsSchema, query: PageQuerySchema },
    responses: {
      200: { description: 'One page; follow `nextCursor` for the next', content: { 'application/json': { schema: FollowPageSchema } } },
      400: problem('Bad id, limit or cursor'),
      404: problem('No such user'),
    },
  });

const userNotFound = (id: string) => new ProblemError(404, { type: 'user-not-found', title: 'User not found', detail: `No user ${id}` });

/** Follow / unfollow (authenticated, as yourself) and the public follower / followee lists. */
export function registerFollowRoutes(router: OpenAPIHono<AppEnv>): void {
  router.openapi(followRoute, async (c) => {
    const { id, targetId } = c.req.valid('param');
    assertActingAs(c, id);
    if (id.toLowerCase() === targetId.toLowerCase()) {
      throw new ProblemError(422, { type: 'cannot-follow-self', title: 'Cannot follow yourself', detail: 'Pick another user to follow' });
    }
    const result = await createFollowsRepository(c.var.deps.sql).follow(c.var.userId, targetId, c.var.signal);
    if (!result.ok) throw userNotFound(result.reason === 'target_not_found' ? targetId : id);
    return c.json(result.follow, result.created ? 201 : 200);
  });

  router.openapi(unfollowRoute, async (c) => {
    const { id, targetId } = c.req.valid('param');
    assertActingAs(c, id);
    const result = await createFollowsRepository(c.var.deps.sql).unfollow(c.var.userId, targetId, c.var.signal);
    if (!result.ok) throw userNotFound(targetId);
    return c.body(null, 204);
  });

  for (const direction of ['followers', 'followees'] as const) {
    router.openapi(listRoute(direction), async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const after = cursor === undefined ? undefined : followCursors.decode(cursor);
      const page = await createFollowsRepository(c.var.deps.sql).list(direction, id, { limit, ...(after ? { after } : {}) }, c.var.signal);
      // An empty page is either the end of a list or a user that does not exist: tell them apart.
      if (page.items.length === 0 && !(await createUsersRepository(c.var.deps.sql).findById(id, c.var.signal))) throw userNotFound(id);
      return c.json({ items: [...page.items], nextCursor: page.next ? followCursors.encode(page.next) : null }, 200);
    });
  }
}
