/**
 * Upload bodies for the AWS SDK's fetch handler on workerd. workerd's `fetch` sends a plain
 * stream chunked and ignores a `Content-Length` header (measured: `Transfer-Encoding: chunked`
 * reached the server), and S3 refuses a PutObject without a length. A `FixedLengthStream`
 * carries the length, and fails the request if the body turns out shorter or longer.
 */
export function fixedLengthUploadBody(body: ReadableStream<Uint8Array>, contentLength: number): ReadableStream<Uint8Array> {
  const fixed = new FixedLengthStream(contentLength);
  // The body's own failure is reported by the S3 adapter's guard; nothing to do with it here.
  body.pipeTo(fixed.writable).catch(() => undefined);
  return fixed.readable;
}
