import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, registerBearerAuth } from '#shared/auth/index.ts';
import { hashPassword } from '#shared/auth/password-hash.ts';
import { registerAccountRoutes, throttledResponse } from './account.routes.ts';
import { accountThrottle } from './account-throttle.ts';
import { registerFollowRoutes } from './follows.routes.ts';
import { sessionReply } from './session-reply.ts';
import { createUsersRepository } from './users.repository.ts';
import { CreateUserBodySchema, SignUpResponseSchema, UserIdParamsSchema, UserSchema } from './users.schemas.ts';

const problem = problemContent;

const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Sign up: create a user with a password and get an access token',
  description:
    `The token expires after ${DEFAULT_TOKEN_TTL_SECONDS / 3600} h; \`POST /sessions\` gets a new one with the password. ` +
    'Send it as `Authorization: Bearer <token>` to act as this user. The password is stored only as a ' +
    'PBKDF2-SHA-256 hash. Throttled per client address.',
  middleware: [accountThrottle('signup')] as const,
  request: {
    body: { required: true, content: { 'application/json': { schema: CreateUserBodySchema } } },
  },
  responses: {
    201: {
      description: 'Created; `Location` points at the new user',
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: SignUpResponseSchema } },
    },
    400: problem('Malformed JSON or invalid fields'),
    409: problem('Handle already taken'),
    415: problem('Body is not JSON'),
    429: throttledResponse,
  },
});

const getUserRoute = createRoute({
  method: 'get',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Fetch a user profile (with follower and followee counts)',
  request: { params: UserIdParamsSchema },
  responses: {
    200: { description: 'The user', content: { 'application/json': { schema: UserSchema } } },
    400: problem('The id is not a UUID'),
    404: problem('No such user'),
  },
});

/** Routes of the users function. */
export function usersRoutes(): OpenAPIHono<AppEnv> {
  const router = createRouter();
  registerBearerAuth(router);

  router.openapi(createUserRoute, async (c) => {
    const { password, ...profile } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    const result = await createUsersRepository(c.var.deps.sql).create({ ...profile, passwordHash }, c.var.signal);
    if (!result.ok) {
      throw new ProblemError(409, { type: 'handle-taken', title: 'Handle already taken', detail: 'Choose another handle' });
    }
    c.header('Location', `/users/${result.user.id}`);
    return c.json(await sessionReply(c.var.auth, result.user), 201);
  });

  router.openapi(getUserRoute, async (c) => {
    const { id } = c.req.valid('param');
    const user = await createUsersRepository(c.var.deps.sql).findById(id, c.var.signal);
    if (!user) throw new ProblemError(404, { type: 'user-not-found', title: 'User not found', detail: `No user ${id}` });
    return c.json(user, 200);
  });

  registerAccountRoutes(router);
  registerFollowRoutes(router);
  return router;
}
