import { ProblemError } from '#shared/app/problem.ts';
import { isMediaContentType, newMediaKey } from '#shared/media/media-key.ts';
import type { MediaContentType } from '#shared/media/media-key.ts';
import { ObjectStoreError } from '#shared/s3/object-store.port.ts';
import type { ObjectStore } from '#shared/s3/object-store.port.ts';
import { detectImageType, SIGNATURE_BYTES } from './image-signature.ts';
import { MEDIA_SETTINGS, OBJECT_CACHE_CONTROL } from './media-settings.ts';
import type { MediaQuota } from './media-quota.ts';
import type { MediaUpload } from './media.schemas.ts';
import { bufferBody, meterBody, peekBody, SlowBodyError } from './upload-body.ts';

/** One upload as the route hands it over. */
export interface UploadRequest {
  readonly ownerId: string;
  /** `Content-Length` as sent (required: the body is streamed to the store with this length). */
  readonly contentLength: string | undefined;
  /** `Content-Type` as sent: must name the same image type as the bytes. */
  readonly contentType: string | undefined;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly signal: AbortSignal;
  /** The owner's media quota: bytes are reserved before the put and released if it fails. */
  readonly quota?: MediaQuota;
}

/** Options of {@link storeUpload}; defaults from {@link MEDIA_SETTINGS}. */
export interface StoreUploadOptions {
  readonly maxBytes?: number;
  readonly uploadTimeoutMs?: number;
  readonly cleanupTimeoutMs?: number;
}

/**
 * Checks an image upload and streams it into the object store under a fresh key:
 * 1. length: required (411), at most `maxBytes` (413) — refused before reading the body;
 * 2. type: the declared type must be an accepted image type (415), then the first bytes are
 *    read and must carry that type's signature (415 otherwise) — the header alone proves nothing;
 * 3. the rest streams through a byte counter into ONE PutObject with the declared length:
 *    memory stays at a chunk or two, and a body that breaks its limits fails the upload, which
 *    S3 then discards (a PutObject is all or nothing). A best-effort delete follows every
 *    failure anyway, for an upload that completed just as its caller gave up;
 * 4. quota: once the whole body is in hand (so a slow or short body reserves nothing), its
 *    bytes are reserved against the owner's quota (413 past it) and released if the put fails.
 */
export async function storeUpload(store: ObjectStore, request: UploadRequest, options: StoreUploadOptions = {}): Promise<MediaUpload> {
  const {
    maxBytes = MEDIA_SETTINGS.maxBytes,
    uploadTimeoutMs = MEDIA_SETTINGS.uploadTimeoutMs,
    cleanupTimeoutMs = MEDIA_SETTINGS.cleanupTimeoutMs,
  } = options;
  const length = declaredLength(request.contentLength, maxBytes);
  const declaredType = declaredImageType(request.contentType);
  if (!request.body) throw emptyBody();

  const peeked = await peekBody(request.body, SIGNATURE_BYTES);
  const detected = detectImageType(peeked.head);
  if (detected !== declaredType) {
    await peeked.cancel('refused').catch(() => undefined);
    if (peeked.head.byteLength === 0) throw emptyBody();
    throw new ProblemError(415, {
      type: detected ? 'media-type-mismatch' : 'unsupported-media-type',
      title: detected ? 'Content does not match its type' : 'Unsupported media type',
      detail: detected
        ? `The bytes are ${detected}, but the request says ${declaredType}`
        : 'The bytes are not a JPEG, PNG, GIF or WebP image',
    });
  }

  const key = newMediaKey(request.ownerId, detected);
  const metered = meterBody(peeked.stream, { maxBytes, expectedBytes: length });
  // The client's bytes first, under the request's budget: the put below then measures S3 only.
  let bytes: Uint8Array;
  try {
    bytes = await bufferBody(metered.stream, AbortSignal.any([request.signal, AbortSignal.timeout(uploadTimeoutMs)]));
  } catch (error) {
    throw bodyProblem(error, metered.violation(), maxBytes);
  }
  await request.quota?.reserve(length, request.signal);
  try {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    await store.putObject(
      { key, body, contentLength: length, contentType: detected, cacheControl: OBJECT_CACHE_CONTROL },
      AbortSignal.any([request.signal, AbortSignal.timeout(uploadTimeoutMs)]),
    );
  } catch (error) {
    await store.deleteObject(key, AbortSignal.timeout(cleanupTimeoutMs)).catch(() => undefined);
    await request.quota?.release(length, AbortSignal.timeout(cleanupTimeoutMs)).catch(() => undefined);
    const violation = metered.violation();
    if (violation?.code === 'too_large') throw tooLarge(maxBytes);
    if (violation || (error instanceof ObjectStoreError && error.code === 'invalid_body')) {
      throw new ProblemError(400, {
        type: 'incomplete-body',
        title: 'Incomplete upload',
        detail: violation?.message ?? 'The request body ended before its declared length',
      });
    }
    throw error;
  }
  return { key, contentType: detected, size: length };
}

/** A body that failed while the client sent it: always the client's problem (4xx), never S3's. */
function bodyProblem(error: unknown, violation: { code: string; message: string } | undefined, maxBytes: number): Error {
  if (violation?.code === 'too_large') return tooLarge(maxBytes);
  if (violation) return new ProblemError(400, { type: 'incomplete-body', title: 'Incomplete upload', detail: violation.message });
  if (error instanceof SlowBodyError) {
    return new ProblemError(408, {
      type: 'slow-upload',
      title: 'Upload too slow',
      detail: 'The image did not arrive within the upload budget',
    });
  }
  return new ProblemError(400, {
    type: 'incomplete-body',
    title: 'Incomplete upload',
    detail: 'The request body failed before its declared length',
  });
}

function declaredLength(header: string | undefined, maxBytes: number): number {
  if (header === undefined) {
    throw new ProblemError(411, {
      type: 'length-required',
      title: 'Length Required',
      detail: 'Send the image with a Content-Length header (chunked uploads are not accepted)',
    });
  }
  if (!/^\d+$/.test(header.trim())) {
    throw new ProblemError(400, {
      type: 'invalid-content-length',
      title: 'Invalid Content-Length',
      detail: 'Content-Length must be a number of bytes',
    });
  }
  const length = Number(header.trim());
  if (length > maxBytes) throw tooLarge(maxBytes);
  if (length === 0) throw emptyBody();
  return length;
}

function declaredImageType(header: string | undefined): MediaContentType {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (isMediaContentType(type)) return type;
  throw new ProblemError(415, {
    type: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: `Send the image bytes with Content-Type image/jpeg, image/png, image/gif or image/webp${type ? `, not ${type}` : ''}`,
  });
}

function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError(413, { type: 'media-too-large', title: 'Image too large', detail: `Images are limited to ${maxBytes} bytes` });
}

function emptyBody(): ProblemError {
  return new ProblemError(400, { type: 'empty-body', title: 'Empty upload', detail: 'The request has no image bytes' });
}
