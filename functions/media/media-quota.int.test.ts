import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import type { RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { mediaFunction } from './index.ts';
import { sampleImage } from './testing/sample-images.ts';

// The per-user media quota against the real Postgres and MinIO: uploads are counted per user,
// the one that would pass the quota gets 413 problem+json and stores nothing, other users keep
// their own quota, and concurrent uploads of one user never pass it together.

const QUOTA = 10_000;
const IMAGE = 3_000;
const config = loadConfig(process.env);
const owners: string[] = [];
let media: RunningFunction;
const s3 = new S3Client({
  endpoint: config.s3.endpoint,
  region: config.s3.region,
  credentials: { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey },
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});

beforeAll(async () => {
  media = await serveFunction(mediaFunction, {
    config,
    port: 0,
    drainTimeoutMs: 1000,
    pushMetrics: false,
    env: { ...process.env, MEDIA_QUOTA_BYTES: String(QUOTA) },
  });
});

afterAll(async () => {
  await media?.close();
  for (const owner of owners) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.s3.bucket, Prefix: `media/${owner}/` }));
    const keys = (listed.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }));
    if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: config.s3.bucket, Delete: { Objects: keys } }));
  }
  s3.destroy();
});

async function newOwner(): Promise<{ id: string; upload: () => Promise<Response> }> {
  const id = crypto.randomUUID();
  owners.push(id);
  const authorization = `Bearer ${await issueToken(id, { secret: config.jwtSecret })}`;
  const upload = () =>
    fetch(`${media.url}/media`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'image/png' },
      body: sampleImage('image/png', IMAGE) as Uint8Array<ArrayBuffer>,
    });
  return { id, upload };
}

async function storedBytes(ownerId: string): Promise<number> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.s3.bucket, Prefix: `media/${ownerId}/` }));
  return (listed.Contents ?? []).reduce((sum, object) => sum + (object.Size ?? 0), 0);
}

describe('per-user media quota', () => {
  it('refuses the upload that would pass the quota with 413 problem+json, per user', async () => {
    const ada = await newOwner();
    for (let i = 0; i < 3; i += 1) expect((await ada.upload()).status).toBe(201);
    const refused = await ada.upload();
    expect(refused.status).toBe(413);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await refused.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://atlas-edge.dev/problems/media-quota-exceeded');
    expect(problem.detail).toContain(`9000 of ${QUOTA} bytes used`);
    expect(await storedBytes(ada.id)).toBe(3 * IMAGE);
    // Another user has a quota of their own.
    expect((await (await newOwner()).upload()).status).toBe(201);
  });

  it('never lets concurrent uploads of one user pass the quota together', async () => {
    const bob = await newOwner();
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => bob.upload()))).map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 413)).toHaveLength(3);
    expect(await storedBytes(bob.id)).toBe(3 * IMAGE);
  });
});
