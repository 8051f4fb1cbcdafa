/**
 * The object store port (MinIO locally, any S3-compatible store in production). Today it only
 * answers health checks; the media work adds streamed uploads and presigned reads here so that
 * functions never import the AWS SDK.
 */
export interface ObjectStore {
  /** Checks that the configured bucket exists and is reachable (HeadBucket). */
  ping(signal: AbortSignal): Promise<void>;
  /** Releases sockets. Idempotent. */
  close(): Promise<void>;
}

/**
 * `unavailable`: the store did not answer or answered 5xx; `not_found`: the bucket is missing;
 * `denied`: credentials rejected; `timeout` / `aborted`: the caller's signal fired first.
 */
export type ObjectStoreErrorCode = 'unavailable' | 'not_found' | 'denied' | 'timeout' | 'aborted';

/** The only error type the object store port throws. */
export class ObjectStoreError extends Error {
  readonly code: ObjectStoreErrorCode;
  constructor(code: ObjectStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObjectStoreError';
    this.code = code;
  }
}
