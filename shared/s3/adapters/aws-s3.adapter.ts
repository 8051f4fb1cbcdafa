import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ObjectStoreError } from '../object-store.port.ts';
import type { ObjectStore } from '../object-store.port.ts';
import { guardUploadBody, httpStatusOf, toObjectStoreError } from './s3-calls.ts';

/**
 * Turns an upload's web stream into a body the SDK's HTTP handler on THIS runtime sends with a
 * fixed `Content-Length`: a Node `Readable` for the Node handler, a `FixedLengthStream` on
 * workerd (whose fetch sends any other stream chunked, ignoring the header, which S3 refuses).
 * Chosen by the runtime entry, like every other runtime difference.
 */
export type UploadBodyAdapter = (body: ReadableStream<Uint8Array>, contentLength: number) => unknown;

const ignore = (): void => undefined;
const QUIET_LOGGER = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Options of {@link createS3ObjectStore}. */
export interface S3ObjectStoreOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** See {@link UploadBodyAdapter}. */
  readonly uploadBody: UploadBodyAdapter;
}

/**
 * `@aws-sdk/client-s3` behind the object store port, set up for S3-compatible servers:
 * path-style URLs (MinIO has no per-bucket DNS), checksums only WHEN_REQUIRED (SDK >= 3.729 sends
 * CRC32 by default, which such servers may reject, and a checksum of a streamed body would need
 * trailers), and one attempt: retries belong to the reliability layer.
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    // Failures reach the caller as ObjectStoreErrors; the SDK would also print a console warning
    // for every failed streamed upload (its default when no logger is set).
    logger: QUIET_LOGGER,
  });
  const Bucket = options.bucket;
  const fail = (error: unknown, signal: AbortSignal): ObjectStoreError => toObjectStoreError(error, signal, Bucket);

  return {
    async ping(signal) {
      try {
        await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: signal });
      } catch (error) {
        throw fail(error, signal);
      }
    },

    async putObject(input, signal) {
      // A failing body (client gone, limit hit) must abort the request to the store: S3 then
      // discards the partial upload. The guard reports the body's own error to the caller.
      const bodyFailed = new AbortController();
      let bodyError: unknown;
      const body = guardUploadBody(input.body, input.contentLength, (error) => {
        bodyError = error;
        bodyFailed.abort(error);
      });
      try {
        const output = await client.send(
          new PutObjectCommand({
            Bucket,
            Key: input.key,
            Body: options.uploadBody(body, input.contentLength) as ReadableStream,
            ContentLength: input.contentLength,
            ContentType: input.contentType,
            ...(input.cacheControl ? { CacheControl: input.cacheControl } : {}),
          }),
          { abortSignal: AbortSignal.any([signal, bodyFailed.signal]) },
        );
        return { etag: output.ETag };
      } catch (error) {
        if (bodyFailed.signal.aborted && !signal.aborted) {
          throw new ObjectStoreError('invalid_body', 'the upload body stream failed', { cause: bodyError });
        }
        throw fail(error, signal);
      }
    },

    async headObject(key, signal) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
        return {
          key,
          size: head.ContentLength ?? 0,
          contentType: head.ContentType,
          etag: head.ETag,
          lastModified: head.LastModified,
        };
      } catch (error) {
        // HEAD has no body: a missing key is a bare 404 (a missing bucket too; ping tells those apart).
        if (httpStatusOf(error) === 404 && !signal.aborted) return undefined;
        throw fail(error, signal);
      }
    },

    async deleteObject(key, signal) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }), { abortSignal: signal });
      } catch (error) {
        throw fail(error, signal);
      }
    },

    async presignGet(key, presign, signal) {
      if (signal.aborted) throw fail(signal.reason, signal);
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), { expiresIn: presign.expiresInSeconds });
    },

    async close() {
      client.destroy();
    },
  };
}
