import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/app/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { createUsersRepository } from './users.repository.ts';
import { CreateUserBodySchema, ProblemSchema, UserIdParamsSchema, UserSchema } from './users.schemas.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create a user',
  request: {
    body: { required: true, content: { 'application/json': { schema: CreateUserBodySchema } } },
  },
  responses: {
    201: {
      description: 'Created; `Location` points at the new user',
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: UserSchema } },
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
  summary: 'Fetch a user',
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

  router.openapi(createUserRoute, async (c) => {
    const result = await createUsersRepository(c.var.deps.sql).create(c.req.valid('json'), c.var.signal);
    if (!result.ok) {
      throw new ProblemError(409, { type: 'handle-taken', title: 'Handle already taken', detail: 'Choose another handle' });
    }
    c.header('Location', `/users/${result.user.id}`);
    return c.json(result.user, 201);
  });

  router.openapi(getUserRoute, async (c) => {
    const { id } = c.req.valid('param');
    const user = await createUsersRepository(c.var.deps.sql).findById(id, c.var.signal);
    if (!user) throw new ProblemError(404, { type: 'user-not-found', title: 'User not found', detail: `No user ${id}` });
    return c.json(user, 200);
  });

  return router;
}
