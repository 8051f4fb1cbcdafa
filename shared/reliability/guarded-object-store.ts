import type { ObjectStore, PresignGetOptions, PutObjectInput } from '../s3/object-store.port.ts';
import type { DependencyPolicy } from './dependency-policy.ts';

/**
 * The object store port behind the S3 dependency policy. Uploads are never retried: their body
 * is a stream the first attempt consumed. Reads, deletes and presigning are.
 */
export function guardObjectStore(inner: ObjectStore, policy: DependencyPolicy): ObjectStore {
  return Object.assign(Object.create(inner) as ObjectStore, {
    ping: (signal: AbortSignal) => policy.execute('ping', (s) => inner.ping(s), { signal, idempotent: true }),
    putObject: (input: PutObjectInput, signal: AbortSignal) =>
      policy.execute('put', (s) => inner.putObject(input, s), { signal, idempotent: false }),
    headObject: (key: string, signal: AbortSignal) => policy.execute('head', (s) => inner.headObject(key, s), { signal, idempotent: true }),
    deleteObject: (key: string, signal: AbortSignal) =>
      policy.execute('delete', (s) => inner.deleteObject(key, s), { signal, idempotent: true }),
    presignGet: (key: string, options: PresignGetOptions, signal: AbortSignal) =>
      policy.execute('presign', (s) => inner.presignGet(key, options, s), { signal, idempotent: true }),
    close: () => inner.close(),
  });
}
