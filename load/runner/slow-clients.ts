/**
 * Slow clients played by the runner (k6 sends a body at once): a few users who send their
 * `POST /media` image or `POST /posts` JSON at a fixed low rate, in 10 pieces, as over a thin
 * link. Each reply is timed; what matters is what their slowness does to everyone else.
 */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleImage } from '#functions/media/testing/sample-images.ts';
import type { SlowClientSpec } from './gray-schedule.ts';

/** Outcome of one slow client. */
export interface SlowClientResult {
  readonly status: number;
  readonly ms: number;
  readonly error?: string;
}

/** Where and as whom. */
export interface SlowClientTarget {
  readonly url: string;
  readonly token: string;
}

const PIECES = 10;

/** A JSON post body of exactly `bytes` bytes (ASCII). */
export function postBody(bytes: number): Uint8Array {
  const frame = '{"text":""}';
  const text = 'slow client '.padEnd(Math.max(1, bytes - frame.length), '.');
  return new TextEncoder().encode(JSON.stringify({ text }));
}

/** Sends one body at `bytesPerSecond`; resolves with the reply's status (0 = no reply). */
export function sendSlowly(
  target: SlowClientTarget,
  contentType: string,
  body: Uint8Array,
  bytesPerSecond: number,
  signal?: AbortSignal,
): Promise<SlowClientResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const done = (status: number, error?: string): void => resolve({ status, ms: Date.now() - started, ...(error ? { error } : {}) });
    const req = request(
      target.url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': contentType, 'content-length': String(body.byteLength) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', (error) => done(0, error.message));
    signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
    void (async () => {
      const size = Math.ceil(body.byteLength / PIECES);
      const gapMs = (size / bytesPerSecond) * 1000;
      for (let at = 0; at < body.byteLength && !req.destroyed; at += size) {
        // The server may answer (408, 413) before the body is complete: stop writing then.
        if (!req.write(body.subarray(at, at + size))) await new Promise((resolveDrain) => req.once('drain', resolveDrain));
        if (at + size < body.byteLength) await sleep(gapMs);
      }
      if (!req.destroyed) req.end();
    })().catch(() => undefined);
  });
}

/** Runs the slow clients of one spec in parallel. */
export async function runSlowClients(
  spec: SlowClientSpec,
  target: (endpoint: SlowClientSpec['endpoint']) => SlowClientTarget,
  signal?: AbortSignal,
): Promise<SlowClientResult[]> {
  const body = (): Uint8Array => (spec.endpoint === 'media' ? sampleImage('image/png', spec.bytes) : postBody(spec.bytes));
  const contentType = spec.endpoint === 'media' ? 'image/png' : 'application/json';
  return Promise.all(
    Array.from({ length: spec.clients }, () => sendSlowly(target(spec.endpoint), contentType, body(), spec.bytesPerSecond, signal)),
  );
}
