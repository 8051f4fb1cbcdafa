import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ObjectStoreError } from '../object-store.port.ts';
import type { ObjectStore, ObjectStoreErrorCode } from '../object-store.port.ts';

/** Options of {@link createS3ObjectStore}. */
export interface S3ObjectStoreOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * `@aws-sdk/client-s3` behind the object store port, set up for S3-compatible servers:
 * path-style URLs (MinIO has no per-bucket DNS), checksums only WHEN_REQUIRED (SDK >= 3.729 sends
 * CRC32 by default, which such servers may reject), and one attempt: retries belong to the
 * reliability layer.
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
  });
  return {
    async ping(signal: AbortSignal): Promise<void> {
      try {
        await client.send(new HeadBucketCommand({ Bucket: options.bucket }), { abortSignal: signal });
      } catch (error) {
        throw toObjectStoreError(error, signal, options.bucket);
      }
    },
    async close(): Promise<void> {
      client.destroy();
    },
  };
}

function toObjectStoreError(error: unknown, signal: AbortSignal, bucket: string): ObjectStoreError {
  if (signal.aborted) {
    const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
    return new ObjectStoreError(timedOut ? 'timeout' : 'aborted', 'S3 call did not finish in time', { cause: error });
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const code: ObjectStoreErrorCode =
    status === 404 ? 'not_found' : status === 403 || status === 401 ? 'denied' : 'unavailable';
  const detail = error instanceof Error ? error.name || error.message : String(error);
  const message = code === 'not_found' ? `bucket ${bucket} does not exist` : `S3 ${code} (${status ?? detail})`;
  return new ObjectStoreError(code, message, { cause: error });
}
