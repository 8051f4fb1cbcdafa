import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import { usersFunction } from './index.ts';

// One suite, two runtimes (http-node / http-workerd): the users function served with its
// subrequest limit lowered to 1 through its environment (LIMIT_SUBREQUESTS, as a deployment
// sets it), on Node by serveFunction and on workerd by Miniflare over the wrangler bundle.
// workerd itself enforces no subrequest limit locally: the count is the platform layer's.
const runtime = inject('functionRuntime');
const LOWERED = { LIMIT_SUBREQUESTS: '1' };
let base = '';
let stop: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  if (runtime === 'node') {
    const env = { ...process.env, ...LOWERED };
    const served = await serveFunction(usersFunction, { config: loadConfig(env), env, port: 0, drainTimeoutMs: 1000, pushMetrics: false });
    base = served.url;
    stop = () => served.close();
    return;
  }
  const outdir = `dist/workerd-test/${process.pid}-subrequest-limit`;
  const bundlePath = await buildWorkerBundle({ env: 'users', outdir });
  const worker = await serveWorkerBundle({ env: 'users', bundlePath, overrides: process.env, extraBindings: LOWERED });
  base = worker.url;
  stop = async () => {
    await worker.dispose();
    await rm(outdir, { recursive: true, force: true });
  };
}, 120_000);

afterAll(() => stop());

describe(`subrequest limit on ${runtime}`, () => {
  it('serves a request that stays within the limit (one Postgres query)', async () => {
    const response = await fetch(`${base}/users/${randomUUID()}`);
    expect(response.status).toBe(404);
  });

  it('refuses the call past the limit: 500 problem+json SUBREQUEST_LIMIT_EXCEEDED', async () => {
    // An unknown user's followers: the list query, then the lookup telling "empty" from "no such user".
    const response = await fetch(`${base}/users/${randomUUID()}/followers`, { headers: { 'X-Request-Id': 'subrequests-1' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 500,
      code: 'SUBREQUEST_LIMIT_EXCEEDED',
      type: expect.stringContaining('subrequest-limit-exceeded'),
      detail: expect.stringContaining('1 dependency calls per request'),
      requestId: 'subrequests-1',
    });
  });

  it('counts per request: the next request starts with a fresh budget', async () => {
    expect((await fetch(`${base}/users/${randomUUID()}`)).status).toBe(404);
  });
});
