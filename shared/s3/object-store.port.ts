import type { FailureKind } from '../reliability/failure-kind.ts';

/** A streamed upload: the body is passed on chunk by chunk, never held whole in memory. */
export interface PutObjectInput {
  readonly key: string;
  readonly body: ReadableStream<Uint8Array>;
  /**
   * Exact length of `body` in bytes. A single streamed PutObject must announce its length up
   * front (S3 has no chunked uploads without multipart); a body that ends shorter or runs longer
   * fails the upload and stores nothing.
   */
  readonly contentLength: number;
  readonly contentType: string;
  /** `Cache-Control` stored with the object, returned on reads. */
  readonly cacheControl?: string;
}

/** What the store knows about an object. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly contentType: string | undefined;
  readonly etag: string | undefined;
  readonly lastModified: Date | undefined;
}

/** Options of {@link ObjectStore.presignGet}. */
export interface PresignGetOptions {
  /** Lifetime of the URL in seconds (S3 allows 1 to 604800). */
  readonly expiresInSeconds: number;
}

/**
 * The object store port (MinIO locally, any S3-compatible store in production): health checks,
 * streamed uploads, metadata reads, deletes and presigned reads, so functions never import the
 * AWS SDK. Every call that does I/O takes the caller's `AbortSignal`.
 */
export interface ObjectStore {
  /** Checks that the configured bucket exists and is reachable (HeadBucket). */
  ping(signal: AbortSignal): Promise<void>;
  /**
   * Stores an object with one streamed PutObject. Atomic: on any failure (body error, abort,
   * store down) no object appears under `key`.
   * @throws ObjectStoreError `invalid_body` when the body stream failed (its error is the cause).
   */
  putObject(input: PutObjectInput, signal: AbortSignal): Promise<{ readonly etag: string | undefined }>;
  /** Metadata of an object (HeadObject); `undefined` when there is no such key. */
  headObject(key: string, signal: AbortSignal): Promise<ObjectInfo | undefined>;
  /** Deletes an object; deleting a missing key succeeds (S3 semantics). */
  deleteObject(key: string, signal: AbortSignal): Promise<void>;
  /**
   * A time-limited URL that lets anyone holding it GET the object straight from the store.
   * Signed locally (no request to the store); it does not check that the key exists.
   */
  presignGet(key: string, options: PresignGetOptions, signal: AbortSignal): Promise<string>;
  /** Releases sockets. Idempotent. */
  close(): Promise<void>;
}

/**
 * `unavailable`: the store did not answer or answered 5xx; `not_found`: the bucket is missing;
 * `denied`: credentials rejected; `timeout` / `aborted`: the caller's signal fired first;
 * `invalid_body`: the upload's body stream failed (the caller's own stream: see the cause).
 */
export type ObjectStoreErrorCode = 'unavailable' | 'not_found' | 'denied' | 'timeout' | 'aborted' | 'invalid_body';

/**
 * The failure kind of each code. A client's broken upload body must never open the breaker that
 * protects every other upload; a missing bucket or refused credentials is misconfiguration:
 * every call fails the same way, so fail fast.
 */
const OBJECT_STORE_KIND_OF_CODE: Readonly<Record<ObjectStoreErrorCode, FailureKind>> = {
  unavailable: 'transient',
  timeout: 'transient',
  aborted: 'local',
  invalid_body: 'caller',
  not_found: 'dependency',
  denied: 'dependency',
};

/** The only error type the object store port throws. */
export class ObjectStoreError extends Error {
  readonly code: ObjectStoreErrorCode;
  /** How the reliability layer treats it: retried, counted against the breaker, or neither. */
  readonly kind: FailureKind;
  /** `kind`: when the code alone does not say (a store's 4xx answer to our request: `caller`). */
  constructor(code: ObjectStoreErrorCode, message: string, options?: { cause?: unknown; kind?: FailureKind }) {
    super(message, options);
    this.name = 'ObjectStoreError';
    this.code = code;
    this.kind = options?.kind ?? OBJECT_STORE_KIND_OF_CODE[code];
  }
}
