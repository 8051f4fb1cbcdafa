import { describe, expect, it } from 'vitest';
import { ProblemError } from '#shared/app/problem.ts';
import { ObjectStoreError } from '#shared/s3/object-store.port.ts';
import { createInMemoryObjectStore } from '#shared/s3/testing/in-memory-object-store.ts';
import type { ObjectStore, PutObjectInput } from '#shared/s3/object-store.port.ts';
import { storeUpload } from './store-upload.ts';
import { sampleImage } from './testing/sample-images.ts';

const owner = '0b9f4a52-64f1-4c43-9d5b-5b1f1c0e2a11';

/**
 * The in-memory object store (held to the S3 adapter's contract), recording what it was asked
 * and each chunk it read; `failWith` makes every put fail like a store that is down.
 */
function fakeStore(options: { failWith?: Error } = {}) {
  const calls: string[] = [];
  const memory = createInMemoryObjectStore();
  const store: ObjectStore = {
    ...memory,
    async putObject(input: PutObjectInput, signal: AbortSignal) {
      calls.push(`put ${input.key} ${input.contentLength} ${input.contentType}`);
      if (options.failWith) throw options.failWith;
      const logged = input.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(part, controller) {
            calls.push(`read ${part.byteLength}`);
            controller.enqueue(part);
          },
        }),
      );
      return memory.putObject({ ...input, body: logged }, signal);
    },
    async deleteObject(key: string, signal: AbortSignal) {
      calls.push(`delete ${key}`);
      return memory.deleteObject(key, signal);
    },
  };
  return { store, calls, stored: memory.stored };
}

/** A body delivered in `chunkSize` pieces, logging each pull into `calls`. */
function body(bytes: Uint8Array, chunkSize: number, calls: string[]): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= bytes.byteLength) return controller.close();
        calls.push(`pull ${at}`);
        controller.enqueue(bytes.slice(at, at + chunkSize));
        at += chunkSize;
      },
    },
    { highWaterMark: 0 },
  );
}

const request = (bytes: Uint8Array, calls: string[], overrides: Record<string, unknown> = {}) => ({
  ownerId: owner,
  contentLength: String(bytes.byteLength),
  contentType: 'image/png',
  body: body(bytes, 1000, calls),
  signal: new AbortController().signal,
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<ProblemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

describe('storeUpload', () => {
  it('reads the whole client body before the store is called, so the put measures the store only', async () => {
    const { store, calls, stored } = fakeStore();
    const image = sampleImage('image/png', 5000);
    const result = await storeUpload(store, request(image, calls));
    expect(result).toEqual({
      key: expect.stringMatching(new RegExp(`^media/${owner}/[0-9a-f-]{36}\\.png$`)),
      contentType: 'image/png',
      size: 5000,
    });
    expect(stored.get(result.key)).toEqual(image);
    // Every pull of the client's body happens before the put starts: a slow client never runs
    // inside the store's attempt timeout, breaker or bulkhead.
    const put = calls.findIndex((c) => c.startsWith('put'));
    expect(calls.slice(put).some((c) => c.startsWith('pull'))).toBe(false);
    expect(calls.slice(put)).toEqual([expect.stringMatching(/^put /), 'read 5000']);
  });

  it('answers 408 to a client that does not finish its body in time, without calling the store', async () => {
    const { store, calls } = fakeStore();
    const head = sampleImage('image/png', 100).slice(0, 64);
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
    });
    const error = await refusal(
      storeUpload(
        store,
        { ownerId: owner, contentLength: '100', contentType: 'image/png', body: stalled, signal: new AbortController().signal },
        { uploadTimeoutMs: 50 },
      ),
    );
    expect(error.status).toBe(408);
    expect(error.problemType).toMatch(/slow-upload$/);
    expect(calls).toEqual([]);
  });

  it('refuses before reading: no length (411), too long (413), bad type header (415)', async () => {
    const { store, calls } = fakeStore();
    const image = sampleImage('image/png', 100);
    expect((await refusal(storeUpload(store, request(image, calls, { contentLength: undefined })))).status).toBe(411);
    expect((await refusal(storeUpload(store, request(image, calls, { contentLength: '99999' }), { maxBytes: 1000 }))).status).toBe(413);
    expect((await refusal(storeUpload(store, request(image, calls, { contentLength: '12abc' })))).status).toBe(400);
    expect((await refusal(storeUpload(store, request(image, calls, { contentType: 'text/plain' })))).status).toBe(415);
    expect(calls).toEqual([]);
  });

  it('refuses content that does not match its declared type after reading only its head', async () => {
    const { store, calls } = fakeStore();
    const error = await refusal(storeUpload(store, request(sampleImage('image/gif', 5000), calls)));
    expect(error.status).toBe(415);
    expect(error.problemType).toMatch(/media-type-mismatch$/);
    expect(calls).toEqual(['pull 0']);
  });

  it('answers 400 when the body ends short of its declared length, and never calls the store', async () => {
    const { store, calls, stored } = fakeStore();
    const image = sampleImage('image/png', 3000);
    const error = await refusal(storeUpload(store, request(image, calls, { contentLength: '4000' })));
    expect(error.status).toBe(400);
    expect(error.problemType).toMatch(/incomplete-body$/);
    expect(calls.filter((c) => c.startsWith('put') || c.startsWith('delete'))).toEqual([]);
    expect(stored.size).toBe(0);
  });

  it('passes store failures on (the error handler makes them 503) after a best-effort delete', async () => {
    const { store, calls } = fakeStore({ failWith: new ObjectStoreError('unavailable', 'down') });
    const error = await storeUpload(store, request(sampleImage('image/png', 100), calls)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).code).toBe('unavailable');
    expect(calls.filter((c) => c.startsWith('delete'))).toHaveLength(1);
  });

  it('reserves quota only for a complete body, before the put, and releases it when the put fails', async () => {
    const ledger: string[] = [];
    const quota = {
      reserve: (bytes: number) => Promise.resolve(void ledger.push(`reserve ${bytes}`)),
      release: (bytes: number) => Promise.resolve(void ledger.push(`release ${bytes}`)),
    };
    const ok = fakeStore();
    await storeUpload(ok.store, request(sampleImage('image/png', 100), ok.calls, { quota }));
    expect(ledger).toEqual(['reserve 100']);

    const short = fakeStore();
    const image = sampleImage('image/png', 100);
    await refusal(storeUpload(short.store, request(image.subarray(0, 50), short.calls, { contentLength: '100', quota })));
    expect(ledger).toEqual(['reserve 100']);

    const down = fakeStore({ failWith: new ObjectStoreError('unavailable', 'down') });
    await storeUpload(down.store, request(sampleImage('image/png', 100), down.calls, { quota })).catch(() => undefined);
    expect(ledger).toEqual(['reserve 100', 'reserve 100', 'release 100']);
  });

  it('stores nothing when the quota refuses', async () => {
    const { store, calls, stored } = fakeStore();
    const quota = {
      reserve: () => Promise.reject(new ProblemError(413, { type: 'media-quota-exceeded', title: 'Media quota exceeded' })),
      release: () => Promise.resolve(),
    };
    expect((await refusal(storeUpload(store, request(sampleImage('image/png', 100), calls, { quota })))).status).toBe(413);
    expect(calls.filter((c) => c.startsWith('put'))).toHaveLength(0);
    expect(stored.size).toBe(0);
  });
});
