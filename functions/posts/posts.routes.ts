import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { bearerSecurity, registerBearerAuth, requireAuth } from '#shared/auth/index.ts';
import { mediaKeyOwner } from '#shared/media/media-key.ts';
import { createPostsRepository } from './posts.repository.ts';
import { CreatePostBodySchema, PostIdParamsSchema, PostSchema } from './posts.schemas.ts';
import { requestOrigin } from './request-origin.ts';

const problem = problemContent;

const createPostRoute = createRoute({
  method: 'post',
  path: '/posts',
  tags: ['posts'],
  summary: 'Publish a post as the authenticated user',
  description:
    'The post and its `post.created` event are written in ONE transaction (transactional outbox); ' +
    "201 means both are committed. The event reaches followers' timelines through Kafka, also when " +
    'Kafka is down at the time of the post (it waits in the outbox).',
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: {
    body: { required: true, content: { 'application/json': { schema: CreatePostBodySchema } } },
  },
  responses: {
    201: {
      description: 'Created; `Location` points at the new post',
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: PostSchema } },
    },
    400: problem('Malformed JSON, invalid or unknown fields'),
    401: {
      ...problem('Missing, malformed, expired or badly signed token, or its user no longer exists'),
      headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
    },
    403: problem('The media key belongs to another user'),
    413: problem('Body too large'),
    415: problem('Body is not JSON'),
  },
});

const getPostRoute = createRoute({
  method: 'get',
  path: '/posts/{id}',
  tags: ['posts'],
  summary: 'Fetch a post',
  request: { params: PostIdParamsSchema },
  responses: {
    200: { description: 'The post', content: { 'application/json': { schema: PostSchema } } },
    400: problem('The id is not a UUID'),
    404: problem('No such post'),
  },
});

/** Routes of the posts function. */
export function postsRoutes(): OpenAPIHono<AppEnv> {
  const router = createRouter();
  registerBearerAuth(router);

  router.openapi(createPostRoute, async (c) => {
    const body = c.req.valid('json');
    const authorId = c.var.userId;
    if (body.mediaKey !== undefined && mediaKeyOwner(body.mediaKey) !== authorId) {
      throw new ProblemError(403, { type: 'media-not-owned', title: 'Media not yours', detail: 'Attach media you uploaded yourself' });
    }
    const result = await createPostsRepository(c.var.deps.sql).create(
      { authorId, text: body.text, mediaKey: body.mediaKey ?? null },
      requestOrigin(c),
      c.var.signal,
    );
    if (!result.ok) {
      throw new ProblemError(401, {
        type: 'token-invalid',
        title: 'Invalid token',
        detail: 'The token names a user that does not exist',
        headers: { 'WWW-Authenticate': 'Bearer realm="atlas-edge", error="invalid_token", error_description="unknown user"' },
      });
    }
    c.header('Location', `/posts/${result.post.id}`);
    return c.json(result.post, 201);
  });

  router.openapi(getPostRoute, async (c) => {
    const { id } = c.req.valid('param');
    const post = await createPostsRepository(c.var.deps.sql).findById(id, c.var.signal);
    if (!post) throw new ProblemError(404, { type: 'post-not-found', title: 'Post not found', detail: `No post ${id}` });
    return c.json(post, 200);
  });

  return router;
}
