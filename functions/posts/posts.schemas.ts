import { z } from '@hono/zod-openapi';
import { NUL_FREE_PATTERN } from '#shared/app/text-constraints.ts';
import { MEDIA_KEY_PATTERN } from '#shared/media/media-key.ts';
import { MAX_POST_CODE_POINTS, codePointLength, normalisePostText } from './post-text.ts';

/** Post text: 1..280 code points after NFC + trim; no NUL (Postgres text cannot hold it). */
export const PostTextSchema = z
  .string()
  .transform(normalisePostText)
  .refine((text) => text.length > 0, 'Text must not be empty')
  .refine((text) => codePointLength(text) <= MAX_POST_CODE_POINTS, `Text is limited to ${MAX_POST_CODE_POINTS} characters`)
  .refine((text) => !text.includes('\u0000'), 'Text must not contain NUL characters')
  // The refinements run after the transform, so the document states them itself.
  .openapi({
    type: 'string',
    minLength: 1,
    maxLength: MAX_POST_CODE_POINTS,
    pattern: NUL_FREE_PATTERN.source,
    example: 'Reading DDIA chapter 1 again.',
  });

/** Body of `POST /posts`. Strict: unknown fields (e.g. `authorId`) are rejected, not ignored. */
export const CreatePostBodySchema = z
  .strictObject({
    text: PostTextSchema,
    mediaKey: z
      .string()
      .regex(MEDIA_KEY_PATTERN, 'Expected a media key returned by the media upload (media/<user id>/<id>.<ext>)')
      .optional()
      .openapi({ example: 'media/0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11/5c0d7e2a-3b8f-4a51-9d35-3e2f1b7a9c10.jpg' }),
  })
  .openapi('CreatePost');

export type CreatePostBody = z.infer<typeof CreatePostBodySchema>;

/** Path parameters of `GET /posts/{id}`. */
export const PostIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '7a1d2c3e-4f50-4a6b-8c9d-0e1f2a3b4c5d' }),
});

/** A post as the API returns it. */
export const PostSchema = z
  .object({
    id: z.uuid(),
    authorId: z.uuid(),
    text: z.string(),
    mediaKey: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Post');

export type Post = z.infer<typeof PostSchema>;
