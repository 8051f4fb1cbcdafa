import { ObjectStoreError } from '../object-store.port.ts';
import type { ObjectInfo, ObjectStore, PutObjectInput } from '../object-store.port.ts';

/** An object as the in-memory store keeps it. */
interface StoredObject {
  readonly bytes: Uint8Array;
  readonly info: ObjectInfo;
  readonly cacheControl: string | undefined;
}

/** The in-memory object store: the port plus what a presigned URL would serve. */
export interface InMemoryObjectStore extends ObjectStore {
  /** The bytes stored under each key. */
  readonly stored: ReadonlyMap<string, Uint8Array>;
  /** What a GET of a URL from `presignGet` answers (200 with the object, 404 without one). */
  serve(url: string): Response;
}

/** The longest presigned URL lifetime S3's signature version 4 accepts: one week. */
const MAX_PRESIGN_SECONDS = 604_800;

/** The caller's signal as the port reports it: `timeout` for a deadline, `aborted` otherwise. */
function abortError(signal: AbortSignal): ObjectStoreError {
  const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
  return new ObjectStoreError(timedOut ? 'timeout' : 'aborted', 'object store call did not finish in time', { cause: signal.reason });
}

/** Rejects when the signal fires: what a store waiting for bytes that never come leaves. */
const whenAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => {
    if (signal.aborted) reject(abortError(signal));
    signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });

async function etagOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `"${[...digest.slice(0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}"`;
}

/**
 * Reads a streamed upload the way the S3 adapter does: the body's error, or a body running past
 * its announced length, is `invalid_body`; a body that ends before its announced length leaves the store waiting for the rest until the caller's
 * signal fires (S3 answers nothing before the last byte).
 */
async function readUpload(input: PutObjectInput, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(input.contentLength);
  let at = 0;
  // One abort promise per upload, marked handled: it may reject after the upload finished.
  const aborted = whenAborted(signal);
  aborted.catch(() => undefined);
  const reader = input.body.getReader();
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      if (at + value.byteLength > input.contentLength) {
        throw new RangeError(`the upload body is longer than its announced ${input.contentLength} bytes`);
      }
      bytes.set(value, at);
      at += value.byteLength;
    }
  } catch (cause) {
    if (cause instanceof ObjectStoreError) throw cause;
    throw new ObjectStoreError('invalid_body', 'the upload body stream failed', { cause });
  }
  if (at < input.contentLength) await aborted;
  return bytes;
}

/**
 * An object store in memory for unit tests: streamed, atomic puts (nothing appears under a key
 * until the whole body arrived), S3's metadata, idempotent deletes, presigned URLs it can
 * serve itself. Held to the same contract as the S3 adapter (`object-store.contract.ts`).
 */
export function createInMemoryObjectStore(options: { readonly bucket?: string } = {}): InMemoryObjectStore {
  const bucket = options.bucket ?? 'in-memory';
  const objects = new Map<string, StoredObject>();
  const stored = new Map<string, Uint8Array>();
  const origin = `http://object-store.invalid/${bucket}/`;
  const checked = (signal: AbortSignal): void => {
    if (signal.aborted) throw abortError(signal);
  };

  return {
    stored,
    async ping(signal) {
      checked(signal);
    },
    async putObject(input, signal) {
      checked(signal);
      const bytes = await readUpload(input, signal);
      const etag = await etagOf(bytes);
      // Object stores keep whole seconds of the modification time.
      const lastModified = new Date(Math.floor(Date.now() / 1000) * 1000);
      const info = { key: input.key, size: bytes.byteLength, contentType: input.contentType, etag, lastModified };
      objects.set(input.key, { bytes, info, cacheControl: input.cacheControl });
      stored.set(input.key, bytes);
      return { etag };
    },
    async headObject(key, signal) {
      checked(signal);
      return objects.get(key)?.info;
    },
    async deleteObject(key, signal) {
      checked(signal);
      objects.delete(key);
      stored.delete(key);
    },
    async presignGet(key, presign, signal) {
      signal.throwIfAborted();
      if (!Number.isInteger(presign.expiresInSeconds) || presign.expiresInSeconds > MAX_PRESIGN_SECONDS) {
        throw new RangeError('presigned URLs must expire within one week');
      }
      return `${origin}${key.split('/').map(encodeURIComponent).join('/')}?expires=${presign.expiresInSeconds}`;
    },
    serve(url) {
      const { pathname } = new URL(url);
      const key = decodeURIComponent(pathname.slice(`/${bucket}/`.length));
      const object = url.startsWith(origin) ? objects.get(key) : undefined;
      if (!object) return new Response('NoSuchKey', { status: 404 });
      const headers = new Headers({ 'content-type': object.info.contentType ?? 'application/octet-stream' });
      if (object.cacheControl) headers.set('cache-control', object.cacheControl);
      return new Response(object.bytes, { status: 200, headers });
    },
    async close() {},
  };
}
