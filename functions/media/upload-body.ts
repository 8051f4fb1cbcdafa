/** Why an upload body was refused while it streamed. */
export type UploadBodyErrorCode = 'too_large' | 'incomplete';

/** Raised inside the upload stream; the handler reads it from {@link MeteredBody.violation}. */
export class UploadBodyError extends Error {
  readonly code: UploadBodyErrorCode;
  constructor(code: UploadBodyErrorCode, message: string) {
    super(message);
    this.name = 'UploadBodyError';
    this.code = code;
  }
}

/** The first bytes of a body, and a stream that replays them followed by the rest. */
export interface PeekedBody {
  /** At least `count` bytes unless the body was shorter (then all of it). */
  readonly head: Uint8Array;
  readonly stream: ReadableStream<Uint8Array>;
  /** Stops reading the request (used when the body is refused before it is streamed on). */
  cancel(reason: unknown): Promise<void>;
}

/**
 * Reads just enough chunks of `body` to see its first `count` bytes: the memory held is at most
 * one transport chunk beyond `count`, whatever the body's size.
 */
export async function peekBody(body: ReadableStream<Uint8Array>, count: number): Promise<PeekedBody> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  while (seen < count) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    seen += value.byteLength;
  }
  const head = new Uint8Array(seen);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength > 0) controller.enqueue(head);
    },
    // A rejected read errors this stream too, so the consumer sees a failing client body.
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head, stream, cancel: (reason) => reader.cancel(reason) };
}

/** Options of {@link meterBody}. */
export interface MeterBodyOptions {
  /** Refuse the body as soon as it grows past this many bytes. */
  readonly maxBytes: number;
  /** The length the client declared (`Content-Length`): a shorter body is incomplete. */
  readonly expectedBytes: number;
}

/** A body being counted on its way through. */
export interface MeteredBody {
  readonly stream: ReadableStream<Uint8Array>;
  /** Bytes passed through so far. */
  readonly bytes: () => number;
  /** Set when the stream was failed for breaking a limit. */
  readonly violation: () => UploadBodyError | undefined;
}

/**
 * Counts bytes as they stream and fails the stream THE MOMENT it passes `maxBytes` (or its
 * declared length), and at its end when it fell short: the consumer (the object store upload)
 * then aborts, and nothing is stored.
 */
export function meterBody(source: ReadableStream<Uint8Array>, options: MeterBodyOptions): MeteredBody {
  let bytes = 0;
  let violation: UploadBodyError | undefined;
  const fail = (controller: TransformStreamDefaultController<Uint8Array>, error: UploadBodyError): void => {
    violation = error;
    controller.error(error);
  };
  const limit = Math.min(options.maxBytes, options.expectedBytes);
  const stream = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) {
          const tooLarge = bytes > options.maxBytes;
          fail(
            controller,
            new UploadBodyError(
              tooLarge ? 'too_large' : 'incomplete',
              tooLarge ? `body exceeds ${options.maxBytes} bytes` : `body exceeds its declared ${options.expectedBytes} bytes`,
            ),
          );
          return;
        }
        controller.enqueue(chunk);
      },
      flush(controller) {
        if (bytes < options.expectedBytes) {
          fail(controller, new UploadBodyError('incomplete', `body ended after ${bytes} of ${options.expectedBytes} declared bytes`));
        }
      },
    }),
  );
  return { stream, bytes: () => bytes, violation: () => violation };
}

/** The client did not finish sending its body within the request's budget. */
export class SlowBodyError extends Error {
  readonly code = 'slow_body';
}

/**
 * Reads a whole body into memory under `signal` (the request's own budget), so that a later
 * store call measures the store only: a slow client is the request's problem, never the
 * dependency's attempt timeout, breaker or bulkhead. Bounded by the metered body's limit.
 */
export async function bufferBody(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<Uint8Array> {
  const reader = body.getReader();
  const onAbort = (): void => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw new SlowBodyError('the request body did not arrive in time', { cause: signal.reason });
      if (done) break;
      parts.push(value);
      total += value.byteLength;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}
