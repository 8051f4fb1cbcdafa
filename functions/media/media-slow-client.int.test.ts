import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { mediaFunction } from './index.ts';
import { sampleImage } from './testing/sample-images.ts';

// Six clients sending their image slower than the S3 attempt timeout (10 s) but inside the
// upload budget (30 s), against the real MinIO: each upload must be stored, and the S3 breaker
// (5 consecutive failures open it) must stay closed for everyone else's reads.

const config = loadConfig(process.env);
let media: RunningFunction;
const ownerId = crypto.randomUUID();
const SLOW_CLIENTS = 6;
const CHUNKS = 13;
const CHUNK_GAP_MS = 1000; // ~13 s per body: well past the S3 attempt timeout

beforeAll(async () => {
  media = await serveFunction(mediaFunction, { config, port: 0, drainTimeoutMs: 1000 });
});

afterAll(async () => {
  await media?.close();
});

const token = async (): Promise<string> => issueToken(ownerId, { secret: config.jwtSecret });

/** POSTs `bytes` in CHUNKS pieces with a pause between them, like a client on a thin link. */
async function slowUpload(bytes: Uint8Array): Promise<{ status: number; body: string }> {
  const url = new URL(`${media.url}/media`);
  const bearer = await token();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'image/png', 'content-length': String(bytes.byteLength) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    void (async () => {
      const size = Math.ceil(bytes.byteLength / CHUNKS);
      for (let at = 0; at < bytes.byteLength; at += size) {
        req.write(bytes.subarray(at, at + size));
        await sleep(CHUNK_GAP_MS);
      }
      req.end();
    })();
  });
}

describe('POST /media from slow clients', () => {
  it('stores every slow upload and keeps the S3 breaker closed for other users', async () => {
    const first = await fetch(`${media.url}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'image/png' },
      body: sampleImage('image/png', 20_000) as Uint8Array<ArrayBuffer>,
    });
    expect(first.status).toBe(201);
    const { key } = (await first.json()) as { key: string };

    const started = Date.now();
    const results = await Promise.all(Array.from({ length: SLOW_CLIENTS }, () => slowUpload(sampleImage('image/png', 60_000))));
    const took = (Date.now() - started) / 1000;
    console.info(
      `[slow-client] ${SLOW_CLIENTS} uploads at ~5 kB/s each: ${results.map((r) => r.status).join(' ')} in ${took.toFixed(1)} s`,
    );
    expect(took).toBeGreaterThan(11); // the bodies really outlasted the S3 attempt timeout
    for (const result of results) expect(result.status, result.body).toBe(201);

    // Another user's read right after: the breaker saw no failure, so it is a redirect, not a 503.
    const read = await fetch(`${media.url}/${key}`, { redirect: 'manual' });
    expect(read.status).toBe(302);
  }, 40_000);
});
