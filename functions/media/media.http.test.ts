import { connect } from 'node:net';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { MEDIA_KEY_PATTERN } from '#shared/media/media-key.ts';
import type { MediaContentType } from '#shared/media/media-key.ts';
import { MEDIA_SETTINGS } from './media-settings.ts';
import { sampleImage } from './testing/sample-images.ts';

// One suite, two runtimes (http-node / http-workerd): uploads really stream into the shared
// MinIO; each test uploads as a fresh random user, so its objects sit under its own prefix.
const base = inject('functionUrls')['media'] ?? '';
const runtime = inject('functionRuntime');
const config = loadConfig(process.env);
const s3 = new S3Client({
  endpoint: config.s3.endpoint,
  region: config.s3.region,
  credentials: { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey },
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const owners: string[] = [];

async function newOwner(): Promise<{ id: string; auth: Record<string, string> }> {
  const id = crypto.randomUUID();
  owners.push(id);
  return { id, auth: { authorization: `Bearer ${await issueToken(id, { secret: config.jwtSecret })}` } };
}

/** Keys stored under an owner's prefix, straight from the bucket. */
async function storedKeys(ownerId: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.s3.bucket, Prefix: `media/${ownerId}/` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

function upload(body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${base}/media`, { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> | string });
}

async function problemOf(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem['status']).toBe(status);
  return problem;
}

afterAll(async () => {
  for (const owner of owners) {
    const keys = await storedKeys(owner);
    if (keys.length > 0)
      await s3.send(new DeleteObjectsCommand({ Bucket: config.s3.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
  }
  s3.destroy();
});

describe(`media uploads on ${runtime}`, () => {
  it('stores an image, and serves it back through a presigned URL', async () => {
    const owner = await newOwner();
    const image = sampleImage('image/png', 200_000);
    const created = await upload(image, { ...owner.auth, 'content-type': 'image/png' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { key: string; contentType: string; size: number };
    expect(body).toMatchObject({ contentType: 'image/png', size: image.byteLength });
    expect(body.key).toMatch(MEDIA_KEY_PATTERN);
    expect(body.key.startsWith(`media/${owner.id}/`)).toBe(true);
    expect(created.headers.get('location')).toBe(`/${body.key}`);
    expect(await storedKeys(owner.id)).toEqual([body.key]);

    const redirect = await fetch(`${base}/${body.key}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const presigned = new URL(redirect.headers.get('location') ?? '');
    expect(presigned.searchParams.get('X-Amz-Expires')).toBe(String(MEDIA_SETTINGS.presignTtlSeconds));
    expect(presigned.pathname).toBe(`/${config.s3.bucket}/${body.key}`);
    const object = await fetch(presigned);
    expect(object.status).toBe(200);
    expect(object.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await object.arrayBuffer())).toEqual(image);

    const asJson = await fetch(`${base}/${body.key}`, { headers: { accept: 'application/json' } });
    expect(asJson.status).toBe(200);
    const described = (await asJson.json()) as { url: string; expiresAt: string; size: number };
    expect(described.size).toBe(image.byteLength);
    expect(new Date(described.expiresAt).getTime()).toBeGreaterThan(Date.now() + 200_000);
    expect((await fetch(described.url)).status).toBe(200);
  });

  it.each(['image/jpeg', 'image/gif', 'image/webp'] as const)('accepts %s, keyed by the detected type', async (type: MediaContentType) => {
    const owner = await newOwner();
    const response = await upload(sampleImage(type, 1000), { ...owner.auth, 'content-type': `${type}; foo=bar` });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { key: string; contentType: string };
    expect(body.contentType).toBe(type);
    expect(body.key.endsWith(`.${{ 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/png': 'png' }[type]}`)).toBe(true);
  });

  it('streams an upload at the size limit', async () => {
    const owner = await newOwner();
    const image = sampleImage('image/jpeg', MEDIA_SETTINGS.maxBytes);
    const response = await upload(image, { ...owner.auth, 'content-type': 'image/jpeg' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { size: number }).size).toBe(MEDIA_SETTINGS.maxBytes);
  });

  it('answers 401 without a valid token, and stores nothing', async () => {
    await problemOf(await upload(sampleImage('image/png'), { 'content-type': 'image/png' }), 401);
    await problemOf(await upload(sampleImage('image/png'), { 'content-type': 'image/png', authorization: 'Bearer nope' }), 401);
  });

  it('judges the type by the bytes: mismatch, non-images and non-image types get 415', async () => {
    const owner = await newOwner();
    const mismatch = await problemOf(await upload(sampleImage('image/jpeg'), { ...owner.auth, 'content-type': 'image/png' }), 415);
    expect(mismatch['type']).toBe('https://atlas-edge.dev/problems/media-type-mismatch');
    const text = await problemOf(
      await upload('<svg xmlns="http://www.w3.org/2000/svg"/>', { ...owner.auth, 'content-type': 'image/png' }),
      415,
    );
    expect(text['type']).toBe('https://atlas-edge.dev/problems/unsupported-media-type');
    await problemOf(await upload(sampleImage('image/png'), { ...owner.auth, 'content-type': 'application/octet-stream' }), 415);
    await problemOf(await upload(sampleImage('image/png'), { ...owner.auth, 'content-type': 'image/svg+xml' }), 415);
    expect(await storedKeys(owner.id)).toEqual([]);
  });

  it('refuses an oversize body with 413 as soon as its length is announced, before a byte of it is sent', async () => {
    const owner = await newOwner();
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let reply = '';
    socket.on('data', (data: Buffer) => (reply += data.toString()));
    // Headers only: the body never follows. An answer now proves nothing was waited for.
    socket.write(
      `POST /media HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${owner.auth['authorization']}\r\n` +
        `Content-Type: image/png\r\nContent-Length: ${MEDIA_SETTINGS.maxBytes + 1}\r\n\r\n`,
    );
    await expect.poll(() => reply, { timeout: 5000, interval: 20 }).toContain('\r\n\r\n');
    socket.destroy();
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.toLowerCase()).toContain('content-type: application/problem+json');
    expect(await storedKeys(owner.id)).toEqual([]);
  });

  it('asks for a length (411) when the body is sent chunked, and refuses an empty body', async () => {
    const owner = await newOwner();
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(sampleImage('image/png', 100));
        controller.close();
      },
    });
    const response = await fetch(`${base}/media`, {
      method: 'POST',
      headers: { ...owner.auth, 'content-type': 'image/png' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    await problemOf(response, 411);
    await problemOf(await upload(new Uint8Array(0), { ...owner.auth, 'content-type': 'image/png' }), 400);
    expect(await storedKeys(owner.id)).toEqual([]);
  });

  it('leaves nothing in the bucket when the client goes away mid-upload', async () => {
    const owner = await newOwner();
    const url = new URL(base);
    const image = sampleImage('image/png', 1_000_000);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(
      `POST /media HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${owner.auth['authorization']}\r\n` +
        `Content-Type: image/png\r\nContent-Length: ${image.byteLength}\r\n\r\n`,
    );
    socket.write(image.subarray(0, 400_000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await storedKeys(owner.id)).toEqual([]);
  });
});

describe(`media reads on ${runtime}`, () => {
  it('answers an unknown key with 404 and a malformed one with 400', async () => {
    const missing = await fetch(`${base}/media/${crypto.randomUUID()}/${crypto.randomUUID()}.png`, { redirect: 'manual' });
    expect((await problemOf(missing, 404))['type']).toBe('https://atlas-edge.dev/problems/media-not-found');
    await problemOf(await fetch(`${base}/media/${crypto.randomUUID()}/passwd.exe`), 400);
    await problemOf(await fetch(`${base}/media/not-a-uuid/${crypto.randomUUID()}.png`), 400);
  });

  it('reports the object store and Postgres (quotas) as required in readiness', async () => {
    const response = await fetch(`${base}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checks: Record<string, { status: string; required: boolean }> };
    expect(body.checks).toEqual({
      s3: expect.objectContaining({ status: 'pass', required: true }),
      postgres: expect.objectContaining({ status: 'pass', required: true }),
    });
  });
});
