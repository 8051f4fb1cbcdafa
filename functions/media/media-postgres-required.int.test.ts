import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '#shared/auth/index.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { findClosedPort } from '#shared/redis/testing/silent-server.node.ts';
import { serveFunction, type RunningFunction } from '#shared/runtime/node/serve-function.ts';
import { mediaFunction } from './index.ts';
import { sampleImage } from './testing/sample-images.ts';

// The media function counts each user's quota in Postgres before every put, so Postgres is a
// dependency it cannot upload without: readiness and /health/deep must say so. Pointed at a
// port where no Postgres listens (nothing shared is stopped).

let media: RunningFunction;
let config: ReturnType<typeof loadConfig>;
beforeAll(async () => {
  const port = await findClosedPort();
  config = loadConfig({ ...process.env, DATABASE_URL: `postgres://atlas:atlas@127.0.0.1:${port}/atlas?sslmode=disable` });
  media = await serveFunction(mediaFunction, { config, port: 0, drainTimeoutMs: 1000 });
});
afterAll(async () => {
  await media?.close();
});

describe('media without Postgres', () => {
  it('declares Postgres required: /health/deep marks it so and fails, /health/ready answers 503', async () => {
    const deep = await fetch(`${media.url}/health/deep`);
    expect(deep.status).toBe(503);
    const body = (await deep.json()) as { checks: Record<string, { status: string; required?: boolean }> };
    expect(body.checks['postgres']).toMatchObject({ status: 'fail', required: true });
    expect(body.checks['s3']).toMatchObject({ status: 'pass', required: true });
    await expect.poll(async () => (await fetch(`${media.url}/health/ready`)).status, { timeout: 5000 }).toBe(503);
  });

  it('an upload is a 503 problem, not a 500, and is not stored', async () => {
    const token = await issueToken(crypto.randomUUID(), { secret: config.jwtSecret });
    const response = await fetch(`${media.url}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: sampleImage('image/png'),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
