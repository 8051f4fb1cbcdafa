import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from './object-store.port.ts';

/** How the contract suite reaches the store under test. */
export interface ObjectStoreContractOptions {
  /** Opens the store under test (once per suite; closed after it). */
  readonly connect: () => ObjectStore | Promise<ObjectStore>;
  /** GETs a URL from `presignGet`: a real fetch for a real store, the fake's own answer for a fake. */
  readonly fetchPresigned: (store: ObjectStore, url: string) => Promise<Response>;
}

const signal = new AbortController().signal;

/** A body of `bytes`, delivered `chunk` bytes at a time. */
function streamOf(bytes: Uint8Array, chunk = bytes.byteLength || 1): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * What every {@link ObjectStore} must do, as vitest tests: run by the S3 adapter's integration
 * test against MinIO and by the in-memory store's unit test, so the fake keeps S3's semantics.
 * Keys get a unique prefix and are deleted afterwards.
 */
export function defineObjectStoreContract(name: string, options: ObjectStoreContractOptions): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let opened: ObjectStore | undefined;
    const made: string[] = [];
    const store = (): ObjectStore => {
      if (!opened) throw new Error('the store under test is opened in beforeAll; use it inside a test');
      return opened;
    };
    const key = (): string => {
      const fresh = `contract/${name}/${crypto.randomUUID()}`;
      made.push(fresh);
      return fresh;
    };
    const put = (k: string, text: string, contentType = 'text/plain', chunk?: number) =>
      store().putObject({ key: k, body: streamOf(bytesOf(text), chunk), contentLength: bytesOf(text).byteLength, contentType }, signal);

    beforeAll(async () => {
      opened = await options.connect();
    });
    afterEach(async () => {
      for (const k of made.splice(0)) await store().deleteObject(k, signal);
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('answers ping for its bucket', async () => {
      await expect(store().ping(signal)).resolves.toBeUndefined();
    });

    it('stores a streamed body of the announced length; head reports its size, type, etag and time', async () => {
      const k = key();
      const { etag } = await put(k, 'hello, object store', 'image/png', 4);
      expect(etag).toMatch(/^"[0-9a-f]+"$/);
      const info = await store().headObject(k, signal);
      expect(info).toMatchObject({ key: k, size: 19, contentType: 'image/png', etag });
      expect(Math.abs((info?.lastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
      // Same bytes, same etag; other bytes, another one. An overwrite replaces the metadata.
      await expect(put(k, 'hello, object store', 'image/png')).resolves.toEqual({ etag });
      const { etag: other } = await put(k, 'changed', 'image/webp');
      expect(other).not.toBe(etag);
      await expect(store().headObject(k, signal)).resolves.toMatchObject({ size: 7, contentType: 'image/webp', etag: other });
    });

    it('stores an empty object', async () => {
      const k = key();
      await put(k, '');
      await expect(store().headObject(k, signal)).resolves.toMatchObject({ size: 0, contentType: 'text/plain' });
    });

    it('head of a missing key is undefined; delete removes, and deleting a missing key succeeds', async () => {
      const k = key();
      await expect(store().headObject(k, signal)).resolves.toBeUndefined();
      await put(k, 'x');
      await expect(store().deleteObject(k, signal)).resolves.toBeUndefined();
      await expect(store().headObject(k, signal)).resolves.toBeUndefined();
      await expect(store().deleteObject(k, signal)).resolves.toBeUndefined();
    });

    it('a body stream that fails is invalid_body with its error as cause, and stores nothing', async () => {
      const [fresh, existing] = [key(), key()];
      await put(existing, 'before');
      const boom = new Error('client went away');
      for (const k of [fresh, existing]) {
        let sent = false;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent) return controller.error(boom);
            sent = true;
            controller.enqueue(bytesOf('part'));
          },
        });
        await expect(store().putObject({ key: k, body, contentLength: 10, contentType: 'text/plain' }, signal)).rejects.toMatchObject({
          name: 'ObjectStoreError',
          code: 'invalid_body',
          cause: boom,
        });
      }
      await expect(store().headObject(fresh, signal)).resolves.toBeUndefined();
      await expect(store().headObject(existing, signal)).resolves.toMatchObject({ size: 6 });
    });

    it('a body longer than announced is invalid_body, stores nothing, and the next upload is whole', async () => {
      const k = key();
      await expect(
        store().putObject({ key: k, body: streamOf(bytesOf('abcdef'), 2), contentLength: 3, contentType: 'text/plain' }, signal),
      ).rejects.toMatchObject({ name: 'ObjectStoreError', code: 'invalid_body', cause: { name: 'RangeError' } });
      await expect(store().headObject(k, signal)).resolves.toBeUndefined();
      const next = key();
      await put(next, 'after');
      await expect(store().headObject(next, signal)).resolves.toMatchObject({ size: 5 });
    });

    it('a body shorter than announced stores nothing: the store waits for the rest until the deadline', async () => {
      const k = key();
      const started = performance.now();
      const short = store().putObject(
        { key: k, body: streamOf(bytesOf('ab')), contentLength: 3, contentType: 'text/plain' },
        AbortSignal.timeout(300),
      );
      await expect(short).rejects.toMatchObject({ name: 'ObjectStoreError', code: 'timeout' });
      expect(performance.now() - started).toBeLessThan(3000);
      await expect(store().headObject(k, signal)).resolves.toBeUndefined();
    });

    it('calls whose signal already fired fail as aborted or timeout and change nothing', async () => {
      const k = key();
      await put(k, 'kept');
      const timedOut = AbortSignal.abort(new DOMException('deadline', 'TimeoutError'));
      const body = streamOf(bytesOf('new'));
      await expect(
        store().putObject({ key: k, body, contentLength: 3, contentType: 'text/plain' }, AbortSignal.abort()),
      ).rejects.toMatchObject({
        code: 'aborted',
      });
      await expect(store().headObject(k, AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted' });
      await expect(store().deleteObject(k, timedOut)).rejects.toMatchObject({ code: 'timeout' });
      await expect(store().ping(timedOut)).rejects.toMatchObject({ code: 'timeout' });
      await expect(store().headObject(k, signal)).resolves.toMatchObject({ size: 4 });
      await expect(store().presignGet(k, { expiresInSeconds: 60 }, AbortSignal.abort())).rejects.toThrow();
    });

    it('a presigned URL serves the object with its type and cache policy, and nothing once it is gone', async () => {
      const k = key();
      await store().putObject(
        { key: k, body: streamOf(bytesOf('GIF89a')), contentLength: 6, contentType: 'image/gif', cacheControl: 'public, max-age=60' },
        signal,
      );
      const url = await store().presignGet(k, { expiresInSeconds: 60 }, signal);
      const response = await options.fetchPresigned(store(), url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/gif');
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
      expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('GIF89a');
      await store().deleteObject(k, signal);
      const gone = await options.fetchPresigned(store(), url);
      expect(gone.status).toBe(404);
      await gone.arrayBuffer();
      // Signature version 4 URLs live at most a week.
      await expect(store().presignGet(k, { expiresInSeconds: 604_801 }, signal)).rejects.toThrow();
    });
  });
}
