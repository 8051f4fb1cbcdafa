import { z } from '@hono/zod-openapi';
import { MEDIA_FILE_NAME_PATTERN, MEDIA_KEY_MAX_LENGTH, MEDIA_KEY_PATTERN, MEDIA_TYPES } from '#shared/media/media-key.ts';
import type { MediaContentType } from '#shared/media/media-key.ts';

const contentTypes = Object.keys(MEDIA_TYPES) as [MediaContentType, ...MediaContentType[]];

/** A media key as the API returns and accepts it. */
export const MediaKeySchema = z
  .string()
  .max(MEDIA_KEY_MAX_LENGTH)
  .regex(MEDIA_KEY_PATTERN, 'Expected media/<ownerId>/<uuid>.<jpg|png|gif|webp>')
  .openapi({ example: 'media/0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11/5d2c7a4e-9f0b-4b1e-8c3d-2a6f1e9b7c40.png' });

/** Reply of `POST /media`. */
export const MediaUploadSchema = z
  .object({
    key: MediaKeySchema,
    contentType: z.enum(contentTypes).openapi({ description: 'Detected from the bytes, not taken from the request header' }),
    size: z.number().int().positive().openapi({ description: 'Bytes stored' }),
  })
  .openapi('MediaUpload');

/** The raw image body of `POST /media` (no multipart form: the bytes stream straight to storage). */
export const ImageBodySchema = z.string().openapi({ type: 'string', format: 'binary' });

/** Path parameters of `GET /media/{ownerId}/{fileName}`: together with `media/` they ARE the key. */
export const MediaPathSchema = z.object({
  ownerId: z.uuid().openapi({ param: { name: 'ownerId', in: 'path' }, example: '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11' }),
  fileName: z
    .string()
    .regex(MEDIA_FILE_NAME_PATTERN, 'Expected <uuid>.<jpg|png|gif|webp>')
    .openapi({ param: { name: 'fileName', in: 'path' }, example: '5d2c7a4e-9f0b-4b1e-8c3d-2a6f1e9b7c40.png' }),
});

/** JSON reply of `GET /media/{ownerId}/{fileName}` when the client asks for JSON instead of a redirect. */
export const MediaUrlSchema = z
  .object({
    key: MediaKeySchema,
    url: z.url().openapi({ description: 'Presigned GET URL of the object store' }),
    expiresAt: z.iso.datetime(),
    contentType: z.string().optional(),
    size: z.number().int().nonnegative(),
  })
  .openapi('MediaUrl');

export type MediaUpload = z.infer<typeof MediaUploadSchema>;
