import { ObjectStoreError } from '../object-store.port.ts';
import type { ObjectStoreErrorCode } from '../object-store.port.ts';

/** The HTTP status of an S3 error response, if the store answered at all. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * Whether the store refused our request itself (a 4xx other than 408 / 429): retrying the same
 * request cannot help, and the store answered correctly, so it must not count against it.
 */
function isRequestRejected(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Maps an SDK failure to the port's error: the caller's signal first (timeout vs abort), then
 * the store's status (a 4xx without a code of its own is of kind `caller`). Messages name the
 * status or error class, never credentials or URLs.
 */
export function toObjectStoreError(error: unknown, signal: AbortSignal, bucket: string): ObjectStoreError {
  if (error instanceof ObjectStoreError) return error;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
    return new ObjectStoreError(timedOut ? 'timeout' : 'aborted', 'S3 call did not finish in time', { cause: error });
  }
  const status = httpStatusOf(error);
  const code: ObjectStoreErrorCode = status === 404 ? 'not_found' : status === 403 || status === 401 ? 'denied' : 'unavailable';
  const detail = error instanceof Error ? error.name || error.message : String(error);
  const message = code === 'not_found' ? `bucket ${bucket} does not exist` : `S3 ${code} (${status ?? detail})`;
  const kind = code === 'unavailable' && isRequestRejected(status) ? 'caller' : undefined;
  return new ObjectStoreError(code, message, { cause: error, ...(kind ? { kind } : {}) });
}

/**
 * Re-streams an upload body and reports its failure through `onError` (then fails the copy
 * too). The SDK's HTTP handlers do not watch their body for errors, so without this a failing
 * body would leave the request to the store hanging instead of aborting it. A body that runs past
 * its announced length fails the same way before the extra bytes are sent: the HTTP framing ends
 * at `Content-Length`, so they would be read as the start of the connection's next request.
 */
export function guardUploadBody(
  body: ReadableStream<Uint8Array>,
  contentLength: number,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        sent += value.byteLength;
        if (sent > contentLength) throw new RangeError(`the upload body is longer than its announced ${contentLength} bytes`);
        controller.enqueue(value);
      } catch (error) {
        onError(error);
        controller.error(error);
        await reader.cancel(error).catch(() => undefined);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
