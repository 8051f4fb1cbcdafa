import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '#shared/middleware/app-env.ts';
import { createRouter } from '#shared/app/create-router.ts';
import { ProblemError } from '#shared/app/problem.ts';
import { problemContent } from '#shared/app/problem-schema.ts';
import { bearerSecurity, registerBearerAuth, requireAuth } from '#shared/auth/index.ts';
import { MEDIA_TYPES } from '#shared/media/media-key.ts';
import { createMediaQuota, mediaQuotaBytes } from './media-quota.ts';
import { MEDIA_SETTINGS } from './media-settings.ts';
import { ImageBodySchema, MediaPathSchema, MediaUploadSchema, MediaUrlSchema } from './media.schemas.ts';
import { storeUpload } from './store-upload.ts';

const imageBody = Object.fromEntries(Object.keys(MEDIA_TYPES).map((type) => [type, { schema: ImageBodySchema }]));

const uploadRoute = createRoute({
  method: 'post',
  path: '/media',
  tags: ['media'],
  summary: 'Upload an image',
  description:
    `The raw image bytes as the body (no multipart form), with \`Content-Length\` (at most ${MEDIA_SETTINGS.maxBytes} bytes) ` +
    'and the image type as `Content-Type`. The type is checked against the bytes themselves (JPEG, PNG, GIF, WebP). ' +
    "The body is streamed to the object store; use the returned `key` as a post's `mediaKey`. " +
    'Each user may store a limited number of bytes in all (`MEDIA_QUOTA_BYTES`, default 100 MiB): past it, 413 `media-quota-exceeded`.',
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { body: { required: true, content: imageBody } },
  responses: {
    201: {
      description: 'Stored; `Location` is the path that serves it',
      headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: MediaUploadSchema } },
    },
    400: problemContent('Empty body, bad Content-Length, or a body that ended early'),
    401: problemContent('Missing or invalid bearer token'),
    408: problemContent(
      'The client did not send the whole image within the upload budget (a slow client never counts against the object store)',
    ),
    411: problemContent('No Content-Length'),
    413: problemContent(
      `Larger than ${MEDIA_SETTINGS.maxBytes} bytes, or more than the user's remaining media quota (type \`media-quota-exceeded\`)`,
    ),
    415: problemContent('Not a JPEG, PNG, GIF or WebP image, or bytes that do not match the declared type'),
    503: problemContent('Object store unavailable'),
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/media/{ownerId}/{fileName}',
  tags: ['media'],
  summary: 'Read an image through a presigned URL',
  description:
    `The path is the media key. Answers 302 to a presigned object-store URL valid for ${MEDIA_SETTINGS.presignTtlSeconds} s; ` +
    'with `Accept: application/json`, answers 200 with that URL instead.',
  request: { params: MediaPathSchema },
  responses: {
    200: { description: 'The presigned URL (when JSON was asked for)', content: { 'application/json': { schema: MediaUrlSchema } } },
    302: { description: 'Redirect to the presigned URL', headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
    400: problemContent('Not a media key'),
    404: problemContent('No such image'),
    503: problemContent('Object store unavailable'),
  },
});

/** Routes of the media function. */
export function mediaRoutes(): OpenAPIHono<AppEnv> {
  const router = createRouter();
  registerBearerAuth(router);

  router.openapi(uploadRoute, async (c) => {
    const upload = await storeUpload(c.var.deps.objectStore, {
      ownerId: c.var.userId,
      contentLength: c.req.header('content-length'),
      contentType: c.req.header('content-type'),
      body: c.req.raw.body,
      signal: c.var.signal,
      quota: createMediaQuota(c.var.deps.sql, c.var.userId, mediaQuotaBytes(c.var.env)),
    });
    c.header('Location', `/${upload.key}`);
    return c.json(upload, 201);
  });

  router.openapi(readRoute, async (c) => {
    const { ownerId, fileName } = c.req.valid('param');
    const key = `media/${ownerId}/${fileName}`;
    const store = c.var.deps.objectStore;
    const info = await store.headObject(key, AbortSignal.any([c.var.signal, AbortSignal.timeout(MEDIA_SETTINGS.lookupTimeoutMs)]));
    if (!info) throw new ProblemError(404, { type: 'media-not-found', title: 'Image not found', detail: `No image ${key}` });
    const ttl = MEDIA_SETTINGS.presignTtlSeconds;
    const url = await store.presignGet(key, { expiresInSeconds: ttl }, c.var.signal);
    // A cached redirect must not outlive the URL it points to.
    c.header('Cache-Control', `private, max-age=${ttl - 60}`);
    if (wantsJson(c.req.header('accept'))) {
      const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
      return c.json({ key, url, expiresAt, contentType: info.contentType, size: info.size }, 200);
    }
    return c.redirect(url, 302);
  });

  return router;
}

/** JSON only when asked for explicitly: `<img src>` and plain fetches get the redirect. */
function wantsJson(accept: string | undefined): boolean {
  return accept !== undefined && /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}
