import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';

/**
 * Upload bodies for the AWS SDK's Node HTTP handler, which pipes a Node `Readable` (it would
 * try `Buffer.from()` on a web stream). The length travels in `ContentLength`; the handler's
 * pipe does not listen for errors, so a body error is swallowed here and surfaces instead
 * through the upload's abort (see `guardUploadBody` in the S3 adapter).
 */
export function nodeUploadBody(body: ReadableStream<Uint8Array>, _contentLength: number): Readable {
  const readable = Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>);
  readable.on('error', () => undefined);
  return readable;
}
