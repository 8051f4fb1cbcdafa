import { rm } from 'node:fs/promises';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, stopService } from '#local-infra/services/index.ts';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import type { ServedWorker } from '#local-infra/workerd-host/serve-bundle.ts';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { usersFunction } from '../users/index.ts';
import { mediaFunction } from './index.ts';
import { sampleImage } from './testing/sample-images.ts';

// Stopping the REAL MinIO (through local-infra) must turn the media routes into fast 503
// problems on both runtimes, leave other functions (users) ready and serving, and recover
// once MinIO is back, with objects stored before the outage still readable.

const config = loadConfig(process.env);
const outRoot = `dist/workerd-test/${process.pid}-minio-outage`;
let media: RunningFunction;
let users: RunningFunction;
let workerd: ServedWorker;
const stored: string[] = [];

beforeAll(async () => {
  media = await serveFunction(mediaFunction, { config, port: 0, drainTimeoutMs: 1000 });
  users = await serveFunction(usersFunction, { config, port: 0, drainTimeoutMs: 1000 });
  const bundlePath = await buildWorkerBundle({ env: 'media', outdir: `${outRoot}/media` });
  workerd = await serveWorkerBundle({ env: 'media', bundlePath, overrides: process.env });
});

afterAll(async () => {
  const s3 = new S3Client({
    endpoint: config.s3.endpoint,
    region: config.s3.region,
    credentials: { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey },
    forcePathStyle: true,
  });
  for (const Key of stored) await s3.send(new DeleteObjectCommand({ Bucket: config.s3.bucket, Key })).catch(() => undefined);
  s3.destroy();
  await Promise.all([media?.close(), users?.close(), workerd?.dispose()]);
  await rm(outRoot, { recursive: true, force: true });
});

const ownerId = crypto.randomUUID();
const auth = async (): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await issueToken(ownerId, { secret: config.jwtSecret })}`,
});

/** The status of a GET (redirects not followed: a 302 is an answer), 5 s at most. */
const statusOf = async (url: string): Promise<number> =>
  (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) })).status;

async function upload(base: string): Promise<Response> {
  return fetch(`${base}/media`, {
    method: 'POST',
    headers: { ...(await auth()), 'content-type': 'image/png' },
    body: sampleImage('image/png', 50_000) as Uint8Array<ArrayBuffer>,
  });
}

describe('media while MinIO is down', () => {
  it('answers 503 problems fast on Node and workerd, keeps users ready, and recovers', async () => {
    const bases = [media.url, workerd.url];
    const before = await upload(media.url);
    expect(before.status).toBe(201);
    const { key } = (await before.json()) as { key: string };
    stored.push(key);
    const probes = bases.map((base) => `${base}/health/ready`);
    // Every probe's status at once: a timeout shows the statuses last seen against the wanted ones.
    const statuses = (): Promise<number[]> => Promise.all(probes.map(statusOf));
    const all = (status: number): number[] => probes.map(() => status);
    const poll = { interval: 200, message: probes.join(', ') };
    await expect.poll(statuses, { ...poll, timeout: 10_000 }).toEqual(all(200));

    try {
      await stopService('minio');
      const stoppedAt = Date.now();
      await expect.poll(statuses, { ...poll, timeout: 5000 }).toEqual(all(503));
      const downAfter = (Date.now() - stoppedAt) / 1000;
      console.info(`[minio-outage] media readiness 503 on node and workerd ${downAfter.toFixed(1)} s after minio stopped`);

      for (const base of bases) {
        for (const attempt of [() => upload(base), () => fetch(`${base}/${key}`, { redirect: 'manual' })]) {
          const started = Date.now();
          const response = await attempt();
          const took = Date.now() - started;
          expect(response.status, base).toBe(503);
          expect(response.headers.get('content-type')).toBe('application/problem+json');
          expect(((await response.json()) as { type: string }).type).toBe('https://atlas-edge.dev/problems/dependency-unavailable');
          expect(took).toBeLessThan(3000);
          console.info(
            `[minio-outage] ${base === media.url ? 'node' : 'workerd'} ${response.url.endsWith('/media') ? 'upload' : 'read'} 503 in ${took} ms`,
          );
        }
      }

      // Other functions do not depend on MinIO: still ready and serving.
      expect(await statusOf(`${users.url}/health/ready`)).toBe(200);
      expect(await statusOf(`${users.url}/users/${crypto.randomUUID()}`)).toBe(404);
      const deep = (await (await fetch(`${users.url}/health/deep`)).json()) as {
        status: string;
        checks: Record<string, { status: string }>;
      };
      expect(deep.checks['s3']?.status).toBe('fail');
      expect(deep.checks['postgres']?.status).toBe('pass');
    } finally {
      await startService('minio');
    }

    const healthyAt = Date.now();
    await expect.poll(statuses, { ...poll, timeout: 15_000 }).toEqual(all(200));
    const upAfter = (Date.now() - healthyAt) / 1000;
    console.info(`[minio-outage] media readiness 200 again ${upAfter.toFixed(1)} s after minio was healthy`);
    for (const base of bases) {
      expect(await statusOf(`${base}/${key}`)).toBe(302);
      const again = await upload(base);
      expect(again.status).toBe(201);
      stored.push(((await again.json()) as { key: string }).key);
    }
  });
});
