import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/app/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken, registerBearerAuth } from '#shared/auth/index.ts';
import { registerFollowRoutes } from './follows.routes.ts';
import { createUsersRepository } from './users.repository.ts';
import { CreateUserBodySchema, SignUpResponseSchema, UserIdParamsSchema, UserSchema } from './users.schemas.ts';

const problem = problemContent;

const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Sign up: create a user and get an access token',
  description:
    'The only way to obtain a token in this demo (no passwords): keep it, it expires after ' +
    `${DEFAULT_TOKEN_TTL_SECONDS / 3600} h. Send it as \`Authorization: Bearer <token>\` to act as this user.`,
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
    const result = await createUsersRepository(c.var.deps.sql).create(c.req.valid('json'), c.var.signal);
    if (!result.ok) {
      throw new ProblemError(409, { type: 'handle-taken', title: 'Handle already taken', detail: 'Choose another handle' });
    }
    const token = await issueToken(result.user.id, { secret: authSecret(c.var.auth), ttlSeconds: DEFAULT_TOKEN_TTL_SECONDS });
    const expiresAt = new Date(Date.now() + DEFAULT_TOKEN_TTL_SECONDS * 1000).toISOString();
    c.header('Location', `/users/${result.user.id}`);
    return c.json({ user: result.user, token, expiresAt }, 201);
  });

  router.openapi(getUserRoute, async (c) => {
    const { id } = c.req.valid('param');
    const user = await createUsersRepository(c.var.deps.sql).findById(id, c.var.signal);
    if (!user) throw new ProblemError(404, { type: 'user-not-found', title: 'User not found', detail: `No user ${id}` });
    return c.json(user, 200);
  });

  registerFollowRoutes(router);
  return router;
}

/** The JWT key the runtime put in `c.var.auth`; missing means a wiring bug (500), never a token. */
function authSecret(auth: AppEnv['Variables']['auth']): string {
  if (!auth) throw new Error('users: no auth settings (c.var.auth); the runtime entry must pass them');
  return auth.secret;
}
